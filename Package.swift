// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "Hattama",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hattama", targets: ["hattama"]),
        .executable(name: "hattama-verify", targets: ["HattamaVerify"]),
        .library(name: "HattamaCore", targets: ["HattamaCore"]),
        .library(name: "HattamaInterchange", targets: ["HattamaInterchange"]),
        .library(name: "HattamaLedger", targets: ["HattamaLedger"]),
        .library(name: "HattamaVerifier", targets: ["HattamaVerifier"]),
        .library(name: "HattamaStore", targets: ["HattamaStore"]),
        .library(name: "HattamaWeb", targets: ["HattamaWeb"]),
        .library(name: "HattamaConfig", targets: ["HattamaConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // The API contract (Sources/HattamaAPI/openapi.yaml) and the code generated from it.
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession.git", from: "1.4.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .target(name: "HattamaCore", resources: [.copy("Profiles")]),
        // File formats (izbirkom table, NIST export, protocol and voter-list files), over Core's types.
        .target(name: "HattamaInterchange", dependencies: ["HattamaCore"]),
        // Demo generators: a whole country, its results, voters and commission work from a seed,
        // the demo commissions' keys derived from it, and loaders that put them into a store
        // through its public API. For the CLI and tests only.
        .target(
            name: "HattamaDemo",
            dependencies: ["HattamaCore", "HattamaInterchange", "HattamaStore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "HattamaLedger", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The published API: openapi.yaml (the one source of the contract, also served by the
        // server) and the types and client the generator makes from it at build time.
        .target(
            name: "HattamaAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.copy("openapi.yaml")],
            // With Swift 6.3 every generated file warns that its `public import`s of Foundation are
            // unused (the generator silences that only from Swift 6.4 on); the target's only
            // hand-written file is a few lines.
            swiftSettings: [.unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The independent auditor's code: HTTP (Foundation's URLSession) and the ledger, nothing of the
        // server, so observers can build `hattama-verify` quickly.
        .target(
            name: "HattamaVerifier",
            dependencies: [
                "HattamaCore", "HattamaLedger", "HattamaAPI", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(name: "HattamaVerify", dependencies: ["HattamaVerifier"]),
        // The settings as a plain value, for the store and the web application; only the command
        // line reads them (flags, environment, file) with swift-configuration.
        .target(name: "HattamaConfig"),
        .target(
            name: "HattamaStore",
            dependencies: [
                "HattamaCore", "HattamaLedger", "HattamaInterchange", "HattamaConfig",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HattamaWeb",
            dependencies: [
                "HattamaCore", "HattamaInterchange", "HattamaStore", "HattamaLedger", "HattamaConfig",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "HattamaAPI", .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .target(
            name: "HattamaCLI",
            dependencies: [
                "HattamaCore", "HattamaInterchange", "HattamaDemo", "HattamaStore", "HattamaWeb", "HattamaVerifier", "HattamaConfig",
                "HattamaLedger",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(name: "hattama", dependencies: ["HattamaCLI"]),
        // What several test targets share: fixtures, the optional ../shared data, the quiet logger and
        // test log key, temporary files, the small demo, and stores on SQLite and (when
        // HATTAMA_TEST_POSTGRES_URL is set) PostgreSQL. Only test targets depend on it.
        .target(
            name: "HattamaTestSupport",
            dependencies: [
                "HattamaCore", "HattamaDemo", "HattamaStore", "HattamaConfig",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HattamaTestSupport"
        ),
        .testTarget(name: "HattamaCoreTests", dependencies: ["HattamaCore", "HattamaDemo", "HattamaTestSupport"]),
        .testTarget(
            name: "HattamaInterchangeTests", dependencies: ["HattamaInterchange", "HattamaCore", "HattamaDemo", "HattamaTestSupport"]
        ),
        .testTarget(
            name: "HattamaDemoTests",
            dependencies: [
                "HattamaDemo", "HattamaInterchange", "HattamaCore", "HattamaTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "HattamaLedgerTests", dependencies: ["HattamaLedger"]),
        .testTarget(
            name: "HattamaStoreTests",
            dependencies: [
                "HattamaStore", "HattamaCore", "HattamaInterchange", "HattamaDemo", "HattamaLedger", "HattamaConfig", "HattamaTestSupport",
            ]
        ),
        .testTarget(
            name: "HattamaWebTests",
            dependencies: [
                "HattamaWeb", "HattamaStore", "HattamaCore", "HattamaInterchange", "HattamaDemo", "HattamaLedger", "HattamaConfig",
                "HattamaTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                "HattamaAPI",
            ],
            // Golden pages are read through #filePath, not as bundle resources.
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "HattamaCLITests",
            dependencies: [
                "HattamaCLI", "HattamaStore", "HattamaCore", "HattamaInterchange", "HattamaDemo", "HattamaLedger", "HattamaConfig",
                "HattamaTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .testTarget(
            name: "HattamaVerifierTests",
            dependencies: [
                "HattamaVerifier", "HattamaWeb", "HattamaStore", "HattamaCore", "HattamaDemo", "HattamaLedger", "HattamaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)

// Benchmarks pull in jemalloc-free malloc interposition and take minutes to build, so they
// are only part of the package when asked for.
if ProcessInfo.processInfo.environment["ENABLE_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "HattamaBenchmarks",
            dependencies: [
                "HattamaCore", "HattamaInterchange", "HattamaDemo", "HattamaStore", "HattamaLedger", "HattamaVerifier",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/HattamaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
