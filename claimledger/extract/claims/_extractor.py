"""The claim extractor: a language's rules read the sentences in batches, then the discourse is resolved.

Language-neutral: everything that depends on the language (parsing, words, quantities, dates, name
matching) comes from the language's package through `get_language`."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from claimledger.extract.claims._language import Language, Rules, get_language, supported
from claimledger.extract.claims._registry import SourceRegistry
from claimledger.extract.claims._types import Clause, Party, SentenceAnalysis
from claimledger.extract.nlp.segment import Sentence
from claimledger.model import Claim, Claimant, ClaimPlace, Document, PlaceMention, Side, SourceKind, Status


class ClaimJob(NamedTuple):
    """One document's input to `ClaimExtractor.pipe`: its sentences and place mentions, and its language."""

    document: Document
    sentences: Sequence[Sentence]
    mentions: Sequence[PlaceMention]
    language: str = "en"


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
AUTHOR = Claimant(name="author", kind=SourceKind.AUTHOR)
_LOOKBACK = 3  # sentences to look back for a quote's speaker, a pronoun's antecedent or claims to un-verify


@dataclass(slots=True)
class _Discourse:
    """State carried from sentence to sentence within one document."""

    perspective: Side
    language: Language
    named: list[tuple[int, Claimant, Party]] = field(default_factory=list)
    carried: list[Claimant] | None = None
    in_quote: bool = False
    last_verification: int = -1


class ClaimExtractor:
    """Extract claims from a document's sentences: claimant, relays, action, side, places, time, status."""

    def __init__(self, *, registry: SourceRegistry | None = None) -> None:
        self.registry = registry if registry is not None else SourceRegistry.load()
        self._rules: dict[str, Rules] = {}

    def rules(self, language: str) -> Rules:
        """The sentence rules for a language, built once (this loads the language's models)."""
        if language not in self._rules:
            self._rules[language] = get_language(language).rules()
        return self._rules[language]

    def __call__(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        mentions: Sequence[PlaceMention],
        *,
        language: str = "en",
    ) -> list[Claim]:
        return self.pipe([ClaimJob(document, sentences, mentions, language)])[0]

    def pipe(self, jobs: Sequence[ClaimJob]) -> list[list[Claim]]:
        """The claims of many documents, in order: the sentences of all documents in one language go to
        its rules in one stream, then each document's discourse is resolved. A document in a language
        without rules gets no claims (`supported` tells the caller, who warns)."""
        analyses: list[list[SentenceAnalysis]] = [[] for _ in jobs]
        for language in sorted({job.language for job in jobs if supported(job.language)}):
            indices = [j for j, job in enumerate(jobs) if job.language == language]
            texts = [sentence.text for j in indices for sentence in jobs[j].sentences]
            found = iter(self.rules(language).pipe(texts))
            for j in indices:
                analyses[j] = [next(found) for _ in jobs[j].sentences]
        return [
            self._resolve(job, found, sorted(job.mentions, key=lambda m: m.start))
            if supported(job.language)
            else []
            for job, found in zip(jobs, analyses, strict=True)
        ]

    def _perspective(self, document: Document) -> Side:
        for text in (document.source, document.url or "", document.relay or ""):
            found = (
                self.registry.match(text.replace("_", " ").replace("-", " ").replace("/", " "))
                if text
                else None
            )
            if found is not None and found.side in (Side.RU, Side.UA):
                return Side(found.side)
        return Side.UNKNOWN

    def _resolve(
        self, job: ClaimJob, analyses: list[SentenceAnalysis], mentions: list[PlaceMention]
    ) -> list[Claim]:
        document, sentences = job.document, job.sentences
        language = get_language(job.language)
        state = _Discourse(perspective=self._perspective(document), language=language)
        published = document.published_at.date() if document.published_at else None
        claims: list[Claim] = []
        owners: list[int] = []  # sentence index of each claim
        starts = [m.start for m in mentions]
        previous_end = 0
        for index, (sentence, analysis) in enumerate(zip(sentences, analyses, strict=True)):
            gap = document.text[previous_end : sentence.start]
            if "\n" in gap:  # a quote running on into a new line opens again there
                state.in_quote = False
            if _BLANK_LINE.search(gap):  # "According to X" carries over one block of text at most
                state.carried = None
            previous_end = sentence.end
            if analysis.verification_cue is not None:
                self._unverify(claims, owners, index, state, analysis.verification_cue)
                state.last_verification = index
                continue
            quoted = analysis.quoted or state.in_quote
            state.in_quote = _quote_open(sentence.text, state.in_quote)
            if analysis.attributed:
                state.carried = None
            for clause in analysis.clauses:
                claimants = [self._claimant(p, index, state) for p in clause.claimants]
                if not clause.claimants:
                    claimants = self._default(index, state, quoted)
                    if claimants[0] is not AUTHOR and clause.status == Status.CONFIRMED:
                        clause.status = Status.CLAIMED
                via = [self._claimant(p, index, state) for p in clause.via]
                for claimant in claimants:
                    claims.append(
                        self._claim(sentence, clause, claimant, via, state, published, mentions, starts)
                    )
                    owners.append(index)
            for speaker in analysis.speakers:
                if not speaker.pronoun:
                    self._claimant(speaker, index, state)
            if analysis.leading is not None:
                state.carried = [self._claimant(p, index, state) for p in analysis.leading]
        return claims

    def _default(self, index: int, state: _Discourse, quoted: bool) -> list[Claimant]:
        """Who voices an unattributed clause: the quoted speaker, carried "According to X", or author."""
        if quoted:
            speaker = next(
                (c for i, c, p in reversed(state.named) if p.person and index - i <= _LOOKBACK), None
            )
            if speaker is not None:
                return [speaker]
        if state.carried:
            return state.carried
        return [AUTHOR]

    def _claimant(self, party: Party, index: int, state: _Discourse) -> Claimant:
        if party.pronoun:
            wanted = party.person
            for i, claimant, named in reversed(state.named):
                if index - i <= _LOOKBACK and named.person == wanted:
                    return claimant
            return Claimant(name=party.name)
        earlier = next(
            ((c, p) for _, c, p in reversed(state.named) if p.person and _surname_of(party.name, p.name)),
            None,
        )
        claimant, party = (
            earlier
            if earlier is not None
            else (self.registry.claimant(party.name, hint=party.hint, language=state.language.code), party)
        )
        state.named.append((index, claimant, party))
        return claimant

    @staticmethod
    def _unverify(claims: list[Claim], owners: list[int], index: int, state: _Discourse, cue: str) -> None:
        """A verification statement ("could not verify the claims") marks the preceding attributed claims."""
        floor = max(state.last_verification, index - _LOOKBACK - 1)
        for position, claim in enumerate(claims):
            if (
                owners[position] > floor
                and claim.claimant.kind != SourceKind.AUTHOR
                and claim.status == Status.CLAIMED
            ):
                claims[position] = claim.model_copy(update={"status": Status.UNVERIFIED, "status_cue": cue})

    def _claim(
        self,
        sentence: Sentence,
        clause: Clause,
        claimant: Claimant,
        via: list[Claimant],
        state: _Discourse,
        published: date | None,
        mentions: list[PlaceMention],
        starts: list[int],
    ) -> Claim:
        start, end = sentence.start + clause.start, sentence.start + clause.end
        evidence = sentence.text[clause.start : clause.end]
        language = state.language
        dispute = language.dispute.search(sentence.text)
        return Claim(
            sentence=sentence.text,
            start=start,
            end=end,
            evidence=evidence,
            claimant=claimant,
            via=[v for v in via if v.name != claimant.name],
            action=clause.action,
            actor_side=_actor_side(clause.actor, claimant, state.perspective),
            places=_places(mentions, starts, start, end, sentence),
            quantity=language.quantity(evidence),
            time=language.time(evidence, clause.times, published),
            status=clause.status,
            status_cue=clause.cue,
            confidence=_confidence(clause, claimant),
            dispute_cue=dispute.group() if dispute is not None else None,
        )


