"""``python -m riskaudit``: the same command line as the ``riskaudit`` script."""

from .cli import run

if __name__ == "__main__":
    run()
