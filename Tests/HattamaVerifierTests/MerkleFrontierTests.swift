import Foundation
import HattamaLedger
import Testing

@testable import HattamaVerifier

@Suite struct MerkleFrontierTests {
    @Test func rootMatchesTheRFCDefinitionAtEverySize() {
        var frontier = MerkleFrontier()
        var leaves: [Hash] = []
        #expect(frontier.root == MerkleHash.emptyRoot)
        for i in 0..<70 {
            let leaf = MerkleHash.leafHash(Data("entry \(i)".utf8))
            leaves.append(leaf)
            frontier.append(leafHash: leaf)
            #expect(frontier.size == i + 1)
            #expect(frontier.root == MerkleHash.root(ofLeafHashes: leaves), "size \(i + 1)")
        }
    }
}
