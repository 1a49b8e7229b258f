"""Extraction: a document in, its place mentions and claims out. Pure: no database, no network.

Contradictions are the assess stage's business: `Extraction.contradictions` stays empty here.

`Pipeline` segments each document into sentences once and hands them to the geoparser and the claim
extractor, so every mention and claim points at the same sentence. Build one Pipeline per process and
reuse it: models and the gazetteer load once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from claimledger.extract.claims import ClaimExtractor
from claimledger.extract.geo import Geoparser
from claimledger.extract.nlp import detect_language, split_sentences
from claimledger.model import Document, Extraction

__all__ = ["ClaimExtractor", "Geoparser", "Pipeline"]


class Pipeline:
    """Run sentence segmentation, geoparsing and claim extraction on documents."""

    def __init__(self, *, geoparser: Geoparser | None = None, claims: ClaimExtractor | None = None) -> None:
        self.geoparser = geoparser if geoparser is not None else Geoparser()
        self.claims = claims if claims is not None else ClaimExtractor()

    def __call__(self, document: Document) -> Extraction:
        language = document.language or detect_language(document.text)
        sentences = split_sentences(document.text)
        mentions = self.geoparser(document.text, sentences, language=language)
        claims = self.claims(document, sentences, mentions, language=language)
        return Extraction(document_id=document.id, mentions=mentions, claims=claims)

    def pipe(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extract from many documents, in order."""
        for document in documents:
            yield self(document)
