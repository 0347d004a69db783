import Foundation

/// Talks to the ShopFast API. Docs: http://docs.shopfast.example
final class ApiClient {
    static let shared = ApiClient()

    private let legacyBase = URL(string: "http://legacy.shopfast.example/api")!
    private let base = URL(string: "https://api.shopfast.example/v1")!

    func orders() async throws -> Data {
        let (data, _) = try await URLSession.shared.data(from: base.appendingPathComponent("orders"))
        return data
    }
}
