"""Ukrainian: claim rules, quantities and dates from the lexical engine with the Ukrainian lexicon
(pymorphy3's Ukrainian dictionaries; no offline-installable Ukrainian dependency parser exists)."""

from __future__ import annotations

from claimledger.extract.claims._lexical import language_of
from claimledger.extract.claims.uk._lexicon import LEXICON
from claimledger.extract.claims.uk._names import COUNTRIES, KIND_CUES, SIDE_CUES, name_key

__all__ = ["LANGUAGE"]

LANGUAGE = language_of(
    LEXICON,
    name="Ukrainian",
    name_key=name_key,
    kind_cues=KIND_CUES,
    side_cues=SIDE_CUES,
    countries=COUNTRIES,
)
