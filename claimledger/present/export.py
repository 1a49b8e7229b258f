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
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from claimledger.assess import Assessment, Grade
from claimledger.model import Action, ClaimPlace, LedgerClaim, PlaceKind, Side, SourceKind

KM_PER_DEGREE = 111.32
PRECISION: dict[str | None, int] = {
    PlaceKind.SETTLEMENT.value: 1,
    PlaceKind.OTHER.value: 1,
    None: 1,
    PlaceKind.RIVER.value: 2,
    PlaceKind.ADMIN2.value: 2,
    PlaceKind.ADMIN1.value: 3,
    PlaceKind.REGION.value: 3,
    PlaceKind.COUNTRY.value: 3,
}
#: A point that may be off by more than TOWN_KM is not the town itself (geo precision 2), by more than
#: REGION_KM not even near it (3); a coarsening grid that wide says the same.
TOWN_KM, REGION_KM = 5.0, 50.0
MAX_COARSEN_KM = 1000.0  # a grid coarser than this says nothing about where
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
    "claim_id",
    "document_id",
    "claimant",
    "status",
    "grade",
    "reasons",
    "origin",
    "sentence",
    "url",
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


@dataclass(slots=True, frozen=True)
class Location:
    """Where an exported claim is shown, after coarsening, with its ACLED geo precision, how far the point
    may be from the place (km; None when the gazetteer does not say), and whether the place is a settlement
    known only by an approximate point."""

    lat: float
    lon: float
    name: str
    precision: int
    coarsen_km: float | None
    precision_km: float | None = None
    approximate: bool = False


def approximate(place: ClaimPlace) -> bool:
    """A settlement whose point is only approximate (a hromada's, a postal centroid): never the village's."""
    precision = place.precision_km
    return place.kind == PlaceKind.SETTLEMENT.value and precision is not None and precision > TOWN_KM


def geo_precision(place: ClaimPlace, coarsen_km: float | None = None) -> int:
    """ACLED's geo precision of a place: the coarsest of its kind's, its point's and the grid's."""
    own, grid = place.precision_km or 0.0, coarsen_km or 0.0
    by_point = 1 if own <= TOWN_KM else 2 if own <= REGION_KM else 3
    by_grid = 1 if grid < TOWN_KM else 2 if grid < REGION_KM else 3
    return max(PRECISION.get(place.kind, 1), by_point, by_grid)


def coarsened_precision_km(precision_km: float | None, coarsen_km: float | None) -> float | None:
    """How far a point snapped to a `coarsen_km` grid may be from the place: its own precision plus half a
    cell's diagonal (never more precise than the place); unchanged when not coarsened."""
    if not coarsen_km:
        return precision_km
    return round((precision_km or 0.0) + coarsen_km * math.sqrt(0.5), 1)


def check_coarsen(km: float | None) -> float | None:
    """The grid size when it is a number of km above 0 and at most MAX_COARSEN_KM (or None), else a
    ValueError: NaN, infinity or 10^5 km would make coordinates meaningless or out of range."""
    if km is not None and not 0 < km <= MAX_COARSEN_KM:
        raise ValueError(f"coarsen must be a number of km above 0 and at most {MAX_COARSEN_KM:g}, not {km}")
    return km


def coarsen(lat: float, lon: float, km: float | None) -> tuple[float, float]:
    """Snap a point to the centre of a grid cell `km` wide (rounded to ~1 m when not coarsened); the centre
    stays within latitude -90..90 and longitude -180..180."""
    km = check_coarsen(km)
    if not km:
        return round(lat, 5), round(lon, 5)
    dlat = km / KM_PER_DEGREE
    clat = min(max((math.floor(lat / dlat) + 0.5) * dlat, -90.0), 90.0)
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(clat)), 0.01))
    clon = min(max((math.floor(lon / dlon) + 0.5) * dlon, -180.0), 180.0)
    return round(clat, 5), round(clon, 5)


def locate(claim: LedgerClaim, coarsen_km: float | None = None) -> Location | None:
    """The claim's most precise resolved place (by geo precision, then precision_km), coarsened; None when
    no place has coordinates. The claim is never more precise than that place."""
    placed = [p for p in claim.claim.places if p.lat is not None and p.lon is not None]
    if not placed:
        return None
    best = min(placed, key=lambda p: (geo_precision(p), p.precision_km or 0.0))
    lat, lon = coarsen(best.lat, best.lon, coarsen_km)  # type: ignore[arg-type]
    return Location(
        lat=lat, lon=lon, name=best.name or best.mention, precision=geo_precision(best, coarsen_km),
        coarsen_km=coarsen_km, precision_km=coarsened_precision_km(best.precision_km, coarsen_km),
        approximate=approximate(best),
    )


def contradicting(assessment: Assessment) -> dict[str, list[str]]:
    """For each claim id, the ids of the claims it contradicts."""
    found: dict[str, list[str]] = defaultdict(list)
    for c in assessment.contradictions:
        found[c.a].append(c.b)
        found[c.b].append(c.a)
    return found


