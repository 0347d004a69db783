import Foundation
import UIKit

enum ReportLinks {
    static let reports = "http://reports.shopfast.example/v1" // reaches a URLSession task through a helper $ Alert[cleartext-url-literal]
    static let privacy = "http://shopfast.example/privacy" // a page opened in the browser $ Note[cleartext-url-literal]
    static let svgNamespace = "http://www.w3.org/2000/svg" // an XML namespace name $ Safe
}

/// Store reports over the legacy report service.
final class ReportsClient {
    private func url(_ path: String) -> URL {
        return URL(string: ReportLinks.reports + path)!
    }

    func daily() {
        URLSession.shared.dataTask(with: url("/daily")).resume()
    }

    func openPrivacy() {
        UIApplication.shared.open(URL(string: ReportLinks.privacy)!)
    }

    func host(of typed: String) -> String? {
        return URL(string: "http://\(typed)")?.host // parsed for its host only $ Safe
    }

    func requireHttps(_ url: URL) throws {
        if url.scheme == "http" { throw NSError(domain: "Only https:// report URLs are supported, not http://", code: 1) } // an error message $ Safe
    }
}
