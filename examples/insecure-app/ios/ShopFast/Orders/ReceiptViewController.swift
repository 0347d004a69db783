import UIKit
import WebKit

/// Order receipts are saved as HTML in Documents/receipts and shown offline.
final class ReceiptViewController: UIViewController {
    private let webView = WKWebView()

    override func viewDidLoad() {
        super.viewDidLoad()
        view.addSubview(webView)
        // Inspectable in release builds: anyone with the phone and a Mac reads the page in Safari
        // Web Inspector (ios-webview-insecure-config).
        if #available(iOS 16.4, *) {
            webView.isInspectable = true
        }
    }

    // The receipt page may read the whole Documents folder, the session database next to the
    // receipts included (ios-webview-insecure-config).
    func show(receipt: String) {
        let documents = FileManager.default.urls(for: .documentDirectory, in: .userDomainMask)[0]
        let page = documents.appendingPathComponent("receipts/\(receipt).html")
        webView.loadFileURL(page, allowingReadAccessTo: documents)
    }

    // Safe twin: read access to the receipts folder only.
    func showScoped(receipt: String) {
        let documents = FileManager.default.urls(for: .documentDirectory, in: .userDomainMask)[0]
        let folder = documents.appendingPathComponent("receipts", isDirectory: true)
        webView.loadFileURL(folder.appendingPathComponent("\(receipt).html"), allowingReadAccessTo: folder)
    }
}

/// Safe twin of the inspector switch: inspectable in debug builds only.
final class InvoiceViewController: UIViewController {
    private let webView = WKWebView()

    override func viewDidLoad() {
        super.viewDidLoad()
        view.addSubview(webView)
        #if DEBUG
        if #available(iOS 16.4, *) {
            webView.isInspectable = true
        }
        #endif
    }
}
