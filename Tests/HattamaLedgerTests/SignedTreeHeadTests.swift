import Crypto
import Foundation
import HattamaLedger
import Testing

@Suite("Signed tree heads")
struct SignedTreeHeadTests {
    static let root8 = hash("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    static let head = TreeHead(treeSize: 8, rootHash: root8, timestamp: 1_700_000_000_123)

    @Test func signedBytesHaveTheDocumentedLayout() {
        var expected = Data("hattama/tree-head".utf8)
        expected.append(0x01)
        expected.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 8] as [UInt8])
        expected.append(contentsOf: [0x00, 0x00, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x7B] as [UInt8])  // 1_700_000_000_123
        expected.append(Self.root8.data)
        #expect(Self.head.signedBytes == expected)
        #expect(Self.head.signedBytes.count == 66)
    }

    /// RFC 8032 §7.1 test 1 key; the signature was made by Python's `cryptography` Ed25519 over the
    /// same 66 bytes, so an independent implementation of the layout interoperates.
    @Test func verifiesSignatureMadeByAnIndependentImplementation() throws {
        let publicKey = try Curve25519.Signing.PublicKey(
            rawRepresentation: bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        let signature = bytes(
            "3b2ee36c6686d02f3bfb4eabcee4ca83b6a8a3f5335216def53286a890ecf2ec"
                + "652ac9a0ef796f01b8f86b04c74d9b85d2630d51b65bd89df6c24e7f0a739e03")
        let sth = SignedTreeHead(treeHead: Self.head, signature: signature)
        #expect(sth.verify(publicKey: publicKey))
        #expect(Cosignature.keyID(for: publicKey) == hash("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9"))

        let privateKey = try Curve25519.Signing.PrivateKey(
            rawRepresentation: bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        #expect(privateKey.publicKey.rawRepresentation == publicKey.rawRepresentation)
    }

    @Test func signAndVerifyRoundTrip() throws {
        let key = Curve25519.Signing.PrivateKey()
        let sth = try Self.head.sign(with: key)
        #expect(sth.treeHead == Self.head)
        #expect(sth.signature.count == 64)
        #expect(sth.verify(publicKey: key.publicKey))
        #expect(!sth.verify(publicKey: Curve25519.Signing.PrivateKey().publicKey))
    }

    @Test func tamperingBreaksTheSignature() throws {
        let key = Curve25519.Signing.PrivateKey()
        let sth = try Self.head.sign(with: key)
        var tampered: [(String, SignedTreeHead)] = []
        var copy = sth
        copy.treeSize += 1
        tampered.append(("size", copy))
        copy = sth
        copy.rootHash = hash("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")
        tampered.append(("root", copy))
        copy = sth
        copy.timestamp += 1
        tampered.append(("timestamp", copy))
        copy = sth
        copy.signature[5] ^= 0x01
        tampered.append(("signature bit", copy))
        copy = sth
        copy.signature = copy.signature.dropLast()
        tampered.append(("short signature", copy))
        copy = sth
        copy.treeSize = -8
        tampered.append(("negative size", copy))
        for (what, sth) in tampered {
            #expect(!sth.verify(publicKey: key.publicKey), "\(what)")
        }
    }

    @Test func negativeFieldsAreNeverSigned() {
        let key = Curve25519.Signing.PrivateKey()
        #expect(throws: TreeHeadError.negativeField) {
            try TreeHead(treeSize: -1, rootHash: Self.root8, timestamp: 0).sign(with: key)
        }
        #expect(throws: TreeHeadError.negativeField) {
            try Cosignature(signing: TreeHead(treeSize: 1, rootHash: Self.root8, timestamp: -5), with: key)
        }
    }

    @Test func jsonRoundTripKeepsTheSignatureValid() throws {
        let key = Curve25519.Signing.PrivateKey()
        let sth = try Self.head.sign(with: key)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(sth)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["treeSize", "rootHash", "timestamp", "signature"])
        #expect(object["rootHash"] as? String == Self.root8.hex)
        #expect((object["signature"] as? String)?.count == 128)
        let decoded = try JSONDecoder().decode(SignedTreeHead.self, from: json)
        #expect(decoded == sth)
        #expect(decoded.verify(publicKey: key.publicKey))
    }

    @Test func datesConvertToMilliseconds() {
        let head = TreeHead(treeSize: 1, rootHash: Self.root8, date: Date(timeIntervalSince1970: 1_700_000_000.1239))
        #expect(head.timestamp == 1_700_000_000_123)
        #expect(abs(head.date.timeIntervalSince1970 - 1_700_000_000.123) < 0.000_001)
    }
}

@Suite("Cosignatures")
struct CosignatureTests {
    // Fresh keys per test: Curve25519 keys are not Sendable, so they cannot be shared statics.
    let logKey = Curve25519.Signing.PrivateKey()
    let witnessKey = Curve25519.Signing.PrivateKey()
    static let head = TreeHead(treeSize: 8, rootHash: SignedTreeHeadTests.root8, timestamp: 1_700_000_000_123)

    @Test func witnessCosignsTheSameBytes() throws {
        let sth = try Self.head.sign(with: logKey)
        let cosignature = try Cosignature(signing: sth.treeHead, with: witnessKey)
        #expect(cosignature.witnessKeyID == Cosignature.keyID(for: witnessKey.publicKey))
        #expect(cosignature.verify(sth.treeHead, publicKey: witnessKey.publicKey))
        // The witness signed exactly what the log signed.
        #expect(witnessKey.publicKey.isValidSignature(cosignature.signature, for: sth.treeHead.signedBytes))
    }

    @Test func cosignatureChecksKeyAndHead() throws {
        let cosignature = try Cosignature(signing: Self.head, with: witnessKey)
        #expect(!cosignature.verify(Self.head, publicKey: logKey.publicKey))
        var otherHead = Self.head
        otherHead.treeSize = 9
        #expect(!cosignature.verify(otherHead, publicKey: witnessKey.publicKey))
        var misattributed = cosignature
        misattributed.witnessKeyID = Cosignature.keyID(for: logKey.publicKey)
        #expect(!misattributed.verify(Self.head, publicKey: witnessKey.publicKey))
        var forged = cosignature
        forged.signature[0] ^= 0x80
        #expect(!forged.verify(Self.head, publicKey: witnessKey.publicKey))
    }

    @Test func splitViewIsEvidentFromTwoValidHeads() throws {
        // Two validly signed heads of one size with different roots: proof the log forked.
        let a = try Self.head.sign(with: logKey)
        var forkedHead = Self.head
        forkedHead.rootHash = MerkleHash.leafHash(Data("fork".utf8))
        let b = try forkedHead.sign(with: logKey)
        #expect(a.verify(publicKey: logKey.publicKey) && b.verify(publicKey: logKey.publicKey))
        #expect(a.treeSize == b.treeSize && a.rootHash != b.rootHash)
        let witnessA = try Cosignature(signing: a.treeHead, with: witnessKey)
        #expect(!witnessA.verify(b.treeHead, publicKey: witnessKey.publicKey))
    }

    @Test func jsonRoundTrip() throws {
        let cosignature = try Cosignature(signing: Self.head, with: witnessKey)
        let json = try JSONEncoder().encode(cosignature)
        let decoded = try JSONDecoder().decode(Cosignature.self, from: json)
        #expect(decoded == cosignature)
        #expect(decoded.verify(Self.head, publicKey: witnessKey.publicKey))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Cosignature.self, from: Data(#"{"witnessKeyID":"00","signature":"zz"}"#.utf8))
        }
    }
}
