// The libFuzzer entry point: one input to the target MOONGATE_FUZZ_TARGET names. A target returns
// normally for any input; a crash, a trap or a failed property (`check`) is what libFuzzer reports.
// The executable's own main hands over to libFuzzer's driver (SwiftPM renames an executable's main
// when it is built for testing, which @testable imports of the fuzzed modules need).
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func fuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

let target: ([UInt8]) -> Void = {
    let name = ProcessInfo.processInfo.environment["MOONGATE_FUZZ_TARGET"] ?? ""
    guard let body = FuzzTargets.all[name] else {
        FileHandle.standardError.write(Data("MOONGATE_FUZZ_TARGET must be one of \(FuzzTargets.all.keys.sorted()) (got '\(name)')\n".utf8))
        exit(64)
    }
    return body
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    target(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// A property that must hold for every input: abort (a finding) when it does not.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("property failed: \(message())\n".utf8))
        abort()
    }
}

enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "json": jsonRoundTrip,
        "encoder": requestEncoder,
        "verifier": signatureVerifier,
        "emulator-request": emulatorRequest,
        "lua-value": luaValue,
    ]
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(fuzzerRunDriver(&argc, &argv, fuzzOneInput))
