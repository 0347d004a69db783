import LocalAuthentication
import UIKit
import WebKit

/// In-app browser for offers and the help centre.
final class WebController: UIViewController, WKNavigationDelegate, WKScriptMessageHandler {
    private var webView: WKWebView!
    private let session: (token: String, userId: String)

    init(session: (token: String, userId: String)) {
        self.session = session
        super.init(nibName: nil, bundle: nil)
    }

    required init?(coder: NSCoder) { fatalError("not used") }

    override func viewDidLoad() {
        super.viewDidLoad()
        let config = WKWebViewConfiguration()
        config.preferences.setValue(true, forKey: "allowFileAccessFromFileURLs") // $ Alert[ios-webview-insecure-config]
        config.setValue(true, forKey: "allowUniversalAccessFromFileURLs") // $ Alert[ios-webview-insecure-config]
        config.preferences.javaScriptCanOpenWindowsAutomatically = true // $ Alert[ios-webview-insecure-config]
        config.userContentController.add(self, name: "shop")
        webView = WKWebView(frame: view.bounds, configuration: config)
        webView.navigationDelegate = self
        webView.isInspectable = true // $ Alert[ios-webview-insecure-config]
        #if DEBUG
        webView.isInspectable = true // debug builds only $ Safe
        #endif
        view.addSubview(webView)
    }

    func showOfflinePage(named name: String) {
        let docs = FileManager.default.urls(for: .documentDirectory, in: .userDomainMask)[0]
        let page = docs.appendingPathComponent("offline/\(name).html")
        webView.loadFileURL(page, allowingReadAccessTo: docs) // the whole Documents folder $ Alert[ios-webview-insecure-config]
    }

    func showBundledHelp() {
        guard let page = Bundle.main.url(forResource: "help", withExtension: "html") else { return }
        webView.loadFileURL(page, allowingReadAccessTo: page.deletingLastPathComponent()) // $ Safe
    }

    func userContentController(_ controller: WKUserContentController, didReceive message: WKScriptMessage) { // (a low finding) $ Note[ios-webview-insecure-config]
        guard let body = message.body as? [String: String], let link = body["open"], let url = URL(string: link) else { return } // acts on any page's message (a low finding) $ Note[ios-webview-insecure-config]
        UIApplication.shared.open(url)
    }

    func webView(_ webView: WKWebView, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        if let trust = challenge.protectionSpace.serverTrust {
            completionHandler(.useCredential, URLCredential(trust: trust)) // $ Alert[ios-server-trust-bypass]
        } else {
            completionHandler(.performDefaultHandling, nil) // $ Safe
        }
    }

    private var isUnlocked = false

    func unlock() {
        LAContext().evaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, localizedReason: "Unlock ShopFast") { ok, _ in self.isUnlocked = ok } // a boolean, no Keychain item $ Alert[ios-biometric-not-keychain-bound]
    }

    func openMeeting(_ room: URL) {
        var request = URLRequest(url: room)
        request.setValue("Bearer \(session.token)", forHTTPHeaderField: "Authorization") // the session goes to the video provider's host $ Alert[webview-session-third-party]
        webView.load(request)
    }
}

final class LegacyReceiptView: UIView {
    let web = UIWebView() // $ Alert[ios-webview-insecure-config]
}
