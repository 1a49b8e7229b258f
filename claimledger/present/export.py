"""Exports of an assessed ledger: JSON lines, GeoJSON (RFC 7946) and ACLED-style CSV.

Every export takes `coarsen_km`: coordinates snap to a grid of that size (and the output says so), so a
published ledger never shows positions more precisely than its sources did. Every place and every located
claim carries `precision_km`, how far its point may be from the place (the gazetteer's, plus half a grid
cell's diagonal when coarsened), and ACLED's `geo_precision` from it and the place's kind: 1 the town
itself, 2 near it or part of a district, 3 a larger region. A settlement known only by an approximate point
(a hromada's, precision over TOWN_KM) is never given as the village itself: its `geo_precision` is 2 and it
is flagged `approximate`.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any, TextIO

from claimledger.assess import Assessment, Grade
from claimledger.location import PRECISION, Location, coarsen, coarsened_precision_km, locate
from claimledger.model import Action, ClaimPlace, LedgerClaim, PlaceKind, Side, SourceKind
from claimledger.store import ClaimQuery, Ledger

#: Claims read from the ledger at a time while an export streams.
CHUNK = 1000

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
EXTRA_COLUMNS = (
    "group",
    "claim_ids",
    "document_ids",
    "claimants",
    "grades",
    "origins",
    "sentences",
    "urls",
    "coarsen_km",
)
ACTORS = {
    Side.RU.value: "Military Forces of Russia (2000-)",
    Side.UA.value: "Military Forces of Ukraine (2019-)",
}
BATTLES = ("Political violence", "Battles", "Armed clash")
EVENT_TYPES: dict[str, tuple[str, str, str]] = {
    Action.CAPTURE.value: ("Political violence", "Battles", "Non-state actor overtakes territory"),
    Action.RECAPTURE.value: ("Political violence", "Battles", "Government regains territory"),
    Action.ADVANCE.value: BATTLES,
    Action.ATTACK.value: BATTLES,
    Action.ATTACK_REPELLED.value: BATTLES,
    Action.FIGHTING.value: BATTLES,
    Action.CASUALTIES.value: BATTLES,
    Action.STRIKE.value: (
        "Political violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    Action.WITHDRAWAL.value: (
        "Strategic developments",
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
}
STRATEGIC = ("Strategic developments", "Strategic developments", "Other")
AIR_WORDS = ("drone", "uav", "air strike", "airstrike", "aircraft", "bomb", "shahed", "aerial")
FATAL_WORDS = ("kill", "dead", "death", "fatalit")
SOURCE_SCALE = {
    SourceKind.OSINT.value: "New media",
    SourceKind.MILBLOGGER.value: "New media",
    SourceKind.MEDIA.value: "National",
    SourceKind.ANALYST.value: "Other",
    SourceKind.LOCAL_OFFICIAL.value: "Subnational",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Exported:
    """One claim as the exports write it: with its grade, origin, group and what it contradicts."""

    claim: LedgerClaim
    grade: Grade | None
    origin: str | None
    group: str | None
    contradicts: Sequence[str]


def contradicting(assessment: Assessment) -> dict[str, list[str]]:
    """For each claim id, the ids of the claims it contradicts."""
    found: dict[str, list[str]] = defaultdict(list)
    for c in assessment.contradictions:
        found[c.a].append(c.b)
        found[c.b].append(c.a)
    return found


def assessed(assessment: Assessment, claims: Iterable[LedgerClaim]) -> Iterator[Exported]:
    """Claims in memory with an assessment of them, as the exports take them."""
    against = contradicting(assessment)
    for claim in claims:
        yield Exported(claim=claim, grade=assessment.grades.get(claim.id),
                       origin=assessment.origins.get(claim.id), group=assessment.group_of.get(claim.id),
                       contradicts=against.get(claim.id, []))


def stored(ledger: Ledger, query: ClaimQuery | None = None, *, by_event: bool = False) -> Iterator[Exported]:
    """The ledger's claims `query` matches (rejected ones left out by default) with their stored assessment,
    newest first, read CHUNK at a time: an export writes as it reads. `by_event`: event by event in one
    streamed read, as the ACLED export takes them, without what each contradicts (its rows do not say)."""
    if by_event:
        for record in ledger.query(query, by_event=True):
            yield Exported(claim=record.claim, grade=record.grade, origin=record.origin, group=record.group,
                           contradicts=())
        return
    cursor: str | None = None
    while True:
        page = list(ledger.query(query, limit=CHUNK, cursor=cursor))
        if not page:
            return
        against = ledger.contradicting([record.claim.id for record in page])
        for record in page:
            yield Exported(claim=record.claim, grade=record.grade, origin=record.origin, group=record.group,
                           contradicts=against.get(record.claim.id, []))
        cursor = page[-1].cursor


def claim_record(item: Exported, coarsen_km: float | None) -> dict[str, Any]:
    """One claim as a JSON-ready dict with its assessment; place coordinates coarsened."""
    claim, grade = item.claim, item.grade
    data = claim.model_dump(mode="json")
    data["claim"]["places"] = [_coarsened_place(p, coarsen_km) for p in claim.claim.places]
    location = locate(claim, coarsen_km)
    data["assessment"] = {
        "grade": grade.code if grade else None,
        "reasons": grade.reasons if grade else [],
        "origin": item.origin,
        "group": item.group,
        "contradicts": sorted(item.contradicts),
    }
    data["location"] = (
        None
        if location is None
        else {
            "lat": location.lat,
            "lon": location.lon,
            "name": location.name,
            "geo_precision": location.precision,
            "precision_km": location.precision_km,
            "approximate": location.approximate,
        }
    )
    data["coarsen_km"] = coarsen_km
    return data


def _coarsened_place(place: ClaimPlace, km: float | None) -> dict[str, Any]:
    data = place.model_dump(mode="json")
    if km and place.lat is not None and place.lon is not None:
        data["lat"], data["lon"] = coarsen(place.lat, place.lon, km)
        data["precision_km"] = coarsened_precision_km(place.precision_km, km)
    return data


def export_jsonl(items: Iterable[Exported], out: TextIO, *, coarsen_km: float | None = None) -> int:
    """Write one JSON object per claim as it comes; returns the number written."""
    count = 0
    for item in items:
        out.write(json.dumps(claim_record(item, coarsen_km), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def export_geojson(items: Iterable[Exported], out: TextIO, *, coarsen_km: float | None = None) -> int:
    """Write a GeoJSON FeatureCollection of Point features (lon, lat), one feature as each claim comes;
    returns the number of features."""
    head = {"type": "FeatureCollection", "coarsen_km": coarsen_km, "note": _coarsen_note(coarsen_km)}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [')
    features = unlocated = 0
    for item in items:
        location = locate(item.claim, coarsen_km)
        if location is None:
            unlocated += 1
            continue
        feature = {
            "type": "Feature",
            "id": item.claim.id,
            "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
            "properties": feature_properties(item, location),
        }
        out.write((", " if features else "") + json.dumps(feature, ensure_ascii=False))
        features += 1
    out.write(f'], "unlocated_claims": {unlocated}}}')
    return features


def feature_properties(item: Exported, location: Location) -> dict[str, Any]:
    """The flat claim fields a map or a GIS shows for one claim."""
    claim, grade = item.claim, item.grade
    c = claim.claim
    return {
        "claim_id": claim.id,
        "document_id": claim.document_id,
        "source": claim.source,
        "url": claim.url,
        "published_at": claim.published_at.isoformat() if claim.published_at else None,
        "relay": claim.relay,
        "claimant": c.claimant.canonical or c.claimant.name,
        "claimant_side": c.claimant.side,
        "via": [v.name for v in c.via],
        "action": c.action,
        "actor_side": c.actor_side,
        "status": c.status,
        "place": location.name,
        "geo_precision": location.precision,
        "precision_km": location.precision_km,
        "approximate": location.approximate,
        "coarsen_km": location.coarsen_km,
        "sentence": c.sentence,
        "grade": grade.code if grade else None,
        "reasons": grade.reasons if grade else [],
        "origin": item.origin,
        "group": item.group,
        "contradicts": sorted(item.contradicts),
    }


def _coarsen_note(km: float | None) -> str:
    if not km:
        return "coordinates as resolved (rounded to 5 decimals)"
    return f"coordinates snapped to a {km:g} km grid; positions are no more precise than that"


def event_key(item: Exported) -> str:
    """The event an exported claim belongs to: its group, or the claim alone when it has none."""
    return item.group or item.claim.id


def export_acled_csv(
    items: Iterable[Exported],
    out: TextIO,
    *,
    coarsen_km: float | None = None,
    unlocated: Callable[[int], None] | None = None,
) -> int:
    """Write ACLED's columns in ACLED's order, then claimledger's own, one row per event as its claims come
    (`items` ordered by event: `stored(ledger, by_event=True)`, or sorted by `event_key`); returns the number
    of rows. An event no claim locates is not written; `unlocated` is told how many there were."""
    writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *EXTRA_COLUMNS])
    writer.writeheader()
    count = skipped = 0
    for key, event in groupby(items, key=event_key):
        row = acled_row(key, list(event), coarsen_km)
        if row is None:
            skipped += 1
            continue
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    if unlocated is not None and skipped:
        unlocated(skipped)
    return count


COUNTRIES = {  # ISO 3166 alpha-2 -> (ACLED country name, ISO numeric), for the countries this war touches
    "UA": ("Ukraine", 804), "RU": ("Russia", 643), "BY": ("Belarus", 112), "MD": ("Moldova", 498),
    "PL": ("Poland", 616), "RO": ("Romania", 642), "GE": ("Georgia", 268),
}


def acled_row(key: str, event: Sequence[Exported], coarsen_km: float | None) -> dict[str, Any] | None:
    """One event (its claims) as an ACLED-style row, or None when no claim of it has a location. The place
    (coordinates, country, iso, admin units) is the most precise any claim gives, the date and time
    precision those of the tightest time window; the type and actors follow the event's commonest action."""
    located = [(item, where) for item in event if (where := locate(item.claim, coarsen_km)) is not None]
    if not located:
        return None
    placed, location = min(located, key=lambda pair: (pair[1].precision, pair[1].precision_km or 0.0))
    timed = min(event, key=lambda item: (_time_precision(item.claim), _event_day(item.claim) or date.max))
    day = _event_day(timed.claim)
    c = _main(event).claim.claim
    disorder, event_type, sub_event = EVENT_TYPES.get(c.action, STRATEGIC)
    if c.action == Action.STRIKE.value and any(w in c.sentence.casefold() for w in AIR_WORDS):
        sub_event = "Air/drone strike"
    places = placed.claim.claim.places
    admin: dict[str | None, str] = {p.kind: p.name or p.mention for p in places}
    main = min(places, key=lambda p: PRECISION.get(p.kind, 1), default=None)
    country = COUNTRIES.get(main.country or "") if main else None
    actor1 = ACTORS.get(c.actor_side, "")
    actor2 = ACTORS.get({"RU": "UA", "UA": "RU"}.get(c.actor_side, ""), "") if event_type == "Battles" else ""
    tags = [f"coordinates coarsened to {coarsen_km:g} km"] if coarsen_km else []
    published = [item.claim.published_at for item in event if item.claim.published_at]
    return {
        "event_id_cnty": f"CL{key}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": _time_precision(timed.claim),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_event,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": "State forces" if actor1 else "",
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": "State forces" if actor2 else "",
        "interaction": "State forces-State forces" if actor1 and actor2 else "",
        "civilian_targeting": "",
        "iso": country[1] if country else "",
        "region": "Europe",
        "country": country[0] if country else "",
        "admin1": (main.admin1 if main else None) or admin.get(PlaceKind.ADMIN1.value, ""),
        "admin2": (main.admin2 if main else None) or admin.get(PlaceKind.ADMIN2.value, ""),
        "admin3": "",
        "location": location.name,
        "latitude": location.lat,
        "longitude": location.lon,
        "geo_precision": location.precision,
        "source": _joined(source for item in event for source in _sources(item.claim)),
        "source_scale": "-".join(
            dict.fromkeys(SOURCE_SCALE.get(item.claim.claim.claimant.kind, "Other") for item in event)
        ),
        "notes": _joined(_note(item.claim) for item in event) + (f" [{tags[0]}]" if tags else ""),
        "fatalities": max((_killed(item.claim) for item in event), default=0),
        "tags": "; ".join(tags),
        "timestamp": int(max(published).timestamp()) if published else "",
        "group": key,
        "claim_ids": _joined(item.claim.id for item in event),
        "document_ids": _joined(item.claim.document_id for item in event),
        "claimants": _joined(_claimant(item.claim) for item in event),
        "grades": _joined(item.grade.code if item.grade else "" for item in event),
        "origins": _joined(item.origin or "" for item in event),
        "sentences": " | ".join(dict.fromkeys(item.claim.claim.sentence for item in event)),
        "urls": _joined(item.claim.url or "" for item in event),
        "coarsen_km": coarsen_km if coarsen_km else "",
    }


