"""The CLI reference in docs/ is generated from --help and must match the code."""

from __future__ import annotations

from pathlib import Path

from claimledger.present.clidocs import command_paths, render

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_every_command_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for path in command_paths():
        assert f"## claimledger {' '.join(path)}\n" in text, f"{' '.join(path)} is missing from docs/cli.md"


def test_reference_matches_help_output() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), "docs/cli.md is stale: run `make docs`"


def test_every_command_help_has_an_example() -> None:
    for path in command_paths():
        assert "Example:" in render().split(f"## claimledger {' '.join(path)}\n", 1)[1].split("\n## ", 1)[0]
