import Crypto
import Foundation
import HattamaLedger
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// Witness registration and cosignatures of tree heads on both backends.
@Suite struct WitnessStoreTests {
    @Test(arguments: TestBackend.available)
    func cosignaturesOfKnownHeadsByRegisteredWitnessesAreStoredOnce(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let signed = try await store.log.signTreeHead()
            let head = try #require(signed.signedTreeHead).treeHead
            let witness = Curve25519.Signing.PrivateKey()
            let registered = try await store.log.addWitness(
                name: "Observers' Union", publicKey: witness.publicKey.rawRepresentation.base64EncodedString(), by: .commandLine("ann"))
            #expect(try await store.log.witnesses() == [registered])

            let cosignature = try Cosignature(signing: head, with: witness)
            let stored = try await store.log.addCosignature(cosignature, of: head)
            #expect(stored.witness == "Observers' Union")
            #expect(stored.witnessKeyID == registered.keyID)
            try await store.log.addCosignature(cosignature, of: head)
            #expect(try await store.log.cosignatures(of: signed) == [stored])

            // A stranger's key, a head never signed, a signature over another head.
            let stranger = Curve25519.Signing.PrivateKey()
            await #expect(
                throws: StoreError.forbidden("no registered witness has key id \(Cosignature.keyID(for: stranger.publicKey).hex)")
            ) {
                try await store.log.addCosignature(try Cosignature(signing: head, with: stranger), of: head)
            }
            var other = head
            other.treeSize += 1
            await #expect(throws: StoreError.self) {
                try await store.log.addCosignature(try Cosignature(signing: other, with: witness), of: other)
            }
            let misplaced = try Cosignature(signing: other, with: witness)
            await #expect(throws: StoreError.invalid("witness 'Observers' Union': the signature does not verify over this tree head")) {
                try await store.log.addCosignature(misplaced, of: head)
            }
            #expect(try await store.log.cosignatures(of: signed).count == 1)
        }
    }
}
