"""``python -m policytext``: the same command line as ``policytext``."""
import sys

from .faces.cli import main

if __name__ == "__main__":  # pragma: no branch
    sys.exit(main())
