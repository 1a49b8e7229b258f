"""A claim's frame: where, when, what kind of event and which side it favours. Pure functions."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from claimledger.geometry import distance_km
from claimledger.model import Action, LedgerClaim, PlaceKind, Side, SourceKind, Status

TERRITORY_STRONG = frozenset(
    {Action.CAPTURE, Action.RECAPTURE, Action.CONTROL, Action.ATTACK_REPELLED, Action.WITHDRAWAL}
)
TERRITORY_WEAK = frozenset({Action.ADVANCE, Action.PRESENCE})
CATEGORY: dict[str, str] = {
    **{action.value: "territory" for action in TERRITORY_STRONG | TERRITORY_WEAK},
    Action.FIGHTING.value: "fighting",
    Action.ATTACK.value: "fighting",
    Action.STRIKE.value: "strike",
    Action.CASUALTIES.value: "casualties",
    Action.REINFORCEMENT.value: "reinforcement",
    Action.DENIAL.value: "denial",
    Action.OTHER.value: "other",
}
SITE_KINDS = frozenset({None, PlaceKind.SETTLEMENT.value, PlaceKind.OTHER.value})
REGION_KINDS = frozenset({PlaceKind.ADMIN1.value, PlaceKind.ADMIN2.value, PlaceKind.REGION.value})
MAX_SPAN_DAYS = 31
WORD = re.compile(r"\w+")
# Longitude cells are twice as wide in degrees as latitude cells: at least the radius wide up to 60°N.
LON_CELL_FACTOR = 2.0
KM_PER_DEGREE = 111.32


def opposite(side: str) -> str:
    """The other belligerent, or unknown."""
    return {Side.RU.value: Side.UA.value, Side.UA.value: Side.RU.value}.get(side, Side.UNKNOWN.value)


@lru_cache(maxsize=1 << 16)
def normalize_name(text: str) -> str:
    """Casefolded, accent-free, punctuation-free words: 'Russia’s MoD' -> 'russias mod'."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’`ʼ]", "", text)
    text = re.sub(r"\W+", " ", text).strip()
    return text.removeprefix("the ")


def normalize_text(text: str) -> str:
    """A sentence reduced to casefolded words, for near-duplicate comparison."""
    return " ".join(WORD.findall(text.casefold()))


def holder(action: str, actor_side: str) -> str:
    """Which side a territorial claim says holds the place after the event."""
    if action == Action.WITHDRAWAL.value:
        return opposite(actor_side)
    return actor_side


@dataclass(slots=True, frozen=True)
class Site:
    """One place a claim is about: a key that identifies it and its coordinates if resolved."""

    key: str
    name: str
    lat: float | None
    lon: float | None
    settlement: bool
    region: bool = False
    """An oblast, district or named region (not a settlement, not a whole country)."""


@dataclass(slots=True, frozen=True)
class Frame:
    """The parts of a claim assessment compares."""

    id: str
    document_id: str
    sentence: str
    start: date | None
    end: date | None
    sites: tuple[Site, ...]
    category: str
    action: str
    actor_side: str
    side: str
    strong: bool
    negated: bool
    claimant: str
    claimant_side: str
    reliability: str
    status: str
    quantity: tuple[float, float, str] | None
    dispute_cue: str | None = None
    offset: int = 0
    """Where the claim's sentence starts in its document."""
    source: str = ""
    """The outlet or channel whose document holds the claim."""

    def story(self) -> tuple[str, str, bool]:
        """What claims must share to tell the same story: kind of event, side, affirmed or denied."""
        return self.category, self.side, self.negated

    def admission(self) -> bool:
        """True when the claim goes against its claimant's own side: an admitted loss."""
        own = self.claimant_side
        if own not in (Side.RU.value, Side.UA.value) or self.negated:
            return False
        if self.category == "territory" and self.strong:
            return self.side == opposite(own)
        return False


def reliability_letter(value: str | None) -> str:
    """The claimant's registry reliability A-F; anything else is F (cannot be judged)."""
    letter = (value or "").strip().upper()[:1]
    return letter if letter in "ABCDEF" and letter else "F"


