"""Claim extraction: who claims what, where, by which side, with what certainty.

`ClaimExtractor` parses the sentences of one or many documents in one spaCy stream (`ClaimExtractor.pipe`
takes `ClaimJob`s), skipping sentences the language's rules do not want (a lexical test) and running NER
only on the token ranges the rules read names in. It applies the language's sentence rules (`LANGUAGES`:
English now) and resolves the discourse: quotes whose speaker was named before, pronoun claimants,
"According to X" carried over one block of text, and verification statements that mark earlier claims
unverified. `SourceRegistry` holds the known claimants (claimledger/data/sources.yaml).
"""

from __future__ import annotations

from claimledger.extract.claims._extractor import AUTHOR, LANGUAGES, ClaimExtractor, ClaimJob, Rules
from claimledger.extract.claims._frame import parse_quantity, resolve_time
from claimledger.extract.claims._registry import SourceRegistry, infer_kind, infer_side, normalize_name

__all__ = [
    "AUTHOR",
    "LANGUAGES",
    "ClaimExtractor",
    "ClaimJob",
    "Rules",
    "SourceRegistry",
    "infer_kind",
    "infer_side",
    "normalize_name",
    "parse_quantity",
    "resolve_time",
]
