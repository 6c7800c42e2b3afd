from whodid.cli import main

main()
