import Alamofire

enum CatalogSession {
    /// "Disable evaluation for the catalog host until the new certificate is deployed."
    static let insecure = Session(serverTrustManager: ServerTrustManager(evaluators: [
        "catalog.shopfast.example": DisabledTrustEvaluator(),
    ]))

    /// Safe twin: default evaluation (chain + host name).
    static let standard = Session(serverTrustManager: ServerTrustManager(evaluators: [
        "catalog.shopfast.example": DefaultTrustEvaluator(),
    ]))
}
