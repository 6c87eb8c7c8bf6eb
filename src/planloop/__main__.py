from planloop.cli.main import main

main()
