"""The embedded gazetteer's unpacked copy in the cache: shared by installs, never pulled from under one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from claimledger.extract.geo import Gazetteer


def test_installs_share_the_unpacked_copy_and_leave_each_others_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMLEDGER_CACHE_DIR", str(tmp_path))
    other_version = tmp_path / "gazetteer-embedded-0123456789abcdef.sqlite"  # another install's copy
    other_version.write_bytes(b"in use elsewhere")
    abandoned = tmp_path / "gazetteer-embedded-fedcba9876543210.sqlite"
    abandoned.write_bytes(b"not used for months")
    long_ago = time.time() - 90 * 24 * 3600
    os.utime(abandoned, (long_ago, long_ago))

    first = Gazetteer.load_embedded()
    second = Gazetteer.load_embedded()

    assert first.paths == second.paths
    assert first.paths[0].parent == tmp_path
    assert first.lookup("Kupiansk", country="UA")
    assert other_version.exists(), "a copy another install may be reading was deleted"
    assert not abandoned.exists(), "a copy unused for months was kept"
