"""The write endpoints: an analyst's verdict on a claim, a place fix, a source's reliability letter.

Every write needs `Authorization: Bearer <token>` (see `claimledger token create`), checked by the write
gate before the body is read (`_guard.py`); the token's name is recorded as who made the change. Each
write appends to the audit log and brings the stored assessment and the read model up to date before it
answers (`LedgerState.write`), so reads never have to.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from claimledger.errors import ReviewError
from claimledger.model import LedgerClaim, Place
from claimledger.present.api._routes import snapshot_of, state_of
from claimledger.present.views import review_json, sources_json
from claimledger.store import ClaimQuery, Ledger, place_key

router = APIRouter(prefix="/api")
bearer = HTTPBearer(auto_error=False)


def analyst(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> str:
    """The name of the token the request carries, as the write gate (`_guard.WriteGate`) checked it
    before the body was read; `credentials` declares the scheme in the OpenAPI schema."""
    name: str | None = getattr(request.state, "analyst", None)
    if credentials is None or name is None:
        raise HTTPException(401, "writing needs a token: Authorization: Bearer <token>")
    return name


Analyst = Annotated[str, Depends(analyst)]


class Why(BaseModel):
    why: str = Field(min_length=1, max_length=2000)


class Verdict(Why):
    verdict: str


class PlaceFix(Why):
    place_id: str


class Reliability(Why):
    reliability: str


def record(
    request: Request, *, kind: str, key: str, value: dict[str, Any], who: str, why: str
) -> dict[str, Any]:
    """Store one review, re-assess, and return it."""
    try:
        review = state_of(request).write(
            lambda ledger: ledger.add_review(kind=kind, key=key, value=value, who=who, why=why)
        )
    except ReviewError as error:
        raise HTTPException(422, str(error)) from error
    return review_json(review)


def stored_claim(request: Request, claim_id: str) -> LedgerClaim:
    """The claim as the analysts left it (read from the read model)."""
    query = ClaimQuery(claim_ids=frozenset({claim_id}), include_rejected=True)
    found = state_of(request).read(lambda ledger: next((r.claim for r in list(ledger.query(query))), None))
    if found is None:
        raise HTTPException(404, f"no claim with id {claim_id!r}")
    return found


def candidates(ledger: Ledger, claim: LedgerClaim, index: int) -> list[Place]:
    """The places a claim's `index`-th place may be: the resolver's candidates, then analyst-added places."""
    if not 0 <= index < len(claim.claim.places):
        raise HTTPException(404, f"claim {claim.id} has no place number {index}")
    mention = claim.claim.places[index]
    found = [
        candidate.place
        for m in ledger.extraction(claim.document_id).mentions
        if (m.start, m.end) == (mention.start, mention.end)
        for candidate in m.candidates
    ]
    return found + ledger.places()


@router.get("/claims/{claim_id}/places/{index}/candidates")
def place_candidates(request: Request, claim_id: str, index: int) -> list[dict[str, Any]]:
    """What a claim's place may be resolved to instead."""
    claim = stored_claim(request, claim_id)
    found = state_of(request).read(lambda ledger: candidates(ledger, claim, index))
    return [place.model_dump(mode="json") for place in found]


@router.post("/claims/{claim_id}/verdict")
def set_verdict(request: Request, claim_id: str, body: Verdict, who: Analyst) -> dict[str, Any]:
    """Confirm or reject a claim (`none` withdraws a verdict)."""
    return record(request, kind="claim", key=claim_id, value={"verdict": body.verdict}, who=who, why=body.why)


@router.post("/claims/{claim_id}/places/{index}")
def fix_place(request: Request, claim_id: str, index: int, body: PlaceFix, who: Analyst) -> dict[str, Any]:
    """Resolve a claim's place to another candidate or to an analyst-added place."""
    claim = stored_claim(request, claim_id)
    found = state_of(request).read(lambda ledger: candidates(ledger, claim, index))
    chosen = next((place for place in found if place.id == body.place_id), None)
    if chosen is None:
        raise HTTPException(422, f"place {body.place_id!r} is neither a candidate nor an added place")
    value = {
        "place_id": chosen.id,
        "name": chosen.name,
        "kind": chosen.kind,
        "lat": chosen.lat,
        "lon": chosen.lon,
        "precision_km": chosen.precision_km,
    }
    return record(request, kind="place", key=place_key(claim_id, index), value=value, who=who, why=body.why)


@router.post("/sources/{name}/reliability")
def set_reliability(request: Request, name: str, body: Reliability, who: Analyst) -> dict[str, Any]:
    """Change the reliability letter (A-F) of a claimant, by its canonical name."""
    if not any(source["name"] == name for source in sources_json(snapshot_of(request))):
        raise HTTPException(404, f"no claimant called {name!r}")
    value = {"reliability": body.reliability}
    return record(request, kind="source", key=name, value=value, who=who, why=body.why)
