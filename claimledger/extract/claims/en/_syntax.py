"""English syntax helpers for the claim rules: parties and subjects in a spaCy parse, and sentence shapes
(semicolon lists, a speaker cut off at the end, headings) that the clause rules build on."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claims._types import Clause, Party
from claimledger.extract.claims.en import _lexicon as lex
from claimledger.model import Action

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_NAME_DEPS = frozenset({"compound", "amod", "det", "poss", "case", "nmod", "nummod", "quantmod", "punct"})
_NOT_SUBJECTS = frozenset({"pobj", "compound", "nmod", "npadvmod", "poss", "nummod", "appos"})
_NER_MARGIN = 1  # context tokens on each side of a range run through NER


def _party_tokens(head: Token) -> list[Token]:
    """The name of a noun phrase: its head with compounds, modifiers and "of"-phrases, no appositions."""
    keep = [head]
    for child in head.children:
        if (child.dep_ in _NAME_DEPS and child.i < head.i) or (
            child.dep_ == "prep"
            and child.lower_ in ("of", "for")
            and child.i > head.i
            and (child.lower_ == "of" or head.pos_ == "PROPN")
        ):
            keep.extend(child.subtree)
        elif child.dep_ == "punct" and child.i > head.i and child.text in ")":
            keep.append(child)
        elif child.dep_ == "appos" and child.i > head.i and child.text.isupper():
            keep.extend(child.subtree)
    tokens = sorted(set(keep), key=lambda t: t.i)
    while tokens and tokens[0].dep_ in ("punct", "case"):
        tokens.pop(0)
    return tokens


def _source_of(head: Token) -> Token | None:
    """The party behind a report or a piece of evidence: "data from X", "anomalies detected by X"."""
    if head.dep_ not in (*_SUBJECTS, "pobj", "dobj"):
        return None
    if head.lemma_ in lex.SOURCE_NOUNS:
        preps: tuple[str, ...] = ("from", "by", "of")
    elif head.lemma_ in lex.EVIDENCE_NOUNS:
        preps = ("from", "by")  # "footage of X" shows X, it does not come from X
    else:
        return None
    links = [c for c in head.children if c.dep_ == "prep" and c.lower_ in preps]
    links += [a for c in head.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"]
    objects = [o for link in links for o in link.children if o.dep_ == "pobj"]
    return objects[0] if objects else None


def _party(head: Token) -> Party:
    """A claimant from a noun phrase head; a named person inside the phrase is the name."""
    source = _source_of(head)
    if source is not None:
        return _party(source)
    tokens = _party_tokens(head)
    doc = head.doc
    span = doc[tokens[0].i : tokens[-1].i + 1] if tokens else doc[head.i : head.i + 1]
    phrase = doc[head.left_edge.i : head.right_edge.i + 1]
    persons = [ent for ent in phrase.ents if ent.label_ == "PERSON"]
    appos = [c for c in head.children if c.dep_ == "appos"]
    person_appos = [a for a in appos if a.ent_type_ == "PERSON"]
    hint = phrase.text
    if head.lower_ in lex.PERSONAL_PRONOUNS:
        form = lex.PERSONAL_PRONOUNS[head.lower_]
        return Party(
            name=head.text,
            pronoun=True,
            person=form == "person",
            plural=form == "plural",
            first_person=form == "self",
        )
    if person_appos:
        return Party(name=_person_name(person_appos[0]), hint=hint, person=True)
    if head.ent_type_ == "PERSON" or (persons and persons[0].root.i == head.i):
        return Party(name=_person_name(head), hint=hint, person=True)
    plural = head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)
    return Party(name=span.text.strip(" ,"), hint=hint, plural=plural)


def _person_name(head: Token) -> str:
    """The PERSON entity around a token, without titles ("President X Y" -> "X Y")."""
    for ent in head.doc.ents:
        if ent.label_ == "PERSON" and ent.start <= head.i < ent.end:
            return ent.text
    return head.text


def _parties(head: Token) -> list[Party]:
    """The head and its conjuncts ("bloggers and analysts") as separate parties."""
    heads = [head, *(t for t in head.conjuncts if t.pos_ in ("NOUN", "PROPN", "PRON"))]
    return [_party(h) for h in heads]


def _stranded_subject(verb: Token) -> Token | None:
    """The subject of a conjoined verb that the parser hung on a word before it ("..., and geolocated
    footage published on May 2 shows ..." parsed as "geolocated" taking "footage" as object): the first
    noun between the coordinator and the verb that is not inside a prepositional phrase."""
    if verb.dep_ != "conj":
        return None
    words = []
    for token in reversed(verb.doc[max(verb.i - 12, verb.sent.start) : verb.i]):
        if token.pos_ in ("CCONJ", "PUNCT") or token.i <= verb.head.i:
            break
        words.append(token)
    nouns = [t for t in reversed(words) if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in _NOT_SUBJECTS]
    return nouns[0] if nouns else None


def _own_subject(verb: Token) -> Token | None:
    own = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    return own if own is not None else _stranded_subject(verb)


def _subject(verb: Token) -> Token | None:
    """A verb's subject, climbing through conjoined, participial and relative clauses."""
    seen = 0
    while seen < 6:
        own = _own_subject(verb)
        if own is not None:
            return own
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.lower_ == "as":  # "characterized Zelensky as suggesting"
            objects = [c for c in verb.head.head.children if c.dep_ == "dobj"]
            return objects[0] if objects else None
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl") and verb.head != verb:
            if (
                verb.dep_ == "acl"
                and verb.head.pos_ in ("NOUN", "PROPN")
                and verb.head.lemma_ not in lex.EVIDENCE_NOUNS
            ):
                return verb.head
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def _that_clause(token: Token) -> bool:
    """A complement clause the parser took for a relative clause: a "relcl" with the mark "that"."""
    return token.dep_ == "relcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in token.children)


def _relative(token: Token) -> bool:
    return token.dep_ == "relcl" and not _that_clause(token)


def _that_clauses(token: Token) -> list[Token]:
    return [c for c in token.children if _that_clause(c)]


def _dangling_speaker(sent: Span) -> tuple[Token, set[int]] | None:
    """A speaker named at the end of a sentence cut off before its reporting verb: "X happened on May 2,
    Viktor Trehubov, spokesman for the group," -- the person and the tokens of the trailing phrase."""
    words = [t for t in sent if not t.is_space]
    if len(words) < 4 or words[-1].text != ",":
        return None
    for ent in sent.ents:
        before = sent.doc[ent.start - 1] if ent.start > sent.start else None
        if ent.label_ != "PERSON" or before is None or before.text != ",":
            continue
        tail = sent.doc[ent.start : sent.end]
        if not any(t.pos_ in ("VERB", "AUX") for t in tail):
            return ent.root, {t.i for t in tail} | {before.i}
    return None


def _source_note(sent: Span) -> tuple[list[Party], set[int]] | None:
    """The sources an event note names in closing brackets: "... killing 3 civilians (Ukrainian officials)."
    -- each comma-separated party, and the tokens of the brackets. A bracket with a verb, a number or no
    word of a source ("(Krasnodar Krai)"; NER takes that for a person) is not a note."""
    words = [t for t in sent if not t.is_space]
    while words and words[-1].text in ".;":
        words.pop()
    if not words or words[-1].text != ")":
        return None
    opening = next((t for t in reversed(words) if t.text == "("), None)
    if opening is None or words[-1].i - opening.i > 12:
        return None
    inside = sent.doc[opening.i + 1 : words[-1].i]
    if any(t.pos_ in ("VERB", "AUX", "NUM") for t in inside) or not any(
        t.lemma_.lower() in lex.NOTE_SOURCES or t.lower_ in lex.NOTE_SOURCES for t in inside
    ):
        return None
    parties: list[Party] = []
    part: list[Token] = []
    for token in [*inside, words[-1]]:
        if token.text in (",", ";", ")") or token.lower_ == "and":
            if part:
                text = sent.doc[part[0].i : part[-1].i + 1].text
                parties.append(Party(name=text, hint=text))
            part = []
        else:
            part.append(token)
    owned = set(range(opening.i, sent.end))  # the brackets and the full stop after them
    return (parties, owned) if parties else None


def _token_at(doc: Doc, char: int) -> int:
    """The index of the token starting at (or holding) a character offset."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def _entity_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges whose named entities the rules read: the parties around reporting verbs and
    "according to"/"citing", named subjects (what a later pronoun can mean) and a speaker trailing a cut-off
    sentence. Only these are run through NER."""
    ranges: list[tuple[int, int]] = []
    for token in doc:
        lemma = token.lemma_ if token.pos_ == "VERB" else lex.PARTICIPLES.get(token.lower_)
        if token.lower_ == "according" or lemma == "cite":
            ranges.append((token.i, token.right_edge.i + 1))
        elif token.dep_ in _SUBJECTS and token.pos_ == "PROPN" and token.head.pos_ in ("VERB", "AUX"):
            ranges.append((token.left_edge.i, token.i + 1))  # a named subject: a later "he" or "it"
        if lemma in lex.REPORTING:
            subject = _subject(token) or (_subject(token.head) if token.pos_ != "VERB" else None)
            parts = [subject] if subject is not None else []
            parts += [
                c
                for c in token.children
                if c.dep_ in ("agent", "dative", "dobj", "npadvmod") or (c.dep_, c.lower_) == ("prep", "to")
            ]
            ranges.extend((p.left_edge.i, p.right_edge.i + 1) for p in parts)
            ranges.append((token.i, token.i + 2))  # "told Reuters"
    if doc.text.rstrip().endswith(","):
        ranges.append((max(len(doc) - 16, 0), len(doc)))
    merged: list[tuple[int, int]] = []
    for low, high in sorted((max(a - _NER_MARGIN, 0), min(b + _NER_MARGIN, len(doc))) for a, b in ranges):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _imperative(root: Token) -> bool:
    """A heading or instruction ("Capture the remainder of X", "See the text above"), not a report."""
    return (
        root.dep_ == "ROOT"
        and root.tag_ == "VB"
        and _own_subject(root) is None
        and not any(c.dep_ in ("aux", "auxpass") for c in root.children)
    )


def _finite(verb: Token) -> bool:
    """A verb in the present or with an auxiliary: a predicate for sure ("clashes are ongoing"), unlike a
    past form the parser may have made of an adjective ("a depot near occupied Polohy")."""
    return verb.tag_ in ("VBZ", "VBP", "MD") or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _list_items(sent: Span, offset: int) -> tuple[int, list[tuple[int, int]]]:
    """The items of a semicolon list after a clause ("struck X near A; a Y in B; and the Z at C"): where
    the first item ends, and the character spans of the items that follow (each opens with a determiner or
    a number and has no predicate of its own, so independent clauses after a semicolon are not items)."""
    depth, cuts = 0, []
    for token in sent:
        if token.text in "([":
            depth += 1
        elif token.text in ")]":
            depth = max(depth - 1, 0)
        elif token.text == ";" and depth == 0:
            cuts.append(token.i)
    items: list[tuple[int, int]] = []
    if not cuts:
        return 0, items
    for begin, end in zip(cuts, [*cuts[1:], sent.end], strict=True):
        words = [t for t in sent.doc[begin + 1 : end] if not t.is_space]
        while words and (words[0].lower_ in ("and", "or") or words[0].is_punct):
            words.pop(0)
        while words and words[-1].is_punct and words[-1].text not in ")]":
            words.pop()
        if not words or words[0].pos_ not in ("DET", "NUM"):
            break
        if any(t.dep_ in _SUBJECTS and _finite(t.head) and t.head in words for t in words):
            break  # "; 5 clashes are ongoing": a clause of its own, not an item
        items.append((offset + words[0].idx, offset + words[-1].idx + len(words[-1])))
    return offset + sent.doc[cuts[0]].idx, items


def _split_list(clauses: list[Clause], cut: int, items: list[tuple[int, int]]) -> list[Clause]:
    """One clause per list item, copied from the clause the list continues; clauses the parser found
    inside the items are dropped (an item is a noun phrase, "occupied X" in it is not a new claim)."""
    heads = [c for c in clauses if c.start < cut and c.action is not Action.OTHER]
    if not items or not heads:
        return clauses
    head = max(heads, key=lambda c: c.start)
    kept = [c for c in clauses if not any(low <= c.start < high for low, high in items)]
    head.end = min(head.end, cut)
    return kept + [replace(head, start=low, end=high, times=list(head.times)) for low, high in items]
