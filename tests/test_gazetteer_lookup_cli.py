"""`gazetteer lookup` reads: it never creates a ledger, and without one it searches the gazetteer alone."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimledger.present.cli import app

runner = CliRunner()


def test_lookup_with_a_missing_ledger_creates_none_and_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "mistyped.db"
    command = ["gazetteer", "lookup", "Vovchansk", "--db", str(missing), "--format", "json"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert not missing.exists()
    assert f"no ledger at {missing}" in result.stderr and "searching the gazetteer alone" in result.stderr
    assert any(place["name"] == "Vovchansk" for place in json.loads(result.stdout))
