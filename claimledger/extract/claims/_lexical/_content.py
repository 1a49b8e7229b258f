"""What each clause of a sentence says: the sentence's reported spans cut into clauses, and in each clause
the action (by its predicate and what the predicate acts on), the status (the attribution's, cues inside
the clause, negation, an assessment in the author's own voice) and the side that acted."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimledger.extract.claims._lexical._clauses import ClauseCutter
from claimledger.extract.claims._lexical._frame import FrameReader
from claimledger.extract.claims._lexical._lexicon import Lexicon
from claimledger.extract.claims._lexical._morphology import Token
from claimledger.extract.claims._lexical._phrases import Match, PhraseIndex
from claimledger.extract.claims._lexical._sides import OPPOSITE, actor_side
from claimledger.extract.claims._types import Clause, Party
from claimledger.model import Action, Status

__all__ = ["PRIORITY", "ContentReader", "Voice"]

PRIORITY = (
    Action.RECAPTURE, Action.CAPTURE, Action.WITHDRAWAL, Action.ATTACK_REPELLED, Action.ADVANCE,
    Action.CASUALTIES, Action.STRIKE, Action.ATTACK, Action.FIGHTING, Action.REINFORCEMENT, Action.CONTROL,
    Action.PRESENCE, Action.DENIAL, Action.OTHER,
)  # fmt: skip
_ENEMY_DEFAULT = frozenset({Action.STRIKE})
_OWN_DEFAULT = frozenset({Action.CAPTURE, Action.RECAPTURE, Action.ADVANCE, Action.ATTACK})
_PEOPLE = frozenset({"soldiers", "killed", "wounded"})
_VERBAL = frozenset({"VERB", "INFN", "PRTS", "PRTF", "GRND"})
_PREDICATES = frozenset({"VERB", "INFN", "PRTS"})
_QUOTES = frozenset('«»"“”„')

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Voice:
    """Who says a span of a sentence (and through whom), with the status their saying gives it."""

    claimants: list[Party]
    via: list[Party]
    status: Status
    cue: str | None
    asserted: bool = False
    """Whether the span is a claim whatever it says (a named party's report), not only with war words."""


_AUTHOR = Voice(claimants=[], via=[], status=Status.CONFIRMED, cue=None)


def _lemmas(words: Sequence[str], lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lexicon.morphology.analyze(w.lower()).lemma for w in words)


class ContentReader:
    """Reads the clauses of the spans a sentence reports, with a language's lexicon."""

    def __init__(self, *, lexicon: Lexicon, frame: FrameReader) -> None:
        self.lexicon = lexicon
        self.frame = frame
        morphology = lexicon.morphology
        self._status = PhraseIndex(lexicon.status_cues, morphology=morphology)
        self._actions = PhraseIndex(lexicon.actions, morphology=morphology)
        self._sides = PhraseIndex(lexicon.sides, morphology=morphology)
        self._topics = PhraseIndex.of(lexicon.topics, morphology=morphology)
        self._civilians = PhraseIndex.of(lexicon.civilians, morphology=morphology)
        self._weapons = PhraseIndex.of(lexicon.weapons, morphology=morphology)
        self._munitions = PhraseIndex.of(lexicon.munitions, morphology=morphology)
        self._absence = PhraseIndex.of(lexicon.absence, morphology=morphology)
        self._negations = _lemmas(lexicon.negations, lexicon)
        self._suffered = _lemmas(lexicon.suffered, lexicon)
        self._targets = _lemmas(lexicon.target_prepositions, lexicon)
        self._prospective = _lemmas(lexicon.prospective, lexicon)
        self._attempts = _lemmas(lexicon.attempts, lexicon)
        self._ceasing = _lemmas(lexicon.ceasing, lexicon)
        self._purposes = PhraseIndex.of(lexicon.purposes, morphology=morphology)
        self._relatives = _lemmas(lexicon.relatives, lexicon)
        self._seen: dict[Span, list[Match[Action]]] = {}
        self._seen_in: Sequence[Token] | None = None
        self._cutter = ClauseCutter(
            conjunctions=PhraseIndex.of(lexicon.conjunctions, morphology=morphology),
            stops=_lemmas(lexicon.complementizers, lexicon),
            relatives=self._relatives,
        )

    def is_claim(self, text: str, tokens: list[Token], span: Span) -> bool:
        """Whether a span says something a claim can be made of (an action, a war topic, a count)."""
        return (
            span[1] > span[0]
            and any(t.word for t in tokens[span[0] : span[1]])
            and self._claimlike(text, tokens, span)
        )

    def has_action(self, tokens: Sequence[Token]) -> bool:
        return bool(self._actions.find(tokens))

    def read(
        self,
        text: str,
        tokens: list[Token],
        spans: list[tuple[Voice | None, Span]],
        *,
        owned: Sequence[Span] = (),
    ) -> list[Clause]:
        """The clauses of the reported spans, each with its voice (None: the author's); `owned`: the words of
        the attributions ("опровергли"), whose status is their own clauses', not every clause's."""
        pieces = [
            (n, voice or _AUTHOR, piece)
            for n, (voice, (low, high)) in enumerate(spans)
            for part in _split(tokens, low, high)
            for piece in self._cutter.cut(
                tokens,
                part,
                claim=lambda span: self._claimlike(text, tokens, span),
                action=lambda span: self._action_of(text, tokens, span),
            )
        ]
        taken = [piece for _, _, piece in pieces] + list(owned)
        out: list[Clause] = []
        for n, (voice, _) in enumerate(spans):
            own = [(v, piece) for k, v, piece in pieces if k == n]
            found: list[Clause] = []
            before: tuple[Span, Clause | None] | None = None
            for v, piece in own:
                inherited = self._inherited(tokens, piece, before)
                clause = self._clause(text, tokens, piece, v, taken, inherited=inherited)
                found.extend([clause] if clause is not None else [])
                before = (piece, clause)
            if not found and voice is not None and voice.asserted and own:
                # "X поширюють світлину ...": what a named party says is its claim, war words or none
                low, high = own[0][1][0], own[-1][1][1]
                found = [c for c in (self._clause(text, tokens, (low, high), voice, taken, force=True),) if c]
            out.extend(found)
        return out

    def _main_action(self, tokens: Sequence[Token], piece: Span) -> Match[Action] | None:
        """The action word that decides a clause's action: a predicate (a verb, a short participle, an
        infinitive or a noun in the nominative) before the words that hang on it, then the fixed priority
        ("тримають оборону і завдають втрат": control; "освобождение X позволит разрушить": capture)."""
        actions = self._actions_in(tokens, piece)
        if not actions:
            return None
        aims: set[int] = set()
        for found in self._purposes.find(tokens, *piece):
            end = next((k for k in range(found.last, piece[1]) if tokens[k].text == ","), piece[1])
            aims.update(range(found.last, end))
        return min(
            actions,
            key=lambda m: _rank(tokens, m, aims),
        )

    def _actions_in(self, tokens: Sequence[Token], piece: Span) -> list[Match[Action]]:
        """The action words of a clause, but those inside a side's name ("Сили оборони", "армия обороны");
        kept for the sentence being read, as every step asks for them."""
        if self._seen_in is not tokens:  # kept for one sentence only
            self._seen.clear()
            self._seen_in = tokens
        found = self._seen.get(piece)
        if found is None:
            actions = self._actions.find(tokens, *piece)
            names = [m for m in self._sides.find(tokens, *piece) if m.last - m.first > 1]
            found = [a for a in actions if not any(n.first <= a.first < n.last for n in names)]
            self._seen[piece] = found
        return found

    def _action_of(self, text: str, tokens: list[Token], piece: Span) -> Action | None:
        action = self._main_action(tokens, piece)
        if action is None:
            return None
        quantity = self.frame.quantity(text[tokens[piece[0]].start : tokens[piece[1] - 1].end])
        return self._kind(tokens, piece, action, quantity.unit if quantity is not None else None)

    def _claimlike(self, text: str, tokens: list[Token], piece: Span) -> bool:
        """Whether a span would be a claim: it has an action word, a war topic or a counted quantity."""
        low, high = piece
        if self._actions_in(tokens, piece) or self._topics.find(tokens, low, high):
            return True
        return self.frame.quantity(text[tokens[low].start : tokens[high - 1].end]) is not None

    def _inherited(
        self, tokens: Sequence[Token], piece: Span, before: tuple[Span, Clause | None] | None
    ) -> str | None:
        """The actor a relative clause takes from the clause before it: the side named in its antecedent when
        the relative pronoun is the subject ("техніку окупантів, яка сунула"), else the actor of the clause
        before ("росіяни знищують місто, яке не можуть захопити")."""
        if before is None or tokens[piece[0]].lemma not in self._relatives:
            return None
        pronoun = tokens[piece[0]]
        verb = next((t for t in tokens[piece[0] + 1 : piece[1]] if t.pos in ("VERB", "PRTS")), None)
        if verb is None:
            return None
        if pronoun.may_be("nomn") and pronoun.has("plur") == verb.has("plur"):
            (low, high), _ = before
            named = [m for m in self._sides.find(tokens, low, high) if m.last >= high - 3]
            return named[-1].value if named else None
        clause = before[1]
        return clause.actor if clause is not None and clause.actor != "unknown" else None

    def _clause(
        self,
        text: str,
        tokens: list[Token],
        piece: Span,
        voice: Voice,
        taken: list[Span],
        *,
        force: bool = False,
        inherited: str | None = None,
    ) -> Clause | None:
        low, high = piece
        if not force and not self._claimlike(text, tokens, piece):
            return None
        quantity = self.frame.quantity(text[tokens[low].start : tokens[high - 1].end])
        action = self._main_action(tokens, piece)
        kind = self._kind(tokens, piece, action, quantity.unit if quantity is not None else None)
        downed = self._downed(tokens, piece, action) if kind == Action.STRIKE and action is not None else []
        status, cue = self._status_of(text, tokens, piece, voice, taken)
        sides = self._sides.find(tokens, low, high)
        actor = actor_side(
            tokens,
            sides,
            action,
            kind=kind,
            suffered=self._suffered,
            agent_cases=self.lexicon.agent_cases,
            targets=self._targets,
            downed=downed,
        )
        negation = self._negated(tokens, piece, action)
        if kind == Action.CASUALTIES and self._absent(tokens, piece):
            if quantity is None:
                return None  # "пострадавших нет", "інформації про постраждалих не надходило"
            negation = None  # "погибших нет, ранены двое": the count stands
        if negation is not None and (downed or kind == Action.ATTACK_REPELLED):
            # "не смогли отразить удар", "не удалось сбить ни одной ракеты": the attack went through
            negation = None
            if kind == Action.ATTACK_REPELLED:
                strike = self._munitions.find(tokens, low, high) or self._weapons.find(tokens, low, high)
                kind = Action.STRIKE if strike or self._has(tokens, piece, Action.STRIKE) else Action.ATTACK
                actor = OPPOSITE.get(actor, "unknown")
        if negation is not None and status in (Status.CLAIMED, Status.CONFIRMED):
            status, cue = Status.DENIED, text[tokens[negation].start : tokens[negation + 1].end]
        elif status == Status.CONFIRMED and voice is _AUTHOR and self._prospect(tokens, piece):
            status = Status.ASSESSED  # "Командование будет удерживать город", "самолет могли подставить"
        if actor == "unknown" and inherited is not None:
            actor = inherited
        elif actor == "unknown" and kind in _ENEMY_DEFAULT:
            actor = "enemy"  # shelling reported without its author: the reporting side's enemy
        elif actor == "unknown" and kind in _OWN_DEFAULT and status == Status.DENIED:
            actor = "enemy"  # "спростовує заяви про захоплення X": a party denies the other side's gain
        elif actor == "unknown" and kind in _OWN_DEFAULT:
            actor = "claimant"  # "Взятие X открывает путь": a gain reported without its author
        start, end = tokens[low].start, tokens[high - 1].end
        return Clause(
            start=start,
            end=end,
            claimants=voice.claimants,
            via=voice.via,
            action=kind,
            actor=actor,
            status=status,
            cue=cue,
            times=self.frame.phrases(text[start:end]),
        )

    def _status_of(
        self, text: str, tokens: list[Token], piece: Span, voice: Voice, taken: list[Span]
    ) -> tuple[Status, str | None]:
        """The voice's status, unless a status cue stands in the clause or outside every clause of the
        sentence ("Вероятно, ..." before the reported span); the longest cue wins. A cue in brackets
        qualifies the bracket only ("атакував дронами (імовірно, ударними)")."""
        status, cue = voice.status, voice.cue
        aside = _bracketed(tokens)
        cues = [
            m
            for m in self._status.find(tokens)
            if (piece[0] <= m.first < piece[1] or not any(a <= m.first < b for a, b in taken))
            and (m.first not in aside or piece[0] in aside)
        ]
        if cues and status in (Status.CLAIMED, Status.CONFIRMED):
            best = max(cues, key=lambda m: m.last - m.first)
            status, cue = best.value, text[tokens[best.first].start : tokens[best.last - 1].end]
            if status == Status.CONFIRMED:
                status = Status.CLAIMED if voice is not _AUTHOR else Status.CONFIRMED
        return status, cue

    def _has(self, tokens: Sequence[Token], piece: Span, action: Action) -> bool:
        return any(m.value == action for m in self._actions.find(tokens, *piece))

    def _kind(
        self, tokens: Sequence[Token], piece: Span, action: Match[Action] | None, unit: str | None
    ) -> Action:
        """The clause's action, by the gold conventions: losses among civilians are a strike on them; a
        strike that counts soldiers ("уничтожено 26 боевиков") reports casualties; an attack by
        stand-off weapons is a strike."""
        if action is None:
            return Action.OTHER
        if action.value == Action.CASUALTIES and self._civilians.find(tokens, *piece):
            return Action.STRIKE
        if action.value == Action.STRIKE and unit in _PEOPLE:
            return Action.CASUALTIES
        if action.value == Action.ATTACK and self._weapons.find(tokens, *piece):
            return Action.STRIKE
        if action.value == Action.WITHDRAWAL and self._has(tokens, piece, Action.ATTACK_REPELLED):
            return Action.ATTACK_REPELLED  # "атакували, але не мали успіху та відійшли"
        if action.value in (Action.ADVANCE, Action.CAPTURE) and self._attempted(tokens, action):
            return Action.ATTACK  # "противник пытался продвинуться", "ворог намагався захопити"
        return action.value

    def _downed(self, tokens: Sequence[Token], piece: Span, action: Match[Action]) -> list[Match[str]]:
        """The munitions a strike brings down, if what it acts on is munitions ("сбили 16 дронов",
        "знищено дві ракети", "16 дронів збито"): its object after it or, for a passive, beside it."""
        verb = tokens[action.first]
        if verb.pos not in _VERBAL:
            return []
        after = self._munitions.find(tokens, action.last, min(piece[1], action.last + 10))
        if after and not any(t.pos == "VERB" for t in tokens[action.last : after[0].first]):
            return after
        if verb.pos in ("PRTS", "PRTF") or verb.has("pssv", "Impe"):
            return self._munitions.find(tokens, max(piece[0], action.first - 5), action.first)
        return []

    def _absent(self, tokens: Sequence[Token], piece: Span) -> bool:
        """Whether the clause says casualties are not there: a casualty word in the genitive beside a word of
        absence ("погибших не было", "сведений о раненых не поступало")."""
        if not self._absence.find(tokens, *piece):
            return False
        return any(
            m.value == Action.CASUALTIES
            and tokens[m.first].may_be("gent")
            and not tokens[m.first].has("nomn")
            for m in self._actions.find(tokens, *piece)
        )

    def _attempted(self, tokens: Sequence[Token], action: Match[Action]) -> bool:
        """Whether the action word is what a verb of trying aims at ("пытались прорваться")."""
        before = action.first - 1
        while before > 0 and tokens[before].pos == "ADVB":
            before -= 1
        return before >= 0 and tokens[before].lemma in self._attempts

    def _prospect(self, tokens: Sequence[Token], piece: Span) -> bool:
        """Whether the clause's predicate speaks of what may or will happen: an imperfective future
        ("будет удерживать", "триматиме") or a verb of possibility or plan ("могли", "планирует")."""
        verb = next((t for t in tokens[piece[0] : piece[1]] if t.pos == "VERB"), None)
        if verb is None:
            return False
        return (verb.has("futr") and verb.has("impf")) or verb.lemma in self._prospective

    def _negated(self, tokens: Sequence[Token], piece: Span, action: Match[Action] | None) -> int | None:
        """The negation of the clause's action verb or the verb it depends on ("не смогли отразить"), else of
        its first verb ("не поставила", "не могла знать"), if it is negated."""
        if action is not None and tokens[action.first].pos in _PREDICATES:
            before = action.first - 1
            while before > piece[0] and tokens[before].pos in ("VERB", "ADVB"):
                before -= 1  # "не смогли отразить", "не повністю контролюють"
            if before >= piece[0] and tokens[before].lemma in self._negations:
                return before
        for index in range(*piece):
            if tokens[index].pos in ("VERB", "PRTS"):
                if tokens[index].lemma in self._ceasing:
                    return None  # "не прекращает атаки": the attacks go on
                before = index - 1
                return before if before >= piece[0] and tokens[before].lemma in self._negations else None
        return None


def _rank(tokens: Sequence[Token], match: Match[Action], aims: set[int]) -> tuple[bool, bool, int, int]:
    """An action word's rank: outside a purpose first, then a predicate ("не мали успіху": its verb), then
    by priority and order."""
    predicate = any(_predicate(t) for t in tokens[match.first : match.last])
    return match.first in aims, not predicate, PRIORITY.index(match.value), match.first


def _predicate(token: Token) -> bool:
    return token.pos in _PREDICATES or (token.pos == "NOUN" and token.has("nomn"))


def _bracketed(tokens: Sequence[Token]) -> set[int]:
    """The positions inside round brackets."""
    inside: set[int] = set()
    depth = 0
    for index, token in enumerate(tokens):
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(index)
    return inside


def _split(tokens: list[Token], low: int, high: int) -> Iterator[Span]:
    """A content span cut at semicolons, without the punctuation at its edges. A part without a predicate
    of its own belongs to the part before it ("Не удалось сбить: ни одной из 7 ракет; ни одного из 4")."""
    cuts = [k for k in range(low, high) if tokens[k].text == ";"]
    bounds = [low - 1, *cuts, high]
    kept = [
        bounds[k]
        for k in range(1, len(bounds) - 1)
        if any(t.pos in _PREDICATES for t in tokens[bounds[k] + 1 : bounds[k + 1]])
    ]
    begin = low
    for index in [*kept, high]:
        start, end = begin, index
        while start < end and not tokens[start].word and tokens[start].text not in _QUOTES:
            start += 1
        while end > start and (
            (not tokens[end - 1].word and tokens[end - 1].text not in _QUOTES)
            or tokens[end - 1].pos == "CONJ"
        ):
            end -= 1
        if any(t.word for t in tokens[start:end]):
            yield (start, end)
        begin = index + 1
