"""The `claimledger` command line: one Typer app, one function per command; each docstring is its --help.

The app and its shared options are in `_app`; the commands register on it from one module per family,
imported here in the order `--help` lists them.
"""

from __future__ import annotations

from claimledger.present.cli import _documents, _events, _gazetteer, _ledger, _serve  # noqa: F401  (registers commands)
from claimledger.present.cli._app import app

__all__ = ["app"]
