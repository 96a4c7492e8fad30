// moongate: the command line. Thin: parsing and exit codes; the run logic lives in Moongate.
MoongateCommand.main()