def claim_record(
    claim: LedgerClaim, assessment: Assessment, against: list[str], coarsen_km: float | None
) -> dict[str, Any]:
    """One claim as a JSON-ready dict with its assessment; place coordinates coarsened."""
    data = claim.model_dump(mode="json")
    data["claim"]["places"] = [_coarsened_place(p, coarsen_km) for p in claim.claim.places]
    location = locate(claim, coarsen_km)
    grade = assessment.grades.get(claim.id)
    data["assessment"] = {
        "grade": grade.code if grade else None,
        "reasons": grade.reasons if grade else [],
        "origin": assessment.origins.get(claim.id),
        "group": assessment.group_of.get(claim.id),
        "contradicts": sorted(against),
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


def export_jsonl(
    assessment: Assessment, claims: Sequence[LedgerClaim], out: TextIO, *, coarsen_km: float | None = None
) -> int:
    """Write one JSON object per claim; returns the number written."""
    against = contradicting(assessment)
    for claim in claims:
        out.write(
            json.dumps(claim_record(claim, assessment, against[claim.id], coarsen_km), ensure_ascii=False)
        )
        out.write("\n")
    return len(claims)


def export_geojson(
    assessment: Assessment, claims: Sequence[LedgerClaim], out: TextIO, *, coarsen_km: float | None = None
) -> int:
    """Write a GeoJSON FeatureCollection of Point features (lon, lat); returns the number of features."""
    against = contradicting(assessment)
    features = []
    for claim in claims:
        location = locate(claim, coarsen_km)
        if location is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": claim.id,
                "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
                "properties": feature_properties(claim, assessment, against[claim.id], location),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "coarsen_km": coarsen_km,
        "note": _coarsen_note(coarsen_km),
        "unlocated_claims": len(claims) - len(features),
        "features": features,
    }
    json.dump(collection, out, ensure_ascii=False)
    return len(features)


def feature_properties(
    claim: LedgerClaim, assessment: Assessment, against: list[str], location: Location
) -> dict[str, Any]:
    """The flat claim fields a map or a GIS shows for one claim."""
    c = claim.claim
    grade = assessment.grades.get(claim.id)
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
        "origin": assessment.origins.get(claim.id),
        "group": assessment.group_of.get(claim.id),
        "contradicts": sorted(against),
    }


def _coarsen_note(km: float | None) -> str:
    if not km:
        return "coordinates as resolved (rounded to 5 decimals)"
    return f"coordinates snapped to a {km:g} km grid; positions are no more precise than that"


def export_acled_csv(
    assessment: Assessment, claims: Sequence[LedgerClaim], out: TextIO, *, coarsen_km: float | None = None
) -> int:
    """Write ACLED's columns in ACLED's order, then claimledger's own; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *EXTRA_COLUMNS])
    writer.writeheader()
    for claim in claims:
        writer.writerow(
            {
                k: _cell(v)
                for k, v in acled_row(
                    claim, assessment.grades.get(claim.id), assessment.origins.get(claim.id), coarsen_km
                ).items()
            }
        )
    return len(claims)


COUNTRIES = {  # ISO 3166 alpha-2 -> (ACLED country name, ISO numeric), for the countries this war touches
    "UA": ("Ukraine", 804), "RU": ("Russia", 643), "BY": ("Belarus", 112), "MD": ("Moldova", 498),
    "PL": ("Poland", 616), "RO": ("Romania", 642), "GE": ("Georgia", 268),
}


def acled_row(
    claim: LedgerClaim, grade: Grade | None, origin: str | None, coarsen_km: float | None
) -> dict[str, Any]:
    """One claim as an ACLED-style row; country, iso and admin units come from its most precise place."""
    c = claim.claim
    disorder, event_type, sub_event = EVENT_TYPES.get(c.action, STRATEGIC)
    if c.action == Action.STRIKE.value and any(w in c.sentence.casefold() for w in AIR_WORDS):
        sub_event = "Air/drone strike"
    day = _event_day(claim)
    location = locate(claim, coarsen_km)
    admin: dict[str | None, str] = {p.kind: p.name or p.mention for p in c.places}
    main = min(c.places, key=lambda p: PRECISION.get(p.kind, 1), default=None)
    country = COUNTRIES.get(main.country or "") if main else None
    actor1 = ACTORS.get(c.actor_side, "")
    actor2 = ACTORS.get({"RU": "UA", "UA": "RU"}.get(c.actor_side, ""), "") if event_type == "Battles" else ""
    claimant = c.claimant.canonical or c.claimant.name
    unit = (c.quantity.unit or "").casefold() if c.quantity else ""
    fatal = (
        c.action == Action.CASUALTIES.value and c.quantity is not None and any(w in unit for w in FATAL_WORDS)
    )
    tags = [f"coordinates coarsened to {coarsen_km:g} km"] if coarsen_km else []
    return {
        "event_id_cnty": f"CL{claim.id}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": _time_precision(claim),
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
        "location": location.name if location else "",
        "latitude": location.lat if location else "",
        "longitude": location.lon if location else "",
        "geo_precision": location.precision if location else "",
        "source": "; ".join(dict.fromkeys([claimant, *(v.name for v in c.via), claim.source])),
        "source_scale": SOURCE_SCALE.get(c.claimant.kind, "Other"),
        "notes": f"{claimant} ({c.status}): {c.sentence}" + (f" [{tags[0]}]" if tags else ""),
        "fatalities": int(c.quantity.value or 0) if fatal and c.quantity else 0,
        "tags": "; ".join(tags),
        "timestamp": int(claim.published_at.timestamp()) if claim.published_at else "",
        "claim_id": claim.id,
        "document_id": claim.document_id,
        "claimant": claimant,
        "status": c.status,
        "grade": grade.code if grade else "",
        "reasons": " | ".join(grade.reasons) if grade else "",
        "origin": origin or "",
        "sentence": c.sentence,
        "url": claim.url or "",
        "coarsen_km": coarsen_km if coarsen_km else "",
    }


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
