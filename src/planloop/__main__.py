from planloop.cli import main

main()
