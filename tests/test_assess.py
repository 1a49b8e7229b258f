"""Assessment across sources: echoes, grouping, contradictions, grades, timelines, incremental update."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from claimledger.assess import Assessor, find_contradictions
from claimledger.model import (
    Action,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    LedgerClaim,
    PlaceKind,
    Quantity,
    Side,
    SourceKind,
    Status,
    TimeWindow,
)

MOD = Claimant(
    name="Russia's Defence Ministry",
    canonical="Russian MoD",
    kind=SourceKind.OFFICIAL_MILITARY,
    side=Side.RU,
    reliability="C",
)
DEEP_STATE = Claimant(
    name="DeepState", canonical="DeepState", kind=SourceKind.OSINT, side=Side.UA, reliability="B"
)
GENSTAFF = Claimant(
    name="Ukraine's General Staff",
    canonical="General Staff of Ukraine",
    kind=SourceKind.OFFICIAL_MILITARY,
    side=Side.UA,
    reliability="C",
)
AUTHOR = Claimant(name="author", kind=SourceKind.AUTHOR)


def place(
    name: str,
    place_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    kind: PlaceKind = PlaceKind.SETTLEMENT,
) -> ClaimPlace:
    return ClaimPlace(
        mention=name, start=0, end=len(name), place_id=place_id, name=name, kind=kind, lat=lat, lon=lon
    )


def claim(
    sentence: str, claimant: Claimant, action: Action, side: Side, *places: ClaimPlace, **fields: Any
) -> Claim:
    return Claim(
        sentence=sentence,
        start=0,
        end=len(sentence),
        evidence=sentence,
        claimant=claimant,
        action=action,
        actor_side=side,
        places=list(places),
        **fields,
    )


def ledger(
    claim_id: str, c: Claim, *, doc: str, day: int = 10, source: str = "Outlet", **fields: Any
) -> LedgerClaim:
    return LedgerClaim(
        id=claim_id, document_id=doc, source=source, published_at=datetime(2025, 3, day, 9), claim=c, **fields
    )


GOGOLEVKA = place("Gogolevka", "geo:1", 51.17, 35.16)
GOGOLEVKA_UA = place("Гоголівка", "geo:1", 51.17, 35.16)  # same place, another spelling
RECAPTURE = claim(
    "The ministry said its troops recaptured Gogolevka.", MOD, Action.RECAPTURE, Side.RU, GOGOLEVKA
)
HOLDS = claim(
    "DeepState said Ukrainian units still hold part of Gogolevka.",
    DEEP_STATE,
    Action.CONTROL,
    Side.UA,
    GOGOLEVKA,
)


def test_seed_contradiction_within_one_document() -> None:
    other = claim(
        "The General Staff said 18 attacks were repelled in Kursk region.",
        GENSTAFF,
        Action.ATTACK_REPELLED,
        Side.UA,
        place("Kursk", "geo:k", 51.7, 36.2, PlaceKind.ADMIN1),
    )
    background = claim(RECAPTURE.sentence, AUTHOR, Action.CONTROL, Side.UA, GOGOLEVKA)  # "which Ukraine held"
    pairs = find_contradictions([RECAPTURE, other, HOLDS, background], published_at=datetime(2025, 3, 10))
    assert pairs == [(0, 2)]  # not (0, 3): one sentence presupposing the earlier holder


def test_seed_contradiction_across_documents_with_grades() -> None:
    a = Assessor()([ledger("a", RECAPTURE, doc="d1"), ledger("b", HOLDS, doc="d2", day=11)])
    assert [(c.a, c.b, c.kind) for c in a.contradictions] == [("a", "b", "control")]
    assert "Gogolevka" in a.contradictions[0].reason
    assert a.grades["a"].code == "C4" and a.grades["b"].code == "B4"
    assert any("contradicted by 1 origin" in r and "DeepState" in r for r in a.grades["a"].reasons)


def test_capture_then_later_recapture_is_a_sequence() -> None:
    taken = claim("Russian forces captured Gogolevka.", MOD, Action.CAPTURE, Side.RU, GOGOLEVKA)
    retaken = claim("Ukrainian forces recaptured Gogolevka.", GENSTAFF, Action.RECAPTURE, Side.UA, GOGOLEVKA)
    a = Assessor()([ledger("a", taken, doc="d1", day=10), ledger("b", retaken, doc="d2", day=12)])
    assert a.contradictions == []


def test_denial_and_quantity_contradictions() -> None:
    kupino = place("Kupino", "geo:2", 50.0, 37.0)
    strike = claim("Officials said a strike hit Kupino.", AUTHOR, Action.STRIKE, Side.RU, kupino)
    denied = claim(
        "The ministry denied striking Kupino.", MOD, Action.STRIKE, Side.RU, kupino, status=Status.DENIED
    )
    assert find_contradictions([strike, denied]) == [(0, 1)]
    few = claim(
        "The staff said 5 attacks were repelled near Kupino.",
        GENSTAFF,
        Action.ATTACK_REPELLED,
        Side.UA,
        kupino,
        quantity=Quantity(value=5, unit="attacks", text="5 attacks"),
    )
    many = claim(
        "Reporters counted 30 attacks repelled near Kupino.",
        AUTHOR,
        Action.ATTACK_REPELLED,
        Side.UA,
        kupino,
        quantity=Quantity(value=30, unit="attacks", text="30 attacks"),
    )
    close = claim(
        "Another count gave 6 attacks repelled near Kupino.",
        DEEP_STATE,
        Action.ATTACK_REPELLED,
        Side.UA,
        kupino,
        quantity=Quantity(value=6, unit="attacks", text="6 attacks"),
    )
    a = Assessor()([ledger("q1", few, doc="d1"), ledger("q2", many, doc="d2"), ledger("q3", close, doc="d3")])
    assert {(c.a, c.b) for c in a.contradictions if c.kind == "quantity"} == {("q1", "q2"), ("q2", "q3")}


def test_echoes_count_once_and_independent_origins_confirm() -> None:
    text = "Russian forces captured the village of Novoe, the ministry said."
    mod_says = claim(text, MOD, Action.CAPTURE, Side.RU, place("Novoe", "geo:3", 50.5, 36.5))
    relayed = claim(
        text,
        MOD,
        Action.CAPTURE,
        Side.RU,
        place("Novoe", "geo:3", 50.5, 36.5),
        via=[Claimant(name="Reuters", kind=SourceKind.MEDIA)],
    )
    forwarded = claim(
        "Russian forces captured the village of Novoe!",
        AUTHOR,
        Action.CAPTURE,
        Side.RU,
        place("Novoe", "geo:3", 50.5, 36.5),
    )
    copy = claim(
        "Russian forces captured the village of Novoe, the ministry said!!",
        AUTHOR,
        Action.CAPTURE,
        Side.RU,
        place("Novoe", "geo:3", 50.5, 36.5),
    )
    claims = [
        ledger("e1", mod_says, doc="d1", source="TASS"),
        ledger("e2", relayed, doc="d2", source="Reuters"),
        ledger("e3", forwarded, doc="d3", source="Chan A", relay="Rybar"),
        ledger("e4", copy, doc="d4", day=11, source="Copycat"),
    ]
    a = Assessor()(claims)
    assert a.origins["e1"] == a.origins["e2"] == a.origins["e4"] == "russian mod"
    assert a.origins["e3"] == "rybar"
    assert len(a.groups) == 1 and a.groups[0].origins == ["russian mod", "rybar"]
    assert a.grades["e1"].credibility == 2  # one independent origin only: Rybar (unrated)
    assert any("1 independent origin(s): rybar" in r for r in a.grades["e1"].reasons)
    independent = claim(
        "Ukrainian officials admitted losing Novoe.",
        GENSTAFF,
        Action.CAPTURE,
        Side.RU,
        place("Novoe", "geo:3", 50.5, 36.5),
    )
    b = Assessor()([*claims, ledger("e5", independent, doc="d5")])
    assert b.grades["e1"].credibility == 1
    assert b.grades["e5"].credibility == 1
    assert any("admission against interest" in r for r in b.grades["e5"].reasons)


def test_near_duplicate_documents_share_origin() -> None:
    body = "A long report about the front. " * 20
    d1 = Document.create(text=body + "Troops took Lyptsi.", source="A", published_at=datetime(2025, 3, 10))
    d2 = Document.create(text=body + "Troops took Lyptsi!", source="B", published_at=datetime(2025, 3, 11))
    lyptsi = place("Lyptsi", "geo:4", 50.2, 36.4)
    c1 = claim("Troops took Lyptsi.", AUTHOR, Action.CAPTURE, Side.RU, lyptsi)
    c2 = claim(
        "According to the channel, troops took over Lyptsi yesterday.",
        AUTHOR,
        Action.CAPTURE,
        Side.RU,
        lyptsi,
    )
    claims = [ledger("x", c1, doc=d1.id, source="A"), ledger("y", c2, doc=d2.id, day=11, source="B")]
    assert Assessor()(claims).origins == {"x": "a", "y": "b"}
    assert Assessor()(claims, {d.id: d for d in (d1, d2)}).origins == {"x": "a", "y": "a"}


def test_grouping_by_place_id_and_distance_not_spelling() -> None:
    near = place("Gogolivka", None, 51.19, 35.17)  # unresolved id, 2.4 km away
    far = place("Gogolevka", "geo:99", 48.0, 37.0)  # same spelling, another place
    claims = [
        ledger("g1", RECAPTURE, doc="d1"),
        ledger(
            "g2", claim("Войска заняли Гоголівку.", AUTHOR, Action.CAPTURE, Side.RU, GOGOLEVKA_UA), doc="d2"
        ),
        ledger(
            "g3", claim("Troops entered Gogolivka.", AUTHOR, Action.CAPTURE, Side.RU, near), doc="d3", day=12
        ),
        ledger("g4", claim("Troops took Gogolevka.", AUTHOR, Action.CAPTURE, Side.RU, far), doc="d4"),
        ledger("g5", claim("Strike on Gogolevka.", AUTHOR, Action.STRIKE, Side.RU, GOGOLEVKA), doc="d5"),
        ledger(
            "g6",
            claim("Troops took Gogolevka.", AUTHOR, Action.CAPTURE, Side.RU, GOGOLEVKA),
            doc="d6",
            day=25,
        ),
    ]
    a = Assessor()(claims)
    assert a.group_of["g1"] == a.group_of["g2"] == a.group_of["g3"]
    assert len({a.group_of[c] for c in ("g1", "g4", "g5", "g6")}) == 4


def test_unrated_lone_claim_cannot_be_judged() -> None:
    a = Assessor()(
        [
            ledger(
                "u",
                claim("Someone says troops took Gogolevka.", AUTHOR, Action.CAPTURE, Side.RU, GOGOLEVKA),
                doc="d1",
            )
        ]
    )
    assert a.grades["u"].code == "F6"
    assert a.grades["u"].reasons[-1] == "credibility 6: cannot be judged"


def test_timeline_status_by_date() -> None:
    window = TimeWindow(start=date(2025, 3, 1), end=date(2025, 3, 1))
    claims = [
        ledger(
            "t1",
            claim("UA holds Gogolevka.", DEEP_STATE, Action.CONTROL, Side.UA, GOGOLEVKA, time=window),
            doc="d0",
        ),
        ledger("t2", RECAPTURE, doc="d1", day=10),
        ledger(
            "t3",
            claim(
                "Ukrainian troops withdrew from Gogolevka.", GENSTAFF, Action.WITHDRAWAL, Side.UA, GOGOLEVKA
            ),
            doc="d2",
            day=11,
        ),
    ]
    a = Assessor()(claims)
    entries = a.timelines["geo:1"].entries
    assert [(e.claim_id, e.day.day, e.holder, e.status) for e in entries] == [
        ("t1", 1, "UA", "UA"),
        ("t2", 10, "RU", "RU"),
        ("t3", 11, "RU", "RU"),
    ]
    assert entries[-1].confidence > entries[1].confidence
    assert a.grades["t3"].credibility <= 2  # UA side admits a withdrawal and RU says the same


def test_incremental_update_matches_full_assessment() -> None:
    base = [
        ledger(
            f"b{i}",
            claim(
                f"Troops took village {i}.",
                MOD,
                Action.CAPTURE,
                Side.RU,
                place(f"V{i}", f"geo:v{i}", 48 + i * 0.2, 37.0),
            ),
            doc=f"d{i}",
        )
        for i in range(20)
    ]
    base.append(ledger("a", RECAPTURE, doc="dx"))
    assessor = Assessor()
    before = assessor(base)
    new = [ledger("b", HOLDS, doc="dy", day=11)]
    updated = assessor.update(before, new, ledger={c.id: c for c in base})
    full = assessor([*base, *new])
    assert updated.grades == full.grades
    assert updated.origins == full.origins
    assert {(c.a, c.b) for c in updated.contradictions} == {("a", "b")}
    assert sorted(g.claim_ids for g in updated.groups) == sorted(g.claim_ids for g in full.groups)
    assert updated.timelines == full.timelines


def test_a_claim_that_says_however_disputes_the_claims_just_before_it() -> None:
    from claimledger.assess import find_contradictions
    from claimledger.model import Action, Claim, Claimant, Side, SourceKind

    def claim(name: str, sentence: str, start: int, side: Side = Side.RU) -> Claim:
        return Claim(sentence=sentence, start=start, end=start + len(sentence), evidence=sentence,
                     claimant=Claimant(name=name, kind=SourceKind.MILBLOGGER, side=Side.RU),
                     action=Action.OTHER, actor_side=side)

    first = "Soldiers said their units rely on a secure radio network."
    second = "A milblogger claimed, however, that the network works only near headquarters."
    unrelated = "Officials said Ukrainian drones were intercepted, however."
    claims = [
        claim("Soldiers", first, 0),
        claim("A milblogger", second, 60),
        claim("Officials", unrelated, 200, side=Side.UA),
    ]
    assert find_contradictions(claims) == [(0, 1)]
    claims[1] = claim("Soldiers", second, 60)  # the same claimant qualifying itself is no dispute
    assert find_contradictions(claims) == []
