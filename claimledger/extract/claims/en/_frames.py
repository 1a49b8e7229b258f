"""English attribution frames: who says what, through whom, with what status, from a spaCy parse."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from claimledger.extract.claims._types import Party
from claimledger.extract.claims.en import _lexicon as lex
from claimledger.extract.claims.en._actions import _action_of
from claimledger.extract.claims.en._syntax import (
    _parties,
    _party,
    _party_tokens,
    _source_of,
    _subject,
    _that_clauses,
)
from claimledger.model import Action, Status

_CONCESSIVE = frozenset({"though", "although", "while", "because", "if", "whereas", "unless"})


@dataclass(slots=True)
class _Frame:
    """An attribution: who says it, through whom, and the tokens that head what is said."""

    claimants: list[Party]
    via: list[Party]
    status: Status
    cue: str | None
    heads: list[Token]
    owned: set[int] = field(default_factory=set)
    leading: bool = False


def _content_heads(verb: Token) -> list[Token]:
    """What a reporting verb reports: its clausal complement, or an action noun it takes as object."""
    heads = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "ADJ")]
    heads += _that_clauses(verb)
    heads += [  # "claimed that X and that Y"
        c
        for c in verb.children
        if c.dep_ == "conj" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    if not heads:  # "reported on May 2 that ...": the clause hangs on the date
        heads = [c for p in verb.children if p.dep_ == "prep" for t in p.subtree for c in _that_clauses(t)]
    for prep in verb.children:  # "characterized X as suggesting that ..."
        if prep.dep_ == "prep" and prep.lower_ in ("as", "of"):
            heads.extend(
                c for c in prep.children if c.dep_ == "pcomp" or (c.dep_ == "pobj" and prep.lower_ == "as")
            )
    if heads:
        return heads
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    return [o for o in objects if any(_action_of(t) is not Action.OTHER for t in o.subtree)]


def _relay(verb: Token) -> list[Party]:
    """Who a statement was made to and passed on: "told Reuters", "claimed to TASS"."""
    out: list[Party] = []
    for child in verb.children:
        if child.dep_ in ("dative", "dobj", "npadvmod") and child.pos_ == "PROPN":
            out.append(_party(child))
        elif child.dep_ == "prep" and child.lower_ == "to":
            out.extend(_party(c) for c in child.children if c.dep_ == "pobj" and c.pos_ == "PROPN")
    # spaCy often glues "told Reuters Ukrainian troops..." into one noun phrase: the ORG token after "told"
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if not out and nxt is not None and nxt.ent_type_ == "ORG" and verb.lemma_ == "tell":
        out.append(Party(name=nxt.text))
    return out


def _shown(verb: Token) -> bool:
    """ "published footage showing X" (the parser hangs "showing" on the footage or on the publishing verb):
    what the evidence shows, not just what the party says."""
    if verb.dep_ == "acl":
        return verb.head.lemma_ in lex.EVIDENCE_NOUNS
    return (
        verb.dep_ in ("xcomp", "advcl")
        and verb.tag_ == "VBG"
        and any(c.dep_ == "dobj" and c.lemma_ in lex.EVIDENCE_NOUNS for c in verb.head.children)
    )


def _frame_of(verb: Token) -> _Frame | None:
    """The attribution a reporting verb sets up, if it has both a speaker and something said."""
    lemma = verb.lemma_ if verb.pos_ == "VERB" else lex.PARTICIPLES.get(verb.lower_)  # mis-tagged "-ing"
    base = lex.REPORTING.get(lemma or "")
    if lemma is None or base is None:
        return None
    if lemma == "assess" and any(a.lemma_ == "observe" for a in verb.ancestors):
        return None  # "ISW has (not) observed evidence to assess that ...": the observing frame's
    heads = _content_heads(verb)
    if lemma == "observe":  # "ISW has (not) observed evidence to assess that ...": what it would assess
        assessing = [t for c in verb.children for t in c.subtree if t.lemma_ == "assess" and t.pos_ == "VERB"]
        heads = next((h for t in assessing if (h := _content_heads(t))), heads)
    loose = not any(c.dep_ in ("dobj", "neg") or c.lower_ in _CONCESSIVE for c in verb.children)
    if verb.dep_ in ("advcl", "parataxis") and not heads and loose and verb.head.pos_ in ("VERB", "AUX"):
        heads = [verb.head]  # "..., Trehubov said." / "as reported by X"
    if not heads:
        return None
    negated = any(
        c.dep_ == "neg" or c.lower_ == "neither"
        for c in verb.subtree
        if c.head == verb or (c.head.head == verb and c.lower_ == "neither")
    )
    if negated and all(h.pos_ not in ("VERB", "AUX") for h in heads):
        return None  # "did not specify the locations", "neither side has confirmed the incursion"
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    subject = _subject(verb)
    if subject is None and verb.pos_ != "VERB":  # "X published a map acknowledging that ..."
        subject = _subject(verb.head)
    shown = _shown(verb)
    if subject is None and shown and verb.head.head.pos_ == "VERB":
        subject = _subject(verb.head.head)  # the party that published the footage
    if agent is not None:
        objects = [c for c in agent.children if c.dep_ == "pobj"]
        subject = objects[0] if objects else subject
    elif verb.dep_ in ("advcl", "acl") and lemma in lex.INFERENCE_PARTICIPLES and verb.tag_ == "VBG":
        return _Frame([], [], Status.ASSESSED, verb.text, heads)  # ", indicating that ..."
    if subject is not None and subject.lower_ == "you":  # "X would have you believe that ...": X's claim
        subject = _subject(verb.head) if verb.head.lemma_ in ("have", "want") else None
    if subject is None:
        return None
    if verb.dep_ == "acl" and subject.lemma_ in lex.SOURCE_NOUNS and _source_of(subject) is None:
        return None  # "X claimed it has information showing that ...": X's claim, not a new party's
    status, cue = base, None
    if (
        shown
        or subject.lemma_ in lex.EVIDENCE_NOUNS
        or any(t.lemma_ in lex.EVIDENCE_NOUNS for t in subject.children if t.dep_ == "compound")
    ):
        status = lex.EVIDENCE_VERBS.get(lemma, base)
    if status is not Status.CLAIMED:
        cue = verb.text
    if negated:
        status, cue = (
            (Status.UNVERIFIED, f"not {verb.text}")
            if lemma in lex.VERIFY_VERBS | {"observe", "assess"}
            else (Status.DENIED, f"not {verb.text}")
        )
    owned = {t.i for t in subject.subtree} | {verb.i}
    if verb in subject.subtree:  # "A source reported on May 2 that ...": the subject heads the sentence
        owned = {t.i for t in _party_tokens(subject)} | {verb.i}
    if subject.lemma_ in lex.UNSOURCED_EVIDENCE:  # "available evidence indicates": the writer's inference
        return _Frame([], [], status, cue, heads, owned)
    return _Frame(_parties(subject), _relay(verb), status, cue, heads, owned)


def _according(token: Token) -> _Frame | None:
    """ "according to X" / "citing X": X is the claimant of the clause the phrase hangs on."""
    if token.lower_ == "according":
        preps = [c for c in token.children if c.lower_ == "to"]
        objects = [c for p in preps for c in p.children if c.dep_ == "pobj"]
    elif token.lemma_ == "cite" and token.tag_ == "VBG":
        objects = [c for c in token.children if c.dep_ == "dobj"]
    else:
        return None
    if not objects:
        return None
    clause = token.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
        clause = clause.head
    leading = token.i <= token.sent.start + 1
    return _Frame(
        _parties(objects[0]), [], Status.CLAIMED, None, [clause], set(t.i for t in token.subtree), leading
    )


def _impersonal(token: Token) -> _Frame | None:
    """ "It is almost certain / highly likely that ...": the writer's assessment of the that-clause."""
    verb = token.head
    if token.lower_ not in lex.ASSESSMENT_ADJECTIVES or token.dep_ != "acomp" or verb.lemma_ != "be":
        return None
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children):
        return None
    heads = [c for t in (token, verb) for c in t.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    if not heads:
        return None
    words = [*(c for c in token.children if c.dep_ == "advmod"), token]
    owned = {verb.i, *(t.i for t in token.subtree if t.i < heads[0].left_edge.i)}
    owned |= {c.i for c in verb.children if c.i < token.i}
    return _Frame([], [], Status.ASSESSED, " ".join(w.text for w in words), heads, owned)
