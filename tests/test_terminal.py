"""Terminal output never carries control sequences from documents: OSC 52 (clipboard write), OSC 8 (link
spoofing), CSI (screen rewrite), C1 controls. Each shows as a visible symbol instead."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger import jobs
from claimledger.model import Action, Claim, Claimant, Document, Extraction, Side, SourceKind
from claimledger.present.cli import app
from claimledger.present.cli._app import printable
from claimledger.store import Ledger

runner = CliRunner()
OSC52 = "\x1b]52;c;cHduZWQ=\x1b\\"
OSC8 = "\x1b]8;;https://evil.example\x1b\\Ministry of Defence\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x9b2J\r"
HOSTILE = f"The ministry{OSC8} said its forces captured Gogolevka {OSC52} in Kursk region.{CSI}"
RAW = ("\x1b", "\x9b", "\r", "\x07")


def _ledger(path: str) -> str:
    document = Document.create(text=HOSTILE, source=f"wire{OSC52}", title=f"title{CSI}",
                               published_at=datetime(2025, 3, 18))
    claimant = Claimant(name=f"the ministry{OSC8}", kind=SourceKind.OFFICIAL_MILITARY, side=Side.RU)
    claim = Claim(sentence=HOSTILE, start=0, end=len(HOSTILE), evidence=HOSTILE, claimant=claimant,
                  action=Action.CAPTURE, actor_side=Side.RU)
    with Ledger(url=path) as ledger:
        ledger.add(document, Extraction(document_id=document.id, claims=[claim]))
    return document.id


def _clean(output: str) -> None:
    assert not any(raw in output for raw in RAW), repr(output)


def test_printable_keeps_length_and_shows_escapes() -> None:
    shown = printable(HOSTILE + "\n\tnext")
    assert len(shown) == len(HOSTILE) + 6 and "␛]52;c;" in shown and shown.endswith("\n\tnext")


@pytest.mark.parametrize("command", [["show", "ID"], ["docs"], ["claims"], ["claims", "--format", "json"],
                                     ["show", "ID", "--format", "json"], ["sources"]])
def test_ledger_commands_print_no_control_characters(tmp_path: Path, command: list[str]) -> None:
    db = str(tmp_path / "l.db")
    document_id = _ledger(db)
    result = runner.invoke(app, [part.replace("ID", document_id) for part in command] + ["--db", db])
    assert result.exit_code == 0, result.output
    _clean(result.stdout + result.stderr)
    if "json" not in command:
        assert "␛" in result.stdout


def test_analyze_and_ingest_messages_print_no_control_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Found:
        def pipe(self, documents: object, **_: object) -> object:
            return (Extraction(document_id=doc.id, claims=[]) for doc in documents)  # type: ignore[attr-defined]

        def close(self) -> None:
            pass

    monkeypatch.setattr(jobs, "pipeline", lambda **_: Found())
    folder = tmp_path / f"in{OSC52}"
    folder.mkdir()
    (folder / "a.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"x": OSC52}), encoding="utf-8")  # an unsupported layout
    analyzed = runner.invoke(app, ["analyze", str(folder)])
    assert analyzed.exit_code == 1
    _clean(analyzed.stdout + analyzed.stderr)
    ingested = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "l.db")])
    assert ingested.exit_code == 1 and "␛" in ingested.stderr
    _clean(ingested.stdout + ingested.stderr)
