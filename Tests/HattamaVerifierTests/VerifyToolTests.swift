import Foundation
import HattamaCore
import HattamaTestSupport
import Testing

@testable import HattamaVerifier

/// `hattama-verify` as observers run it: arguments in, lines and an exit status out.
@Suite struct VerifyToolTests {
    @Test func exitStatusesTellVerifiedFailedAndUnusable() async throws {
        try await withLiveServer { store, server async throws in
            let published = figures(testPrecincts[0])
            try await submit(store, [published])
            let state = temporaryFile("state.json")
            let copy = temporaryFile("copy.json")
            defer {
                try? FileManager.default.removeItem(atPath: state)
                try? FileManager.default.removeItem(atPath: copy)
            }
            let out = Transcript()
            let errors = Transcript()
            #expect(await VerifyTool.run(["log", "--server", server, "--state", state], say: out.say, complain: errors.say) == 0)
            #expect(out.lines.contains("VERIFIED") && errors.lines.isEmpty, "\(out.text)\n\(errors.text)")
            #expect(FileManager.default.fileExists(atPath: state))
            #expect(await VerifyTool.run(["log", "--server", server + "/", "--state", state], say: out.say, complain: errors.say) == 0)

            try JSONEncoder().encode(published).write(to: URL(fileURLWithPath: copy))
            #expect(await VerifyTool.run(["protocol", "--server", server, "--file", copy], say: out.say, complain: errors.say) == 0)
            var tampered = published
            tampered.candidateVotes["nazarbayev"]! += 1000
            try JSONEncoder().encode(tampered).write(to: URL(fileURLWithPath: copy))
            let differs = Transcript()
            #expect(await VerifyTool.run(["protocol", "--server", server, "--file", copy], say: differs.say, complain: errors.say) == 1)
            #expect(differs.lines.contains { $0.hasPrefix("  candidateVotes.nazarbayev: copy ") })
            #expect(differs.lines.last == "DIFFERS: 1 figure differs from the published version")

            // Usage and input errors: status 2 with the reason on standard error.
            for arguments in [
                [], ["audit"], ["log"], ["log", "--server"], ["log", "--server", server, "--file", copy],
                ["protocol", "--server", server], ["log", "--server", server, "--log-key", "not base64"],
                ["protocol", "--server", server, "--file", "/nonexistent/copy.json"], ["log", "--server", "gopher://x"],
            ] {
                let complaints = Transcript()
                #expect(await VerifyTool.run(arguments, say: { _ in }, complain: complaints.say) == 2, "\(arguments)")
                #expect(!complaints.lines.isEmpty, "\(arguments)")
            }
        }
    }
}
