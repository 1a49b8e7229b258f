"""Intermediate records between a language's sentence rules and the language-independent extractor."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.model import Action, Side, Status


@dataclass(frozen=True, slots=True)
class Party:
    """A claimant or relay as written: its name, a describing hint (apposition, title) and its form."""

    name: str
    hint: str = ""
    pronoun: bool = False
    person: bool = False
    plural: bool = False
    first_person: bool = False
    """ "I", "we": the voice of the text itself (a transcript turn's speaker, else the author)."""


@dataclass(slots=True)
class Clause:
    """One claim-bearing clause of a sentence, before discourse resolution.

    `start`/`end` are offsets in the sentence text. `claimants` empty means the outlet's own voice.
    `actor` is "RU", "UA", "unknown", "claimant" (our forces), "enemy" (resolved against the claimant), or
    "it" / "they" (a pronoun's antecedent: "its forces", "they advanced"; with ":opposite", the side against
    it), which the discourse resolves from the subjects of the sentences before.
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


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A sentence naming the source of other sentences' unattributed claims. `scope` is "previous" (the
    sentence before: "Об этом сообщил X"), "above" (every sentence since the last note: "Источник — X"),
    or "post" (the whole post, when the note stands in its first sentence: "Headline — X")."""

    parties: list[Party]
    scope: str


@dataclass(frozen=True, slots=True)
class BackReference:
    """A sentence denying or not confirming what was reported before it without restating it ("Kyiv
    rejected the claim", "The General Staff did not confirm the capture"): who, the status it gives (denied
    or unverified), its cue, and the action it names ("the capture"), if any."""

    claimants: list[Party]
    status: Status
    cue: str
    action: Action | None = None


@dataclass(slots=True)
class SentenceAnalysis:
    """What a language's rules found in one sentence."""

    clauses: list[Clause]
    verification_cue: str | None = None
    attributed: bool = False
    leading: list[Party] | None = None
    quoted: bool = False
    speakers: list[Party] = field(default_factory=list)
    antecedents: list[Party] = field(default_factory=list)
    """Parties this sentence names as the subject of a verb: what a later "it", "they" or "he" can mean."""
    subjects: list[tuple[str, bool]] = field(default_factory=list)
    """The sides its clauses' subjects name ("RU", "UA", "enemy"; "it" / "they" for a pronoun), with their
    number (plural or not), in order: what a later pronoun actor ("they advanced") can stand for."""
    turn: Party | None = None
    """A transcript turn opens with this sentence ("MR. KIRBY: ..."): its speaker voices what follows."""
    asking: bool = False
    """A questioner's turn opens with this sentence ("Q ..."): what follows is asked, not claimed."""
    back: BackReference | None = None
    note: SourceNote | None = None
    writer_side: Side | None = None
    """The side the writer shows to be on by the words used of the other side ("укронацисты": RU)."""
