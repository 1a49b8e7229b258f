"""Claim extraction: who claims what, where, by which side, with what certainty.

The core is language-neutral: `ClaimExtractor` hands the sentences of one or many documents to their
language's rules in one stream, then resolves the discourse (quotes whose speaker was named before,
pronoun claimants by the nearest antecedent of their kind and number, "According to X" carried over one
block of text, transcript turns and their speakers, verification statements that mark earlier claims
unverified, denials pointing back at an earlier claim). Each language is a package (`en/`, `ru/`,
`uk/`) found through `LANGUAGES` by `get_language`, holding its rules and models, lexicon, quantity
and date parsing and how it folds names.
`SourceRegistry` holds the known claimants (claimledger/data/sources.yaml).
"""

from __future__ import annotations

from claimledger.extract.claims._extractor import AUTHOR, ClaimExtractor, ClaimJob
from claimledger.extract.claims._language import LANGUAGES, Language, Rules, get_language, supported
from claimledger.extract.claims._registry import SourceRegistry, infer_kind, infer_side

__all__ = [
    "AUTHOR",
    "LANGUAGES",
    "ClaimExtractor",
    "ClaimJob",
    "Language",
    "Rules",
    "SourceRegistry",
    "get_language",
    "infer_kind",
    "infer_side",
    "supported",
]
