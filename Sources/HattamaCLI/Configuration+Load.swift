import Configuration
import Foundation
import HattamaConfig
import HattamaStore
import Synchronization

/// The spellings of one setting: its key (in a configuration file, and in `load(flags:)`), its
/// command-line flag and its environment variable.
public struct ConfigurationSetting: Sendable, Equatable {
    public var key: String
    public var flag: String
    public var environment: String
}

extension HattamaConfiguration {
    /// Every setting `load` reads. README "Configuration" documents each with its default.
    public static let settings: [ConfigurationSetting] = [
        .init(key: "database.url", flag: "--db", environment: "HATTAMA_DB"),
        .init(key: "database.poolSize", flag: "--db-pool-size", environment: "HATTAMA_DB_POOL_SIZE"),
        .init(key: "server.host", flag: "--host", environment: "HATTAMA_HOST"),
        .init(key: "server.port", flag: "--port", environment: "HATTAMA_PORT"),
        .init(key: "security.bcryptCost", flag: "--bcrypt-cost", environment: "HATTAMA_BCRYPT_COST"),
        .init(key: "voterLookup.burst", flag: "--lookup-burst", environment: "HATTAMA_LOOKUP_BURST"),
        .init(key: "voterLookup.perMinute", flag: "--lookup-per-minute", environment: "HATTAMA_LOOKUP_PER_MINUTE"),
        .init(key: "pageCache.entries", flag: "--page-cache-entries", environment: "HATTAMA_PAGE_CACHE_ENTRIES"),
        .init(key: "pageCache.freshnessMilliseconds", flag: "--page-cache-freshness-ms", environment: "HATTAMA_PAGE_CACHE_FRESHNESS_MS"),
        .init(key: "transparencyLog.treeHeadIntervalSeconds", flag: "--sth-interval", environment: "HATTAMA_STH_INTERVAL"),
        .init(key: "transparencyLog.signingKeyFile", flag: "--log-key-file", environment: "HATTAMA_LOG_KEY_FILE"),
        .init(key: "clock.timeZone", flag: "--time-zone", environment: "HATTAMA_TIME_ZONE"),
    ]

    /// Reads the configuration of one run: `flags` (keyed by setting key, as the command line
    /// parsed them) over `environment` (the `HATTAMA_*` variables; an empty one counts as unset)
    /// over the JSON `file`, if given, over the defaults. The result is validated; any value that
    /// cannot be used, and any key in the file that is no setting, is an error naming the key and
    /// where its value came from.
    public static func load(
        flags: [String: ConfigValue] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
        file: String? = nil
    ) async throws(HattamaConfigurationError) -> HattamaConfiguration {
        var providers: [any ConfigProvider] = [flagsProvider(flags), environmentProvider(environment)]
        if let file { providers.append(try await fileProvider(file)) }
        return try read(providers, file: file)
    }

    static func flagsProvider(_ flags: [String: ConfigValue]) -> InMemoryProvider {
        InMemoryProvider(
            name: ConfigurationSources.flags,
            values: Dictionary(flags.map { (AbsoluteConfigKey($0.key.split(separator: ".").map(String.init)), $0.value) }) { $1 })
    }

