import HattamaCLI

await Hattama.runMain()
