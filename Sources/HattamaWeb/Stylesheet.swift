import Foundation
import HattamaCore
import HattamaLedger
import NIOCore

/// The site's one stylesheet (`Static/site.css`), served from `/static/site-<hash>.css`. Kept out
/// of the pages so that each page is lighter to send (a cached page is mostly bytes on the wire)
/// and browsers fetch the styles once; the name carries the first 12 hex digits of the bytes'
/// SHA-256, so a changed stylesheet is a new URL and can be cached as immutable.
enum Stylesheet {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "site", withExtension: "css", subdirectory: "Static"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return Array(data)
    }()

    static let fileName: String = {
        "site-" + Hex.encode(PortableSHA256.hash(bytes).prefix(6)) + ".css"
    }()

    static let body = ByteBuffer(bytes: bytes)
}
