from hojaderuta.cli import main

main()