def _main(event: Sequence[Exported]) -> Exported:
    """The claim whose action types the event: of its commonest action, ACLED's typed actions first."""
    actions = Counter(item.claim.claim.action for item in event)
    action = max(actions, key=lambda a: (a in EVENT_TYPES, actions[a]))
    return next(item for item in event if item.claim.claim.action == action)


def _claimant(claim: LedgerClaim) -> str:
    return claim.claim.claimant.canonical or claim.claim.claimant.name


def _sources(claim: LedgerClaim) -> list[str]:
    """Who a claim's word comes from: its claimant, those it came via, and the outlet that published it."""
    return [_claimant(claim), *(v.name for v in claim.claim.via), claim.source]


def _note(claim: LedgerClaim) -> str:
    """A claim summarised: "MoD RU (claimed): recapture by RU", with its count when it gives one."""
    c, count = claim.claim, ""
    if c.quantity is not None and c.quantity.value is not None:
        count = " (" + " ".join(f"{c.quantity.value:g} {c.quantity.unit or ''}".split()) + ")"
    return f"{_claimant(claim)} ({c.status}): {c.action} by {c.actor_side}{count}"


def _killed(claim: LedgerClaim) -> int:
    """The deaths a casualty claim counts; 0 for any other claim."""
    c = claim.claim
    if c.action != Action.CASUALTIES.value or c.quantity is None or c.quantity.value is None:
        return 0
    unit = (c.quantity.unit or "").casefold()
    return int(c.quantity.value) if any(w in unit for w in FATAL_WORDS) else 0


def _joined(values: Iterable[str]) -> str:
    """Distinct non-empty values in their first order, "; "-separated."""
    return "; ".join(dict.fromkeys(v for v in values if v))


def _event_day(claim: LedgerClaim) -> Any:
    time = claim.claim.time
    if time is not None and (time.start or time.end):
        return time.start or time.end
    return claim.published_at.date() if claim.published_at else None


def _time_precision(claim: LedgerClaim) -> int:
    """ACLED's 1 day, 2 week, 3 month: from the claim's own window, else 2 (around publication)."""
    time = claim.claim.time
    if time is None or not (time.start and time.end):
        return 2
    span = (time.end - time.start).days
    return 1 if span == 0 else 2 if span <= 7 else 3


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text from documents: a leading = + - @ becomes literal."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
