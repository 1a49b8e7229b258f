"""English actions: the action a clause names, decided from its predicate and arguments, and the side
that performs it."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from claimledger.extract.claims.en import _lexicon as lex
from claimledger.extract.claims.en._syntax import _subject
from claimledger.model import Action


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _object_lemmas(verb: Token) -> set[str]:
    """The lemmas of a verb's objects, looking through "45 of 60 drones" to the counted noun."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    counted = [
        o for d in objects for p in d.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
    ]
    return {o.lemma_.lower() for o in objects + counted}


def _phrasal(token: Token) -> Action | None:
    transitive = any(c.dep_ == "dobj" for c in token.children) and not _passive(token)
    for child in token.children:
        key = (token.lemma_, child.lower_)
        found = lex.PHRASAL_TRANSITIVE.get(key) if transitive else None
        found = found or lex.PHRASAL.get(key)
        if found is not None and child.dep_ in ("prt", "advmod", "dobj", "prep"):
            return found
    return None


def _action_of(token: Token) -> Action:
    """The action a single token names, if any."""
    if token.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN"):
        return Action.OTHER
    phrasal = _phrasal(token)
    if phrasal is not None:
        return phrasal
    if token.lemma_ == "take":
        objects = [c for c in token.children if c.dep_ == "dobj"]
        taken = any(o.lemma_ in lex.TAKE_OBJECTS or o.pos_ == "PROPN" for o in objects)
        return Action.CAPTURE if taken else Action.OTHER
    if token.lemma_ == "fall" and token.pos_ == "VERB":  # "the town fell", not "shells fell"
        subject = _subject(token)
        fallen = subject is not None and (subject.lemma_ in lex.TAKE_OBJECTS or subject.pos_ == "PROPN")
        return Action.CAPTURE if fallen else Action.OTHER
    if token.lemma_ == "occupy" and _object_lemmas(token) & lex.PARTIAL_OBJECTS:
        return Action.PRESENCE  # "occupied parts of the city": there, not in control of it
    if token.lemma_ in lex.OBJECT_ACTIONS:
        wanted, action = lex.OBJECT_ACTIONS[token.lemma_]
        if _object_lemmas(token) & wanted:
            return action
    if token.lemma_ == "gain" and token.pos_ == "NOUN":
        return Action.ADVANCE  # "tactical gains"
    if token.lemma_ in lex.AID_NOUNS and token.pos_ == "NOUN":
        words = {t.lemma_.lower() for t in token.subtree}
        return Action.REINFORCEMENT if words & (lex.MATERIEL | {"security", "military"}) else Action.OTHER
    if token.lemma_ == "reinforce" and _object_lemmas(token) - lex.MATERIEL - lex.REINFORCED:
        return Action.OTHER  # "reinforce our commitment"
    if token.lemma_ == "hold" and token.pos_ == "VERB" and not _holds_ground(token):
        return Action.OTHER  # "a ceasefire held", "held talks"
    return lex.ACTIONS.get(word_lemma(token), lex.ACTIONS.get(token.lower_, Action.OTHER))


def word_lemma(token: Token) -> str:
    """A token's lemma in lower case; a title-cased plural the tagger took for a name ("Missile Strikes" in
    a heading) loses its "s"."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and lemma.endswith("s") and lemma[:-1] in lex.ACTIONS:
        return lemma[:-1]
    return lemma


def _holds_ground(verb: Token) -> bool:
    """ "holds some territory", "X is held by": control; not "held talks" or "if a ceasefire held"."""
    objects = _object_lemmas(verb)
    return (bool(objects) and not objects & lex.HOLD_NON_OBJECTS) or _passive(verb)


def _ordered(root: Token, tokens: set[int]) -> Iterable[Token]:
    """Clause tokens in the order their action counts: the head chain, then objects, then the rest."""
    doc = root.doc
    chain = [root]
    current = root
    while True:
        nxt = [
            c
            for c in current.children
            if c.dep_ in ("xcomp", "acomp", "attr", "dobj", "oprd") and c.i in tokens
        ]
        if not nxt or (current.lemma_ not in lex.LIGHT_VERBS | lex.ATTEMPT_WORDS and current != root):
            break
        current = nxt[0]
        chain.append(current)
    yield from chain
    # a noun before its modifiers ("combat losses": losses), and the subject of a verb with an object of its
    # own last and only when it names a fighting action itself ("the package will shift the balance": other)
    subject = _subject(root) if root.pos_ == "VERB" and root.lemma_ not in lex.LIGHT_VERBS else None
    transitive = subject is not None and any(c.dep_ == "dobj" for c in root.children)
    around = {t.i for t in subject.subtree} if subject is not None else set()
    rest = sorted(
        (doc[i] for i in tokens if doc[i] not in chain),
        key=lambda t: (t.i in around, t.dep_ in ("compound", "amod"), t.i),
    )
    for token in rest:
        if transitive and token.i in around and word_lemma(token) not in lex.STRONG_ACTIONS:
            continue
        yield token


def _anaphoric(word: Token) -> bool:
    """An action noun pointing back at what was already reported: "these advances", "such strikes"."""
    return word.pos_ == "NOUN" and any(
        c.lower_ in lex.ANAPHORIC and c.dep_ in ("det", "amod", "predet") for c in word.children
    )


def _clause_action(root: Token, tokens: set[int]) -> tuple[Action, Token | None]:
    """The clause's action and the word that names it; "attempted to advance" is an attack."""
    attempt = False
    for token in _ordered(root, tokens):
        if token.lemma_ in lex.ATTEMPT_WORDS:
            attempt = True
            continue
        action = _action_of(token)
        if action is Action.OTHER or _anaphoric(token):
            continue
        if attempt and action in lex.ATTEMPT_TARGETS:
            return Action.ATTACK, token
        return action, token
    if _stationed(root):
        return Action.PRESENCE, root
    return Action.OTHER, None


