"""Where one sentence holds several claims: cut it into clauses at commas, dashes and conjunctions where
the part on the right is a clause of its own (its own predicate with its own subject, or a passive or
impersonal predicate) and both parts would be claims with different actions.

"Наши войска заняли Ивановку, противник отступил к реке" and "Ворог відступив, тривають бої" (a finite
verb first, its subject an action word) are two claims; "Противник обстреливает позиции,
уничтожает технику" (one subject, two predicates) and "Уничтожено 26 боевиков, 3 получили ранения" (one
action, counted twice) stay one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from claimledger.extract.claims._lexical._morphology import Token
from claimledger.extract.claims._lexical._phrases import PhraseIndex

__all__ = ["ClauseCutter"]

Span = tuple[int, int]

_DASHES = frozenset({"—", "–", "-"})
_CUTS = frozenset({","}) | _DASHES
_OPEN, _CLOSE = frozenset("(«“„"), frozenset(")»”")
_PREDICATES = frozenset({"VERB", "PRTS"})
_SUBJECTS = frozenset({"NOUN", "NPRO", "NUMB", "NUMR", ""})
_MODIFIERS = frozenset({"ADJF", "PRTF", "NUMB", "NUMR", "ADVB"})


def _agrees(verb: Token, noun: Token) -> bool:
    """Whether a noun can be the subject of a verb by number (numbers and undeclined words always can)."""
    if noun.pos in ("NUMB", "NUMR", "") or not noun.has("sing", "plur") or not verb.has("sing", "plur"):
        return True
    return noun.has("plur") == verb.has("plur")


def _impersonal(verb: Token) -> bool:
    """A passive or impersonal predicate needs no subject of its own: "уничтожены", "знищено", "зафиксовано
    ... обстрілів", "відбулось 38 зіткнень"."""
    return verb.pos == "PRTS" or verb.has("Impe", "pssv") or (verb.has("past") and verb.has("neut"))


def _intransitive(verb: Token) -> bool:
    return verb.has("intr") or verb.lemma.endswith(("ся", "сь"))


def _verb_first(
    tokens: Sequence[Token], start: int, verb_at: int, subject: int, action: Callable[[Span], object]
) -> bool:
    """Whether a finite verb opens the clause (after adverbs and particles) and the subject after it names
    an action of its own while the verb is no action word: "..., тривають бої", "..., ще триває штурм".
    Where the dictionary tags transitivity, a transitive verb takes an object instead ("..., ведёт штурм");
    a verb that is an action word itself ("..., обстрілює позиції") continues the subject before it."""
    verb = tokens[verb_at]
    return (
        all(t.pos in ("ADVB", "PRCL") for t in tokens[start:verb_at])
        and verb.pos == "VERB"
        and verb.has("pres", "past", "futr")
        and not verb.has("tran")
        and action((verb_at, verb_at + 1)) is None
        and action((subject, subject + 1)) is not None
    )


