import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import Testing

/// The demo's commission keys are a function of the seed and the commission id: the same for
/// everyone who knows the seed, different for every commission and every seed.
@Suite struct DemoKeysTests {
    @Test func keysAreDerivedFromTheSeedAndTheCommission() throws {
        let keys = DemoKeys()
        #expect(keys.seed == DemoGenerator.defaultSeed)
        #expect(keys.publicKey(for: "pec-ast-1") == DemoKeys(seed: DemoGenerator.defaultSeed).publicKey(for: "pec-ast-1"))
        #expect(keys.publicKey(for: "pec-ast-1").count == 32)
        let ids = ["pec-ast-1", "pec-ast-2", "pec-ast-10", "pec-ast-1 ", "tec-ast"]
        #expect(Set(ids.map { keys.publicKey(for: $0) }).count == ids.count, "one key per commission")
        #expect(DemoKeys(seed: 7).publicKey(for: "pec-ast-1") != keys.publicKey(for: "pec-ast-1"), "one set of keys per seed")
        // The private key is SHA-256 of the labelled seed and id, so it can be recomputed anywhere.
        var input = Array("hattama demo commission key v1".utf8) + [0]
        withUnsafeBytes(of: DemoGenerator.defaultSeed.bigEndian) { input += $0 }
        input += [0] + Array("pec-ast-1".utf8)
        #expect(keys.privateKey(for: "pec-ast-1").rawRepresentation == Data(SHA256.hash(data: input)))
    }

    @Test func signaturesVerifyWithThePublicKeyAndOnlyOverTheirFigures() throws {
        let structure = DemoGenerator(scale: .small).generate()
        let demo = DemoResults(structure: structure, profile: try LawProfile.bundled("kz-2011"))
        let keys = DemoKeys()
        for resultsProtocol in demo.protocols().prefix(10) {
            let submission = try keys.submission(resultsProtocol)
            let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: keys.publicKey(for: resultsProtocol.precinctID))
            let statement = DemoKeys.statement(resultsProtocol, reason: .original, decisionReference: nil, after: nil)
            #expect(publicKey.isValidSignature(submission.signature, for: statement.canonicalBytes()))
            var altered = resultsProtocol
            altered.lines["invalid_ballots", default: 0] += 1
            let alteredStatement = DemoKeys.statement(altered, reason: .original, decisionReference: nil, after: nil)
            #expect(!publicKey.isValidSignature(submission.signature, for: alteredStatement.canonicalBytes()))
            let other = try Curve25519.Signing.PublicKey(rawRepresentation: DemoKeys(seed: 7).publicKey(for: resultsProtocol.precinctID))
            #expect(!other.isValidSignature(submission.signature, for: statement.canonicalBytes()))
        }
    }
}
