import HattamaVerifier

await VerifyTool.main(Array(CommandLine.arguments.dropFirst()))
