"""Assessment across sources: which claims echo one origin, which describe one event, which contradict each
other, how credible each is and why, and what is claimed about each settlement over time.

`Assessor()(claims, documents)` assesses a ledger; `Assessor.update` adds a document's claims,
re-assessing only the blocks they touch. `roll_up` turns an assessment's contradictions into one dispute
per event. `find_contradictions` checks one document's claims for `analyze`.
"""

from __future__ import annotations

from claimledger.assess._assessor import Assessor
from claimledger.assess._contradict import find_contradictions
from claimledger.assess._disputes import roll_up
from claimledger.assess._frame import Frame, frame_of, origin_key
from claimledger.assess._records import (
    Assessment,
    Contradiction,
    Dispute,
    Grade,
    Group,
    Timeline,
    TimelineEntry,
    Version,
)

__all__ = [
    "Assessment",
    "Assessor",
    "Contradiction",
    "Dispute",
    "Frame",
    "Grade",
    "Group",
    "Timeline",
    "TimelineEntry",
    "Version",
    "find_contradictions",
    "frame_of",
    "origin_key",
    "roll_up",
]