class ClauseCutter:
    """Cuts a content span into clauses; `claim(span)` tells whether a span would be a claim and
    `action(span)` its action (any comparable value, None without one)."""

    def __init__(
        self,
        *,
        conjunctions: PhraseIndex[str],
        stops: frozenset[str],
        relatives: frozenset[str],
    ) -> None:
        self._conjunctions = conjunctions
        self._stops = stops
        self._relatives = relatives

    def cut(
        self,
        tokens: Sequence[Token],
        span: Span,
        *,
        claim: Callable[[Span], bool],
        action: Callable[[Span], object],
    ) -> list[Span]:
        low, high = span
        pieces: list[Span] = []
        begin = low
        for cut, start in self._openings(tokens, low, high, action):
            pieces.append((begin, cut))
            begin = start
        pieces.append((begin, high))
        out: list[Span] = []
        for piece in pieces:
            if out and not self._separate(tokens, out[-1], piece, claim, action):
                out[-1] = (out[-1][0], piece[1])
            else:
                out.append(piece)
        return out

    def _separate(
        self,
        tokens: Sequence[Token],
        left: Span,
        right: Span,
        claim: Callable[[Span], bool],
        action: Callable[[Span], object],
    ) -> bool:
        words = tokens[left[0] : left[1]]
        nominal = (
            any(t.pos == "NOUN" and t.has("nomn") for t in words)
            and words[0].pos != "CONJ"  # "Щоб захопити цей пункт, ...": a purpose
            and action(left) is not None
        )
        if not nominal and not any(t.pos in _PREDICATES for t in words):
            return False  # "Щоб захопити село, ворог зосередив...", "Підрозділи військ і ...": no clause
        return claim(left) and claim(right) and action(left) != action(right)

    def _openings(
        self, tokens: Sequence[Token], low: int, high: int, action: Callable[[Span], object]
    ) -> list[tuple[int, int]]:
        """Each cut (a comma, a dash or a conjunction, outside brackets and quotes) whose right side opens a
        clause of its own: (the cut's position, where the clause starts)."""
        out: list[tuple[int, int]] = []
        depth = 0
        index = low + 1
        while index < high - 1:
            token = tokens[index]
            if token.text in _OPEN or (token.text == '"' and depth == 0):
                depth += 1
            elif token.text in _CLOSE or token.text == '"':
                depth = max(0, depth - 1)
            elif depth == 0:
                start = self._start(tokens, index, high)
                if start is not None and self._opens(tokens, start, high, action):
                    out.append((index, start))
                    index = start
                    continue
            index += 1
        return out

    def _start(self, tokens: Sequence[Token], index: int, high: int) -> int | None:
        """Where a clause would start after a cut at `index`: past the punctuation and a conjunction."""
        token = tokens[index]
        if token.text in _CUTS:
            start = index + 1
            while start < high and tokens[start].text in _CUTS:
                start += 1
            found = self._conjunctions.at(tokens, start) if start < high else None
            return found.last if found is not None else start
        found = self._conjunctions.at(tokens, index)
        if found is not None and tokens[index - 1].word:
            return found.last
        return None

    def _opens(
        self, tokens: Sequence[Token], start: int, high: int, action: Callable[[Span], object]
    ) -> bool:
        """Whether a clause with its own subject (or a passive or impersonal predicate) starts here: the
        subject before the verb, or after an intransitive verb ("..., продолжается штурм"), or after a
        finite verb opening the clause when the subject is an action word of its own ("..., тривають
        бої")."""
        if start >= high or tokens[start].lemma in self._stops:
            return False
        end = next((k for k in range(start, high) if tokens[k].text in _CUTS), high)
        verb_at = next((k for k in range(start, end) if tokens[k].pos in _PREDICATES), None)
        if verb_at is None:
            return False
        verb = tokens[verb_at]
        if _impersonal(verb) or tokens[start].lemma in self._relatives:
            return True  # "..., яке не можуть захопити": a relative clause with an action of its own
        if any(  # no conjunction between: "сіли на 2 БМП та 2 Т-72 і вирішили" has no new subject
            self._subject(tokens, k, start, verb) and all(t.pos != "CONJ" for t in tokens[k + 1 : verb_at])
            for k in range(start, verb_at)
        ):
            return True
        after = verb_at + 1
        while after < end and tokens[after].pos in _MODIFIERS:
            after += 1
        if after >= end or not self._subject(tokens, after, verb_at + 1, verb):
            return False
        return _intransitive(verb) or _verb_first(tokens, start, verb_at, after, action)

    def _subject(self, tokens: Sequence[Token], index: int, start: int, verb: Token) -> bool:
        token = tokens[index]
        if token.pos not in _SUBJECTS or token.lemma in self._relatives or not token.word:
            return False
        if token.pos in ("NOUN", "NPRO") and not token.may_be("nomn"):
            return False
        before = index
        while before > start and tokens[before - 1].pos in _MODIFIERS:
            before -= 1
        if before > start and tokens[before - 1].pos == "PREP":
            return False
        return _agrees(verb, token)
