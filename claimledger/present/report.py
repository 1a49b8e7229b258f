"""The static HTML report: one file a person can open offline.

A Leaflet map of the claims over an offline map of oblasts and regions (Leaflet and the outlines inlined,
tiles optional; the map opens on the settlement- and district-level claims), the contradictions with both
sides, claims by status and credibility with their reasons, each settlement's timeline, and every document
with the claim sentences highlighted. All document text is escaped by Jinja2's autoescaping; the map's data
travels in application/json script tags with `<`, `>` and `&` escaped, and a Content-Security-Policy allows
only the report's own inline scripts and styles (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from claimledger.assess import Assessment
from claimledger.location import Location, locate
from claimledger.model import Document, LedgerClaim, PlaceKind, Status
from claimledger.present.export import assessed, feature_properties

TILE_HOST = "https://tile.openstreetmap.org"
SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)
CSS_IMAGE = re.compile(r"url\(images/([\w.-]+\.png)\)")
#: Claims at ACLED geo precision up to this (settlement, district) set the map's opening view ...
FOCUS_PRECISION = 2
#: ... when they name a place finer than these (a claim about "Russia" is never in focus).
COARSE_KINDS = frozenset({PlaceKind.ADMIN1.value, PlaceKind.REGION.value, PlaceKind.COUNTRY.value})


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("claimledger.present", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


@cache
def _static(name: str) -> str:
    return (resources.files("claimledger.present") / "static" / name).read_text(encoding="utf-8")


@cache
def _leaflet_css() -> str:
    """Leaflet's stylesheet with its images inlined as data URIs, so layer controls work offline."""
    images = resources.files("claimledger.present") / "static" / "leaflet" / "images"

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((images / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return CSS_IMAGE.sub(inline, _static("leaflet/leaflet.css"))


@cache
def base_map() -> dict[str, Any]:
    """The offline base map shipped in the package: region outlines and their `attribution`."""
    text = (resources.files("claimledger") / "data" / "boundaries.geojson").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def in_focus(claim: LedgerClaim, location: Location) -> bool:
    """Whether the claim is placed at settlement or district level, so it may set the map's opening view."""
    fine = any(p.lat is not None and p.kind not in COARSE_KINDS for p in claim.claim.places)
    return fine and location.precision <= FOCUS_PRECISION


def map_focus(features: Sequence[Mapping[str, Any]]) -> list[float] | None:
    """`[west, south, east, north]` of the point features the map opens on; None when there are none.

    Country- and oblast-level points ("Russia" in Siberia) would stretch the view over a continent, so they
    count only when no feature has the property `focus` (see `in_focus`).
    """
    precise = [f for f in features if f["properties"].get("focus")]
    chosen = precise or features
    if not chosen:
        return None
    lons = [f["geometry"]["coordinates"][0] for f in chosen]
    lats = [f["geometry"]["coordinates"][1] for f in chosen]
    return [min(lons), min(lats), max(lons), max(lats)]


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def script_json(value: Any) -> str:
    """JSON that cannot end its script tag or open markup: `<`, `>` and `&` become unicode escapes."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown as links; anything else (javascript:, data:) is dropped."""
    return url if url and SAFE_URL.match(url) else None


def highlight(text: str, spans: Mapping[tuple[int, int], str]) -> list[tuple[str, str | None]]:
    """Split a document into (text, anchor) parts, with an anchor on each non-overlapping claim sentence."""
    parts: list[tuple[str, str | None]] = []
    cursor = 0
    for (start, end), anchor in sorted(spans.items()):
        if start < cursor:
            continue
        parts.append((text[cursor:start], None))
        parts.append((text[start:end], anchor))
        cursor = end
    parts.append((text[cursor:], None))
    return [part for part in parts if part[0]]


def sentence_span(claim: LedgerClaim, document: Document | None) -> tuple[int, int] | None:
    if document is None:
        return None
    c = claim.claim
    if document.text[c.start : c.end] == c.sentence:
        return c.start, c.end
    found = document.text.find(c.sentence) if c.sentence else -1
    return (found, found + len(c.sentence)) if found >= 0 else None


def render_report(
    assessment: Assessment,
    claims: Sequence[LedgerClaim],
    documents: Mapping[str, Document],
    *,
    coarsen_km: float | None = None,
    title: str = "claimledger report",
) -> str:
    """Render the whole report as one self-contained HTML string."""
    anchors = {claim.id: f"c{n}" for n, claim in enumerate(claims)}
    doc_ids = list(dict.fromkeys(claim.document_id for claim in claims))
    doc_anchor = {doc_id: f"doc{n}" for n, doc_id in enumerate(doc_ids)}
    spans: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    sentence_anchor: dict[str, str] = {}
    for claim in claims:
        span = sentence_span(claim, documents.get(claim.document_id))
        if span is not None:
            sentence_anchor[claim.id] = spans[claim.document_id].setdefault(span, "s" + anchors[claim.id])
    features = []
    for exported in assessed(assessment, claims):
        claim = exported.claim
        location = locate(claim, coarsen_km)
        if location is not None:
            properties = feature_properties(exported, location)
            properties["anchor"] = anchors[claim.id]
            properties["focus"] = in_focus(claim, location)
            geometry = {"type": "Point", "coordinates": [location.lon, location.lat]}
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    items = [_item(claim, assessment, anchors, sentence_anchor) for claim in claims]
    by_id = {item["id"]: item for item in items}
    matrix: dict[str, Counter[int]] = {status.value: Counter() for status in Status}
    for claim in claims:
        grade = assessment.grades.get(claim.id)
        if grade is not None:
            matrix[claim.claim.status][grade.credibility] += 1
    leaflet_js, report_js = _static("leaflet/leaflet.js"), _static("report.js")
    leaflet_css, report_css = _leaflet_css(), _static("report.css")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(leaflet_js)} {_hash(report_js)}",
            f"style-src {_hash(leaflet_css)} {_hash(report_css)}",
            f"img-src data: {TILE_HOST}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            csp=csp,
            coarsen_km=coarsen_km,
            claims=claims,
            document_count=len(doc_ids),
            groups=len(assessment.groups),
            unlocated=len(claims) - len(features),
            contradictions=[
                {"kind": c.kind, "reason": c.reason, "a": by_id[c.a], "b": by_id[c.b]}
                for c in assessment.contradictions
                if c.a in by_id and c.b in by_id
            ],
            matrix=[(status, counts) for status, counts in matrix.items() if counts],
            items=sorted(items, key=lambda item: (item["grade"][1:] or "9", item["grade"], item["anchor"])),
            timelines=sorted(assessment.timelines.values(), key=lambda t: t.name),
            anchors=anchors,
            claimants={item["id"]: item["claimant"] for item in items},
            docs=[
                _document(doc_id, documents.get(doc_id), doc_anchor[doc_id], spans[doc_id])
                for doc_id in doc_ids
            ],
            map_json=Markup(
                script_json({"type": "FeatureCollection", "features": features, "focus": map_focus(features)})
            ),
            boundaries_json=Markup(_base_map_json()),
            boundaries_attribution=base_map()["attribution"],
            leaflet_js=Markup(leaflet_js),
            report_js=Markup(report_js),
            leaflet_css=Markup(leaflet_css),
            report_css=Markup(report_css),
        )
    )


