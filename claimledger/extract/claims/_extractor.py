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
from claimledger.extract.claims._types import BackReference, Clause, Party, SentenceAnalysis
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
_ACTOR_LOOKBACK = 6  # sentences a side named as a subject stays what "they" or "its forces" can mean


@dataclass(slots=True)
class _Discourse:
    """State carried from sentence to sentence within one document."""

    perspective: Side
    language: Language
    named: list[tuple[int, Claimant, Party]] = field(default_factory=list)
    """Parties named in the last sentences (`_LOOKBACK`), for pronouns and quotes."""
    persons: dict[str, tuple[Claimant, Party]] = field(default_factory=dict)
    """Persons named in full so far, by surname."""
    carried: list[Claimant] | None = None
    in_quote: bool = False
    last_verification: int = -1
    turn: Claimant | None = None
    """The speaker of the transcript turn under way ("MR. KIRBY: ..."), who voices unattributed clauses."""
    asking: bool = False
    """A questioner's turn is under way: what it says in its own voice is asked, not claimed."""
    actors: list[tuple[int, str, bool]] = field(default_factory=list)
    """The sides named as subjects in the last sentences (`_ACTOR_LOOKBACK`), with their number: what a
    pronoun actor ("they advanced", "its troops") stands for."""
    voices: dict[int, list[Party]] = field(default_factory=dict)
    """Who voices a sentence's unattributed claims by a source note elsewhere in the post (`_notes`)."""
    post: list[Party] | None = None


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
        state.voices, state.post = _notes(analyses, [sentence.text for sentence in sentences])
        if state.perspective == Side.UNKNOWN:
            state.perspective = _writer_side(analyses)
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
            state.named = [entry for entry in state.named if index - entry[0] <= _LOOKBACK]
            if analysis.turn is not None or analysis.asking:
                state.turn, state.asking = self._speaker(analysis.turn, document, state), analysis.asking
                state.actors = []
            if analysis.back is not None:
                self._refer_back(claims, owners, index, sentence, analysis.back, state)
                state.last_verification = index
            if analysis.verification_cue is not None:
                _unverify(claims, _open_claims(claims, owners, index, state), analysis.verification_cue)
                state.last_verification = index
                continue
            quoted = analysis.quoted or state.in_quote
            state.in_quote = _quote_open(sentence.text, state.in_quote)
            if analysis.attributed:
                state.carried = None
            for clause in analysis.clauses:
                if state.asking and all(p.pronoun for p in clause.claimants):
                    continue  # "Q Do you think that ...": a question, or its asker's own voice
                claimants = [self._claimant(p, index, state) for p in clause.claimants]
                if not clause.claimants:
                    claimants = self._default(index, state, quoted)
                    if claimants[0] is not AUTHOR and clause.status == Status.CONFIRMED:
                        clause.status = Status.CLAIMED
                elif claimants == [AUTHOR] and clause.status == Status.CLAIMED:
                    clause.status = Status.CONFIRMED  # "we will send ...": the author's own statement
                via = [self._claimant(p, index, state) for p in clause.via]
                pronouns = {p.name for p in clause.claimants if p.pronoun and not p.first_person}
                clause.actor = _pronoun_actor(clause.actor, index, state) or clause.actor
                for claimant in claimants:
                    claim = self._claim(sentence, clause, claimant, via, state, published, mentions, starts)
                    if claimant.name in pronouns:  # "it said ..." with nothing it can stand for
                        claim.confidence = _confidence(clause, claimant, unresolved=True)
                    claims.append(claim)
                    owners.append(index)
            for speaker in analysis.speakers:
                if not speaker.pronoun:
                    self._claimant(speaker, index, state)
            named = [self._antecedent(party, index, state) for party in analysis.antecedents]
            _subject_sides(analysis, named, index, state)
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
        if index in state.voices:
            return [self._claimant(p, index, state) for p in state.voices[index]]
        if state.carried:
            return state.carried
        if state.post:
            return [self._claimant(p, index, state) for p in state.post]
        return [state.turn or AUTHOR]

    def _speaker(self, party: Party | None, document: Document, state: _Discourse) -> Claimant | None:
        """A transcript turn's speaker, by the full name the heading gives ("MR. KIRBY" -> John Kirby)."""
        if party is None:
            return None
        name = _full_name(party.name, document.text)
        return self.registry.claimant(name, hint=party.hint, language=state.language.code)

    def _antecedent(self, party: Party, index: int, state: _Discourse) -> Claimant | None:
        """Keep a party named as a subject for later pronouns, if it is a person or the registry can place
        it (a known source, or a kind or side from its words); places and things are left out. The
        party's claimant, if not a pronoun."""
        if party.pronoun:
            return None
        claimant, party = state.persons.get(party.name) or (
            self.registry.claimant(party.name, hint=party.hint, language=state.language.code),
            party,
        )
        if any(i == index and c == claimant for i, c, _ in state.named):
            return claimant  # named as this sentence's speaker already
        if party.person or claimant.canonical is not None or claimant.kind != SourceKind.UNKNOWN:
            state.named.append((index, claimant, party))
        return claimant

    def _claimant(self, party: Party, index: int, state: _Discourse) -> Claimant:
        if party.first_person:  # "I", "we": the turn's speaker, else the post's named speaker, else author
            if state.turn is None and state.post:
                return self._claimant(state.post[0], index, state)
            return state.turn or AUTHOR
        if party.pronoun:
            return _nearest_fitting(party, index, state) or Claimant(name=party.name)
        earlier = state.persons.get(party.name)  # "Trehubov" after "Viktor Trehubov"
        claimant, party = (
            earlier
            if earlier is not None
            else (self.registry.claimant(party.name, hint=party.hint, language=state.language.code), party)
        )
        state.named.append((index, claimant, party))
        if party.person and " " in party.name:
            state.persons[party.name.split()[-1]] = (claimant, party)
        return claimant

    def _refer_back(
        self,
        claims: list[Claim],
        owners: list[int],
        index: int,
        sentence: Sentence,
        back: BackReference,
        state: _Discourse,
    ) -> None:
        """A denial or non-confirmation pointing back ("Kyiv rejected the claim", "did not confirm the
        capture") at earlier attributed claims by another party, with the action it names. Non-confirmation
        marks them unverified; a denial adds the denier's denied claim of what was just reported, whose
        dispute cue links it to the claims it denies."""
        deniers = [self._claimant(p, index, state) for p in back.claimants]
        names = {d.name for d in deniers}
        targets = [
            k
            for k in _open_claims(claims, owners, index, state)
            if claims[k].claimant.name not in names and back.action in (None, claims[k].action)
        ]
        if back.status != Status.DENIED:
            _unverify(claims, targets, " ".join([*names, back.cue]), back.status)
            return
        for k in [k for k in targets if owners[k] == owners[targets[-1]]]:  # what was just reported
            for denier in deniers:
                claims.append(
                    claims[k].model_copy(
                        update={
                            "sentence": sentence.text,
                            "start": sentence.start,
                            "end": sentence.end,
                            "evidence": sentence.text,
                            "claimant": denier,
                            "via": [],
                            "status": Status.DENIED,
                            "status_cue": back.cue,
                            "dispute_cue": back.cue,
                            "confidence": round(0.8 * (claims[k].confidence or 0.5), 2),
                        }
                    )
                )
                owners.append(index)

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


