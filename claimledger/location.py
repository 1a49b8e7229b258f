"""Where a claim is shown: its most precise place, coarsened to a grid, with ACLED's geo precision and how
far the point may be from the place. Shared by the store's read model and every export, so a claim is
placed the same way everywhere.

Every place and every located claim carries `precision_km`, how far its point may be from the place (the
gazetteer's, plus half a grid cell's diagonal when coarsened), and ACLED's `geo_precision` from it and the
place's kind: 1 the town itself, 2 near it or part of a district, 3 a larger region. A settlement known only
by an approximate point (a hromada's, precision over TOWN_KM) is never given as the village itself: its
`geo_precision` is 2 and it is flagged `approximate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from claimledger.model import ClaimPlace, LedgerClaim, PlaceKind

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
