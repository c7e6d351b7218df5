"""``python -m model …``: forwards to the command line (package ``cli``, above the model)."""

import sys

from cli.main import run

if __name__ == "__main__":
    sys.exit(run())
