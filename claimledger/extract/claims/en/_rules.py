"""English sentence rules: attribution frames and claim clauses from a spaCy dependency parse."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claims._types import Clause, Party, SentenceAnalysis
from claimledger.extract.claims.en import _lexicon as lex
from claimledger.extract.claims.en._frame import time_phrases
from claimledger.extract.claims.en._syntax import (
    _SUBJECTS,
    _dangling_speaker,
    _entity_ranges,
    _imperative,
    _list_items,
    _own_subject,
    _parties,
    _party,
    _party_tokens,
    _relative,
    _source_note,
    _source_of,
    _split_list,
    _subject,
    _that_clauses,
    _token_at,
)
from claimledger.model import Action, Status

_CLAUSE_DEPS = frozenset({"conj", "advcl", "relcl", "ccomp", "parataxis", "xcomp", "acl", "pcomp"})
_PARTIES = frozenset({"ukraine", "russia", "kyiv", "moscow", "enemy"})
_CONCESSIVE = frozenset({"though", "although", "while", "because", "if", "whereas", "unless"})
_QUOTE_END = re.compile(r"[.!?…][\"”»]\s*$")  # a sentence closing a quotation
_OPEN_QUOTES = '"“«„'
_MODALS = frozenset({"may", "might", "could"})


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


def _frame_of(verb: Token) -> _Frame | None:
    """The attribution a reporting verb sets up, if it has both a speaker and something said."""
    lemma = verb.lemma_ if verb.pos_ == "VERB" else lex.PARTICIPLES.get(verb.lower_)  # mis-tagged "-ing"
    base = lex.REPORTING.get(lemma or "")
    if lemma is None or base is None:
        return None
    heads = _content_heads(verb)
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
    if agent is not None:
        objects = [c for c in agent.children if c.dep_ == "pobj"]
        subject = objects[0] if objects else subject
    elif verb.dep_ in ("advcl", "acl") and lemma in lex.INFERENCE_PARTICIPLES and verb.tag_ == "VBG":
        return _Frame([], [], Status.ASSESSED, verb.text, heads)  # ", indicating that ..."
    if subject is None:
        return None
    if verb.dep_ == "acl" and subject.lemma_ in lex.SOURCE_NOUNS and _source_of(subject) is None:
        return None  # "X claimed it has information showing that ...": X's claim, not a new party's
    status, cue = base, None
    if subject.lemma_ in lex.EVIDENCE_NOUNS or any(
        t.lemma_ in lex.EVIDENCE_NOUNS for t in subject.children if t.dep_ == "compound"
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
    if lemma == "observe":  # "ISW has (not) observed evidence to assess that ..."
        for child in verb.children:
            for sub in child.subtree:
                if sub.lemma_ == "assess" and sub.pos_ == "VERB":
                    heads = _content_heads(sub) or heads
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


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _object_lemmas(verb: Token) -> set[str]:
    """The lemmas of a verb's objects, looking through "45 of 60 drones" to the counted noun."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    counted = [
        o for d in objects for p in d.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
    ]
    return {o.lemma_.lower() for o in objects + counted}


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
        return Action.CAPTURE if any(o.lemma_ in lex.TAKE_OBJECTS for o in objects) else Action.OTHER
    if token.lemma_ in lex.OBJECT_ACTIONS:
        wanted, action = lex.OBJECT_ACTIONS[token.lemma_]
        if _object_lemmas(token) & wanted:
            return action
    if token.lemma_ == "hold" and token.pos_ == "VERB" and not _holds_ground(token):
        return Action.OTHER  # "a ceasefire held", "held talks"
    return lex.ACTIONS.get(token.lemma_.lower(), lex.ACTIONS.get(token.lower_, Action.OTHER))


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
    yield from (doc[i] for i in sorted(tokens) if doc[i] not in chain)


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
    return Action.OTHER, None


def _side_of(tokens: Iterable[Token]) -> str:
    for token in tokens:
        lowered = token.lower_
        if lowered in lex.UA_WORDS or token.lemma_ in lex.UA_WORDS:
            return "UA"
        if lowered in lex.RU_WORDS or token.lemma_ in lex.RU_WORDS:
            return "RU"
        if lowered in lex.ENEMY_WORDS:
            return "enemy"
        if lowered in lex.OWN_WORDS:
            return "claimant"
    return "unknown"


