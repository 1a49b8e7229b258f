"""Print the CLI reference generated from --help: `python scripts/gen_cli_docs.py > docs/cli.md`."""

from __future__ import annotations

import sys

from claimledger.present.clidocs import render

if __name__ == "__main__":
    sys.stdout.write(render())
