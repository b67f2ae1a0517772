// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The Hamming scans are compiled three times, each for its own vector instructions, and the
// one to run is chosen when Himaya starts (VectorUnit); on other architectures all three are the
// same portable code.
#if arch(x86_64)
let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mpopcnt"])]
let avx512Settings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx512f", "-Xcc", "-mavx512vpopcntdq", "-Xcc", "-mpopcnt"])]
#else
let avx2Settings: [SwiftSetting] = []
let avx512Settings: [SwiftSetting] = []
#endif

let package = Package(
    name: "himaya",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "himaya", targets: ["himaya"]),
        .library(name: "HimayaServer", targets: ["HimayaServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
    ],
    targets: [
        .target(name: "HimayaHamming", swiftSettings: strictSettings),
        .target(name: "HimayaHammingAVX2", dependencies: ["HimayaHamming"], swiftSettings: strictSettings + avx2Settings),
        .target(name: "HimayaHammingAVX512", dependencies: ["HimayaHamming"], swiftSettings: strictSettings + avx512Settings),
        .target(
            name: "HimayaDetection",
            dependencies: ["HimayaHamming", "HimayaHammingAVX2", "HimayaHammingAVX512"],
            resources: [.copy("Lexicons"), .copy("Models")],
            swiftSettings: strictSettings
        ),
        // The C side of image decoding: libjpeg reports errors by longjmp, which Swift cannot catch.
        .target(
            name: "CImageCodecs",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png"), .linkedLibrary("webp")]
        ),
        .target(
            name: "HimayaImaging",
            dependencies: ["HimayaDetection", "CImageCodecs"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HimayaCore",
            dependencies: ["HimayaDetection"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HimayaStore",
            dependencies: [
                "HimayaCore",
                "HimayaDetection",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HimayaServer",
            dependencies: [
                "HimayaCore",
                "HimayaHamming",
                "HimayaStore",
                "HimayaDetection",
                "HimayaImaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [
                .copy("Templates"),
                .copy("Catalogues"),
                .copy("Static"),
                .copy("OpenAPI"),
                .copy("Countries"),
                .copy("Guidance"),
                .copy("MessageTemplates"),
                .copy("Policy"),
                .copy("SafetyGuides"),
                .copy("DetectionRules"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "himaya",
            dependencies: [
                "HimayaCore",
                "HimayaDetection",
                "HimayaImaging",
                .product(name: "Crypto", package: "swift-crypto"),
                "HimayaStore",
                "HimayaServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Benchmarks of hashing and matching; built in release by the scripts in Benchmarks/.
        .executableTarget(
            name: "himaya-bench",
            dependencies: [
                "HimayaDetection", "HimayaHamming", "HimayaImaging", "HimayaCore", "HimayaStore", "HimayaServer",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/himaya-bench",
            swiftSettings: strictSettings
        ),
        .target(
            name: "HimayaTestSupport",
            dependencies: [
                "HimayaCore",
                "HimayaStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/HimayaTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HimayaDetectionTests",
            dependencies: ["HimayaDetection", "HimayaImaging", "HimayaHamming"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HimayaImagingTests",
            dependencies: ["HimayaImaging", "HimayaDetection"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HimayaCoreTests",
            dependencies: ["HimayaCore", "HimayaDetection"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HimayaStoreTests",
            dependencies: [
                "HimayaStore", "HimayaCore", "HimayaTestSupport", "HimayaDetection",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HimayaServerTests",
            dependencies: [
                "HimayaServer", "HimayaStore", "HimayaCore", "HimayaTestSupport", "HimayaDetection", "HimayaImaging",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
