"""English sentence rules: claim clauses from a spaCy dependency parse, given the attribution frames."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claims._types import Clause, Party, SentenceAnalysis
from claimledger.extract.claims.en import _lexicon as lex
from claimledger.extract.claims.en._actions import (
    _action_of,
    _clause_action,
    _clause_actor,
    opposite,
    subject_side,
    word_lemma,
)
from claimledger.extract.claims.en._discourse import antecedents, back_reference, source_label
from claimledger.extract.claims.en._frame import time_phrases
from claimledger.extract.claims.en._frames import _according, _Frame, _frame_of, _impersonal
from claimledger.extract.claims.en._syntax import (
    _SUBJECTS,
    _dangling_speaker,
    _entity_ranges,
    _imperative,
    _list_items,
    _own_subject,
    _party,
    _relative,
    _source_note,
    _split_list,
    _subject,
    _token_at,
)
from claimledger.model import Action, Status

_CLAUSE_DEPS = frozenset({"conj", "advcl", "relcl", "ccomp", "parataxis", "xcomp", "acl", "pcomp"})
_PARTIES = frozenset({"ukraine", "russia", "kyiv", "moscow", "enemy", "ukrainians", "russians"})
_QUOTE_END = re.compile(r"[.!?…][\"”»]\s*$")  # a sentence closing a quotation
_OPEN_QUOTES = '"“«„'
_MODALS = frozenset({"may", "might", "could"})


def _other_conjunct(token: Token, word: Token | None) -> bool:
    """Whether a word sits in a conjoined predicate other than the one naming the clause's action: "has
    received dozens of drones and will likely receive more" hedges only the second predicate."""
    branch = next((a for a in token.ancestors if a.dep_ == "conj" and a.pos_ in ("VERB", "AUX")), None)
    return branch is not None and word is not None and branch != word and branch not in word.ancestors


def _clause_status(
    tokens: list[Token], status: Status, cue: str | None, word: Token | None = None
) -> tuple[Status, str | None]:
    for token in tokens:
        hedge = lex.HEDGES.get(token.lower_) or lex.HEDGES.get(token.lemma_)
        if token.lower_ in _MODALS and token.tag_ != "MD":
            continue  # "On 12 May", not "may"
        if hedge is not None and _other_conjunct(token, word):
            continue
        if hedge is not None and not (token.lemma_ == "could" and status is not Status.CONFIRMED):
            if hedge is Status.ASSESSED and status is Status.UNVERIFIED:
                continue
            return hedge, token.text
    return status, cue


def _marked_that(token: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in token.children)


def _open_question(root: Token) -> tuple[Status, str] | None:
    """A clause left open by what governs it: "It is unclear if ...", "we don't know yet how ...", "too soon
    to know what ...": unverified."""
    current = root
    for _ in range(3):
        if current.head == current or current.dep_ in ("conj", "parataxis"):
            return None  # "..., but Ukrainian forces repelled ...": a clause of its own
        current = current.head
        open_word = next(
            (t for t in (current, *current.children) if t.lower_ in lex.OPEN_WORDS and t.i < root.i), None
        )
        if open_word is not None:
            return Status.UNVERIFIED, open_word.text
        if current.lemma_ in ("know", "tell", "say") and (
            _negated(current) or any(c.lower_ == "soon" for c in current.head.subtree if c.i < current.i)
        ):
            return Status.UNVERIFIED, current.text
    return None


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
    """Whether a clause is a claim about the war. Without an action of the fixed vocabulary: attributed with
    a military word ("forces took certain steps"), or in the outlet's voice by a military actor. With one:
    attributed, or a fighting action, or an action by a military actor or party."""
    if action is Action.OTHER:
        return _is_military(tokens) and (attributed or _is_military(subject))
    if attributed:
        return True
    strong = word is not None and any(  # the action word, or the subject names fighting ("shelling")
        word_lemma(t) in lex.STRONG_ACTIONS or t.lower_ in lex.STRONG_ACTIONS for t in (word, *subject)
    )
    party = any(t.lower_ in _PARTIES and t.dep_ in _SUBJECTS for t in subject)
    return strong or _is_military(tokens) or party


