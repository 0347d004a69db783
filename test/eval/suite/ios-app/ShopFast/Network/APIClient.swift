import Alamofire
import Foundation
import Network

enum Endpoints {
    static let orders = URL(string: "http://api.shopfast.example/v3/orders")! // $ Alert[cleartext-url-literal]
    static let catalog = URL(string: "https://api.shopfast.example/v3/catalog")! // $ Safe
    static let devServer = URL(string: "http://localhost:8080/v3")! // $ Safe
    static let simulatorHost = URL(string: "http://127.0.0.1:8080/v3")! // $ Safe
}

/// URLSession delegate of the main API session.
final class APIClient: NSObject, URLSessionDelegate {
    private let host: String
    private lazy var session: URLSession = {
        let config = URLSessionConfiguration.default
        config.tlsMinimumSupportedProtocolVersion = .TLSv10 // $ Alert[ios-tls-min-version]
        return URLSession(configuration: config, delegate: self, delegateQueue: nil)
    }()

    init(host: String) {
        self.host = host
    }

    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard challenge.protectionSpace.authenticationMethod == NSURLAuthenticationMethodServerTrust, let trust = challenge.protectionSpace.serverTrust else {
            completionHandler(.performDefaultHandling, nil) // $ Safe
            return
        }
        completionHandler(.useCredential, URLCredential(trust: trust)) // answers without evaluating the trust $ Alert[ios-server-trust-bypass]
    }

    func legacyEndpoint(path: String) -> URL? {
        let base = "http://legacy.shopfast.example" // $ Alert[cleartext-url-literal]
        return URL(string: base + path)
    }

    func searchURL(query: String, apiKey: String) -> URL? {
        var components = URLComponents(string: "https://api.shopfast.example/v3/search")
        components?.queryItems = [URLQueryItem(name: "q", value: query), URLQueryItem(name: "api_key", value: apiKey)] // $ Alert[credential-in-url-query]
        return components?.url
    }

    func rejectCleartext(_ url: URL) throws {
        if url.absoluteString.hasPrefix("http://") { throw URLError(.appTransportSecurityRequiresSecureConnection) } // a needle $ Safe
    }

    func fetchOrders() async throws -> Data {
        let (data, _) = try await session.data(from: Endpoints.orders)
        return data
    }
}

/// Delegate of the payments session: evaluates the chain before answering.
final class PaymentsDelegate: NSObject, URLSessionDelegate {
    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard let trust = challenge.protectionSpace.serverTrust else {
            completionHandler(.cancelAuthenticationChallenge, nil)
            return
        }
        var error: CFError?
        if SecTrustEvaluateWithError(trust, &error) {
            completionHandler(.useCredential, URLCredential(trust: trust)) // after a successful evaluation $ Safe
        } else {
            completionHandler(.cancelAuthenticationChallenge, nil) // $ Safe
        }
    }
}

final class Sessions {
    let insecure = Session(serverTrustManager: ServerTrustManager(evaluators: ["partner.shopfast.example": DisabledTrustEvaluator()])) // $ Alert[ios-alamofire-afnetworking-trust-disabled]
    let pinned = Session(serverTrustManager: ServerTrustManager(evaluators: ["api.shopfast.example": PublicKeysTrustEvaluator()])) // $ Safe

    #if DEBUG
    let proxyFriendly = Session(serverTrustManager: ServerTrustManager(evaluators: ["api.shopfast.example": DisabledTrustEvaluator()])) // debug builds only $ Safe
    #endif
}

final class ChatLink {
    func open(host: String) -> NWConnection {
        let connection = NWConnection(host: NWEndpoint.Host(host), port: 5222, using: .tcp) // no TLS on the chat link $ Alert[cleartext-socket]
        connection.start(queue: .main)
        return connection
    }

    func openSecure(host: String) -> NWConnection {
        let connection = NWConnection(host: NWEndpoint.Host(host), port: 5223, using: .tls) // $ Safe
        connection.start(queue: .main)
        return connection
    }
}
