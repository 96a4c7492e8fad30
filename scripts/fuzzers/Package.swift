// swift-tools-version:6.0
// Moongate's fuzzers (libFuzzer): built and run by scripts/fuzz, never by CI's swift build.
// One executable; MOONGATE_FUZZ_TARGET picks the target (json, encoder, verifier, emulator-request, lua-value).
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "MoongateFuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "MoongateFuzz",
            dependencies: [
                .product(name: "CloudAPI", package: root.lastPathComponent),
                .product(name: "LuaKit", package: root.lastPathComponent),
                .product(name: "Emulator", package: root.lastPathComponent),
                .product(name: "Moongate", package: root.lastPathComponent),
            ],
            // libFuzzer's main is linked here only: build tools in the graph (the stdlib embedder) have their own.
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
