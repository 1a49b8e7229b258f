"""The JSON contract of `claimledger analyze`: one object per input file, read by the evaluation."""

from __future__ import annotations

from typing import Any

from claimledger.jobs import Analysis
from claimledger.model import Claim, Claimant, PlaceMention


def mention_json(mention: PlaceMention, *, document_id: str) -> dict[str, Any]:
    """A place mention with its resolved place flattened, as the contract lists its fields; `precision_km`
    is how far the point may be from the place (15 km: a village known only by its hromada's point)."""
    place = mention.place
    return {
        "document_id": document_id,
        "mention": mention.text,
        "sentence": mention.sentence,
        "start": mention.start,
        "end": mention.end,
        "name": place.name if place else None,
        "place_id": place.id if place else None,
        "kind": place.kind if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "precision_km": place.precision_km if place else None,
        "confidence": round(mention.confidence, 3),
        "candidates": [
            {"place_id": c.place.id, "name": c.place.name, "admin1": c.place.admin1,
             "admin2": c.place.admin2, "country": c.place.country, "precision_km": c.place.precision_km,
             "score": round(c.score, 3)}
            for c in mention.candidates[:3]
        ],
        "gazetteer_source": list(place.sources) if place else [],
    }


def _claimant_json(claimant: Claimant) -> dict[str, Any]:
    return {"name": claimant.name, "canonical": claimant.canonical, "kind": claimant.kind,
            "side": claimant.side, "reliability": claimant.reliability}


def claim_json(claim: Claim, *, document_id: str) -> dict[str, Any]:
    """A claim in the contract's shape."""
    return {
        "document_id": document_id,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "claimant": _claimant_json(claim.claimant),
        "via": [{"name": relay.name, "canonical": relay.canonical} for relay in claim.via],
        "action": claim.action,
        "actor_side": claim.actor_side,
        "places": [place.model_dump(mode="json", exclude_none=True) for place in claim.places],
        "quantity": claim.quantity.model_dump(mode="json") if claim.quantity else None,
        "time": claim.time.model_dump(mode="json") if claim.time else None,
        "status": claim.status,
        "status_cue": claim.status_cue,
        "confidence": claim.confidence,
        "dispute_cue": claim.dispute_cue,
        "evidence": claim.evidence,
    }


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    """One input file's record; a file with several documents (a feed) lists them all in order."""
    mentions: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    contradictions: list[list[int]] = []
    for document, extraction in analysis.results:
        offset = len(claims)
        mentions += [mention_json(m, document_id=document.id) for m in extraction.mentions]
        claims += [claim_json(c, document_id=document.id) for c in extraction.claims]
        contradictions += [[offset + i, offset + j] for i, j in extraction.contradictions]
    record: dict[str, Any] = {
        "source": analysis.path.name,
        "documents": [
            {"id": doc.id, "source": doc.source, "title": doc.title, "language": doc.language,
             "published_at": doc.published_at.isoformat() if doc.published_at else None,
             "warnings": list(extraction.warnings)}
            for doc, extraction in analysis.results
        ],
        "mentions": mentions,
        "claims": claims,
        "contradictions": contradictions,
    }
    if analysis.error:
        record["error"] = analysis.error
    if analysis.failed:
        record["failed"] = [{"id": doc.id, "error": reason} for doc, reason in analysis.failed]
    return record
