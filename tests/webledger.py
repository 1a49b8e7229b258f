"""A hand-made ledger for the API and web tests: two contradicting claims, a later one, a hostile one."""

from __future__ import annotations

from datetime import datetime

from claimledger import jobs
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
    SourceKind,
    Status,
    TimeWindow,
)
from claimledger.store import Ledger, claim_id

TESTOVKA = Place(id="test:1", name="Testovka", country="UA", lat=50.10, lon=36.20, population=900)
ALT_TESTOVKA = Place(id="test:2", name="Testovka", country="UA", admin1="Other Oblast", lat=48.50, lon=38.00)
PROBNOE = Place(id="test:3", name="Probnoe", country="UA", lat=49.60, lon=37.30)
XSSVILLE = Place(id="test:4", name="Xssville", country="UA", lat=47.90, lon=35.10)
HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)"> Shelling was reported in Xssville.'
MINISTRY = Claimant(
    name="the ministry",
    canonical="Test Ministry",
    kind=SourceKind.OFFICIAL_MILITARY,
    side=Side.RU,
    reliability="D",
)
STAFF = Claimant(
    name="the general staff",
    canonical="Test Staff",
    kind=SourceKind.OFFICIAL_MILITARY,
    side=Side.UA,
    reliability="C",
)
OFFICIALS = Claimant(
    name="local officials",
    canonical="Test Officials",
    kind=SourceKind.LOCAL_OFFICIAL,
    side=Side.UA,
    reliability="B",
)


def _item(
    text: str,
    source: str,
    published: datetime,
    claimant: Claimant,
    action: Action,
    place: Place,
    *,
    status: Status = Status.CLAIMED,
    side: Side = Side.RU,
    candidates: tuple[Place, ...] = (),
) -> tuple[Document, Extraction]:
    document = Document.create(text=text, source=source, published_at=published, title=f"{source} report")
    start = text.index(place.name)
    end = start + len(place.name)
    claim = Claim(
        sentence=text,
        start=0,
        end=len(text),
        evidence=text,
        claimant=claimant,
        action=action,
        actor_side=side,
        places=[
            ClaimPlace(
                mention=place.name,
                start=start,
                end=end,
                place_id=place.id,
                name=place.name,
                kind=PlaceKind.SETTLEMENT,
                lat=place.lat,
                lon=place.lon,
            )
        ],
        time=TimeWindow(start=published.date(), end=published.date(), text="on that day"),
        status=status,
    )
    mention = PlaceMention(
        text=place.name,
        start=start,
        end=end,
        sentence=text,
        place=place,
        confidence=0.9,
        candidates=[Candidate(place=p, score=0.5) for p in (place, *candidates)],
    )
    return document, Extraction(document_id=document.id, mentions=[mention], claims=[claim])


def build(url: str) -> dict[str, str]:
    """Store the test ledger at `url`; returns the claim ids by role."""
    items = [
        _item(
            "The ministry said its troops captured Testovka.",
            "Wire One",
            datetime(2025, 3, 1, 9),
            MINISTRY,
            Action.CAPTURE,
            TESTOVKA,
            candidates=(ALT_TESTOVKA,),
        ),
        _item(
            "The general staff denied that Testovka was captured.",
            "Wire Two",
            datetime(2025, 3, 1, 12),
            STAFF,
            Action.CAPTURE,
            TESTOVKA,
            status=Status.DENIED,
        ),
        _item(
            "Local officials reported shelling in Probnoe.",
            "Wire Three",
            datetime(2025, 3, 20, 8),
            OFFICIALS,
            Action.STRIKE,
            PROBNOE,
        ),
        _item(HOSTILE, "Wire Four", datetime(2025, 3, 5, 8), OFFICIALS, Action.STRIKE, XSSVILLE),
    ]
    with Ledger(url=url) as ledger:
        ledger.add_many(items)
        jobs.reassess(ledger)  # as an ingest leaves it: assessed
    roles = ("capture", "denial", "later", "hostile")
    return {role: claim_id(document.id, 0) for role, (document, _) in zip(roles, items, strict=True)}
