"""``python -m riskaudit``: the same command line as the ``riskaudit`` script."""

from .cli import main

if __name__ == "__main__":
    main()