    /// The environment under the settings' own variable names (HATTAMA_DB, not DATABASE_URL).
    static func environmentProvider(_ environment: [String: String]) -> some ConfigProvider {
        // `HATTAMA_DB= hattama …` means "not set" to a shell user.
        let set = environment.filter { !$0.value.isEmpty }
        let names = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0.environment) })
        let upstream = EnvironmentVariablesProvider(environmentVariables: set, secretsSpecifier: .specific(["HATTAMA_DB"]))
        return KeyMappingProvider(upstream: upstream) { key in
            AbsoluteConfigKey([names[key.components.joined(separator: ".")] ?? "HATTAMA_UNKNOWN"])
        }
    }

    static func fileProvider(_ path: String) async throws(HattamaConfigurationError) -> any ConfigProvider {
        func failure(_ problem: String, key: String = "") -> HattamaConfigurationError {
            HattamaConfigurationError(key: key, source: "file \(path)", problem: problem)
        }
        guard FileManager.default.fileExists(atPath: path) else { throw failure("no such file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw failure("cannot be read: \(error.localizedDescription)")
        }
        // A pass of our own before the provider's: a plain message for bad JSON, and a misspelt
        // key is named instead of being silently ignored.
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw failure("is not valid JSON")
        }
        guard let root = object as? [String: Any] else { throw failure("must hold one JSON object of settings") }
        let known = Set(settings.map(\.key))
        for key in dottedKeys(root).sorted() where !known.contains(key) {
            throw failure("is not a setting; the settings are \(settings.map(\.key).joined(separator: ", "))", key: key)
        }
        do {
            // This initialiser takes the path as a configuration value of its own.
            let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": .init(.string(path), isSecret: false)]))
            return try await FileProvider<JSONSnapshot>(config: location)
        } catch {
            throw failure(String(describing: error))
        }
    }

    private static func dottedKeys(_ object: [String: Any], prefix: String = "") -> [String] {
        object.flatMap { key, value -> [String] in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let nested = value as? [String: Any] { return dottedKeys(nested, prefix: path) }
            return [path]
        }
    }

    /// Reads every setting from `providers`, the first that has a value winning.
    static func read(_ providers: [any ConfigProvider], file: String? = nil) throws(HattamaConfigurationError) -> HattamaConfiguration {
        let sources = ConfigurationSources(file: file)
        let reader = ConfigReader(providers: providers, accessReporter: sources)
        var configuration = HattamaConfiguration()
        // The reader answers nil for a value it cannot convert; `sources` saw why, and says so below.
        if let url = reader.string(forKey: "database.url", isSecret: true) { configuration.database.url = url }
        if let size = reader.int(forKey: "database.poolSize") { configuration.database.poolSize = size }
        if let host = reader.string(forKey: "server.host") { configuration.server.host = host }
        if let port = reader.int(forKey: "server.port") { configuration.server.port = port }
        if let cost = reader.int(forKey: "security.bcryptCost") { configuration.security.bcryptCost = cost }
        if let burst = reader.int(forKey: "voterLookup.burst") { configuration.voterLookup.burst = burst }
        if let rate = reader.double(forKey: "voterLookup.perMinute") { configuration.voterLookup.perMinute = rate }
        if let entries = reader.int(forKey: "pageCache.entries") { configuration.pageCache.entries = entries }
        if let milliseconds = reader.int(forKey: "pageCache.freshnessMilliseconds") {
            configuration.pageCache.freshness = .milliseconds(milliseconds)
        }
        if let seconds = reader.int(forKey: "transparencyLog.treeHeadIntervalSeconds") {
            configuration.transparencyLog.treeHeadInterval = .seconds(seconds)
        }
        if let file = reader.string(forKey: "transparencyLog.signingKeyFile") { configuration.transparencyLog.signingKeyFile = file }
        let zone = reader.string(forKey: "clock.timeZone")
        if let failure = sources.firstFailure { throw failure }
        if let zone {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw HattamaConfigurationError(
                    key: "clock.timeZone", source: sources.source(of: "clock.timeZone"),
                    problem: "'\(zone)' is not a time zone name such as UTC or Asia/Almaty")
            }
            configuration.clock.timeZone = timeZone
        }
        do {
            try configuration.validate()
        } catch {
            var located = error
            located.source = sources.source(of: error.key)
            throw located
        }
        return configuration
    }
}

/// Remembers which provider gave each setting its value, or failed to, so that an error can say
/// where the bad value came from (`--port`, `environment variable HATTAMA_PORT`, `file x.json`).
final class ConfigurationSources: AccessReporter, Sendable {
    static let flags = "flags"

    private let file: String?
    private let state = Mutex<(sources: [String: String], failures: [HattamaConfigurationError])>(([:], []))

    init(file: String?) { self.file = file }

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        // The provider that answered is the last one asked: an error or a value stops the search.
        guard let answer = event.providerResults.last else { return }
        let source = describe(provider: answer.providerName, key: key)
        let failed: Bool
        switch answer.result {
        case .failure: failed = true
        case .success(let lookup):
            guard lookup.value != nil else { return }
            failed = event.conversionError != nil
        }
        state.withLock { state in
            state.sources[key] = source
            if failed {
                state.failures.append(
                    HattamaConfigurationError(key: key, source: source, problem: "is not \(Self.describe(event.metadata.valueType))"))
            }
        }
    }

    var firstFailure: HattamaConfigurationError? { state.withLock { $0.failures.first } }

    func source(of key: String) -> String? { state.withLock { $0.sources[key] } }

    private func describe(provider: String, key: String) -> String {
        let setting = HattamaConfiguration.settings.first { $0.key == key }
        if provider.contains("[\(Self.flags)]") { return setting?.flag ?? "flag for \(key)" }
        if provider.contains("EnvironmentVariablesProvider") { return "environment variable \(setting?.environment ?? key)" }
        if provider.contains("FileProvider"), let file { return "file \(file)" }
        return provider
    }

    private static func describe(_ type: ConfigType) -> String {
        switch type {
        case .int: "a whole number"
        case .double: "a number"
        case .bool: "true or false"
        case .string: "a string"
        default: "of type \(type.rawValue)"
        }
    }
}

/// What the command line reads from its environment besides settings. It lives next to the
/// settings' loader so that nothing else in Hattama reads the environment.
enum CommandLineEnvironment {
    /// Who runs the command, for the audit log (`cli:NAME`).
    static var operatorName: String { ProcessInfo.processInfo.environment["USER"] ?? "operator" }

    /// `user add`'s password when neither --password-stdin nor --password gives one.
    static var password: String? { ProcessInfo.processInfo.environment["HATTAMA_PASSWORD"] }
}

extension Principal {
    /// The operator at this command line, named by `$USER`.
    static func commandLine() -> Principal { .commandLine(CommandLineEnvironment.operatorName) }
}