@cache
def _base_map_json() -> str:
    return script_json(base_map())


def _item(
    claim: LedgerClaim, assessment: Assessment, anchors: Mapping[str, str], sentence_anchor: Mapping[str, str]
) -> dict[str, Any]:
    c = claim.claim
    grade = assessment.grades.get(claim.id)
    place = next((p.name or p.mention for p in c.places), "")
    return {
        "id": claim.id,
        "anchor": anchors[claim.id],
        "grade": grade.code if grade else "",
        "reasons": grade.reasons if grade else [],
        "claimant": c.claimant.canonical or c.claimant.name,
        "via": ", ".join(v.name for v in c.via),
        "status": c.status,
        "action": c.action,
        "actor_side": c.actor_side,
        "place": place,
        "sentence": c.sentence,
        "has_text": claim.id in sentence_anchor,
        "sentence_anchor": sentence_anchor.get(claim.id, ""),
        "source": claim.source,
        "published": claim.published_at.date().isoformat() if claim.published_at else "",
        "url": safe_url(claim.url),
        "origin": assessment.origins.get(claim.id, ""),
    }


def _document(
    doc_id: str, document: Document | None, anchor: str, spans: Mapping[tuple[int, int], str]
) -> dict[str, Any]:
    if document is None:
        return {"anchor": anchor, "title": doc_id, "source": "", "published": "", "url": None, "parts": []}
    return {
        "anchor": anchor,
        "title": document.title or document.id[:12],
        "source": document.source,
        "published": document.published_at.date().isoformat() if document.published_at else "",
        "url": safe_url(document.url),
        "parts": highlight(document.text, spans),
    }
