import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaLedger
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

@Suite struct LogAPITests {
    /// The small demo's structure (entry 0), its stations' keys (entry 1) and six signed protocols
    /// (entries 2–7).
    func submitProtocols(_ store: HattamaStore) async throws -> [ProtocolVersion] {
        try await DemoKeys().registerMissing(in: store, by: .system)
        var batch: [ProtocolSubmission] = []
        for precinct in smallDemo.precincts.filter({ $0.kind == "ordinary" && $0.registeredVoters > 200 }).prefix(6) {
            let (lines, votes) = consistentFigures(precinct)
            let p = ResultsProtocol(electionID: DemoGenerator.electionID, precinctID: precinct.id, lines: lines, candidateVotes: votes)
            batch.append(
                ProtocolSubmission(
                    resultsProtocol: p, signature: try DemoKeys().sign(p)))
        }
        return try await store.results.submitProtocols(batch, by: .system)
    }

    func getJSON(_ client: some TestClientProtocol, _ uri: String) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .get) { response async throws in
            #expect(response.status == .ok, "\(uri): \(response.text)")
            return try response.json()
        }
    }

    @Test func publishedProofsVerifyAgainstTheSignedTreeHead() async throws {
        try await withApp { store, client async throws in
            let versions = try await submitProtocols(store)
            let sth = try await getJSON(client, SiteURL.api(.logTreeHead).path)
            let size = try #require(sth["treeSize"] as? Int)
            #expect(size == 8)
            let rootText = try #require(sth["rootHash"] as? String)
            let root = try #require(Hash(hex: rootText))
            let keyText = try #require(sth["publicKey"] as? String)
            let keyData = try #require(Data(base64Encoded: keyText))
            let timestamp = try #require(sth["timestamp"] as? Int)
            let signatureText = try #require(sth["signature"] as? String)
            let signature = try #require(hexBytes(signatureText))
            let key = try Curve25519.Signing.PublicKey(rawRepresentation: keyData)
            let head = SignedTreeHead(
                treeSize: size, rootHash: root, timestamp: Int64(timestamp), signature: Data(signature))
            #expect(head.verify(publicKey: key))
            #expect(sth["keyID"] as? String == Cosignature.keyID(for: key).hex)

            // Each published protocol names its log index; its entry's inclusion proof verifies.
            let page = try await getJSON(client, SiteURL.api(.logEntries(start: 0, end: 100)).path)
            let entries = try #require(page["entries"] as? [[String: Any]])
            #expect(entries.count == 8)
            for version in versions {
                let record = try await getJSON(
                    client, SiteURL.api(.protocolRecord(election: DemoGenerator.electionID, precinct: version.precinctID)).path)
                let index = try #require((record["latest"] as? [String: Any])?["logIndex"] as? Int)
                let entry = entries[index]
                #expect(entry["type"] as? String == "protocol-version")
                let payload = try #require(entry["payload"] as? String)
                #expect(payload.contains("\"protocol\":\(version.canonical)"))
                // An observer recomputes the leaf hash from the type and payload alone.
                let leaf = MerkleHash.leafHash(Data("protocol-version\n\(payload)".utf8))
                #expect(entry["leafHash"] as? String == leaf.hex)
                let proof = try await getJSON(client, SiteURL.api(.logInclusion(hash: leaf.hex, size: size)).path)
                #expect(proof["leafIndex"] as? Int == index)
                let path = try #require(proof["auditPath"] as? [String]).compactMap { Hash(hex: $0) }
                #expect(MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, treeSize: size, proof: path, root: root))
            }

            // The head after the structure import is consistent with the current one.
            let first = try #require(try await store.log.treeHeads().first)
            #expect(first.treeSize == 1)
            let consistency = try await getJSON(client, SiteURL.api(.logConsistency(first: 1, second: size)).path)
            let proof = try #require(consistency["proof"] as? [String]).compactMap { Hash(hex: $0) }
            let firstRoot = try #require(Hash(hex: first.rootHash))
            #expect(MerkleVerifier.verifyConsistency(firstSize: 1, secondSize: size, firstRoot: firstRoot, secondRoot: root, proof: proof))
            // Without `second` (or `size`), the newest signed tree head's size is used.
            #expect(try await getJSON(client, "/api/v1/log/proof/consistency?first=1")["second"] as? Int == size)
            #expect(
                try await getJSON(client, "/api/v1/log/proof/inclusion?hash=\(entries[0]["leafHash"] as! String)")["treeSize"] as? Int
                    == size)
        }
    }

    @Test func entriesArePagedAndBounded() async throws {
        try await withApp { store, client async throws in
            _ = try await submitProtocols(store)
            let page = try await getJSON(client, "/api/v1/log/entries?start=2&end=5")
            #expect((page["entries"] as? [[String: Any]])?.compactMap { $0["index"] as? Int } == [2, 3, 4])
            #expect(page["treeSize"] as? Int == 8)
            let all = try await getJSON(client, "/api/v1/log/entries")
            #expect((all["entries"] as? [Any])?.count == 8)
            let huge = try await getJSON(client, "/api/v1/log/entries?start=0&end=999999999999")
            #expect((huge["entries"] as? [Any])?.count == 8)
            let end = try await getJSON(client, "/api/v1/log/entries?start=8")
            #expect((end["entries"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: [
        "/api/v1/log/entries?start=-1",
        "/api/v1/log/entries?start=abc",
        "/api/v1/log/entries?start=5&end=2",
        "/api/v1/log/entries?start=99999999999999999999999",
        "/api/v1/log/entries?start=9",
        "/api/v1/log/entries?end=1e3",
        "/api/v1/log/proof/inclusion",
        "/api/v1/log/proof/inclusion?hash=zz",
        "/api/v1/log/proof/inclusion?hash=%27%3B%20DROP%20TABLE%20log_entries%3B--",
        "/api/v1/log/proof/inclusion?hash=\(String(repeating: "ab", count: 32))",
        "/api/v1/log/proof/inclusion?hash=\(String(repeating: "ab", count: 32))&size=-3",
        "/api/v1/log/proof/inclusion?hash=\(String(repeating: "ab", count: 32))&size=0",
        "/api/v1/log/proof/inclusion?hash=\(String(repeating: "ab", count: 32))&size=9223372036854775807",
        "/api/v1/log/proof/consistency",
        "/api/v1/log/proof/consistency?first=5&second=2",
        "/api/v1/log/proof/consistency?first=-1&second=2",
        "/api/v1/log/proof/consistency?first=1&second=9",
        "/api/v1/log/proof/consistency?first=x&second=2",
        "/api/v1/log/proof/consistency?first=1&second=18446744073709551616",
    ])
    func hostileParametersAreJSON4xx(uri: String) async throws {
        try await withApp { store, client async throws in
            _ = try await submitProtocols(store)
            try await client.execute(uri: uri, method: .get) { response async throws in
                #expect((400..<500).contains(response.status.code), "\(uri): \(response.status)")
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect((error["message"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func unknownLeafIsNotFound() async throws {
        try await withApp { _, client async throws in
            let uri = "/api/v1/log/proof/inclusion?hash=\(MerkleHash.emptyRoot.hex)&size=1"
            try await client.execute(uri: uri, method: .get) { response async throws in
                #expect(response.status == .notFound)
            }
        }
    }
}

func hexBytes(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count.isMultiple(of: 2) else { return nil }
    var out: [UInt8] = []
    var i = 0
    while i < chars.count {
        guard let byte = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
        out.append(byte)
        i += 2
    }
    return out
}
