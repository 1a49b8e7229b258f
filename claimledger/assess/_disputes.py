"""Disputes: the pairwise contradictions of each event rolled up into its rival versions.

A version is what a set of claims says happened, whoever says it: "RU holds Soledar" gathers a capture,
a recapture and a hold by Russia; "capture by RU (denied)" the denials. Each version lists its claimants,
its origins and its grades, best first, so an analyst reads one dispute per event instead of every pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from claimledger.assess._frame import Frame
from claimledger.assess._records import Assessment, Dispute, Grade, Version

NO_EVENT = "none"


def version_of(frame: Frame, kind: str) -> str:
    """The version a claim holds: who holds the place, what is denied, which count, or what happened."""
    if frame.negated:
        return f"{frame.action} by {frame.side} denied"
    if frame.category == "denial":
        return f"denial by {frame.claimant_side}-side sources"
    if frame.category == "territory" and frame.strong:
        return f"{frame.side} holds"
    if kind == "quantity" and frame.quantity is not None:
        low, high, unit = frame.quantity
        count = f"{low:g}" if low == high else f"{low:g}-{high:g}"
        return f"{frame.action}: {count} {unit}".rstrip()
    side = f" by {frame.side}" if frame.side != "unknown" else ""
    return f"{frame.action}{side}"


def _rank(grade: Grade | None) -> tuple[int, str]:
    return (grade.credibility, grade.reliability) if grade else (7, "G")


def roll_up(assessment: Assessment, frame: Callable[[str], Frame | None]) -> list[Dispute]:
    """One dispute per event with contradictions, most contested first; `frame(claim id)` is None for a
    claim no longer in the ledger (its pairs are left out)."""
    labels = {group.id: group.label for group in assessment.groups}
    pairs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for c in assessment.contradictions:
        event = assessment.group_of.get(c.a) or assessment.group_of.get(c.b) or NO_EVENT
        pairs[event].append((c.a, c.b, c.kind))
    disputes = []
    for event, found in pairs.items():
        versions: dict[str, list[Frame]] = defaultdict(list)
        seen: set[str] = set()
        for a, b, kind in found:
            for claim_id in (a, b):
                f = frame(claim_id)
                if f is not None and claim_id not in seen:
                    seen.add(claim_id)
                    versions[version_of(f, kind)].append(f)
        if len(versions) < 2:
            continue
        disputes.append(
            Dispute(
                event=event,
                label=labels.get(event, ""),
                kinds=sorted({kind for _, _, kind in found}),
                pairs=len(found),
                versions=sorted(
                    (_version(label, frames, assessment) for label, frames in versions.items()),
                    key=lambda v: (-len(v.origins), v.label),
                ),
            )
        )
    return sorted(disputes, key=lambda d: (-len(d.versions), -d.pairs, d.event))


def _version(label: str, frames: list[Frame], assessment: Assessment) -> Version:
    grades: Mapping[str, Grade] = assessment.grades
    ordered = sorted(frames, key=lambda f: (_rank(grades.get(f.id)), f.id))
    codes = [grades[f.id].code for f in ordered if f.id in grades]
    return Version(
        label=label,
        claim_ids=[f.id for f in ordered],
        claimants=sorted({f.claimant for f in ordered}),
        origins=sorted({assessment.origins.get(f.id, f.claimant) for f in ordered}),
        grades=codes,
        best=codes[0] if codes else "",
    )