def _opposite(side: str) -> str:
    return {"UA": "RU", "RU": "UA", "enemy": "claimant", "claimant": "enemy"}.get(side, "unknown")


def _clause_actor(root: Token, tokens: set[int], action: Action) -> str:
    subject = _subject(root)
    doc = root.doc
    agent = next((c for c in root.children if c.dep_ == "agent"), None)
    if agent is not None:
        side = _side_of(agent.subtree)
        if side != "unknown":
            return side
    if subject is not None:
        by_phrase = {t.i for c in subject.children if c.lower_ == "by" for t in c.subtree}
        side = _side_of(t for t in subject.subtree if t.dep_ != "appos" and t.i not in by_phrase)
        # "have withdrawn" is often parsed with a passive subject: passive needs the auxiliary too
        passive = subject.dep_ == "nsubjpass" and any(c.dep_ == "auxpass" for c in subject.head.children)
        if side != "unknown":
            if passive and action not in (Action.PRESENCE, Action.CASUALTIES, Action.CONTROL, Action.OTHER):
                return _opposite(side)
            return side
        if by_phrase:  # "no attacks by the enemy were recorded"
            side = _side_of(subject.doc[i] for i in sorted(by_phrase))
            if side != "unknown":
                return side
        if subject.lower_ == "it" and subject.dep_ == "nsubj" and root.lemma_ != "be":
            return "claimant"  # "the air force said it shot down ..."
    if action is Action.FIGHTING:
        return "unknown"
    side = _side_of(doc[i] for i in sorted(tokens))
    return "claimant" if side == "unknown" and root.pos_ not in ("VERB", "AUX") else side


def _clause_status(tokens: list[Token], status: Status, cue: str | None) -> tuple[Status, str | None]:
    for token in tokens:
        hedge = lex.HEDGES.get(token.lower_) or lex.HEDGES.get(token.lemma_)
        if token.lower_ in _MODALS and token.tag_ != "MD":
            continue  # "On 12 May", not "may"
        if hedge is not None and not (token.lemma_ == "could" and status is not Status.CONFIRMED):
            if hedge is Status.ASSESSED and status is Status.UNVERIFIED:
                continue
            return hedge, token.text
    return status, cue


def _negated(root: Token) -> bool:
    if any(c.dep_ == "neg" for c in root.children):
        return True
    subject = _subject(root)
    return subject is not None and any(c.lower_ == "no" for c in subject.children)


def _is_military(tokens: Iterable[Token]) -> bool:
    return any(t.lemma_.lower() in lex.MILITARY_NOUNS for t in tokens)


def _is_claim(
    action: Action, word: Token | None, tokens: list[Token], attributed: bool, subject: list[Token]
) -> bool:
    """Whether a clause is a claim about the war. Attributed: any action, or a military word ("forces took
    certain steps"). Outlet's voice: a fighting action, or an action by a military actor or party."""
    if action is Action.OTHER:
        return attributed and _is_military(tokens)
    if attributed:
        return True
    strong = word is not None and (
        word.lemma_.lower() in lex.STRONG_ACTIONS or word.lower_ in lex.STRONG_ACTIONS
    )
    party = any(t.lower_ in _PARTIES and t.dep_ in _SUBJECTS for t in subject)
    return strong or _is_military(tokens) or party


def _governors(verb: Token) -> list[Token]:
    """A verb and the words it complements: "verify" in "was not able to verify", "unable to verify"."""
    out = [verb]
    while out[-1].dep_ in ("xcomp", "acomp") and out[-1].head != out[-1] and len(out) < 3:
        out.append(out[-1].head)
    return out


def _verification_cue(sent: Span) -> str | None:
    """ "could not verify", "has not been confirmed", "neither ... nor ... confirmed", "unconfirmed"."""
    for token in sent:
        if token.lemma_ in lex.VERIFY_VERBS and token.pos_ == "VERB":
            negs = [
                c
                for g in _governors(token)
                for c in g.children
                if c.dep_ in ("neg", "preconj") or c.lower_ in ("neither", "never", "unable")
            ]
            negs += [
                c for s in token.children if s.dep_ in _SUBJECTS for c in s.subtree if c.lower_ == "neither"
            ]
            if negs:
                first = min(t.i for t in negs)
                return token.doc[min(first, token.i) : token.i + 1].text
        if token.lower_ in ("unconfirmed", "unverified"):
            return token.text
    return None


