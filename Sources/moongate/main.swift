// moongate: the command line. Thin: parsing and exit codes; the run logic lives in Moongate.
// Top-level `await` selects AsyncParsableCommand's async `main()`, which `moongate emulator` needs.
await MoongateCommand.main()
