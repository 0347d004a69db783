import Foundation
import Network

enum TerminalTLS {
    static let terminalFloor: tls_protocol_version_t = .TLSv10
    static let apiFloor: tls_protocol_version_t = .TLSv12
}

/// The in-store terminal link: server trust is answered with a credential built in a helper.
final class TerminalSessionDelegate: NSObject, URLSessionDelegate {
    private func credential(for challenge: URLAuthenticationChallenge) -> URLCredential? {
        guard let trust = challenge.protectionSpace.serverTrust else { return nil }
        return URLCredential(trust: trust)
    }

    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        let answer = credential(for: challenge)
        completionHandler(.useCredential, answer) // nothing evaluates the trust $ Alert[ios-server-trust-bypass]
    }
}

/// The API link: the trust is evaluated by a helper before the credential is handed out.
final class APISessionDelegate: NSObject, URLSessionDelegate {
    private func passesEvaluation(_ trust: SecTrust) -> Bool {
        var error: CFError?
        return SecTrustEvaluateWithError(trust, &error)
    }

    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard challenge.protectionSpace.authenticationMethod == NSURLAuthenticationMethodServerTrust,
              let trust = challenge.protectionSpace.serverTrust, passesEvaluation(trust) else {
            completionHandler(.performDefaultHandling, nil)
            return
        }
        completionHandler(.useCredential, URLCredential(trust: trust)) // evaluated first $ Safe
    }
}

enum TerminalSessions {
    static func terminal() -> URLSession {
        let config = URLSessionConfiguration.ephemeral
        config.tlsMinimumSupportedProtocolVersion = TerminalTLS.terminalFloor // TLS 1.0 through a constant $ Alert[ios-tls-min-version]
        return URLSession(configuration: config, delegate: TerminalSessionDelegate(), delegateQueue: nil)
    }

    static func api() -> URLSession {
        let config = URLSessionConfiguration.ephemeral
        config.tlsMinimumSupportedProtocolVersion = TerminalTLS.apiFloor // $ Safe
        return URLSession(configuration: config, delegate: APISessionDelegate(), delegateQueue: nil)
    }
}
