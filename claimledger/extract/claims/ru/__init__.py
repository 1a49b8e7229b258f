"""Russian: claim rules from the lexical engine (morphology and word order) with the Russian lexicon."""

from __future__ import annotations

from claimledger.extract.claims._lexical import language_of
from claimledger.extract.claims.ru._lexicon import LEXICON
from claimledger.extract.claims.ru._names import COUNTRIES, KIND_CUES, SIDE_CUES, name_key

__all__ = ["LANGUAGE"]

LANGUAGE = language_of(
    LEXICON,
    name="Russian",
    name_key=name_key,
    kind_cues=KIND_CUES,
    side_cues=SIDE_CUES,
    countries=COUNTRIES,
)
