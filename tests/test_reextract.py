"""Re-extraction: a stored document's mentions and claims replaced, reviews carried over to the renumbered
claims or kept in the audit log when their claim is gone, precision and candidates kept in the store; on
SQLite and, when CLAIMLEDGER_TEST_POSTGRES is set, PostgreSQL. The end-to-end run through the CLI (an alias
added, then used after `reextract`, a review kept) loads the NLP pipeline and is marked slow."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from test_store import url  # noqa: F401  (the SQLite / PostgreSQL ledger URL fixture)
from typer.testing import CliRunner

from claimledger import jobs
from claimledger.errors import ReviewError
from claimledger.model import (
    Action,
    Candidate,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    Extraction,
    Place,
    PlaceKind,
    PlaceMention,
    Side,
)
from claimledger.present.cli import app
from claimledger.present.cli._app import out
from claimledger.store import Ledger, claim_id, match_claims

runner = CliRunner()
TEXT = (
    "The General Staff said Ukrainian forces repelled an assault near Novoselivka. "
    "Russia's Defence Ministry claimed its troops captured Oleksandrivka. "
    "A local official reported shelling of Kamianka overnight."
)
NOVOSELIVKA = Place(id="katottg:UA10", name="Novoselivka", kind=PlaceKind.SETTLEMENT, country="UA",
                    admin1="Donetsk Oblast", lat=48.2, lon=37.5, precision_km=15.0, sources=["katottg"])
HOMONYMS = [
    Place(id=f"katottg:UA2{n}", name="Oleksandrivka", country="UA", admin1="Donetsk Oblast",
          lat=48.0 + n / 10, lon=37.0, precision_km=1.0, sources=["katottg"])
    for n in range(3)
]
DOCUMENT = Document.create(text=TEXT, source="Test Wire", published_at=datetime(2024, 3, 10))


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def mention(name: str, place: Place | None = None, candidates: list[Place] | None = None) -> PlaceMention:
    start, end = span(name)
    sentence_start = TEXT.rfind(". ", 0, start) + 2 if ". " in TEXT[:start] else 0
    sentence_end = TEXT.find(".", end) + 1
    return PlaceMention(
        text=name, start=start, end=end, sentence=TEXT[sentence_start:sentence_end],
        sentence_start=sentence_start, place=place,
        candidates=[Candidate(place=c, score=0.5) for c in candidates or []],
        confidence=0.9 if place else 0.3,
    )


def claim(evidence: str, claimant: str, action: Action, places: list[PlaceMention]) -> Claim:
    start, end = span(evidence)
    return Claim(
        sentence=evidence, start=start, end=end, evidence=evidence, claimant=Claimant(name=claimant),
        action=action, actor_side=Side.RU, places=[ClaimPlace.of(m) for m in places],
    )


def extraction(*, novoselivka: Place | None, extra: bool = False, drop_kamianka: bool = False) -> Extraction:
    """The document read with or without Novoselivka resolved; `extra` finds one more claim before the
    others (so every claim is renumbered), `drop_kamianka` no longer finds the last one."""
    novo, oleks, kam = (mention("Novoselivka", novoselivka), mention("Oleksandrivka", candidates=HOMONYMS),
                        mention("Kamianka"))
    claims = [
        claim("Ukrainian forces repelled an assault near Novoselivka", "The General Staff",
              Action.ATTACK_REPELLED, [novo]),
        claim("its troops captured Oleksandrivka", "Russia's Defence Ministry", Action.CAPTURE, [oleks]),
        claim("shelling of Kamianka overnight", "A local official", Action.STRIKE, [kam]),
    ]
    if drop_kamianka:
        claims = claims[:2]
    if extra:
        claims.insert(0, claim("The General Staff said", "author", Action.OTHER, []))
    return Extraction(document_id=DOCUMENT.id, mentions=[novo, oleks, kam], claims=claims)


@pytest.fixture
def ledger(url: str) -> Iterator[Ledger]:  # noqa: F811
    with Ledger(url=url) as opened:
        opened.add(DOCUMENT, extraction(novoselivka=None))
        yield opened


def review(ledger: Ledger, kind: str, key: str, value: dict[str, object], who: str = "alice") -> None:
    ledger.add_review(kind=kind, key=key, value=value, who=who, why="checked against footage")


def test_matching_follows_claims_through_renumbering_and_a_changed_place() -> None:
    old = extraction(novoselivka=None).claims
    assert match_claims(old, old) == {0: 0, 1: 1, 2: 2}
    assert match_claims(old, extraction(novoselivka=NOVOSELIVKA, extra=True).claims) == {0: 1, 1: 2, 2: 3}
    assert match_claims(old, extraction(novoselivka=None, drop_kamianka=True).claims) == {0: 0, 1: 1}
    other = old[2].model_copy(update={"evidence": "overnight", "claimant": Claimant(name="someone"),
                                      "action": Action.FIGHTING})
    assert match_claims(old, [other]) == {}  # a different claim read from the same sentence


def test_reviews_follow_renumbered_claims_and_the_log_keeps_everything(ledger: Ledger) -> None:
    doc = DOCUMENT.id
    review(ledger, "claim", claim_id(doc, 0), {"verdict": "confirmed"})
    review(ledger, "claim", claim_id(doc, 1), {"verdict": "rejected"}, who="bob")
    fix = {"place_id": HOMONYMS[2].id, "name": "Oleksandrivka", "kind": "settlement", "lat": 48.2,
           "lon": 37.0}
    review(ledger, "place", f"{claim_id(doc, 1)}#0", fix)
    logged = ledger.reviews()

    replaced = ledger.replace_extraction(extraction(novoselivka=NOVOSELIVKA, extra=True))

    assert (replaced.claims_before, replaced.claims_after, replaced.kept, replaced.orphaned) == (3, 4, 0, [])
    carried = sorted(key for _, key in replaced.carried)
    assert carried == [claim_id(doc, 1), claim_id(doc, 2), f"{claim_id(doc, 2)}#0"]
    overrides = ledger.overrides()
    assert overrides.verdict(claim_id(doc, 0)) is None  # the new claim at the old key is not the reviewed one
    assert overrides.verdict(claim_id(doc, 1)) == "confirmed"
    assert overrides.verdict(claim_id(doc, 2)) == "rejected"
    assert overrides.places[f"{claim_id(doc, 2)}#0"].value["place_id"] == HOMONYMS[2].id
    assert overrides.claims[claim_id(doc, 2)].who == "bob"
    log = ledger.reviews()
    assert log[: len(logged)] == logged and len(log) > len(logged)  # appended to, never rewritten
    stored = ledger.extraction(doc)
    assert stored.mentions[0].place == NOVOSELIVKA and len(stored.claims) == 4


def test_a_review_whose_claim_is_gone_stays_in_the_log_and_is_reported(ledger: Ledger) -> None:
    doc = DOCUMENT.id
    review(ledger, "claim", claim_id(doc, 2), {"verdict": "rejected"})
    review(ledger, "claim", claim_id(doc, 0), {"verdict": "confirmed"})

    replaced = ledger.replace_extraction(extraction(novoselivka=None, drop_kamianka=True))

    assert replaced.kept == 1 and not replaced.carried
    assert [(r.key, r.value) for r in replaced.orphaned] == [(claim_id(doc, 2), {"verdict": "rejected"})]
    assert claim_id(doc, 2) not in ledger.overrides().claims
    assert any(r.key == claim_id(doc, 2) and r.value == {"verdict": "rejected"} for r in ledger.reviews())
    replaced = ledger.replace_extraction(extraction(novoselivka=None))  # found again: no stale verdict
    assert ledger.overrides().verdict(claim_id(doc, 2)) is None and replaced.kept == 1
    with pytest.raises(ReviewError, match="re-extraction only"):
        review(ledger, "claim", claim_id(doc, 0), {"verdict": "none", "reset": 1})


def test_precision_and_candidates_are_stored_and_the_assessment_follows(ledger: Ledger) -> None:
    jobs.assessment(ledger)
    assert ledger.assessment() is not None
    ledger.replace_extraction(extraction(novoselivka=NOVOSELIVKA))
    assert ledger.assessment() is None  # out of date: the next reader or `reextract` assesses again
    stored = ledger.extraction(DOCUMENT.id)
    assert stored.mentions[0].place is not None and stored.mentions[0].place.precision_km == 15.0
    (first,) = [c for c in ledger.claims() if c.id == claim_id(DOCUMENT.id, 0)]
    assert first.claim.places[0].precision_km == 15.0
    start, end = span("Oleksandrivka")
    found = ledger.candidates_at([(DOCUMENT.id, start, end), (DOCUMENT.id, *span("Novoselivka"))])
    assert list(found) == [(DOCUMENT.id, start, end)]
    assert [c.place.id for c in found[DOCUMENT.id, start, end]] == [p.id for p in HOMONYMS]


def test_failed_documents_are_chosen_and_retried(ledger: Ledger) -> None:
    broken = Document.create(text="Shelling near the village.", source="Other Wire")
    ledger.add(broken, "RuntimeError: boom")
    assert ledger.reextract_ids(failed=True) == [broken.id]
    assert ledger.reextract_ids(source="Test Wire") == [DOCUMENT.id]
    assert ledger.reextract_ids(since=datetime(2024, 3, 11)) == []
    assert ledger.record_extraction_error(broken.id, "RuntimeError: again")
    assert not ledger.record_extraction_error(DOCUMENT.id, "never kept")  # its stored extraction stays
    assert ledger.failed_documents()[0][1] == "RuntimeError: again"
    ledger.replace_extraction(Extraction(document_id=broken.id))
    assert ledger.failed_documents() == [] and not ledger.extraction_failed(DOCUMENT.id)


def test_show_and_claims_name_the_candidates_of_an_unresolved_homonym(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(out, "width", 400)  # table cells on one line each
    db = str(tmp_path / "ledger.db")
    with Ledger(url=db) as ledger:
        ledger.add(DOCUMENT, extraction(novoselivka=NOVOSELIVKA))
    shown = runner.invoke(app, ["show", DOCUMENT.id[:8], "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "Oleksandrivka (3 candidates in Donetsk Oblast)" in shown.output
    assert "Novoselivka (approx., ±15 km)" in shown.output
    listed = runner.invoke(app, ["claims", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert "Oleksandrivka (3 candidates in Donetsk Oblast)" in listed.output
    assert "Novoselivka (approx., ±15 km)" in listed.output  # a hromada point, never the village's own
    data = json.loads(runner.invoke(app, ["claims", "--db", db, "--format", "json"]).stdout)
    located = next(c for c in data if c["location"])
    assert located["location"]["precision_km"] == 15.0 and located["location"]["approximate"] is True


def test_reextract_with_nothing_to_do(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    with Ledger(url=db) as ledger:
        ledger.add(DOCUMENT, extraction(novoselivka=None))
    result = runner.invoke(app, ["reextract", "--db", db, "--failed"])
    assert result.exit_code == 0 and "no documents to re-extract" in result.output


@pytest.mark.slow
def test_an_alias_added_after_ingest_is_used_by_reextract_and_the_review_kept(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    post = tmp_path / "post.txt"
    post.write_text("The General Staff said Ukrainian forces repelled an assault near Zavodska Balka on "
                    "Friday. Russian forces shelled Kupiansk on Monday, the regional governor said.",
                    encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(post), "--db", db, "--published", "2024-03-10"]).exit_code == 0
    with Ledger(url=db) as ledger:
        (doc,) = ledger.documents()
        before = ledger.extraction(doc.id)
        assert not any(m.place for m in before.mentions if m.text == "Zavodska Balka")
        reviewed = next(n for n, c in enumerate(before.claims) if "Zavodska Balka" in c.evidence)
        review(ledger, "claim", claim_id(doc.id, reviewed), {"verdict": "confirmed"})
    kupiansk = json.loads(runner.invoke(app, ["gazetteer", "lookup", "Kupiansk", "--country", "UA",
                                              "--format", "json", "--db", db]).stdout)[0]["id"]
    added = runner.invoke(app, ["gazetteer", "add", "Zavodska Balka", "--alias-of", kupiansk, "--db", db])
    assert added.exit_code == 0, added.output

    result = runner.invoke(app, ["reextract", "--db", db])

    assert result.exit_code == 0, result.output
    assert "1 documents re-extracted" in result.output and "1 kept" in result.output
    with Ledger(url=db) as ledger:
        after = ledger.extraction(doc.id)
        resolved = [m.place for m in after.mentions if m.text == "Zavodska Balka"]
        assert resolved and resolved[0] is not None and resolved[0].name == "Kupiansk"
        assert resolved[0].precision_km is not None
        (kept,) = [n for n, c in enumerate(after.claims) if "Zavodska Balka" in c.evidence]
        assert ledger.overrides().verdict(claim_id(doc.id, kept)) == "confirmed"
        assert ledger.assessment() is not None  # assessed again
