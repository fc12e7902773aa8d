import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import SQLKit
import Testing

@testable import HattamaStore

/// The store holds commissions' public keys only; the demo's keys come from its seed.
@Suite struct KeysStoreTests {
    @Test(arguments: TestBackend.available)
    func registerKeysStoresEveryKeyOrNone(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let ids = smallDemo.precincts.map(\.id)
            #expect(Set(try await store.structure.precinctsWithoutKey()) == Set(ids))
            let keys = DemoKeys()
            let before = try await snapshot(store)
            let hostile: [(String, [String: Data])] = [
                ("an unknown commission", [ids[0]: keys.publicKey(for: ids[0]), "pec-nowhere": keys.publicKey(for: "pec-nowhere")]),
                ("a key of the wrong size", [ids[0]: keys.publicKey(for: ids[0]), ids[1]: Data([1, 2, 3])]),
                ("no key at all", [ids[0]: keys.publicKey(for: ids[0]), ids[1]: Data()]),
            ]
            for (name, batch) in hostile {
                await #expect(throws: StoreError.self, "\(name)") { try await store.structure.registerKeys(batch, by: .system) }
                #expect(try await snapshot(store) == before, "\(name) changed the database")
            }

            #expect(try await keys.registerMissing(in: store, by: .system) == ids.count)
            #expect(try await store.structure.precinctsWithoutKey().isEmpty)
            #expect(try await keys.registerMissing(in: store, by: .system) == 0)
            #expect(
                try await store.accounts.auditLog().filter { $0.action == "register-keys" }.map(\.details) == [["count": "\(ids.count)"]])
            for id in ids { #expect(try await keys.isRegistered(for: id, in: store), "\(id)") }
            #expect(try await !DemoKeys(seed: 7).isRegistered(for: ids[0], in: store), "another seed's keys do not match")
            // Replacing one key (a station's new device) leaves the others.
            let replacement = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation
            try await store.structure.registerKeys([ids[0]: replacement], by: .system)
            #expect(try await store.structure.commissionKey(ids[0]).publicKey == replacement.base64EncodedString())
            #expect(try await keys.isRegistered(for: ids[1], in: store))
        }
    }

    /// The demo's protocols, signed outside the store with the keys derived from the seed, verify
    /// against the public keys the store registered, and nothing signed with another seed does.
    @Test(arguments: TestBackend.available)
    func demoProtocolsVerifyAgainstTheRegisteredPublicKeys(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let keys = DemoKeys()
            try await keys.registerMissing(in: store, by: .system)
            let demo = DemoResults(structure: smallDemo, profile: kzProfile)
            let protocols = Array(demo.protocols().prefix(20))
            let stored = try await store.results.submitProtocols(try protocols.map { try keys.submission($0) }, by: .system)
            #expect(stored.count == protocols.count)
            for version in stored {
                let registered = try await store.structure.commissionKey(version.precinctID)
                let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Data(base64Encoded: registered.publicKey)))
                let signature = try #require(Data(base64Encoded: version.signature))
                #expect(publicKey.isValidSignature(signature, for: Data(version.canonical.utf8)), "\(version.precinctID)")
            }
            let before = try await snapshot(store)
            let next = try #require(demo.protocols().dropFirst(20).first)
            await #expect(throws: StoreError.self) {
                try await store.results.submitProtocol(try DemoKeys(seed: 7).submission(next), by: .system)
            }
            #expect(try await snapshot(store) == before)
        }
    }
}
