// moongate: the command line. Thin: parsing and exit codes; the run logic lives in Moongate.
// The async `main()` (needed by `moongate emulator`) is chosen only from an async context, and
// ArgumentParser asks for the availability annotation even on Linux.
@available(macOS 10.15, *)
func runMoongate() async { await MoongateCommand.main() }

await runMoongate()
