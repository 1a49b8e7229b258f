"""Shared fixtures: paths to the bundled examples and the optional development data beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def examples_dir() -> Path:
    """The example documents shipped with the repository."""
    return EXAMPLES


@pytest.fixture
def seed_text() -> str:
    """The bundled Belgorod article."""
    return (EXAMPLES / "seed_belgorod.txt").read_text(encoding="utf-8")


@pytest.fixture
def shared_dir() -> Path:
    """The development data beside the repository; tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared (development data) is not present")
    return SHARED


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """A fresh SQLite ledger path."""
    return str(tmp_path / "ledger.db")
