import CoreData
import Foundation
import GRDB
import RealmSwift
import Security
import SwiftUI

struct AuthSession: Codable {
    let userId: String
    let accessToken: String
    let refreshToken: String
}

final class SessionObject: Object {
    @Persisted var userId = ""
    @Persisted var token = ""
}

/// Where the signed-in session is kept. Several attempts, old and new.
final class SessionStore {
    private let defaults = UserDefaults.standard
    private let container: NSPersistentContainer
    private let dbQueue: DatabaseQueue

    init(container: NSPersistentContainer, dbQueue: DatabaseQueue) {
        self.container = container
        self.dbQueue = dbQueue
    }

    func save(_ session: AuthSession) {
        defaults.set(session.accessToken, forKey: "authToken") // $ Alert[ios-userdefaults-sensitive]
        store(session.refreshToken, key: "refresh") // through the helper below $ Alert[ios-userdefaults-sensitive]
        defaults.set(true, forKey: "didSignIn") // $ Safe
        defaults.set(session.userId, forKey: "lastUserId") // $ Safe
    }

    private func store(_ value: String, key: String) {
        defaults.set(value, forKey: key)
    }

    func saveToKeychain(_ session: AuthSession) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrAccount as String: "refresh",
            kSecAttrAccessible as String: kSecAttrAccessibleAlways, // $ Alert[ios-keychain-weak-accessibility]
            kSecValueData as String: Data(session.refreshToken.utf8),
        ]
        SecItemAdd(query as CFDictionary, nil)
    }

    func saveToKeychainProperly(_ session: AuthSession) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrAccount as String: "refresh",
            kSecAttrAccessible as String: kSecAttrAccessibleWhenUnlockedThisDeviceOnly, // $ Safe
            kSecValueData as String: Data(session.refreshToken.utf8),
        ]
        SecItemAdd(query as CFDictionary, nil)
    }

    func writeFile(_ session: AuthSession, to url: URL) throws {
        try session.accessToken.write(to: url, atomically: true, encoding: .utf8) // $ Alert[sensitive-data-in-file|ios-userdefaults-sensitive]
    }

    func writeBackup(_ session: AuthSession, to url: URL) throws {
        let data = try JSONEncoder().encode(session)
        try data.write(to: url, options: .noFileProtection) // $ Alert[ios-file-protection-weak|sensitive-data-in-file|ios-userdefaults-sensitive]
    }

    func writeAvatar(_ png: Data, to url: URL) throws {
        try png.write(to: url, options: .completeFileProtection) // $ Safe
    }

    func saveCoreData(_ session: AuthSession) throws {
        let context = container.viewContext
        let account = NSEntityDescription.insertNewObject(forEntityName: "Account", into: context)
        account.setValue(session.userId, forKey: "userId")
        account.setValue(session.accessToken, forKey: "token") // $ Alert[sensitive-data-in-database]
        try context.save()
    }

    func saveGRDB(_ session: AuthSession) throws {
        try dbQueue.write { db in
            try db.execute(sql: "INSERT INTO session (user_id, token) VALUES (?, ?)", arguments: [session.userId, session.refreshToken]) // $ Alert[sensitive-data-in-database]
        }
    }

    func saveRealm(_ session: AuthSession) throws {
        let realm = try Realm()
        let object = SessionObject()
        object.userId = session.userId
        object.token = session.accessToken
        try realm.write { realm.add(object) } // an unencrypted Realm $ Alert[sensitive-data-in-database]
    }

    func openEncryptedRealm(key: Data) throws -> Realm {
        try Realm(configuration: Realm.Configuration(encryptionKey: key)) // $ Safe
    }

    func openRealmWithFixedKey() throws -> Realm {
        let key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".data(using: .utf8)!
        return try Realm(configuration: Realm.Configuration(encryptionKey: key)) // a constant key $ Alert[static-iv-or-hardcoded-key]
    }
}

/// Lookup table kept for an old options API; nothing reads it any more.
private let accessibilityByName: [String: CFString] = [
    "always": kSecAttrAccessibleAlways, // never used for a write $ Safe
    "unlocked": kSecAttrAccessibleWhenUnlocked,
]

struct ProfileView: View {
    @AppStorage("accessToken") private var accessToken = "" // $ Alert[ios-userdefaults-sensitive]
    @AppStorage("prefersDarkMode") private var prefersDarkMode = false // $ Safe

    var body: some View {
        Text(accessToken.isEmpty ? "Signed out" : "Signed in")
    }
}
