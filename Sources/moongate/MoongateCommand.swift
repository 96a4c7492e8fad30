// MoongateCommand: the root command. Add a subcommand by adding one file and one entry below.
import ArgumentParser
import Moongate

@available(macOS 10.15, *)
struct MoongateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moongate",
        abstract: "Automate the Alibaba Cloud API Gateway from Lua scripts.",
        discussion: exitStatusHelp,
        version: MoongateVersion.line,
        subcommands: subcommands
    )

    /// Every subcommand, one file each. Other features append theirs here (emulator, describe, stubs).
    static let subcommands: [ParsableCommand.Type] = [
        RunCommand.self,
        CheckCommand.self,
        VersionCommand.self,
        EmulatorCommand.self,
        DescribeCommand.self,
        StubsCommand.self,
        WhoamiCommand.self,
        PlanCommand.self,
        TestCommand.self,
    ]
}
