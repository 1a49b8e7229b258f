"""Who performed an action: the side words of a clause and the part each plays, read from case and order."""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.extract.claims._lexical._morphology import Token
from claimledger.extract.claims._lexical._phrases import Match
from claimledger.model import Action

__all__ = ["OPPOSITE", "actor_side"]

OPPOSITE = {"RU": "UA", "UA": "RU", "enemy": "claimant", "claimant": "enemy"}
_OBLIQUE = ("gent", "accs", "datv", "loct", "gen2", "acc2", "loc2")


def _head(tokens: Sequence[Token], index: int) -> int:
    """The noun a side word hangs on: "позиции ВСУ", "войсками РФ", "потери противника" (genitive or
    undeclined words attach to the noun before them)."""
    while index > 0 and (tokens[index].has("gent", "Fixd", "UNKN") or tokens[index].pos == ""):
        before = tokens[index - 1]
        if before.pos not in ("NOUN", "ADJF", "PRTF", "NUMR", "NUMB") or before.has("loct", "loc2"):
            break  # a place phrase ("на направлении ВС России") does not own the words after it
        index -= 1
    return index


def _role(
    tokens: Sequence[Token],
    side: Match[str],
    action: Match[Action],
    *,
    agent_cases: frozenset[str],
    targets: frozenset[str],
) -> str:
    """The part a side word plays towards the action: "agent", "subject", "object", "target" or "owner"
    (the genitive right after a nominal action: "наступление наших войск", "потери противника")."""
    token = tokens[side.first]
    nominal = tokens[action.first].pos == "NOUN"
    if nominal and side.first == action.last and token.has(*_OBLIQUE, "Fixd", "UNKN"):
        return "owner"
    head = _head(tokens, side.first)
    if head > 0 and tokens[head - 1].lemma in targets:
        return "target"
    word = tokens[head]
    if word.has("Fixd", "UNKN") or not word.pos:  # undeclined ("ВСУ", "ВС РФ"): by its place
        return "subject" if side.first < action.first else "object"
    if word.has(*agent_cases):
        return "agent"
    if word.may_be("nomn") and (side.first < action.first or not word.has(*_OBLIQUE)):
        return "subject"
    if word.has(*_OBLIQUE):
        return "object"
    return "subject" if side.first < action.first else "object"


def _governed(tokens: Sequence[Token], index: int) -> bool:
    """Whether a nominal action is the object of an active verb just before it ("нанесли 45 авиаударов",
    "завдав ракетного удару"): then the verb's subject acted."""
    for token in reversed(tokens[max(0, index - 3) : index]):
        if token.pos == "VERB" and not token.has("pssv", "Impe"):
            return True
        if not token.word:
            return False
    return False


def actor_side(
    tokens: Sequence[Token],
    sides: list[Match[str]],
    action: Match[Action] | None,
    *,
    kind: Action | None = None,
    suffered: frozenset[str],
    agent_cases: frozenset[str],
    targets: frozenset[str],
    downed: Sequence[Match[str]] = (),
) -> str:
    """The clause's actor ("RU", "UA", "enemy", "claimant", "unknown"). For casualties the actor is the side
    that suffered them (the gold convention); for munitions brought down (`downed`: where they stand), the
    side that launched them (opposite the one that downed them, else the side named with the munitions:
    "ракеты противника", else opposite the side named); for other
    actions, the side that acted. `kind` is the clause's action when it is not the action word's own
    ("уничтожено 26 боевиков": casualties by a word of strikes)."""
    if not sides:
        return "unknown"
    if action is None:
        return sides[0].value
    verb = tokens[action.first]
    passive = (
        verb.pos in ("PRTS", "PRTF")
        or verb.has("pssv", "Impe")
        or (verb.pos == "NOUN" and not _governed(tokens, action.first))
    )
    roles: dict[str, str] = {}
    for side in sides:
        roles.setdefault(_role(tokens, side, action, agent_cases=agent_cases, targets=targets), side.value)
    subject_acts = not passive
    if downed:
        downer = roles.get("agent") or (roles.get("subject") if subject_acts else None)
        if downer is not None:
            return OPPOSITE.get(downer, "unknown")
        owner = next((s.value for s in sides for m in downed if s.last == m.first or s.first == m.last), None)
        return owner or OPPOSITE.get(sides[0].value, "unknown")  # "Украинской ПВО не удалось сбить"
    if (kind or action.value) == Action.CASUALTIES:
        if verb.lemma in suffered:
            found = roles.get("subject") or roles.get("owner") or roles.get("object")
            return found or OPPOSITE.get(roles.get("agent", ""), "unknown")
        victim = roles.get("owner") or roles.get("object") or (None if subject_acts else roles.get("subject"))
        if victim is not None:
            return victim
        doer = roles.get("agent") or (roles.get("subject") if subject_acts else None)
        return OPPOSITE.get(doer or "", sides[0].value)
    doer = roles.get("agent") or roles.get("owner") or (roles.get("subject") if subject_acts else None)
    if doer is not None:
        return doer
    undergoer = roles.get("target") or roles.get("object") or roles.get("subject")
    return OPPOSITE.get(undergoer or "", "unknown")