def _confidence(clause: Clause, claimant: Claimant) -> float:
    """How sure the extractor is of a claim: the rules' own figure, else from what the clause pins down
    (an action from the fixed vocabulary, a claimant the registry knows or the outlet's own voice)."""
    if clause.confidence is not None:
        return clause.confidence
    score = 0.5
    if clause.action != "other":
        score += 0.2
    if claimant.kind == SourceKind.AUTHOR or claimant.canonical is not None:
        score += 0.15
    elif claimant.kind != SourceKind.UNKNOWN:
        score += 0.1
    if clause.actor != "unknown":
        score += 0.05
    return round(min(score, 0.95), 2)


def _surname_of(short: str, full: str) -> bool:
    """ "Trehubov" after "Viktor Trehubov": the same person named again (the tagger may miss it as one)."""
    words = full.split()
    return len(words) > 1 and short == words[-1]


def _quote_open(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after this sentence (a quote running over several sentences)."""
    opens = sum(text.count(c) for c in "“«")
    closes = sum(text.count(c) for c in "”»")
    straight = text.count('"')
    balance = (1 if was_open else 0) + opens - closes
    if straight % 2:
        balance += -1 if was_open else 1
    return balance > 0


def _actor_side(actor: str, claimant: Claimant, perspective: Side) -> Side:
    """Resolve "its forces" through the claimant and "the enemy" through the claimant's or outlet's side."""
    own = Side(claimant.side) if claimant.side in (Side.RU, Side.UA) else perspective
    if actor in ("RU", "UA"):
        return Side(actor)
    if actor == "claimant":
        return own if own in (Side.RU, Side.UA) else Side.UNKNOWN
    if actor == "enemy":
        return Side.UA if own == Side.RU else Side.RU
    return Side.UNKNOWN


def _places(
    mentions: list[PlaceMention], starts: list[int], start: int, end: int, sentence: Sentence
) -> list[ClaimPlace]:
    """The mentions inside the clause; if none, those inside the sentence."""
    for low, high in ((start, end), (sentence.start, sentence.end)):
        found = [m for m in mentions[bisect_left(starts, low) :] if m.start < high and m.end <= high]
        if found:
            return [ClaimPlace.of(m) for m in found]
    return []
