import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore

/// The store holds no private key: commission keys and the log's keys are public halves, the log
/// is signed with a key the process brings (`LogSigner`), and the demo's keys come from its seed.
@Suite struct KeysStoreTests {
    /// A table's column names, from the backend's catalogue.
    static func columns(_ store: HattamaStore, _ table: String) async throws -> [String] {
        try await store.backend.withDatabase { db in
            let query: SQLQueryString =
                db.dialect.name == "postgresql"
                ? """
                SELECT column_name AS name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
                """
                : "SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid"
            return try await db.raw(query).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }

    static let commissionKeyColumns = ["commission_id", "public_key", "registered_at"]
    static let logKeyColumns = ["key_id", "public_key", "created_at"]

    @Test(arguments: TestBackend.available)
    func theSchemaHoldsNoPrivateKey(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            #expect(try await Self.columns(store, "commission_keys") == Self.commissionKeyColumns)
            #expect(try await Self.columns(store, "log_keys") == Self.logKeyColumns)
            let tables = try await snapshot(store).keys.sorted()
            #expect(tables.contains("commission_keys") && tables.contains("log_keys"))
            for table in tables {
                let suspicious = try await Self.columns(store, table).filter { $0.contains("private") || $0.contains("secret") }
                #expect(suspicious.isEmpty, "\(table) has \(suspicious)")
            }
        }
    }

    /// A database from before version 8 held the demo's commission keys and the log key; version 8
    /// drops them and keeps everything public: registered keys, the key history, the tree heads
    /// and their reference to their key.
    @Test(arguments: TestBackend.available)
    func version8DropsTheStoredPrivateKeysAndKeepsThePublicHalves(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let keys = DemoKeys()
            try await keys.registerMissing(in: store, by: .system)
            let heads = try await store.log.treeHeads()
            #expect(!heads.isEmpty)
            // The old shape: a column of private keys in both tables, filled.
            try await store.backend.transaction { db in
                for table in ["commission_keys", "log_keys"] {
                    try await db.raw("ALTER TABLE \(ident: table) ADD COLUMN private_key TEXT").run()
                    try await db.raw("UPDATE \(ident: table) SET private_key = 'the private half'").run()
                }
                try await db.raw("DELETE FROM schema_migrations WHERE version = 8").run()
            }
            #expect(try await Self.columns(store, "log_keys").contains("private_key"))
            #expect(try await store.schemaVersion() == 7)

            #expect(try await store.migrate().map(\.version) == [8])
            #expect(try await Self.columns(store, "commission_keys") == Self.commissionKeyColumns)
            #expect(try await Self.columns(store, "log_keys") == Self.logKeyColumns)
            #expect(try await store.structure.precinctsWithoutKey().isEmpty)
            #expect(try await keys.isRegistered(for: smallDemo.precincts[0].id, in: store))
            #expect(try await store.log.logPublicKeys().map(\.keyID) == [testLogSigner.keyID])
            #expect(try await store.log.treeHeads() == heads)
            // Tree heads still name a published key, and the database still says so.
            let before = try await snapshot(store)
            await #expect(throws: (any Error).self) {
                try await store.backend.transaction { db in
                    try await db.raw(
                        "INSERT INTO tree_heads (tree_size, root_hash, timestamp_ms, signature, key_id) VALUES (0, 'x', 0, 'x', 'no such key')"
                    ).run()
                }
            }
            #expect(try await snapshot(store) == before)
            // And the store works on: a signed protocol goes in, a new head is signed, the log verifies.
            let precinct = try #require(smallDemo.precincts.first { $0.kind == "ordinary" && $0.registeredVoters > 200 })
            try await store.results.submitProtocol(try keys.submission(kzProtocol(precinct)), by: .system)
            try await store.log.signTreeHead()
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    /// Without the log key a store reads and writes but signs nothing; each key that signs is
    /// published once, and heads signed under an earlier key still verify.
    @Test(arguments: TestBackend.available)
    func treeHeadsAreSignedOnlyWithTheKeyTheProcessBrings(backend: TestBackend) async throws {
        try await withDatabase(backend) { location async throws in
            let reader = try await HattamaStore.open(location, configuration: .testing, logger: quietLogger)
            #expect(!reader.log.signsTreeHeads)
            try await loadSmallDemo(reader)
            #expect(try await reader.log.logSize() == 1, "the import is logged")
            #expect(try await reader.log.treeHeads().isEmpty, "but no head is signed after it")
            await #expect(throws: StoreError.self) { try await reader.log.signTreeHead() }
            #expect(try await reader.log.logPublicKeys().isEmpty)
            await reader.close()

            let first = LogSigner.generate()
            let second = LogSigner.generate()
            for signer in [first, first, second] {
                let store = try await HattamaStore.open(location, configuration: .testing, logSigner: signer, logger: quietLogger)
                #expect(store.log.signsTreeHeads)
                #expect(try await store.log.signTreeHead().keyID == signer.keyID)
                await store.close()
            }
            let store = try await HattamaStore.open(location, configuration: .testing, logger: quietLogger)
            let published = try await store.log.logPublicKeys()
            #expect(Set(published.map(\.keyID)) == [first.keyID, second.keyID], "each key once")
            #expect(published.first { $0.keyID == first.keyID }?.publicKey == first.publicKey.base64EncodedString())
            #expect(try await store.log.treeHeads().map(\.keyID) == [first.keyID, first.keyID, second.keyID])
            #expect(try await store.log.verifyLog().isValid)
            await store.close()
        }
    }

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
                let statement = ProtocolStatement(
                    version.figures, protocolHash: version.hash, reason: version.reason, decisionReference: version.decisionReference,
                    after: nil)
                #expect(publicKey.isValidSignature(signature, for: statement.canonicalBytes()), "\(version.precinctID)")
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
