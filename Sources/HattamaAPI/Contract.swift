import Foundation

/// The API contract itself: `openapi.yaml` as checked in, bundled so the server can publish it.
/// `Client`, `Operations` and `Components` are generated from the same file at build time.
public enum APIContract {
    /// The bytes of `openapi.yaml`; nil only when the resource bundle is missing.
    public static func yaml() -> Data? {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml").flatMap { try? Data(contentsOf: $0) }
    }
}