_WORD = re.compile(r"[a-z]+")


class EnglishRules:
    """Turn one parsed English sentence into claim clauses (language plug-in of the claim extractor)."""

    @staticmethod
    def wants(text: str) -> bool:
        """Whether a sentence can matter to the rules (a cheap lexical test run before parsing)."""
        return any(word in lex.TRIGGERS for word in _WORD.findall(text.lower()))

    @staticmethod
    def entity_ranges(doc: Doc) -> list[tuple[int, int]]:
        """The token ranges of a parse (made without NER) whose entities the rules need."""
        return _entity_ranges(doc)

    def __call__(self, docs: list[tuple[int, Doc]]) -> SentenceAnalysis:
        """Analyse one segmenter sentence, given as parsed chunks with their offsets in the sentence text."""
        first = docs[0][1].text if docs else ""
        quoted = first[:1] in _OPEN_QUOTES or _QUOTE_END.search(first) is not None
        analysis = SentenceAnalysis(clauses=[], quoted=quoted)
        cues = [c for _, doc in docs if (c := _verification_cue(doc[:])) is not None]
        cue = cues[0] if cues else None
        for offset, doc in docs:
            for sent in doc.sents:
                self._sentence(sent, analysis, cue, offset)
        if cue is not None and not analysis.clauses:
            analysis.verification_cue = cue
        return analysis

    def _sentence(
        self, sent: Span, analysis: SentenceAnalysis, verification: str | None, offset: int
    ) -> None:
        first = len(analysis.clauses)
        time_spans = time_phrases(sent.doc.text)
        text = sent.doc.text
        lead = [
            text[a:b] for a, b in time_spans if a >= sent.start_char and not text[sent.start_char : a].strip()
        ]
        frames = [f for f in (_frame_of(t) or _according(t) or _impersonal(t) for t in sent) if f is not None]
        owner: dict[int, _Frame] = {}
        for outer in sorted(frames, key=lambda f: -len(list(f.heads[0].subtree))):
            for head in outer.heads:
                for tok in head.subtree:
                    owner[tok.i] = outer  # inner (smaller) frames overwrite outer ones
        dangling = _dangling_speaker(sent)
        if dangling is not None:  # "..., Viktor Trehubov, spokesman for the group," (cut off before "said")
            frames.append(_Frame([_party(dangling[0])], [], Status.CLAIMED, None, [sent.root], dangling[1]))
            for token in sent:
                owner.setdefault(token.i, frames[-1])
        note = _source_note(sent)
        if note is not None:  # "... killing 3 civilians (Ukrainian officials)."
            frames.append(_Frame(note[0], [], Status.CLAIMED, None, [sent.root], note[1]))
            for token in sent:
                owner.setdefault(token.i, frames[-1])
        reporting_ids = {i for f in frames for i in f.owned}
        roots = self._clause_roots(sent, frames)
        if frames and any(f.claimants for f in frames):
            analysis.attributed = True
            analysis.speakers.extend(p for f in frames for p in f.claimants)
        leading = [f for f in frames if f.leading]
        if leading:
            analysis.leading = leading[0].claimants
        carried = analysis.leading
        for root, tokens in roots:
            tokens -= reporting_ids
            if not tokens:
                continue
            frame = owner.get(root.i) if not _relative(root) else None
            claimants, via, status, cue = [], [], Status.CONFIRMED, None
            if frame is None and carried and not _relative(root):
                claimants, status = carried, Status.CLAIMED  # "According to X, ...; in particular, ..."
            elif frame is not None:
                claimants, via, status, cue = frame.claimants, frame.via, frame.status, frame.cue
                via = self._outer_via(frame, frames, owner) + via
            toks = sorted((sent.doc[i] for i in tokens), key=lambda t: t.i)
            action, word = _clause_action(root, tokens)
            if _imperative(root):
                continue
            subject = self._subj(root)
            said = bool(claimants) or analysis.quoted  # a quotation's speaker is found in the discourse
            if not _is_claim(action, word, toks, said, subject) and not (
                action is Action.OTHER and _is_military(toks) and _is_military(subject)
            ):
                continue
            if _negated(root):
                if action is Action.WITHDRAWAL:
                    action = Action.PRESENCE
                elif status is not Status.UNVERIFIED:
                    status, cue = Status.DENIED, "not"
            if verification is not None:
                status, cue = Status.UNVERIFIED, verification
            status, cue = _clause_status(toks, status, cue)
            start, end = offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1])
            times = [text[a:b] for a, b in time_spans if _token_at(sent.doc, a) in tokens] or lead
            analysis.clauses.append(
                Clause(
                    start=start,
                    end=end,
                    claimants=claimants,
                    via=via,
                    action=action,
                    actor=_clause_actor(root, tokens, action),
                    status=status,
                    cue=cue,
                    times=times,
                )
            )
        cut, items = _list_items(sent, offset)
        analysis.clauses[first:] = _split_list(analysis.clauses[first:], cut, items)

    @staticmethod
    def _subj(root: Token) -> list[Token]:
        subject = _subject(root)
        return list(subject.subtree) if subject is not None else []

    @staticmethod
    def _outer_via(frame: _Frame, frames: list[_Frame], owner: dict[int, _Frame]) -> list[Party]:
        """Relays of a nested report: the claimants of the frames it is reported inside."""
        out: list[Party] = []
        current = frame
        for _ in range(3):
            anchor = min(current.owned) if current.owned else None
            outer = owner.get(anchor) if anchor is not None else None
            if outer is None or outer is current:
                break
            names = {p.name for p in current.claimants}
            pronoun_only = all(p.pronoun for p in current.claimants)
            out = [
                *outer.via,
                *(p for p in outer.claimants if p.name not in names and not pronoun_only),
                *out,
            ]
            current = outer
        return out

    def _clause_roots(self, sent: Span, frames: list[_Frame]) -> list[tuple[Token, set[int]]]:
        """Split a sentence into clauses: each verb heading its own clause keeps its own words."""
        frame_verbs = {i for f in frames for i in f.owned}
        roots: list[Token] = []
        for token in sent:
            if token.pos_ not in ("VERB", "AUX"):
                continue
            if token.dep_ == "ROOT" or (token.dep_ in _CLAUSE_DEPS and self._heads_clause(token)):
                roots.append(token)
        for frame in frames:  # nominal content ("describe heavy fighting", "observed an increase in strikes")
            roots.extend(h for h in frame.heads if h not in roots)
        root_ids = {r.i for r in roots}
        out = []
        for root in roots:
            if root.i in frame_verbs and not self._content_of_any(root, frames):
                continue
            tokens = self._own(root, root_ids)
            out.append((root, tokens))
        return out

    @staticmethod
    def _content_of_any(token: Token, frames: list[_Frame]) -> bool:
        return any(token in f.heads for f in frames)

    @staticmethod
    def _heads_clause(token: Token) -> bool:
        """Whether a verb heads a claim of its own. Not: a relative clause on a relative pronoun (background:
        "the brigade, which took part in ..."; but "the village Ukraine held" is a claim), a purpose
        infinitive ("... to cut supply lines"), a conjunct or participle without a subject of its own that
        names no new action ("struck and damaged", ", causing fires")."""
        if token.dep_ in ("xcomp", "pcomp") or (token.dep_ == "acl" and token.tag_ != "VBG"):
            return False
        if _relative(token):
            subject = _own_subject(token)
            return subject is not None and subject.tag_ not in ("WDT", "WP", "WP$")
        if token.dep_ == "advcl" and any(c.tag_ == "TO" for c in token.children):
            return False
        if token.dep_ == "conj" and (
            token.head.pos_ not in ("VERB", "AUX") or token.head.dep_ in ("xcomp", "pcomp", "acl")
        ):
            return False
        if token.dep_ in ("conj", "advcl") and _own_subject(token) is None:
            action = _action_of(token)
            return action is not Action.OTHER and action is not _action_of(token.head)
        return True

    @staticmethod
    def _own(root: Token, root_ids: set[int]) -> set[int]:
        own: set[int] = set()
        stack = [root]
        while stack:
            token = stack.pop()
            own.add(token.i)
            stack.extend(c for c in token.children if c.i not in root_ids)
        return own
