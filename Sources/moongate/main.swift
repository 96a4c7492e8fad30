// TEMPORARY root command (emulator branch only): the lead reconciles main.swift at merge.
import ArgumentParser

@available(macOS 10.15, *)
struct Moongate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "moongate", subcommands: [EmulatorCommand.self])
}

/// In an async context the async `main()` (which awaits `run()`) is chosen over the sync one.
@available(macOS 10.15, *)
func runMoongate() async { await Moongate.main() }

await runMoongate()
