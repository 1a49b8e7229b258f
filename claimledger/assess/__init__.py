"""Assessment across sources: which claims echo one origin, which tell one story, which contradict each other,
how credible each is and why, and what is claimed about each settlement over time.

`Assessor()(claims, documents)` assesses a ledger; `Assessor.update` adds a document's claims,
re-assessing only the blocks they touch. `find_contradictions` checks one document's claims for `analyze`.
"""

from __future__ import annotations

from claimledger.assess._assessor import Assessor
from claimledger.assess._contradict import find_contradictions
from claimledger.assess._frame import origin_key
from claimledger.assess._records import Assessment, Contradiction, Grade, Group, Timeline, TimelineEntry

__all__ = [
    "Assessment",
    "Assessor",
    "Contradiction",
    "Grade",
    "Group",
    "Timeline",
    "TimelineEntry",
    "find_contradictions",
    "origin_key",
]
