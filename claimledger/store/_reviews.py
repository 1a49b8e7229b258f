"""Analyst reviews: records and the overrides they make (API tokens are in `_tokens.py`).

A review is one row of the audit log. Three kinds exist, each keyed by an id that survives re-ingest and
re-assessment: `claim` (key: claim id; value `{"verdict": "confirmed" | "rejected" | "none"}`), `place`
(key: `<claim id>#<index of the place in the claim>`; value: the chosen place's id, name, kind, lat, lon)
and `source` (key: the claimant's canonical name; value `{"reliability": "A".."F"}`). The newest review
of an item wins; `apply_reviews` applies them to claims as they are read.

Re-extraction renumbers a document's claims, so it appends rows of its own (see `_reextract.py`): a copy of
each review in force under the key of its claim's new counterpart, and a `RESET` row (`{"reset": ...}`) for
every key whose claim moved or is gone, so the old reviews, kept in the log, no longer apply to whatever claim
holds that key now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claimledger.model import ClaimPlace, LedgerClaim, Record, Status

KINDS = ("claim", "place", "source")
VERDICTS = ("confirmed", "rejected", "none")
RELIABILITY = tuple("ABCDEF")
RESET = "reset"
"""The value key of a row that lifts the reviews before it from its item (written by re-extraction only)."""


class Review(Record):
    """One analyst change: what (kind, key, value), who, when and why."""

    id: int
    kind: str
    key: str
    value: dict[str, Any]
    who: str
    why: str
    at: datetime


def place_key(claim_id: str, index: int) -> str:
    """The review key of the `index`-th place of a claim."""
    return f"{claim_id}#{index}"


def claimant_key(claim: LedgerClaim) -> str:
    """The review key of a claim's source: the registry's canonical name, else the name as written."""
    return claim.claim.claimant.canonical or claim.claim.claimant.name


@dataclass(frozen=True)
class Overrides:
    """The newest review of every reviewed item, by kind and key."""

    claims: dict[str, Review] = field(default_factory=dict)
    places: dict[str, Review] = field(default_factory=dict)
    sources: dict[str, Review] = field(default_factory=dict)
    newest: int = 0  # id of the newest review read (0: none); a stored assessment records it

    @classmethod
    def from_reviews(cls, reviews: Iterable[Review]) -> Overrides:
        """Overrides from reviews in log order (later ones replace earlier ones)."""
        found: dict[str, dict[str, Review]] = {"claim": {}, "place": {}, "source": {}}
        newest = 0
        for review in reviews:
            if RESET in review.value:
                found[review.kind].pop(review.key, None)
            else:
                found[review.kind][review.key] = review
            newest = max(newest, review.id)
        return cls(claims=found["claim"], places=found["place"], sources=found["source"], newest=newest)

    def verdict(self, claim_id: str) -> str | None:
        review = self.claims.get(claim_id)
        verdict = review.value.get("verdict") if review else None
        return None if verdict in (None, "none") else str(verdict)

    def for_claim(self, claim: LedgerClaim) -> list[Review]:
        """The reviews in force on one claim: its verdict, its places, its source."""
        found = [self.claims.get(claim.id), self.sources.get(claimant_key(claim))]
        found += [self.places.get(place_key(claim.id, n)) for n in range(len(claim.claim.places))]
        return [review for review in found if review is not None]


def apply_review(claim: LedgerClaim, overrides: Overrides) -> LedgerClaim:
    """The claim as the analysts left it: confirmed status, corrected places, re-rated source."""
    inner = claim.claim
    changes: dict[str, Any] = {}
    if overrides.verdict(claim.id) == "confirmed":
        changes["status"] = Status.CONFIRMED.value
    source = overrides.sources.get(claimant_key(claim))
    if source is not None:
        changes["claimant"] = inner.claimant.model_copy(update={"reliability": source.value["reliability"]})
    fixed = [overrides.places.get(place_key(claim.id, n)) for n in range(len(inner.places))]
    if any(fixed):
        changes["places"] = [
            _moved(place, review.value) if review else place
            for place, review in zip(inner.places, fixed, strict=True)
        ]
    if not changes:
        return claim
    return claim.model_copy(update={"claim": inner.model_copy(update=changes)})


def _moved(place: ClaimPlace, value: dict[str, Any]) -> ClaimPlace:
    fields = ("place_id", "name", "kind", "lat", "lon", "precision_km")
    return place.model_copy(update={name: value.get(name) for name in fields})


def apply_reviews(claims: Sequence[LedgerClaim], overrides: Overrides) -> list[LedgerClaim]:
    """Every claim with its reviews applied, rejected claims left out (what assessment should see)."""
    return [apply_review(claim, overrides) for claim in claims if overrides.verdict(claim.id) != "rejected"]


def check_value(kind: str, value: dict[str, Any]) -> str | None:
    """Why a review value is not allowed for its kind, or None when it is."""
    if kind not in KINDS:
        return f"unknown review kind {kind!r} (use one of {', '.join(KINDS)})"
    if RESET in value:
        return f"{RESET!r} rows are written by re-extraction only"
    if kind == "claim" and value.get("verdict") not in VERDICTS:
        return f"verdict must be one of {', '.join(VERDICTS)}"
    if kind == "source" and value.get("reliability") not in RELIABILITY:
        return "reliability must be one letter A-F"
    if kind == "place" and not (value.get("place_id") and value.get("name")):
        return "a place fix needs the chosen place's id and name"
    return None