def frame_of(claim: LedgerClaim) -> Frame:
    """Derive a claim's frame; undated claims fall back to their publication day."""
    c = claim.claim
    start = end = None
    if c.time is not None and (c.time.start or c.time.end):
        start = c.time.start or c.time.end
        end = c.time.end or c.time.start
    elif claim.published_at is not None:
        start = end = claim.published_at.date()
    sites = tuple(
        Site(
            key=place.place_id or "name:" + normalize_name(place.name or place.mention),
            name=place.name or place.mention,
            lat=place.lat,
            lon=place.lon,
            settlement=place.kind in SITE_KINDS,
            region=place.kind in REGION_KINDS,
        )
        for place in c.places
    )
    category = CATEGORY.get(c.action, "other")
    side = holder(c.action, c.actor_side) if category == "territory" else c.actor_side
    return Frame(
        id=claim.id,
        document_id=claim.document_id,
        sentence=c.sentence,
        dispute_cue=c.dispute_cue,
        start=start,
        end=end,
        sites=sites,
        category=category,
        action=c.action,
        actor_side=c.actor_side,
        side=side,
        strong=c.action in TERRITORY_STRONG,
        negated=c.status == Status.DENIED.value,
        claimant=c.claimant.canonical or c.claimant.name,
        claimant_side=c.claimant.side,
        reliability=reliability_letter(c.claimant.reliability),
        status=c.status,
        quantity=quantity_range(claim),
        offset=c.start,
        source=claim.source,
    )


def quantity_range(claim: LedgerClaim) -> tuple[float, float, str] | None:
    """A claim's number as a (low, high, unit) range, or None when it has no numeric value."""
    q = claim.claim.quantity
    if q is None or q.value is None:
        return None
    high = q.value_max if q.value_max is not None else q.value
    return q.value, high, normalize_name(q.unit or "")


def origin_key(claim: LedgerClaim) -> str:
    """The root claimant: the named party, or for the outlet's own voice the channel it forwarded."""
    claimant = claim.claim.claimant
    if claimant.kind == SourceKind.AUTHOR.value or normalize_name(claimant.name) in ("author", ""):
        if claim.relay:
            return normalize_name(claim.relay)
        return normalize_name(claim.source)
    return normalize_name(claimant.canonical or claimant.name)


def day_gap(a: Frame, b: Frame) -> int | None:
    """Days between two claims' time windows (0 when they overlap); None when either is undated."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None
    return max(0, (max(a.start, b.start) - min(a.end, b.end)).days)


def shared_site(a: Frame, b: Frame, radius_km: float, *, settlements_only: bool) -> Site | None:
    """A site of `a` that is the same as, or within `radius_km` of, a site of `b`."""
    for sa in a.sites:
        if settlements_only and not sa.settlement:
            continue
        for sb in b.sites:
            if settlements_only and not sb.settlement:
                continue
            if sa.key == sb.key:
                return sa
            if sa.lat is None or sa.lon is None or sb.lat is None or sb.lon is None:
                continue
            if distance_km(sa.lat, sa.lon, sb.lat, sb.lon) <= radius_km:
                return sa
    return None


def block_keys(frame: Frame, radius_km: float, days: int) -> list[str]:
    """The index blocks a claim is filed under: each site (by key and grid cell) times each time bucket."""
    spatial: list[str] = []
    for site in frame.sites or (Site("none:" + frame.document_id, "", None, None, True),):
        spatial.append("p:" + site.key)
        if site.lat is not None and site.lon is not None:
            spatial.append("g:{}:{}".format(*grid_cell(site.lat, site.lon, radius_km)))
    return [f"{s}|{t}" for s in dict.fromkeys(spatial) for t in time_buckets(frame, days)]


def grid_cell(lat: float, lon: float, radius_km: float) -> tuple[int, int]:
    """A grid cell at least `radius_km` wide, so near places lie in the same or adjacent cells."""
    dlat = radius_km / KM_PER_DEGREE
    return math.floor(lat / dlat), math.floor(lon / (dlat * LON_CELL_FACTOR))


def time_buckets(frame: Frame, days: int) -> list[int]:
    """Buckets `days` wide covering the claim's window; -1 for undated claims."""
    if frame.start is None or frame.end is None:
        return [-1]
    width = max(days, 1)
    first = frame.start.toordinal() // width
    last = min(frame.end.toordinal() // width, first + MAX_SPAN_DAYS // width)
    return list(range(first, last + 1))


def neighbour_keys(key: str) -> list[str]:
    """The block keys whose claims may be near a claim filed under `key` (adjacent cells and buckets)."""
    spatial, bucket = key.rsplit("|", 1)
    t = int(bucket)
    times = [-1] if t == -1 else [t - 1, t, t + 1]
    if spatial.startswith("g:"):
        _, i, j = spatial.split(":")
        cells = [f"g:{int(i) + di}:{int(j) + dj}" for di in (-1, 0, 1) for dj in (-1, 0, 1)]
    else:
        cells = [spatial]
    return [f"{cell}|{tt}" for cell in cells for tt in times]