def _stationed(root: Token) -> bool:
    """ "Iranian personnel were on the ground in Crimea", "North Korean troops are in Kursk": a military
    subject of "be" with a place phrase is a presence."""
    subject = _subject(root)
    return (
        root.lemma_ == "be"
        and subject is not None
        and subject.lemma_.lower() in lex.MILITARY_NOUNS
        and any(c.dep_ == "prep" and c.lower_ in ("in", "on", "inside", "near", "at") for c in root.children)
    )


def _side_of(tokens: Iterable[Token]) -> str:
    """The side words name: the first side named outright, else the speaker's own ("our forces"), else the
    antecedent of a possessive ("its forces": "it", "their troops": "they", resolved in the discourse)."""
    fallback = "unknown"
    for token in tokens:
        lowered = token.lower_
        if lowered in lex.UA_WORDS or token.lemma_ in lex.UA_WORDS:
            return "UA"
        if lowered in lex.RU_WORDS or token.lemma_ in lex.RU_WORDS or _russian_ally(token):
            return "RU"
        if lowered in lex.ENEMY_WORDS:
            return "enemy"
        if lowered in lex.OWN_WORDS:
            fallback = "claimant"
        elif lowered in lex.PRONOUN_OWNERS and fallback == "unknown":
            fallback = lex.PRONOUN_OWNERS[lowered]
    return fallback


def _russian_ally(token: Token) -> bool:
    """Forces fighting on Russia's side: "North Korean troops", "Iranian military personnel"."""
    if token.lower_ in lex.RU_ALLIES:
        return True
    previous = token.nbor(-1) if token.i > 0 else None
    return (
        token.lower_ in ("korea", "korean", "koreans") and previous is not None and previous.lower_ == "north"
    )


def opposite(side: str) -> str:
    """The side against a side; a pronoun's stays a pronoun's, marked ("they:opposite")."""
    if side in ("it", "they"):
        return f"{side}:opposite"
    return {"UA": "RU", "RU": "UA", "enemy": "claimant", "claimant": "enemy"}.get(side, "unknown")


def subject_side(subject: Token) -> str:
    """The side a subject names: its words, or the pronoun it is ("they", "it") for the discourse."""
    form = lex.PERSONAL_PRONOUNS.get(subject.lower_)
    if form in ("org", "plural"):
        return "it" if form == "org" else "they"
    by_phrase = {t.i for c in subject.children if c.lower_ == "by" for t in c.subtree}
    return _side_of(t for t in subject.subtree if t.dep_ != "appos" and t.i not in by_phrase)


def _victims(tokens: list[Token]) -> str:
    """The side that suffers the casualties an active verb inflicts ("killed dozens of Ukrainian
    civilians": UA), from its object, else against its subject ("Russian shelling killed two people")."""
    for verb in tokens:
        if verb.lemma_ not in lex.VICTIM_VERBS or verb.pos_ != "VERB" or _passive(verb):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not objects:
            continue
        side = _side_of(t for o in objects for t in o.subtree)
        if side != "unknown":
            return side
        subject = _subject(verb)
        return opposite(subject_side(subject)) if subject is not None else "unknown"
    return "unknown"


def _clause_actor(root: Token, tokens: set[int], action: Action) -> str:
    doc = root.doc
    if action is Action.REINFORCEMENT:  # aid is the recipient's reinforcement: "sent missiles to Ukraine"
        recipients = [
            o
            for i in sorted(tokens)
            if doc[i].lower_ in ("to", "for")
            for o in doc[i].children
            if o.dep_ == "pobj"
        ]
        side = _side_of(t for o in recipients for t in o.subtree)
        if side != "unknown":
            return side
    if action is Action.CASUALTIES:
        side = _victims(sorted((doc[i] for i in tokens), key=lambda t: t.i))
        if side != "unknown":
            return side
    subject = _subject(root)
    agent = next((c for c in root.children if c.dep_ == "agent"), None)
    if agent is not None:
        side = _side_of(agent.subtree)
        if side != "unknown":
            return side
    if subject is not None:
        side = subject_side(subject)
        if subject.lower_ in ("it", "they") and root.lemma_ == "be":
            side = "unknown"  # "it is unclear", "they are Ukrainian towns"
        # "have withdrawn" is often parsed with a passive subject: passive needs the auxiliary too
        passive = subject.dep_ == "nsubjpass" and any(c.dep_ == "auxpass" for c in subject.head.children)
        if side != "unknown":
            if passive and action not in (Action.PRESENCE, Action.CASUALTIES, Action.CONTROL, Action.OTHER):
                return opposite(side)
            return side
        by_phrase = {t.i for c in subject.children if c.lower_ == "by" for t in c.subtree}
        if by_phrase:  # "no attacks by the enemy were recorded"
            side = _side_of(subject.doc[i] for i in sorted(by_phrase))
            if side != "unknown":
                return side
    if action is Action.FIGHTING:
        return "unknown"
    side = _side_of(doc[i] for i in sorted(tokens))
    return "claimant" if side == "unknown" and root.pos_ not in ("VERB", "AUX") else side
