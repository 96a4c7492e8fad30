// VersionCommand: `moongate version` — what this binary is and what it runs on.
import ArgumentParser
import CloudAPI
import LuaKit
import Moongate

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print moongate's version, the git commit it was built from, and its Lua and libcurl.")

    func run() throws {
        print(Self.text)
    }

    /// moongate 0.1.0 / commit 9ca2c09abcde (2026-12-07) / Lua 5.4.6 / libcurl 7.88.1 (OpenSSL/3.0.15)
    static var text: String {
        let date = BuildInfo.commitDate.isEmpty ? "" : " (\(BuildInfo.commitDate))"
        return [
            "moongate \(MoongateVersion.number)",
            "commit \(BuildInfo.commit)\(date)",
            LuaState.luaRelease,
            Libcurl.version,
            "CloudAPI \(Catalog.apiVersion)",
        ].joined(separator: "\n")
    }
}
