"""Where a claimant's name stands in a sentence, read from word order and morphology."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from claimledger.extract.claims._lexical._morphology import Token
from claimledger.extract.claims._types import Party

__all__ = ["NAME_POS", "Span", "party_after", "party_before", "party_of"]

NAME_POS = frozenset({"NOUN", "ADJF", "PRTF", "NUMR", "NPRO", ""})
"""Parts of speech a name is made of ("" = unknown to the dictionary: abbreviations, foreign names)."""
_QUOTES = frozenset('«»"“”„')
_JOINERS = frozenset({"PREP", "CONJ"})
_VERBS = frozenset({"VERB", "INFN", "PRTS", "GRND"})
_MAX_WORDS = 10

Span = tuple[int, int]


def _name_word(token: Token) -> bool:
    return token.word and (token.pos in NAME_POS or token.capital or token.pos == "ADVB")


def party_after(tokens: Sequence[Token], index: int, *, stops: frozenset[str] = frozenset()) -> Span | None:
    """The name starting at `index` ("врио губернатора региона Евгений Балицкий"): nouns, adjectives,
    participles, abbreviations and quoted names up to punctuation or a verb. A preposition or conjunction
    continues a name only before it has a proper name ("глава комитета по обороне Картаполов")."""
    end, proper, quoted = index, False, False
    while end < len(tokens) and end - index < _MAX_WORDS:
        token = tokens[end]
        if token.text in _QUOTES:
            quoted = not quoted
        elif quoted:
            pass
        elif (
            token.lemma in stops
            or token.pos in _VERBS
            or (not token.word and token.text != "-")
            or (token.pos in _JOINERS and (proper or token.lower in stops))
            or not (_name_word(token) or token.pos in _JOINERS)
        ):
            break
        proper = proper or (token.capital and end > index) or token.has("Surn", "Name", "Abbr", "Orgn")
        end += 1
    while end > index and (tokens[end - 1].pos in _JOINERS or tokens[end - 1].pos == "ADVB"):
        end -= 1
    if (
        end > index
        and tokens[end - 1].text in _QUOTES
        and sum(t.text in _QUOTES for t in tokens[index:end]) % 2
    ):
        end -= 1
    return (index, end) if end > index else None


def party_before(tokens: Sequence[Token], index: int, *, stops: frozenset[str] = frozenset()) -> Span | None:
    """The subject name ending just before `index` (adverbs between skipped): "Воздушные силы ВСУ
    (неожиданно) заявили". It must hold a word in the nominative or a capitalised word."""
    end = index
    while end > 0 and tokens[end - 1].pos == "ADVB":
        end -= 1
    start, quoted = end, False
    while start > 0 and end - start < _MAX_WORDS:
        token = tokens[start - 1]
        if token.text in _QUOTES:
            quoted = not quoted
        elif not quoted and (
            token.lemma in stops or not token.word or token.pos in _JOINERS or not _name_word(token)
        ):
            break
        start -= 1
    words = tokens[start:end]
    if not any(t.has("nomn") or t.capital or t.pos == "" for t in words if t.word):
        return None
    return (start, end) if end > start else None


def party_of(text: str, tokens: Sequence[Token], span: Span, *, pronouns: Mapping[str, bool]) -> Party:
    """The Party a span of tokens names: as written; a pronoun, or a person when it holds a personal name."""
    first, last = span
    name = text[tokens[first].start : tokens[last - 1].end].strip(" ,-—–")
    words = [t for t in tokens[first:last] if t.word]
    if len(words) == 1 and words[0].lemma in pronouns:
        person = pronouns[words[0].lemma]
        return Party(
            name=words[0].text, pronoun=True, person=person, plural=not person and words[0].has("plur")
        )
    person = any(t.has("Surn", "Name", "Patr") for t in words)
    return Party(name=name, person=person)