def _clause_confidence(
    root: Token, word: Token | None, action: Action, status: Status, tokens: list[Token]
) -> float:
    """How sure the rules are of a clause as a claim: an action its predicate names beats one a word further
    down names, and both beat none; a hedge, a forecast or conditional ("will", "would") and a verbless
    heading lower it."""
    if action is Action.OTHER or word is None:
        score = 0.5
    elif word == root or (word.head == root and word.dep_ in ("dobj", "xcomp", "acomp", "attr", "oprd")):
        score = 0.9
    else:
        score = 0.75
    if status in (Status.ASSESSED, Status.UNVERIFIED):
        score -= 0.1
    if any(t.tag_ == "MD" and t.lower_ in lex.FORECAST_MODALS for t in tokens):
        score -= 0.1
    if root.pos_ not in ("VERB", "AUX"):
        score -= 0.1
    return round(score, 2)


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


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    """What every clause of a sentence shares: its attributions, a carried "According to X", a quotation
    or verification around it, its offset in the segmenter sentence and its time phrases."""

    frames: list[_Frame]
    owner: dict[int, _Frame]
    carried: list[Party] | None
    quoted: bool
    verification: str | None
    offset: int
    time_spans: list[tuple[int, int]]
    lead: list[str]
    subjects: list[tuple[int, str, bool]]


def _attributions(sent: Span) -> tuple[list[_Frame], dict[int, _Frame]]:
    """The sentence's attribution frames, and for each token the innermost frame whose content holds it."""
    frames = [f for f in (_frame_of(t) or _according(t) or _impersonal(t) for t in sent) if f is not None]
    owner: dict[int, _Frame] = {}
    for outer in sorted(frames, key=lambda f: -len(list(f.heads[0].subtree))):
        for head in outer.heads:
            for tok in head.subtree:
                owner[tok.i] = outer  # inner (smaller) frames overwrite outer ones
    dangling = _dangling_speaker(sent)
    if dangling is not None:  # "..., Viktor Trehubov, spokesman for the group," (cut off before "said")
        frames.append(_Frame([_party(dangling[0])], [], Status.CLAIMED, None, [sent.root], dangling[1]))
    note = _source_note(sent)
    if note is not None:  # "... killing 3 civilians (Ukrainian officials)."
        frames.append(_Frame(note[0], [], Status.CLAIMED, None, [sent.root], note[1]))
    for frame in frames[len(frames) - (dangling is not None) - (note is not None) :]:
        for token in sent:
            owner.setdefault(token.i, frame)
    return frames, owner


def _subjects(sent: Span, reporting: set[int]) -> list[tuple[int, str, bool]]:
    """The subjects of the sentence's own clauses (not its speakers) that name a side or are "it" / "they":
    each one's token, side (or pronoun) and number, in order; what a pronoun actor can stand for."""
    out = []
    for token in sent:
        if token.dep_ not in _SUBJECTS or token.i in reporting or token.head.pos_ not in ("VERB", "AUX"):
            continue
        side = subject_side(token)
        if side in ("RU", "UA", "enemy", "it", "they"):
            plural = token.tag_ in ("NNS", "NNPS") or token.lower_ == "they" or bool(list(token.conjuncts))
            out.append((token.i, side, plural))
    return out


