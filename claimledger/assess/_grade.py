"""Admiralty-style grades: source reliability A-F and information credibility 1-6, with reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from claimledger.assess._frame import Frame
from claimledger.assess._records import Grade
from claimledger.model import Status

BASE_CREDIBILITY: dict[str, int] = {
    Status.CONFIRMED.value: 2,
    Status.ASSESSED.value: 3,
    Status.CLAIMED.value: 3,
    Status.DENIED.value: 3,
    Status.UNVERIFIED.value: 4,
}
WORDS = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}
STRONG_SOURCES = frozenset("ABC")


def grade(
    frame: Frame,
    origin: str,
    supporters: Mapping[str, str],
    opponents: Sequence[tuple[str, str]],
    *,
    repeats: Sequence[str] = (),
    relayed: bool = False,
) -> Grade:
    """Grade one claim.

    `supporters` maps each origin telling the same story in the claim's event to its best reliability
    letter; `opponents` lists (origin, description) of contradicting claims; `repeats` names the other
    outlets that only repeat the claim's own origin, and `relayed` says the claim itself repeats it.
    """
    reasons = [
        f"source reliability {frame.reliability}: {frame.claimant}"
        + (" (not rated in the source registry)" if frame.reliability == "F" else "")
    ]
    if relayed:
        reasons.append(f"repeats {origin}: counted as that origin, not as a source of its own")
    independent = {o: r for o, r in supporters.items() if o != origin}
    against = {o: d for o, d in opponents if o != origin}
    admission = frame.admission()
    credibility = BASE_CREDIBILITY.get(frame.status, 3)
    reasons.append(f"status {frame.status}")
    if independent:
        strong = any(r in STRONG_SOURCES for r in independent.values())
        credibility = 1 if len(independent) >= 2 or strong else min(credibility, 2)
        reasons.append(
            f"corroborated by {len(independent)} independent origin(s): " + ", ".join(sorted(independent))
        )
    else:
        reasons.append("no independent corroboration")
    if repeats:
        reasons.append(
            f"repeated by {len(repeats)} outlet(s) relaying {origin} (not counted): " + ", ".join(repeats)
        )
    if admission:
        credibility = max(1, credibility - 1)
        reasons.append(
            f"admission against interest: a {frame.claimant_side}-side claimant reports "
            f"{frame.side} holding the ground"
        )
    if against:
        support, oppose = 1 + len(independent) + int(admission), len(against)
        credibility = 5 if oppose > support else max(credibility, 4 if oppose == support else 3)
        reasons.append(f"contradicted by {oppose} origin(s): " + "; ".join(sorted(against.values())))
    elif not independent and not admission and frame.reliability == "F" and credibility > 2:
        credibility = 6
    reasons.append(f"credibility {credibility}: {WORDS[credibility]}")
    return Grade(
        reliability=frame.reliability,
        credibility=credibility,
        code=f"{frame.reliability}{credibility}",
        reasons=reasons,
    )
