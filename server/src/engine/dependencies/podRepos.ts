/**
 * CocoaPods has no OSV ecosystem. Best-effort map from popular pods to the
 * source repositories OSV names as SwiftURL packages (matches are marked
 * low confidence in messages).
 */
export const POD_REPOSITORIES: Readonly<Record<string, string>> = {
	Alamofire: 'github.com/alamofire/alamofire',
	AFNetworking: 'github.com/afnetworking/afnetworking',
	Kingfisher: 'github.com/onevcat/kingfisher',
	SDWebImage: 'github.com/sdwebimage/sdwebimage',
	KeychainAccess: 'github.com/kishikawakatsumi/keychainaccess',
	CryptoSwift: 'github.com/krzyzanowskim/cryptoswift',
	TrustKit: 'github.com/datatheorem/trustkit',
	Moya: 'github.com/moya/moya',
	SwiftyJSON: 'github.com/swiftyjson/swiftyjson',
	Starscream: 'github.com/daltoniam/starscream',
	SocketRocket: 'github.com/facebookincubator/socketrocket',
	'GoogleSignIn': 'github.com/google/googlesignin-ios',
	'AppAuth': 'github.com/openid/appauth-ios',
	'Realm': 'github.com/realm/realm-swift',
	'RealmSwift': 'github.com/realm/realm-swift',
	'SQLCipher': 'github.com/sqlcipher/sqlcipher',
	'Firebase': 'github.com/firebase/firebase-ios-sdk',
};