def _antecedent_actor(
    actor: str, root: Token, claimants: list[Party], subjects: list[tuple[int, str, bool]]
) -> str:
    """The side a pronoun actor ("they", "its forces") stands for within its sentence: an earlier subject of
    the same number ("Russian troops attacked, but they were repelled"), else the organisation(s) of the
    same number that say it ("the air force said it shot down ..."), else an earlier subject of either
    number. Left to the discourse (the sentences before) when none fits."""
    pronoun, _, against = actor.partition(":")
    subject = _subject(root)
    at = subject.i if subject is not None else root.i
    earlier = [
        (side, plural) for i, side, plural in reversed(subjects) if i < at and side in ("RU", "UA", "enemy")
    ]
    side = next((s for s, plural in earlier if plural == (pronoun == "they")), None)
    if side is None and any(  # "the air force said it ...", "officials said they ...": by number
        not p.person and not p.first_person and p.plural == (pronoun == "they") for p in claimants
    ):
        side = "claimant"
    side = side or next((s for s, _ in earlier), None)
    if side is None:
        return actor
    return opposite(side) if against else side


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
                analysis.antecedents.extend(antecedents(sent))
                self._sentence(sent, analysis, cue, offset)
                self._back(sent, analysis, offset)
        label = source_label(first)
        for clause in analysis.clauses:
            if label is not None and not clause.claimants:  # "General Staff: 152 clashes on the front"
                clause.claimants = [label]
                clause.status = Status.CLAIMED if clause.status is Status.CONFIRMED else clause.status
        if first.rstrip().endswith("?"):  # a question claims nothing in its own voice
            analysis.clauses = [c for c in analysis.clauses if c.claimants]
        if cue is not None and not analysis.clauses and analysis.back is None:
            analysis.verification_cue = cue
        return analysis

    @staticmethod
    def _back(sent: Span, analysis: SentenceAnalysis, offset: int) -> None:
        """A denial pointing back ("Kyiv rejected the claim"): the discourse applies it to the earlier claim;
        the clause the parse made of the denial itself is dropped."""
        found = back_reference(sent)
        if found is None or analysis.back is not None:
            return
        analysis.back, verb = found
        at = offset + verb.idx
        analysis.clauses = [c for c in analysis.clauses if not c.start <= at < c.end]

    def _sentence(
        self, sent: Span, analysis: SentenceAnalysis, verification: str | None, offset: int
    ) -> None:
        first = len(analysis.clauses)
        frames, owner = _attributions(sent)
        reporting_ids = {i for f in frames for i in f.owned}
        if frames and any(f.claimants for f in frames):
            analysis.attributed = True
            analysis.speakers.extend(p for f in frames for p in f.claimants)
        leading = [f for f in frames if f.leading]
        if leading:
            analysis.leading = leading[0].claimants
        text = sent.doc.text
        spans = time_phrases(text)
        context = _Context(
            frames=frames,
            owner=owner,
            carried=analysis.leading,
            quoted=analysis.quoted,
            verification=verification,
            offset=offset,
            time_spans=spans,
            lead=[
                text[a:b] for a, b in spans if a >= sent.start_char and not text[sent.start_char : a].strip()
            ],
            subjects=_subjects(sent, reporting_ids),
        )
        for root, tokens in self._clause_roots(sent, frames):
            clause = self._clause(root, tokens - reporting_ids, context) if tokens - reporting_ids else None
            if clause is not None:
                analysis.clauses.append(clause)
        cut, items = _list_items(sent, offset)
        analysis.clauses[first:] = _split_list(analysis.clauses[first:], cut, items)
        analysis.subjects.extend((side, plural) for _, side, plural in context.subjects)

    def _clause(self, root: Token, tokens: set[int], context: _Context) -> Clause | None:
        """The claim a clause makes, if it makes one: who says it, what happened, by whom, how sure."""
        frame = context.owner.get(root.i) if not _relative(root) else None
        claimants, via, status, cue = [], [], Status.CONFIRMED, None
        if frame is None and context.carried and not _relative(root):
            claimants, status = context.carried, Status.CLAIMED  # "According to X, ...; in particular, ..."
        elif frame is not None:
            claimants, via, status, cue = frame.claimants, frame.via, frame.status, frame.cue
            via = self._outer_via(frame, context.frames, context.owner) + via
        toks = sorted((root.doc[i] for i in tokens), key=lambda t: t.i)
        action, word = _clause_action(root, tokens)
        said = bool(claimants) or context.quoted  # a quotation's speaker is found in the discourse
        if _imperative(root) or not _is_claim(action, word, toks, said, self._subj(root)):
            return None
        if _negated(root):
            if action is Action.WITHDRAWAL:  # "have not given them up": still held; "not pushed out": there
                transitive = word is not None and any(c.dep_ == "dobj" for c in word.children)
                action = Action.CONTROL if transitive else Action.PRESENCE
            elif status is not Status.UNVERIFIED and action is not Action.OTHER:  # nothing to deny in "other"
                status, cue = Status.DENIED, "not"
        if context.verification is not None:
            status, cue = Status.UNVERIFIED, context.verification
        status, cue = _clause_status(toks, status, cue, word)
        status, cue = _open_question(root) or (status, cue)
        text = root.doc.text
        times = [text[a:b] for a, b in context.time_spans if _token_at(root.doc, a) in tokens]
        actor = _clause_actor(root, tokens, action)
        if actor.partition(":")[0] in ("it", "they"):
            actor = _antecedent_actor(actor, root, claimants, context.subjects)
        if action is Action.OTHER and actor == "unknown":
            return None  # no action of the vocabulary and no side doing anything: not a claim about the war
        return Clause(
            start=context.offset + toks[0].idx,
            end=context.offset + toks[-1].idx + len(toks[-1]),
            claimants=claimants,
            via=via,
            action=action,
            actor=actor,
            status=status,
            cue=cue,
            times=times or context.lead,
            confidence=_clause_confidence(root, word, action, status, toks),
        )

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
        if not roots and not any(t.pos_ in ("VERB", "AUX") for t in sent):
            roots.append(sent.root)  # a heading ("Statement by X on Russia's Missile Strikes")
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
        finite = _marked_that(token) or token.tag_ in ("VBD", "VBZ", "VBP")
        if token.dep_ == "acl" and finite and _own_subject(token) is not None:
            return True  # "no doubt that the Russians have made progress", "UPDATE: Russians attacked"
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
            # a relative clause that is not a claim of its own is background: "the brigade, which took
            # part in the battle for X, ..." says nothing of the clause it hangs on
            stack.extend(c for c in token.children if c.i not in root_ids and not _relative(c))
        return own
