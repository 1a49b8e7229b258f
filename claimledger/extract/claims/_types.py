"""Intermediate records between a language's sentence rules and the language-independent extractor."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.model import Action, Status


@dataclass(frozen=True, slots=True)
class Party:
    """A claimant or relay as written: its name, a describing hint (apposition, title) and its form."""

    name: str
    hint: str = ""
    pronoun: bool = False
    person: bool = False


@dataclass(slots=True)
class Clause:
    """One claim-bearing clause of a sentence, before discourse resolution.

    `start`/`end` are offsets in the sentence text. `claimants` empty means the outlet's own voice.
    `actor` is "RU", "UA", "unknown", "claimant" (its/our forces) or "enemy" (resolved against the claimant).
    """

    start: int
    end: int
    claimants: list[Party]
    via: list[Party]
    action: Action
    actor: str
    status: Status
    cue: str | None
    times: list[str] = field(default_factory=list)
    confidence: float | None = None
    """The rules' confidence in this clause as a claim, if they have one (else the extractor's heuristic)."""


@dataclass(slots=True)
class SentenceAnalysis:
    """What a language's rules found in one sentence."""

    clauses: list[Clause]
    verification_cue: str | None = None
    attributed: bool = False
    leading: list[Party] | None = None
    quoted: bool = False
    speakers: list[Party] = field(default_factory=list)
