import HattamaCore
import HattamaTestSupport
import Testing

@Suite("Voter list commitments")
struct VoterListCommitmentTests {
    typealias F = VoterFixture

    static let salt = (0..<32).map { UInt8($0) }

    @Test func sha256MatchesFIPSVectors() {
        #expect(PortableSHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(PortableSHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            PortableSHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            PortableSHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Lengths around the padding boundary (55, 56, 64 bytes).
        #expect(
            PortableSHA256.hex([UInt8](repeating: 0x61, count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(
            PortableSHA256.hex([UInt8](repeating: 0x61, count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(
            PortableSHA256.hex([UInt8](repeating: 0x61, count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func leafBytesAreAsDocumented() throws {
        let entry = VoterListEntry(iin: try IIN("620415301231"), status: .excludedForSpecialStation(precinctID: "pec-h"))
        let bytes = try VoterListCommitment.leafInput(entry, salt: Self.salt)
        #expect(bytes == Self.salt + Array("620415301231".utf8) + [2, 0, 5] + Array("pec-h".utf8))
    }

    @Test func rootIsOverSortedLeavesOfTheDocumentedInput() throws {
        let entries = [
            VoterListEntry(iin: try IIN("850930400178"), status: .active),
            VoterListEntry(iin: try IIN("620415301231"), status: .absenteeCertificateIssued(serial: 12)),
        ]
        let commitment = try VoterListCommitment(precinctID: "pec-1", entries: entries, salt: Self.salt)
        let leaves = try entries.map { PortableSHA256.hash(try VoterListCommitment.leafInput($0, salt: Self.salt)) }
            .sorted { $0.lexicographicallyPrecedes($1) }
        var input: [UInt8] = Array("hattama/voter-list/v1".utf8)
        input += [0, 0, 5]
        input += Array("pec-1".utf8)
        input += [0, 0, 0, 0, 0, 0, 0, 2]
        for leaf in leaves { input += leaf }
        #expect(commitment.root == PortableSHA256.hash(input))
        #expect(commitment.rootHex.count == 64)
        // Order of entries does not matter.
        #expect(try VoterListCommitment(precinctID: "pec-1", entries: entries.reversed(), salt: Self.salt) == commitment)
    }

    @Test func commitmentChangesWhenTheListChangesAndNotOtherwise() throws {
        var state = F.register()
        let before = try state.commitment(for: "pec-1", salt: Self.salt)
        #expect(try state.commitment(for: "pec-1", salt: Self.salt) == before)
        // Acts on other lists, and ballot marks, leave it alone.
        try state.includeInSpecialList(F.iin(25), precinctID: "pec-h", at: F.at(3))
        try state.issueBallot(F.iin(3), at: "pec-1", time: F.at(0, "09:00"))
        let other = try state.commitment(for: "pec-1", salt: Self.salt)
        #expect(other == before)
        #expect(before.matches(state.list("pec-1"), salt: Self.salt))
        // A status change on this list changes it, an undo restores it.
        try state.includeInSpecialList(F.iin(4), precinctID: "pec-h", at: F.at(3))
        let excluded = try state.commitment(for: "pec-1", salt: Self.salt)
        #expect(excluded != before)
        try state.undoSpecialInclusion(F.iin(4), at: F.at(2), reason: "error")
        #expect(try state.commitment(for: "pec-1", salt: Self.salt) == before)
        // An added or removed voter changes it; so does a different salt.
        try state.register([F.record(300, at: "pec-1")])
        #expect(try state.commitment(for: "pec-1", salt: Self.salt) != before)
        #expect(!before.matches(state.list("pec-1"), salt: Self.salt))
        #expect(!before.matches(Array(state.list("pec-1").dropLast()), salt: Self.salt))
        let otherSalt = [UInt8](repeating: 9, count: 32)
        #expect(try state.commitment(for: "pec-2", salt: otherSalt) != (try state.commitment(for: "pec-2", salt: Self.salt)))
    }

    @Test func refusals() throws {
        let entry = VoterListEntry(iin: try IIN("620415301231"), status: .active)
        #expect(throws: VoterListCommitment.Problem.saltTooShort(minimum: 16)) {
            try VoterListCommitment(precinctID: "p", entries: [entry], salt: [1, 2, 3])
        }
        #expect(throws: VoterListCommitment.Problem.duplicateIIN("620415301231")) {
            try VoterListCommitment(precinctID: "p", entries: [entry, entry], salt: Self.salt)
        }
    }

    @Test func hashFunctionIsAParameter() throws {
        let entry = VoterListEntry(iin: try IIN("620415301231"), status: .active)
        let commitment = try VoterListCommitment(precinctID: "p", entries: [entry], salt: Self.salt) { Array($0.suffix(4)) }
        #expect(commitment.root.count == 4)
    }
}
