"""Attributions that speak for more than their own clause, or that name their speaker without a reporting
verb: source lines ("Источник — X", "За матеріалами X"), a name closing a headline after a dash ("... —
Минобороны РФ"), a speaker heading the post with a colon ("ISW: ...", "Губернатор Гладков:"), reports nobody
names ("Сообщения о взятии X оказались преждевременными") and statements named by their author ("после
заявления Пригожина о ...")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from claimledger.extract.claims._lexical._morphology import Token
from claimledger.extract.claims._lexical._parties import Span, party_after, party_of
from claimledger.extract.claims._lexical._phrases import PhraseIndex
from claimledger.extract.claims._types import Party, SourceNote
from claimledger.model import Status

__all__ = ["BREAKS", "DASHES", "QUOTES", "Attribution", "SpeakerReader"]

DASHES = frozenset({"—", "–", "-"})
BREAKS = frozenset({",", ":", ";", "(", ")"}) | DASHES
QUOTES = frozenset('«»"“”„')
_VERB_POS = frozenset({"VERB", "PRTS", "INFN"})


@dataclass(slots=True)
class Attribution:
    """Who says part of a sentence (and through whom), with what status, and which tokens it reports; whether
    it leads the next sentences, the sentences it voices beyond its own (`scope`: "previous", "above",
    "quote", "post"), and whether what it reports is a claim whatever it says (`asserted`)."""

    claimants: list[Party]
    via: list[Party]
    status: Status
    cue: str | None
    content: Span
    owned: Span
    leading: bool = False
    scope: str | None = None
    asserted: bool = False
    back: bool = False
    """A denial or doubt of what was reported before the sentence ("ЗСУ це спростували")."""


class SpeakerReader:
    """Finds the attributions above in a sentence; `party(text, tokens, span)` makes a span a Party."""

    def __init__(
        self,
        *,
        party: Callable[[str, list[Token], Span], Party],
        reporting: Mapping[str, Status],
        pronouns: Mapping[str, bool],
        stops: frozenset[str],
        source_lines: PhraseIndex[str],
        status: PhraseIndex[Status],
    ) -> None:
        self._party = party
        self._reporting = reporting
        self._pronouns = pronouns
        self._stops = stops
        self._source_lines = source_lines
        self._status = status

    def source_line(self, text: str, tokens: list[Token]) -> SourceNote | None:
        """ "Источник — X" / "Источник: X" / "(X)" on a line of its own: the source of what stands above."""
        words = [i for i, t in enumerate(tokens) if t.word]
        first = words[0]
        found = self._source_lines.at(tokens, first)
        if found is not None and found.last < len(tokens) and tokens[found.last].text in DASHES | {":"}:
            span = party_after(tokens, found.last + 1, stops=self._stops)
        elif found is not None and found.last < len(tokens):  # "За матеріалами Deep State" alone
            span = party_after(tokens, found.last, stops=self._stops)
            named = span is not None and (tokens[span[0]].capital or tokens[span[0]].pos == "")
            rest = tokens[span[1] :] if span is not None else []
            span = span if named and all(not t.word and t.text not in BREAKS for t in rest) else None
        elif tokens[0].text == "(" and tokens[-1].text == ")" and len(words) <= 4:
            span = party_after(tokens, first, stops=self._stops)
            span = span if span is not None and span[1] == len(tokens) - 1 else None
        else:
            return None
        if span is None:
            return None
        return SourceNote(parties=[party_of(text, tokens, span, pronouns=self._pronouns)], scope="above")

    def reports_about(self, tokens: list[Token]) -> list[Attribution]:
        """ "Сообщения о взятии X оказались преждевременными": reports nobody names claim X; a denial or doubt
        in the sentence's own predicate is the writer's, of the same event."""
        index = next(i for i, t in enumerate(tokens) if t.word)
        token = tokens[index]
        if token.lemma not in self._reporting or token.pos != "NOUN" or not token.may_be("nomn"):
            return []
        if index + 2 >= len(tokens) or tokens[index + 1].pos != "PREP":
            return []
        verb = next(
            (
                k
                for k in range(index + 2, len(tokens))
                if tokens[k].pos in ("VERB", "PRTS") or tokens[k].text in DASHES
            ),
            None,
        )
        end = verb if verb is not None else len(tokens)
        while end > index + 2 and tokens[end - 1].pos in ("ADVB", "PRCL"):
            end -= 1
        reports = Attribution(
            [Party(name="unknown")], [], Status.CLAIMED, None, (index + 1, end), (index, index + 1)
        )
        doubted = any(m.value in (Status.DENIED, Status.UNVERIFIED) for m in self._status.find(tokens, end))
        if not doubted:
            return [reports]
        return [reports, Attribution([], [], Status.CONFIRMED, None, (0, len(tokens)), (0, 0))]

    def nominal(self, text: str, tokens: list[Token], index: int) -> Attribution | None:
        """ "после заявления Пригожина о нехватке снарядов, ...": a reporting noun, its author in the
        genitive, and what it says after a preposition, up to the next comma or bracket."""
        if (index > 0 and tokens[index - 1].text in DASHES) or index + 2 >= len(tokens):
            return None  # "— заявление X" closes a sentence (`_dash_source`)
        span = party_after(tokens, index + 1, stops=self._stops)
        if span is None or not (tokens[span[0]].capital and tokens[span[0]].may_be("gent")):
            return None
        name = span
        while name[1] > name[0] + 1 and tokens[name[1] - 1].pos == "PREP":
            name = (name[0], name[1] - 1)
        opener = next((k for k in range(name[0], name[1]) if tokens[k].pos == "PREP"), name[1])
        name = (name[0], opener)
        if opener >= len(tokens) or tokens[opener].pos != "PREP":
            return None
        end = next((k for k in range(opener, len(tokens)) if tokens[k].text in {",", ")", ";"}), len(tokens))
        party = self._party(text, tokens, name)
        return Attribution([party], [], Status.CLAIMED, None, (opener, end), (index, opener))

    def dash_source(self, text: str, tokens: list[Token], frames: list[Attribution]) -> Attribution | None:
        """ "Headline — X" / "..., — заявление X": a name after the last dash, closing the sentence, or
        closing a headline run on into the next sentence without a stop ("... — представитель X По его
        словам, ..."): then X also leads what follows."""
        limit = min(
            (
                f.owned[0]
                for f in frames
                if f.owned[0] > 0 and tokens[f.owned[0]].capital and tokens[f.owned[0] - 1].word
            ),
            default=len(tokens),
        )
        dashes = [i for i, t in enumerate(tokens[:limit]) if t.text in DASHES and 2 < i < limit - 1]
        if not dashes:
            return None
        dash = dashes[-1]
        begin = dash + 1
        if tokens[begin].lemma in self._reporting and tokens[begin].pos == "NOUN":
            begin += 1  # "— заявление ВВС Украины"
        span = party_after(tokens[:limit], begin, stops=self._stops)
        if span is None or any(t.word for t in tokens[span[1] : limit]):
            return None
        first = tokens[span[0]]
        if not (first.capital or (first.has("nomn") and any(t.capital for t in tokens[span[0] : span[1]]))):
            return None
        end = dash - 1 if tokens[dash - 1].text == "," else dash
        party = self._party(text, tokens, span)
        owned = (dash, span[1])
        return Attribution(
            [party], [], Status.CLAIMED, None, (0, end), owned, leading=limit < len(tokens), scope="post"
        )

    def colon_lead(self, text: str, tokens: list[Token]) -> Attribution | None:
        """ "Глава комитета по обороне Картаполов:" on a line of its own, or a name heading the sentence
        ("ISW: ...", "Губернатор Гладков: ..."): the speaker of what follows, in the post's first sentence
        of the whole post."""
        first = next(i for i, t in enumerate(tokens) if t.word)
        span: Span | None
        if tokens[-1].text == ":":
            if any(t.pos in _VERB_POS for t in tokens) or len(tokens) - first > 12:
                return None
            if not any(t.capital or t.pos == "NOUN" for t in tokens[first:]):
                return None
            span = (first, len(tokens) - 1)
        else:
            span = party_after(tokens, first, stops=self._stops)
            if span is None or span[1] >= len(tokens) - 1 or tokens[span[1]].text != ":":
                return None
            if span[1] - span[0] > 5 or not self._heads_name(tokens, span):
                return None
        party = self._party(text, tokens, span)
        return Attribution(
            [party],
            [],
            Status.CLAIMED,
            None,
            (span[1] + 1, len(tokens)),
            (span[0], span[1] + 1),
            leading=True,
            scope="post",
        )

    def _heads_name(self, tokens: list[Token], span: Span) -> bool:
        """Whether a short span before a colon names a speaker: it opens with a name, an abbreviation, a
        person's title or a foreign word ("ISW", "Зеленский", "Губернатор Гладков"), or with a noun and a
        name right after it ("Минобороны России"); never a place ("Бахмут: ...") or a topic ("Обстановка в
        ДНР")."""
        words = [t for t in tokens[span[0] : span[1]] if t.word]
        head = words[0]
        if head.has("Geox"):
            return False
        if head.pos == "" or head.has("Abbr", "Surn", "Name", "Orgn") or head.text.isupper():
            return True
        if head.pos == "ADJF" and len(words) == 1 and head.has("masc", "femn"):
            return True  # a surname declined as an adjective: "Зеленский:"
        if head.pos != "NOUN":
            return False
        if head.has("anim"):
            return True
        return (
            len(words) > 1
            and all(t.pos != "PREP" for t in words)
            and (words[1].capital or words[1].pos == "")
        )
