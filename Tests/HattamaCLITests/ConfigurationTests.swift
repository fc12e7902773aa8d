import ArgumentParser
import Configuration
import Foundation
import HattamaConfig
import HattamaStore
import HattamaTestSupport
import Testing

@testable import HattamaCLI

@Suite struct ConfigurationTests {
    func value(_ content: ConfigContent) -> ConfigValue { ConfigValue(content, isSecret: false) }

    func writeFile(_ text: String) throws -> String {
        try writeTemporaryFile(text, named: "config.json")
    }

    func loadError(
        flags: [String: ConfigValue] = [:], environment: [String: String] = [:], file: String? = nil
    ) async -> HattamaConfigurationError? {
        do {
            _ = try await HattamaConfiguration.load(flags: flags, environment: environment, file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func nothingGivenIsTheDefaults() async throws {
        #expect(try await HattamaConfiguration.load(environment: [:]) == HattamaConfiguration())
        let defaults = HattamaConfiguration()
        #expect(defaults.database.url == "./hattama.sqlite")
        #expect(defaults.security.bcryptCost == 12)
        #expect(defaults.server.port == 8080)
        #expect(defaults.transparencyLog.treeHeadInterval == .seconds(60))
        #expect(defaults.clock.timeZone.secondsFromGMT(for: Date()) == 0, "UTC (which Foundation may call GMT)")
    }

    /// Flags over environment over file over defaults, one setting per layer, through
    /// swift-configuration's in-memory providers for the flags and the file.
    @Test func flagsOverEnvironmentOverFileOverDefaults() throws {
        let flags = InMemoryProvider(name: ConfigurationSources.flags, values: ["server.port": value(.int(1001))])
        let environment = HattamaConfiguration.environmentProvider([
            "HATTAMA_PORT": "1002", "HATTAMA_HOST": "10.0.0.2", "HATTAMA_TIME_ZONE": "Asia/Almaty",
        ])
        let file = InMemoryProvider(
            name: "file",
            values: [
                "server.port": value(.int(1003)), "server.host": value(.string("10.0.0.3")), "security.bcryptCost": value(.int(9)),
                "voterLookup.perMinute": value(.double(30)),
            ])
        let configuration = try HattamaConfiguration.read([flags, environment, file])
        #expect(configuration.server.port == 1001, "the flag wins")
        #expect(configuration.server.host == "10.0.0.2", "the environment beats the file")
        #expect(configuration.clock.timeZone.identifier == "Asia/Almaty")
        #expect(configuration.security.bcryptCost == 9, "the file beats the default")
        #expect(configuration.voterLookup.perMinute == 30)
        #expect(configuration.database == HattamaConfiguration.Database(), "untouched settings keep their defaults")
        #expect(configuration.pageCache == HattamaConfiguration.PageCache())
    }

    /// The same through `load`, with a real JSON file and every setting spelt in it.
    @Test func loadReadsEverySettingFromAJSONFile() async throws {
        let path = try writeFile(
            """
            {
              "database": {"url": "postgres://h:secret@db.example:5433/hattama", "poolSize": 3},
              "server": {"host": "0.0.0.0", "port": 9090},
              "security": {"bcryptCost": 10},
              "voterLookup": {"burst": 4, "perMinute": 6},
              "pageCache": {"entries": 100, "freshnessMilliseconds": 50},
              "transparencyLog": {"treeHeadIntervalSeconds": 0},
              "clock": {"timeZone": "Asia/Almaty"}
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try await HattamaConfiguration.load(
            flags: ["server.port": value(.int(7070))], environment: ["HATTAMA_DB_POOL_SIZE": "5", "HATTAMA_BCRYPT_COST": ""], file: path)
        #expect(configuration.database == .init(url: "postgres://h:secret@db.example:5433/hattama", poolSize: 5))
        #expect(configuration.server == .init(host: "0.0.0.0", port: 7070))
        #expect(configuration.security.bcryptCost == 10, "an empty variable counts as unset")
        #expect(configuration.voterLookup == .init(burst: 4, perMinute: 6))
        #expect(configuration.pageCache == .init(entries: 100, freshness: .milliseconds(50)))
        #expect(configuration.transparencyLog.treeHeadInterval == .zero)
        #expect(configuration.clock.timeZone.identifier == "Asia/Almaty")
    }

    /// The log key file: a flag over its variable; an empty flag names no file and is refused.
    @Test func theLogKeyFileComesFromFlagsEnvironmentOrFile() async throws {
        #expect(try await HattamaConfiguration.load(environment: [:]).transparencyLog.signingKeyFile == nil)
        let environment = ["HATTAMA_LOG_KEY_FILE": "/secrets/log.key"]
        #expect(try await HattamaConfiguration.load(environment: environment).transparencyLog.signingKeyFile == "/secrets/log.key")
        let flagged = try await HattamaConfiguration.load(
            flags: ["transparencyLog.signingKeyFile": value(.string("/elsewhere/log.key"))], environment: environment)
        #expect(flagged.transparencyLog.signingKeyFile == "/elsewhere/log.key")
        let path = try writeFile(#"{"transparencyLog": {"signingKeyFile": "/from/file.key"}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await HattamaConfiguration.load(environment: [:], file: path).transparencyLog.signingKeyFile == "/from/file.key")
        do {
            _ = try await HattamaConfiguration.load(flags: ["transparencyLog.signingKeyFile": value(.string(" "))], environment: [:])
            Issue.record("an empty key file name was accepted")
        } catch {
            #expect(error.key == "transparencyLog.signingKeyFile" && error.source == "--log-key-file", "\(error)")
        }
    }

    /// The variables Hattama always read keep their names.
    @Test func theEarlierEnvironmentVariablesStillWork() async throws {
        let configuration = try await HattamaConfiguration.load(environment: [
            "HATTAMA_DB": "/tmp/elsewhere.sqlite", "HATTAMA_BCRYPT_COST": "4", "HATTAMA_STH_INTERVAL": "15",
            // Not ours: ignored.
            "SERVER_PORT": "1", "DATABASE_URL": "postgres://x@y/z",
        ])
        #expect(configuration.database.url == "/tmp/elsewhere.sqlite")
        #expect(configuration.security.bcryptCost == 4)
        #expect(configuration.transparencyLog.treeHeadInterval == .seconds(15))
        #expect(configuration.server.port == 8080)
    }

    @Test func aMalformedValueNamesItsKeyAndWhereItCameFrom() async throws {
        let notANumber = await loadError(environment: ["HATTAMA_PORT": "eighty"])
        #expect(notANumber?.key == "server.port")
        #expect(notANumber?.source == "environment variable HATTAMA_PORT")
        #expect(notANumber?.description == "configuration: server.port (environment variable HATTAMA_PORT): is not a whole number")

        let rate = await loadError(environment: ["HATTAMA_LOOKUP_PER_MINUTE": "fast"])
        #expect(rate?.key == "voterLookup.perMinute")

        let outOfRange = await loadError(flags: ["server.port": value(.int(0))], environment: ["HATTAMA_PORT": "8081"])
        #expect(outOfRange?.key == "server.port")
        #expect(outOfRange?.source == "--port", "the flag's value is the one refused")
        #expect(outOfRange?.problem.contains("between 1 and 65535") == true)

        let cost = await loadError(environment: ["HATTAMA_BCRYPT_COST": "3"])
        #expect(cost?.key == "security.bcryptCost")
        #expect(cost?.source == "environment variable HATTAMA_BCRYPT_COST")

        let zone = await loadError(flags: ["clock.timeZone": value(.string("Mars/Olympus"))])
        #expect(zone?.key == "clock.timeZone")
        #expect(zone?.description.contains("Mars/Olympus") == true)

        for (key, variable, text) in [
            ("database.poolSize", "HATTAMA_DB_POOL_SIZE", "0"), ("voterLookup.burst", "HATTAMA_LOOKUP_BURST", "-1"),
            ("pageCache.entries", "HATTAMA_PAGE_CACHE_ENTRIES", "0"),
            ("pageCache.freshnessMilliseconds", "HATTAMA_PAGE_CACHE_FRESHNESS_MS", "-5"),
            ("transparencyLog.treeHeadIntervalSeconds", "HATTAMA_STH_INTERVAL", "-1"),
            ("voterLookup.perMinute", "HATTAMA_LOOKUP_PER_MINUTE", "0"),
        ] {
            let error = await loadError(environment: [variable: text])
            #expect(error?.key == key, "\(variable)=\(text)")
            #expect(error?.source == "environment variable \(variable)")
        }
    }

    @Test func aMalformedFileIsNamedAndSoIsABadKeyInIt() async throws {
        let missing = await loadError(file: "/nonexistent/hattama.json")
        #expect(missing?.source == "file /nonexistent/hattama.json")
        #expect(missing?.problem == "no such file")
        #expect(missing?.description == "configuration: file /nonexistent/hattama.json: no such file")

        let broken = try writeFile(#"{"server": {"port": 80"#)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let notJSON = await loadError(file: broken)
        #expect(notJSON?.source == "file \(broken)")
        #expect(notJSON?.problem == "is not valid JSON")

        let list = try writeFile(#"[1, 2]"#)
        defer { try? FileManager.default.removeItem(atPath: list) }
        #expect(await loadError(file: list)?.problem.contains("one JSON object") == true)

        let typo = try writeFile(#"{"server": {"prot": 8080}}"#)
        defer { try? FileManager.default.removeItem(atPath: typo) }
        let unknown = await loadError(file: typo)
        #expect(unknown?.key == "server.prot")
        #expect(unknown?.problem.contains("is not a setting") == true)

        let wrongType = try writeFile(#"{"server": {"port": "eighty"}}"#)
        defer { try? FileManager.default.removeItem(atPath: wrongType) }
        let badValue = await loadError(file: wrongType)
        #expect(badValue?.key == "server.port")
        #expect(badValue?.source == "file \(wrongType)")
        #expect(badValue?.problem == "is not a whole number")

        // The environment overrides the bad value, so the file's is never used.
        #expect(await loadError(environment: ["HATTAMA_PORT": "8081"], file: wrongType) == nil)
    }

    @Test func theCommandLineTurnsBadSettingsIntoValidationErrors() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        await #expect(throws: ValidationError.self) { try await run(["migrate", "--db", path, "--bcrypt-cost", "99"]) }
        await #expect(throws: ValidationError.self) { try await run(["migrate", "--db", path, "--config", "/nonexistent/hattama.json"]) }
        await #expect(throws: ValidationError.self) { try await run(["serve", "--db", path, "--time-zone", "Nowhere/Atlantis"]) }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing was opened")
    }

    /// `--config` reaches the store: the database named in the file is the one migrated.
    @Test func theConfigFileNamesTheDatabase() async throws {
        let database = temporaryDatabase()
        defer { removeDatabase(database) }
        let escaped = String(data: try JSONEncoder().encode(database), encoding: .utf8) ?? "\"\""
        let file = try writeFile(#"{"database": {"url": \#(escaped)}, "security": {"bcryptCost": 4}}"#)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await run(["migrate", "--config", file])
        let store = try await openStore(database)
        #expect(try await store.schemaVersion() == HattamaStore.schemaVersionOfBinary)
        await store.close()
    }
}

/// Settings come from the configuration, never from the environment behind its back: only the
/// loader reads it, and tests read their two variables in one place each.
@Suite struct EnvironmentReadsTests {
    static let allowed: Set<String> = [
        "Sources/HattamaCLI/Configuration+Load.swift",
        "Tests/HattamaTestSupport/Backends.swift",
        "Tests/HattamaWebTests/GoldenTests.swift",
    ]

    @Test func onlyTheLoaderReadsTheEnvironment() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // Spelt in pieces so that this file does not match itself.
        let patterns = ["get" + "env(", "set" + "env(", "processInfo." + "environment"]
        var offenders: [String] = []
        var scanned: Set<String> = []
        for folder in ["Sources", "Tests"] {
            let base = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            for file in files where file.pathExtension == "swift" {
                let relative = String(file.path.dropFirst(root.path.count + 1))
                scanned.insert(relative)
                let text = try String(contentsOf: file, encoding: .utf8)
                if !Self.allowed.contains(relative), patterns.contains(where: text.contains) { offenders.append(relative) }
            }
        }
        #expect(offenders == [], "read the setting from HattamaConfiguration instead")
        #expect(scanned.isSuperset(of: Self.allowed), "the scan saw the files it allows: \(scanned.count) files")
    }
}
