"""What an English sentence tells the discourse beyond its own claims: a transcript turn it opens ("MR.
KIRBY: ..."), the parties it names as subjects (antecedents of later pronouns), and a denial or
non-confirmation pointing back at an earlier claim ("Kyiv rejected the claim as propaganda.")."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimledger.extract.claims._types import BackReference, Party
from claimledger.extract.claims.en import _lexicon as lex
from claimledger.extract.claims.en._syntax import _SUBJECTS, _party, _subject
from claimledger.model import Action, Status

_TITLES = r"(?:MR|MS|MRS|DR)\.?|THE|SECRETARY|ADMIRAL|GENERAL|AMBASSADOR|SENATOR|MINISTER|PRESIDENT|VICE"
_TURN = re.compile(
    rf"\s*(?P<title>(?:(?:{_TITLES})\s+)+)(?P<name>[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){{0,2}})\s*:\s+"
)
_QUESTION = re.compile(r"\s*(?:Q|QUESTION)(?::|\.)?\s+(?=\S)")


def transcript_turn(text: str) -> tuple[int, Party | None] | None:
    """A speaker label opening a sentence of a transcript: where the speech starts, and the speaker
    ("MR. KIRBY: Thanks." -> Kirby) or None for a questioner ("Q Thank you, John."). None: no label."""
    turn = _TURN.match(text)
    if turn is not None:
        title = turn["title"].split()
        words = [
            *(title if title[-1].rstrip(".") in ("PRESIDENT", "SECRETARY") else []),
            *turn["name"].split(),
        ]
        name = " ".join(
            "-".join(part.capitalize() for part in w.split("-"))
            for w in words
            if w.rstrip(".") not in ("MR", "MS", "MRS", "DR")
        )
        return turn.end(), Party(name=name, person=True)
    question = _QUESTION.match(text)
    return (question.end(), None) if question is not None else None


_LABEL = re.compile(r"\s*(?P<name>(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*)\s*:\s+(?=\S)")


def source_label(text: str) -> Party | None:
    """The source a heading opens with ("General Staff: 152 clashes on the front"), if its name holds a word
    of a source (staff, ministry, military, ...); "UPDATE:" or a place dateline ("Kharkiv:") is none."""
    label = _LABEL.match(text)
    if label is None:
        return None
    words = {re.sub(r"[’']s$", "", w).lower() for w in label["name"].split()}
    return Party(name=label["name"], hint=label["name"]) if words & lex.NOTE_SOURCES else None


def antecedents(sent: Span) -> list[Party]:
    """The parties a sentence names as subjects ("Ukraine's General Staff published ..."): a proper name or
    a party noun heading the subject of a verb, in order. The discourse keeps those the registry can place."""
    out = []
    for token in sent:
        if token.dep_ not in _SUBJECTS or token.head.pos_ not in ("VERB", "AUX"):
            continue
        if token.pos_ == "PROPN" or token.lemma_.lower() in lex.NOTE_SOURCES:
            out.append(_party(token))
    return out


def back_reference(sent: Span) -> tuple[BackReference, Token] | None:
    """A denial or non-confirmation whose object points back at what was reported ("rejected the claim",
    "did not confirm the capture", "denied these reports"), with no clause restating it; and its verb."""
    for verb in sent:
        if verb.pos_ != "VERB" or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
            continue
        negated = any(c.dep_ == "neg" for c in verb.children)
        if verb.lemma_ in lex.DENIAL_VERBS and not negated:
            status = Status.DENIED
        elif verb.lemma_ in lex.VERIFY_VERBS and negated:
            status = Status.UNVERIFIED
        else:
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        target = next((o for o in objects if _points_back(o)), None)
        if target is None:
            continue
        agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        subject = agents[0] if agents else _subject(verb)
        claimants = [_party(subject)] if subject is not None and subject is not target else []
        action = _named_action(target)
        cue = sent.doc[min([verb.i, *(c.i for c in verb.children if c.dep_ in ("neg", "aux"))]) : verb.i + 1]
        return BackReference(claimants, status, cue.text, action), verb
    return None


def _points_back(noun: Token) -> bool:
    """A noun standing for something already reported: "the claim", "these reports", "the capture"."""
    if any(c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ == "that") for c in noun.children):
        return False
    if noun.lemma_.lower() in lex.CLAIM_NOUNS:
        return True
    definite = any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "no", "any") for c in noun.children
    )
    return definite and _named_action(noun) is not None


def _named_action(noun: Token) -> Action | None:
    """The action a pointing-back noun names, itself or through "reports of the capture"."""
    for token in (noun, *(o for p in noun.children if p.lower_ == "of" for o in p.children)):
        action = lex.ACTIONS.get(token.lemma_.lower())
        if action is not None:
            return action
    return None
