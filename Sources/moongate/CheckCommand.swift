// CheckCommand: `moongate check SCRIPT...` — compile without running.
import ArgumentParser
import Foundation
import Moongate

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile scripts without running them; report each syntax error as file:line: message.",
        discussion: "Exit code 0 when every script compiles, 1 when any failed."
    )

    @Argument(help: "Lua scripts to check.")
    var scripts: [String]

    func run() throws {
        let failures = ScriptRunner.check(paths: scripts)
        for f in failures { FileHandle.standardError.write(Data((f + "\n").utf8)) }
        if !failures.isEmpty { throw ExitCode(ExitStatus.scriptError.rawValue) }
    }
}
