"""Claim rules over morphology and word order, built from a language's `Lexicon`.

A sentence is read in three steps: its attributions (a reporting verb and its subject before or after it,
"по данным X", "X, — сообщил Y", "Headline — X", "Источник: X", "Об этом сообщил X", "в X заявили"), the
content each attribution reports (after "что" or a colon, or before a postposed verb), and in each content
piece the action, the side that performed it (by case and order), the status cues and the time phrases.
Attributions that speak for other sentences or have no reporting verb are read in `_speakers`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from claimledger.extract.claims._lexical._content import ContentReader, Voice
from claimledger.extract.claims._lexical._frame import FrameReader
from claimledger.extract.claims._lexical._lexicon import Lexicon
from claimledger.extract.claims._lexical._morphology import Token, tokenize
from claimledger.extract.claims._lexical._parties import NAME_POS, Span, party_after, party_before, party_of
from claimledger.extract.claims._lexical._phrases import Match, PhraseIndex
from claimledger.extract.claims._lexical._speakers import BREAKS, QUOTES, Attribution, SpeakerReader
from claimledger.extract.claims._types import BackReference, Party, SentenceAnalysis, SourceNote
from claimledger.model import Side, Status

__all__ = ["LexicalRules"]

_OBJECTS = frozenset({"NPRO", "PRCL"})


def _lemmas(words: Sequence[str], lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lexicon.morphology.analyze(w.lower()).lemma for w in words)


class LexicalRules:
    """A language's sentence rules from its lexicon: `pipe(texts)` gives one `SentenceAnalysis` each."""

    def __init__(self, *, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        morphology = lexicon.morphology
        self.frame = FrameReader(lexicon=lexicon)
        self._reporting = {morphology.analyze(k.lower()).lemma: v for k, v in lexicon.reporting.items()}
        self._sources = PhraseIndex.of(lexicon.source_phrases, morphology=morphology)
        self._relays = PhraseIndex.of(lexicon.relay_phrases, morphology=morphology)
        self._back = PhraseIndex.of(lexicon.back_references, morphology=morphology)
        self._verification = PhraseIndex.of(lexicon.verification_cues, morphology=morphology)
        self._status = PhraseIndex(lexicon.status_cues, morphology=morphology)
        self._assessors = PhraseIndex.of(lexicon.assessors, morphology=morphology)
        self._sides = PhraseIndex(lexicon.sides, morphology=morphology)
        self._writer = PhraseIndex(lexicon.writer_sides, morphology=morphology)
        self._complementizers = _lemmas(lexicon.complementizers, lexicon)
        self._locatives = _lemmas(lexicon.locatives, lexicon)
        self._negations = _lemmas(lexicon.negations, lexicon)
        self._unnamed = _lemmas(lexicon.unnamed, lexicon)
        self._relatives = _lemmas(lexicon.relatives, lexicon)
        self._spreading = _lemmas(lexicon.spreading, lexicon)
        self._reporting.update({lemma: Status.CLAIMED for lemma in self._spreading - self._reporting.keys()})
        self._pronouns = {morphology.analyze(k.lower()).lemma: v for k, v in lexicon.pronouns.items()}
        self._stops = self._complementizers | self._negations
        self.content = ContentReader(lexicon=lexicon, frame=self.frame)
        self.speakers = SpeakerReader(
            party=self._party,
            reporting=self._reporting,
            pronouns=self._pronouns,
            stops=self._stops,
            source_lines=PhraseIndex.of(lexicon.source_lines, morphology=morphology),
            status=self._status,
        )

    def pipe(self, texts: Sequence[str]) -> Iterator[SentenceAnalysis]:
        return (self.analyze(text) for text in texts)

    def analyze(self, text: str) -> SentenceAnalysis:
        """What one sentence says and who says it."""
        tokens = tokenize(text, self.lexicon.morphology)
        if not any(t.word for t in tokens):
            return SentenceAnalysis(clauses=[])
        writer = next((Side(m.value) for m in self._writer.find(tokens)), None)
        note = self.speakers.source_line(text, tokens)
        if note is not None:
            return SentenceAnalysis(clauses=[], note=note, attributed=True, writer_side=writer)
        frames = self._frames(text, tokens)
        verification = self._verification.find(tokens)
        if verification and not self.content.has_action(tokens):
            first = verification[0]
            cue = text[tokens[first.first].start : tokens[first.last - 1].end]
            return SentenceAnalysis(clauses=[], verification_cue=cue, writer_side=writer)
        denial = None if frames else self._writer_denial(text, tokens)
        if denial is not None:
            return SentenceAnalysis(clauses=[], back=denial, writer_side=writer)
        spans: list[tuple[Voice | None, Span]] = [
            (
                Voice(claimants=f.claimants, via=f.via, status=f.status, cue=f.cue, asserted=f.asserted),
                f.content,
            )
            for f in frames
        ]
        lead = min((f.owned[0] for f in frames), default=0)
        if (
            frames
            and all(f.content[0] >= lead for f in frames)
            and any(t.pos == "VERB" for t in tokens[:lead])
        ):
            spans.insert(0, (None, (0, lead)))  # "Появилось видео, как X убили бойца, который сказал: ..."
        owned = [f.owned for f in frames]
        clauses = self.content.read(text, tokens, spans or [(None, (0, len(tokens)))], owned=owned)
        leading = next((f for f in frames if f.leading), None)
        note = next(
            (SourceNote(parties=f.claimants, scope=f.scope) for f in frames if f.scope is not None), None
        )
        reference = next(
            (
                BackReference(claimants=f.claimants, status=f.status, cue=f.cue or "")
                for f in frames
                if f.back
            ),
            None,
        )
        return SentenceAnalysis(
            clauses=clauses,
            back=reference,
            attributed=any(f.claimants for f in frames),
            leading=leading.claimants if leading is not None else None,
            note=note,
            writer_side=writer,
        )

    def _writer_denial(self, text: str, tokens: list[Token]) -> BackReference | None:
        """ "Однак уся ця інформація – фейк": a sentence with a denial and nothing a claim is made of denies,
        in the writer's voice, what was reported before it."""
        if self.content.is_claim(text, tokens, (0, len(tokens))):
            return None
        denial = next((m for m in self._status.find(tokens) if m.value == Status.DENIED), None)
        if denial is None:
            return None
        cue = text[tokens[denial.first].start : tokens[denial.last - 1].end]
        return BackReference(
            claimants=[Party(name="author", first_person=True)], status=Status.DENIED, cue=cue
        )

    # --- attribution ----------------------------------------------------------------------------------------

    def _frames(self, text: str, tokens: list[Token]) -> list[Attribution]:
        frames: list[Attribution] = []
        taken: set[int] = set()
        for found in self._sources.find(tokens):
            frame = self._source_phrase(text, tokens, found)
            if frame is not None:
                frames.append(frame)
                taken.update(range(*frame.owned))
        for frame in self._pronoun_sources(text, tokens, taken):
            frames.append(frame)
            taken.update(range(*frame.owned))
        for frame in self.speakers.reports_about(tokens):
            frames.append(frame)
            taken.update(range(*frame.owned))
        for index, token in enumerate(tokens):
            if index in taken or token.lemma not in self._reporting:
                continue
            if token.pos == "NOUN":
                frame = self.speakers.nominal(text, tokens, index)
            elif token.pos in ("VERB", "INFN"):
                frame = self._reporting_frame(text, tokens, index)
            else:
                continue
            if frame is not None:
                frames.append(frame)
                taken.update(range(*frame.owned))
        first = next(i for i, t in enumerate(tokens) if t.word)
        opened = any(  # "Как сообщалось, ...", "По данным X, ...": the sentence's source is given up front
            f.owned[0] <= first + 1
            and f.content[1] == len(tokens)
            and (f.leading or any(p.name == "unknown" for p in f.claimants))
            for f in frames
        )
        dash = (
            None if opened else self.speakers.dash_source(text, tokens, frames)
        )  # not "Как сообщалось, ... три – X"
        if dash is not None:  # "..., — заявление X" closing a sentence: X's, whatever verbs stand before
            frames = [dash, *(f for f in frames if f.owned[0] >= dash.owned[1])]
        elif (lead := self.speakers.colon_lead(text, tokens)) is not None and all(
            f.owned[0] >= lead.owned[1] for f in frames
        ):
            frames = [lead, *frames]
        frames.sort(key=lambda f: f.owned[0])
        for frame in frames:  # content stops where the next attribution begins
            others = [f.owned[0] for f in frames if frame.content[0] < f.owned[0] < frame.content[1]]
            if others:
                frame.content = (frame.content[0], min(others))
        for n, frame in enumerate(frames):  # "X заявили о захвате, но Y это опровергли": what X said
            if frame.status not in (Status.DENIED, Status.UNVERIFIED) or not frame.claimants:
                continue
            if self.content.is_claim(text, tokens, frame.content):
                continue
            said = [f for f in frames[:n] if f.claimants and self.content.is_claim(text, tokens, f.content)]
            if said:
                frame.content = said[-1].content
            else:
                frame.back = True  # "Y это опровергли": what was reported before
        for frame in frames:  # "ISW: ...", "аналитики считают": an assessment
            if frame.status == Status.CLAIMED and self._assessors.find(tokens, *frame.owned):
                frame.status = Status.ASSESSED
        named: Party | None = None
        for frame in frames:  # "X заявил ..., по его словам, ...": "his" is the person just named
            if not frame.claimants:
                continue
            party = frame.claimants[0]
            if party.pronoun and party.person and named is not None:
                frame.claimants = [named]
            elif party.person and not party.pronoun:
                named = party
        return frames

    def _party(self, text: str, tokens: list[Token], span: Span) -> Party:
        """The party a span names; a lower-case title with no name ("глава региона") stands for the person
        named before, as a pronoun would."""
        party = party_of(text, tokens, span, pronouns=self._pronouns)
        words = [t for t in tokens[span[0] : span[1]] if t.word]
        head = next((t for t in words if t.pos == "NOUN"), None)
        titled = not party.pronoun and head is not None and head.has("anim") and not head.has("plur")
        if not titled or head is None or self._sides.find(tokens, *span):
            return party
        if not any(t.capital or t.pos == "" for t in words):
            return Party(name=party.name, pronoun=True, person=True)
        named = any(t.capital or t.pos == "" for t in words[words.index(head) + 1 :])
        if named and not party.person:  # "командувач угруповання Тарнавський": a person by the title
            return Party(name=party.name, person=True)
        return party

    def _source_phrase(self, text: str, tokens: list[Token], found: Match[str]) -> Attribution | None:
        """ "по данным X, ..." / "..., по словам X": X claims the rest of the sentence."""
        span = party_after(tokens, found.last, stops=self._stops)
        if span is None:
            return None
        via: list[Party] = []
        claimants = [self._party(text, tokens, span)]
        end = span[1]
        relay = self._relays.at(tokens, end) if end < len(tokens) else None
        if relay is not None and (cited := party_after(tokens, relay.last, stops=self._stops)) is not None:
            via, claimants, end = claimants, [self._party(text, tokens, cited)], cited[1]
        opening = all(not t.word for t in tokens[: found.first])
        after = end + 1 if end < len(tokens) and tokens[end].text in BREAKS else end
        content = (after, len(tokens)) if opening or after < len(tokens) - 1 else (0, found.first)
        if not opening and content[0] >= len(tokens) - 1:
            content = (0, found.first)
        return Attribution(claimants, via, Status.CLAIMED, None, content, (found.first, end), leading=opening)

    def _pronoun_sources(self, text: str, tokens: list[Token], taken: set[int]) -> Iterator[Attribution]:
        """ "по его словам, ...", "за їхніми даними, ...": a source phrase with a pronoun inside it, which is
        the claimant."""
        for k in range(1, len(tokens) - 1):
            if tokens[k].lemma not in self._pronouns or k in taken or k - 1 in taken:
                continue
            found = self._sources.at([*tokens[:k], *tokens[k + 1 :]], k - 1)
            if found is None or found.last <= k:
                continue
            last = found.last + 1
            party = party_of(text, tokens, (k, k + 1), pronouns=self._pronouns)
            opening = all(not t.word for t in tokens[: k - 1])
            after = last + 1 if last < len(tokens) and tokens[last].text in BREAKS else last
            content = (after, len(tokens)) if opening or after < len(tokens) - 1 else (0, k - 1)
            yield Attribution([party], [], Status.CLAIMED, None, content, (k - 1, last), leading=opening)

    def _reporting_frame(self, text: str, tokens: list[Token], index: int) -> Attribution | None:
        """A reporting verb, its subject (before or after it, a pronoun, "в X" for an impersonal plural, or
        "unknown" for "сообщают"), its relay ("со ссылкой на"), and what it reports."""
        verb = tokens[index]
        head = index - 1 if verb.pos == "INFN" and index > 0 and tokens[index - 1].pos == "VERB" else index
        negated = head > 0 and tokens[head - 1].lemma in self._negations
        start = head - 1 if negated else head
        back = next(  # "Об этом сообщил X", "Про це у телеграм-каналі повідомив X"
            (
                m
                for k in range(max(0, start - 5), start)
                if (m := self._back.at(tokens, k))
                and m.last <= index + 1
                and all(t.word and t.pos not in ("VERB", "INFN") for t in tokens[m.last : start])
            ),
            None,
        )
        aside = self._aside(tokens, start)
        postposed = aside is None and start > 0 and tokens[start - 1].text in BREAKS | QUOTES
        after = self._subject_after(tokens, index + 1)
        subject_end = aside if aside is not None else start
        if back is not None:
            subject_end = back.first  # "Минобороны это опровергло", "Губернатор об этом сообщил"
        before = None if postposed else self._subject_before(tokens, subject_end, tokens[head])
        span = before or after
        claimants: list[Party]
        if tokens[head].has("1per") or (
            span is not None and span[1] - span[0] == 1 and tokens[span[0]].has("1per")
        ):
            claimants = [
                Party(name=tokens[head].text, first_person=True)
            ]  # "Напомним", "Я сказал": the text's own voice
        elif span is not None:
            claimants = [self._party(text, tokens, span)]
        elif verb.lemma in self._unnamed and (verb.has("plur") or verb.lemma.endswith(("ся", "сь"))):
            # "сообщают", "пишут"; the impersonal "сообщается", "повідомлялося": nobody named says it
            claimants = [Party(name="unknown")]
        elif tokens[head].has("past") and tokens[head].has("masc", "femn") and not postposed:
            claimants = [Party(name=tokens[head].text, pronoun=True, person=True)]  # "И добавил: ..."
        else:
            return None
        end = max(index + 1, span[1] if span is after and span is not None else index + 1)
        via: list[Party] = []
        relay = self._relays.at(tokens, end) if end < len(tokens) else None
        if relay is not None and (cited := party_after(tokens, relay.last, stops=self._stops)) is not None:
            via, claimants, end = claimants, [self._party(text, tokens, cited)], cited[1]
        owned = (min(start, span[0]) if span is not None else start, end)
        if owned[0] > 0 and tokens[owned[0] - 1].lemma in self._locatives and span is before:
            owned = (owned[0] - 1, end)  # "в Генштабе ВСУ опровергли"
        if back is not None:
            owned = (min(owned[0], back.first), end)
        status = self._reporting[verb.lemma]
        if negated:
            status = Status.UNVERIFIED if status == Status.CONFIRMED else Status.DENIED
        elif status == Status.CONFIRMED:
            status = Status.CLAIMED
        cue = None if status == Status.CLAIMED else text[tokens[start].start : verb.end]
        content = self._reported(tokens, owned, postposed)
        scope = "previous" if back is not None and content[1] - content[0] < 2 and cue is None else None
        alone = all(owned[0] <= k < owned[1] or not t.word for k, t in enumerate(tokens))
        if alone and back is None and tokens[-1].text != ":" and claimants[0].name != "unknown" and not cue:
            scope = "above"  # "Сообщает Рыбарь." closing a post: the source of the lines above
        return Attribution(
            claimants,
            via,
            status,
            cue,
            content,
            owned,
            leading=claimants[0].person or tokens[-1].text == ":",  # "X нагадує:", "X розповів про бої:"
            scope="quote" if postposed else scope,
            asserted=self._asserted(tokens, claimants[0], verb, owned, content),
        )

    def _asserted(self, tokens: list[Token], party: Party, verb: Token, owned: Span, content: Span) -> bool:
        """Whether a named party's report is a claim whatever it says: what it reports opens with "что" or a
        colon after the verb ("ГУР подчёркивает, что ...", "X заявил: ..."), or it is spread ("X
        распространяют видео ...")."""
        if party.name == "unknown" or party.first_person or content[0] < owned[1]:
            return False
        if verb.lemma in self._spreading:
            return True
        between = tokens[owned[1] : content[0]]
        return any(t.text == ":" or t.lemma in self._complementizers for t in between)

    def _aside(self, tokens: list[Token], index: int) -> int | None:
        """Where a participial phrase between commas right before a verb opens ("Кадры, опубликованные
        вчера, показывают": the subject stands before it), if one does."""
        if index < 3 or tokens[index - 1].text != ",":
            return None
        comma = next((k for k in range(index - 2, max(0, index - 14), -1) if tokens[k].text == ","), None)
        participle = comma is not None and (
            tokens[comma + 1].pos == "PRTF" or tokens[comma + 1].has("pssv", "actv")
        )
        if comma is None or comma == 0 or not participle or not tokens[comma - 1].word:
            return None
        return comma

    def _subject_after(self, tokens: list[Token], index: int) -> Span | None:
        if index >= len(tokens):
            return None
        token = tokens[index]
        if (
            token.lemma in self._locatives
            and index + 2 < len(tokens)
            and tokens[index + 1].lemma in self._reporting
        ):
            index += 2  # "говорится в докладе ISW", "йдеться у звіті Інституту"
        elif token.lemma in self._locatives and index + 1 < len(tokens) and tokens[index + 1].capital:
            index += 1  # "заявили в Минобороны"
        elif token.lemma in self._pronouns:
            return (index, index + 1)
        elif not self._opens_name(token):
            return None
        return party_after(tokens, index, stops=self._stops)

    def _opens_name(self, token: Token) -> bool:
        """Whether a subject's name can start at this word (a nominative, capitalised or unknown word)."""
        if not token.word or token.pos in ("PREP", "CONJ", "PRCL") or token.lemma in self._stops:
            return False
        return token.may_be("nomn") or token.capital or token.pos in ("", "ADVB")

    def _subject_before(self, tokens: list[Token], index: int, verb: Token) -> Span | None:
        """The subject before a verb: a pronoun, or the name ending there, from its first noun that can be
        nominative and agrees with the verb in number ("За истекшие сутки Представительство сообщало")."""
        while index > 0 and tokens[index - 1].pos == "ADVB":
            index -= 1
        if index > 0 and tokens[index - 1].lemma in self._pronouns:
            return (index - 1, index)
        if index > 1 and tokens[index - 1].lemma not in self._negations and tokens[index - 1].pos in _OBJECTS:
            index -= 1  # "ЗСУ це спростовують", "Минобороны это опровергло": the object before the verb
        if index > 1 and tokens[index - 1].lemma in self._relatives and tokens[index - 2].text == ",":
            index -= 2  # "X, который заявил": X
        span = party_before(tokens, index, stops=self._stops)
        if span is None:
            return self._subject_before_phrase(tokens, index, verb)
        if span[0] > 0 and tokens[span[0] - 1].lemma in self._locatives and verb.has("plur"):
            return span  # "в Генштабе ВСУ опровергли": the institution, impersonally
        number = "plur" if verb.has("plur") else "sing" if verb.has("sing") else None
        for head in range(*span):
            token = tokens[head]
            if token.pos not in ("NOUN", "") or not (token.may_be("nomn") or not token.cases):
                continue
            if number is not None and token.has("sing", "plur") and not token.has(number):
                continue
            start = head
            while (
                start > span[0]
                and tokens[start - 1].pos in ("ADJF", "PRTF")
                and tokens[start - 1].may_be("nomn")
            ):
                start -= 1
            return (start, span[1])
        return span

    def _subject_before_phrase(self, tokens: list[Token], index: int, verb: Token) -> Span | None:
        """The subject before a prepositional phrase standing before the verb ("ГУР к этому моменту не может
        подтвердить"): a nominative noun that agrees with the verb, or a capitalised name."""
        start = index
        while start > 0 and tokens[start - 1].word and tokens[start - 1].pos in NAME_POS - {"NPRO"}:
            start -= 1
        if start < 2 or start == index or tokens[start - 1].pos != "PREP":
            return None
        span = party_before(tokens, start - 1, stops=self._stops)
        if span is None:
            return None
        head = tokens[span[1] - 1]
        plural = verb.has("plur")
        if head.pos == "" or (head.pos == "NOUN" and head.has("nomn") and head.has("plur") == plural):
            return span
        return None

    def _reported(self, tokens: list[Token], owned: Span, postposed: bool) -> Span:
        """The tokens a reporting frame reports: after "что"/a colon/a quote, else before a postposed
        frame ("..., — сообщил X"), else what follows the frame."""
        low, high = owned
        k = high
        while k < len(tokens) and (not tokens[k].word or tokens[k].lemma in self._complementizers):
            k += 1
        rest = [t for t in tokens[k:] if t.word]
        if postposed and (not rest or low > len(tokens) - high):
            end = low
            while end > 0 and (tokens[end - 1].text in BREAKS or tokens[end - 1].text in QUOTES):
                end -= 1
            return (0, end)
        return (k, len(tokens))