def _confidence(clause: Clause, claimant: Claimant, *, unresolved: bool = False) -> float:
    """How sure the extractor is of a claim, in [0.05, 0.95]: the rules' confidence in the clause (else
    what it pins down: an action from the fixed vocabulary, a side), times how sure the claimant is (the
    outlet's own voice or a registered source; a kind read from its words; a pronoun left unresolved)."""
    score = clause.confidence
    if score is None:
        score = (
            0.65 + (0.2 if clause.action != "other" else 0.0) + (0.05 if clause.actor != "unknown" else 0.0)
        )
    if unresolved:
        score *= 0.55
    elif claimant.kind != SourceKind.AUTHOR and claimant.canonical is None:
        score *= 0.95 if claimant.kind != SourceKind.UNKNOWN else 0.85
    return round(min(max(score, 0.05), 0.95), 2)


def _notes(
    analyses: list[SentenceAnalysis], texts: list[str]
) -> tuple[dict[int, list[Party]], list[Party] | None]:
    """Who voices unattributed sentences by a source note: "Об этом сообщил X" (the sentence before),
    "Источник — X" (the sentences since the last note), "«...», — сказал X" (the quotation's earlier
    sentences), "Headline — X" in the first sentence (the post)."""
    voices: dict[int, list[Party]] = {}
    post: list[Party] | None = None
    last = -1
    opened: list[int | None] = []  # where the quotation open at each sentence's start opened, if any
    for index in range(len(texts)):
        before = opened[-1] if opened else None
        if before is None and index and _quote_open(texts[index - 1], False):
            before = index - 1
        elif before is not None and not _quote_open(texts[index - 1], True):
            before = None
        opened.append(before)
    for index, analysis in enumerate(analyses):
        note = analysis.note
        if note is None:
            continue
        if note.scope == "previous" and index > 0:
            voices.setdefault(index - 1, note.parties)
        elif note.scope == "above":
            voices.update({i: note.parties for i in range(last + 1, index) if i not in voices})
        elif note.scope == "quote":
            opening = opened[index]
            named = all(not p.pronoun and p.name != "unknown" for p in note.parties)
            if opening is None and named:  # "..., сказал X" with no quotation open: the lines above it,
                opening = index  # below a headline and back to the last attribution
                while opening - 1 > max(last, 0) and not analyses[opening - 1].attributed:
                    opening -= 1
            if opening is None:
                continue  # "..., повідомляється": nobody named, no boundary for a source line below
            if index - opening <= _LOOKBACK:
                voices.update({i: note.parties for i in range(opening, index) if i not in voices})
        elif note.scope == "post" and index == 0:
            post = note.parties
        last = index
    return voices, post


