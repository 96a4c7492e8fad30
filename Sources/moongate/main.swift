// moongate: the command line. Thin: parsing and exit codes; the run logic lives in Moongate.
// The async entry (needed by `moongate emulator`) is chosen only from an async context, and
// ArgumentParser asks for the availability annotation even on Linux.
import ArgumentParser
import Foundation

@available(macOS 10.15, *)
func runMoongate() async {
    do {
        var command = try MoongateCommand.parseAsRoot()
        if var asyncCommand = command as? AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch {
        MoongateCommand.exitInOneShape(error)
    }
}

extension MoongateCommand {
    /// ArgumentParser's own exit, with its "Error: " prefix replaced by "moongate: ", so a bad flag
    /// reads like every other message: `moongate: --port: expected … (got 99999)`.
    static func exitInOneShape(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        guard code != .success, text.hasPrefix("Error: ") else { exit(withError: error) }
        FileHandle.standardError.write(Data(("moongate: " + text.dropFirst("Error: ".count) + "\n").utf8))
        exit(withError: ExitCode(code.rawValue))
    }
}

await runMoongate()
