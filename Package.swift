// swift-tools-version:6.0
// Moongate: Lua 5.4 automation for the Alibaba Cloud API Gateway (CloudAPI 2016-07-14).
// Dependencies point one way: moongate (CLI) → Moongate → LuaKit / CloudAPI; Emulator → CloudAPI.
// HTTP: libcurl (CCurl) for the client, Hummingbird/NIO for the emulator.
import PackageDescription

let package = Package(
    name: "Moongate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "moongate", targets: ["moongate"]),
        .library(name: "Moongate", targets: ["Moongate"]),
        .library(name: "CloudAPI", targets: ["CloudAPI"]),
        .library(name: "LuaKit", targets: ["LuaKit"]),
        .library(name: "Emulator", targets: ["Emulator"]),
        .library(name: "MoongateEmulator", targets: ["MoongateEmulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // Debian's liblua5.4-dev plus a header-only shim (macros as inline functions, the trampoline).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .target(name: "LuaKit", dependencies: ["CLua"]),
        // Debian's libcurl4-openssl-dev plus typed wrappers for its variadic setopt/getinfo.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "CloudAPI",
            dependencies: [
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Catalog/README.md"]
        ),
        .target(
            name: "Emulator",
            dependencies: [
                "CloudAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "Moongate",
            dependencies: ["LuaKit", "CloudAPI", .product(name: "Logging", package: "swift-log")],
            plugins: ["EmbedStdlibPlugin"]
        ),
        // The emulator as Moongate's in-process gateway (`--emulator`, `moongate test`), kept out of Moongate
        // so an app embedding the runtime links it only if it asks for it.
        .target(name: "MoongateEmulator", dependencies: ["Moongate", "Emulator", "CloudAPI"]),
        .executableTarget(
            name: "moongate",
            dependencies: [
                "Moongate", "MoongateEmulator", "Emulator", "LuaKit", "CloudAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["BuildInfoPlugin"]
        ),
        // Emulator benchmark (scripts/bench-emulator.sh): a tool, not a test.
        .executableTarget(
            name: "bench-emulator",
            dependencies: ["Emulator", "CloudAPI", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "scripts/bench-emulator"),
        // Build-time embedding of stdlib/*.lua into the binary, so a copied binary still finds them.
        .executableTarget(name: "embed-stdlib", path: "Plugins/EmbedStdlibTool"),
        .plugin(name: "EmbedStdlibPlugin", capability: .buildTool(), dependencies: ["embed-stdlib"]),
        .executableTarget(name: "build-info", path: "Plugins/BuildInfoTool"),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), dependencies: ["build-info"]),

        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit", "MoongateTestSupport"]),
        .testTarget(
            name: "CloudAPITests",
            dependencies: [
                "CloudAPI",
                // A real loopback HTTP server that verifies signatures (Tests/CloudAPITests/Support).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EmulatorTests",
            dependencies: [
                "Emulator", "CloudAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // The service's documented response examples (help.aliyun.com), as published.
            resources: [.copy("Fixtures")]),
        // Test helpers (not a product): runs the built `moongate` binary as a child process; makes real Lua binary chunks.
        .target(name: "MoongateTestSupport", dependencies: ["CLua"], path: "Tests/Support"),
        .testTarget(
            name: "MoongateTests", dependencies: ["Moongate", "MoongateEmulator", "Emulator", "MoongateTestSupport"],
            exclude: ["Scripts"]  // Lua scripts the tests read from the source tree
        ),
        .testTarget(name: "moongateTests", dependencies: ["moongate", "MoongateTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