def _writer_side(analyses: list[SentenceAnalysis]) -> Side:
    """The side a post's words show its writer on ("укронацисты"), when one side's words outnumber
    the other's."""
    votes = [a.writer_side for a in analyses if a.writer_side in (Side.RU, Side.UA)]
    ru, ua = votes.count(Side.RU), votes.count(Side.UA)
    return Side.RU if ru > ua else Side.UA if ua > ru else Side.UNKNOWN


def _open_claims(claims: list[Claim], owners: list[int], index: int, state: _Discourse) -> list[int]:
    """The attributed, merely claimed claims of the last sentences a verification statement can mean (since
    the last one), in order; found from the end, so a long document costs no more per statement."""
    floor = max(state.last_verification, index - _LOOKBACK - 1)
    found = []
    for k in range(len(claims) - 1, -1, -1):
        if owners[k] <= floor:
            break
        if claims[k].claimant.kind != SourceKind.AUTHOR and claims[k].status == Status.CLAIMED:
            found.append(k)
    return found[::-1]


def _unverify(claims: list[Claim], targets: list[int], cue: str, status: Status = Status.UNVERIFIED) -> None:
    """Mark claims unverified ("could not verify the claims", "did not confirm the capture")."""
    for k in targets:
        claims[k] = claims[k].model_copy(update={"status": status, "status_cue": cue})


def _pronoun_actor(actor: str, index: int, state: _Discourse) -> str | None:
    """The side a pronoun actor stands for ("they" advanced, "its" troops; ":opposite": the side against
    it): the nearest side named as a subject in the last sentences, of the same number if any; "claimant"
    (the speaker's own) when none. None: not a pronoun actor."""
    pronoun, _, against = actor.partition(":")
    if pronoun not in ("it", "they"):
        return None
    recent = [(side, plural) for i, side, plural in reversed(state.actors) if index - i <= _ACTOR_LOOKBACK]
    side = next((s for s, plural in recent if plural == (pronoun == "they")), None)
    side = side or next((s for s, _ in recent), "claimant")
    if not against:
        return side
    return {"UA": "RU", "RU": "UA", "enemy": "claimant", "claimant": "enemy"}[side]


def _subject_sides(
    analysis: SentenceAnalysis, named: list[Claimant | None], index: int, state: _Discourse
) -> None:
    """Remember the sides a sentence's subjects name, for later pronoun actors: the sides its words give
    (a pronoun subject passes on what it stands for), else those of the parties it names as subjects."""
    state.actors = [entry for entry in state.actors if index - entry[0] <= _ACTOR_LOOKBACK]
    for side, plural in analysis.subjects:
        resolved = _pronoun_actor(side, index, state) if side in ("it", "they") else side
        if resolved in ("RU", "UA", "enemy"):
            state.actors.append((index, resolved, plural))
    if not analysis.subjects:
        state.actors.extend(
            (index, str(c.side), False) for c in named if c is not None and c.side in (Side.RU, Side.UA)
        )


def _nearest_fitting(party: Party, index: int, state: _Discourse) -> Claimant | None:
    """The antecedent of a pronoun claimant: the nearest party named in the last sentences that fits it by
    kind and number ("he": a person; "it": an organisation; "they": a group, else an organisation)."""
    recent = [(c, p) for i, c, p in reversed(state.named) if index - i <= _LOOKBACK]
    if party.person:
        tiers = [[c for c, p in recent if p.person]]
    elif party.plural:
        tiers = [[c for c, p in recent if p.plural and not p.person], [c for c, p in recent if not p.person]]
    else:
        tiers = [[c for c, p in recent if not p.person and not p.plural]]
    return next((tier[0] for tier in tiers if tier), None)


def _full_name(short: str, text: str) -> str:
    """A surname's full form where the text first gives it ("Kirby" after "... John Kirby")."""
    if " " in short:
        return short
    found = re.search(rf"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+{re.escape(short)}\b", text)
    return f"{found[1]} {short}" if found is not None else short


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
