// VersionCommand: `moongate version`.
import ArgumentParser
import Moongate

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print moongate's version.")

    func run() throws {
        print(MoongateVersion.line)
    }
}
