"""Assessment across sources: echoes, grouping, contradictions, grades, timelines, incremental update."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from claimledger.assess import Assessor, find_contradictions, frame_of, roll_up
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
        cue = "however" if "however" in sentence else None  # the extractor sets the cue it found
        return Claim(sentence=sentence, start=start, end=start + len(sentence), evidence=sentence,
                     claimant=Claimant(name=name, kind=SourceKind.MILBLOGGER, side=Side.RU),
                     action=Action.OTHER, actor_side=side, dispute_cue=cue)

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


# -- events, relays, disputes, honest timelines -------------------------------------------------------

BELGOROD = place("Belgorod", "geo:b", 50.6, 36.6)


def test_a_headline_and_its_own_body_are_one_origin() -> None:
    headline = claim("Governor reports drone strike on Belgorod", Claimant(name="Governor"), Action.STRIKE,
                     Side.UA, BELGOROD)
    body = claim("The Belgorod regional governor said a Ukrainian drone struck a depot in Belgorod.",
                 Claimant(name="The Belgorod regional governor"), Action.STRIKE, Side.UA, BELGOROD)
    body = body.model_copy(update={"start": 43, "end": 43 + len(body.sentence)})
    a = Assessor()([ledger("h", headline, doc="feed"), ledger("b", body, doc="feed")])
    assert a.origins["h"] == a.origins["b"] == "belgorod regional governor"
    assert a.grades["h"].credibility == a.grades["b"].credibility == 6  # nobody else says so
    assert any("no independent corroboration" in r for r in a.grades["h"].reasons)
    assert any(r.startswith("repeats belgorod regional governor") for r in a.grades["h"].reasons)


def test_a_forward_chain_shares_one_origin_and_reasons_name_the_repeaters() -> None:
    said = "Russian troops captured Novoe, the ministry said."
    novoe = place("Novoe", "geo:3", 50.5, 36.5)
    chain = [
        ledger("f0", claim(said, MOD, Action.CAPTURE, Side.RU, novoe), doc="mod", source="Russian MoD"),
        ledger("f1", claim(said, AUTHOR, Action.CAPTURE, Side.RU, novoe), doc="c1", source="Chan A",
               relay="Russian MoD"),
        ledger("f2", claim(said + "!", AUTHOR, Action.CAPTURE, Side.RU, novoe), doc="c2", day=11,
               source="Chan B", relay="Chan A"),
    ]
    a = Assessor()(chain)
    assert {a.origins[c] for c in ("f0", "f1", "f2")} == {"russian mod"}
    assert len({a.group_of[c] for c in ("f0", "f1", "f2")}) == 1
    reasons = a.grades["f0"].reasons
    assert "no independent corroboration" in reasons
    assert any(r.startswith("repeated by 2 outlet(s) relaying russian mod") and "Chan A, Chan B" in r
               for r in reasons)


def test_the_same_claim_in_russian_and_english_is_one_event() -> None:
    ru = claim("Минобороны России заявило, что войска заняли Гоголевку.", MOD, Action.CAPTURE, Side.RU,
               GOGOLEVKA_UA)
    en = claim("Russia said its troops had taken Gogolevka.", AUTHOR, Action.CAPTURE, Side.RU, GOGOLEVKA)
    casualties = claim("Two soldiers were killed near Gogolevka.", GENSTAFF, Action.CASUALTIES, Side.UA,
                       place("Gogolevka outskirts", None, 51.21, 35.2))
    lyptsi = place("Lyptsi", "geo:4", 50.2, 36.4)
    elsewhere = claim("Troops took Lyptsi.", MOD, Action.CAPTURE, Side.RU, lyptsi)
    a = Assessor()([
        ledger("ru", ru, doc="d1"), ledger("en", en, doc="d2", day=11),
        ledger("k", casualties, doc="d3", day=12), ledger("l", elsewhere, doc="d4"),
    ])
    assert a.group_of["ru"] == a.group_of["en"] == a.group_of["k"] != a.group_of["l"]
    event = next(g for g in a.groups if g.id == a.group_of["ru"])
    assert event.place == "Gogolevka" and (event.start, event.end) == (date(2025, 3, 10), date(2025, 3, 12))
    assert event.label.startswith("capture/casualties at Gogolevka")


def test_an_undated_report_joins_the_one_dated_event_of_its_town() -> None:
    took = claim("Войска заняли Гоголевку.", AUTHOR, Action.CAPTURE, Side.RU, GOGOLEVKA_UA)
    undated = LedgerClaim(id="u", document_id="tg", source="Channel", claim=took)
    a = Assessor()([undated, ledger("r", RECAPTURE, doc="d1")])
    assert a.group_of["u"] == a.group_of["r"]
    again = claim("Troops took Gogolevka.", AUTHOR, Action.CAPTURE, Side.RU, GOGOLEVKA)
    later = ledger("x", again, doc="d2", day=28)
    b = Assessor()([undated, ledger("r", RECAPTURE, doc="d1"), later])
    assert b.group_of["r"] != b.group_of["x"] and b.group_of["u"] not in (b.group_of["r"], b.group_of["x"])


def test_three_rival_versions_roll_up_into_one_dispute() -> None:
    denial = claim("The General Staff denied that Russian troops captured Gogolevka.", GENSTAFF,
                   Action.CAPTURE, Side.RU, GOGOLEVKA, status=Status.DENIED)
    footage = claim("Geolocated footage shows Ukrainian units in Gogolevka.",
                    Claimant(name="geolocated footage"), Action.CONTROL, Side.UA, GOGOLEVKA)
    claims = [
        ledger("v1", RECAPTURE, doc="d1"), ledger("v2", HOLDS, doc="d2"), ledger("v3", denial, doc="d3"),
        ledger("v4", footage, doc="d4"),
    ]
    a = Assessor()(claims)
    frames = {c.id: frame_of(c) for c in claims}
    [dispute] = roll_up(a, frames.get)
    assert dispute.event == a.group_of["v1"] and dispute.pairs == len(a.contradictions) >= 3
    versions = {v.label: v for v in dispute.versions}
    assert set(versions) == {"RU holds", "UA holds", "capture by RU denied"}
    assert versions["UA holds"].claim_ids == ["v2", "v4"]  # DeepState (B) before unrated footage
    assert versions["UA holds"].best == a.grades["v2"].code
    assert versions["RU holds"].claimants == ["Russian MoD"]


def test_a_timeline_state_resting_on_one_side_says_so() -> None:
    first = ledger("s1", RECAPTURE, doc="d1", day=10)
    again = ledger("s2", claim("The ministry said Gogolevka is under Russian control.", MOD, Action.CONTROL,
                               Side.RU, GOGOLEVKA), doc="d2", day=11)
    a = Assessor()([first, again])
    last = a.timelines["geo:1"].entries[-1]
    assert last.status == "RU" and last.single_sided
    assert last.basis == "Russian MoD only; no Ukrainian or independent source"
    b = Assessor()([first, again, ledger("s3", HOLDS, doc="d3", day=11)])
    last = b.timelines["geo:1"].entries[-1]
    assert not last.single_sided and last.sources == ["DeepState", "Russian MoD"]
    assert last.basis == "RU: Russian MoD; UA: DeepState"
