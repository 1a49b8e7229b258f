"""English: claim rules over a spaCy dependency parse (en_core_web_sm), English quantities and dates."""

from __future__ import annotations

import re

from claimledger.extract.claims._language import Language, Rules
from claimledger.extract.claims.en._frame import parse_quantity, resolve_time
from claimledger.extract.claims.en._names import COUNTRIES, KIND_CUES, SIDE_CUES, name_key

__all__ = ["LANGUAGE"]


def _rules() -> Rules:
    from claimledger.extract.claims.en._pipeline import EnglishPipeline

    return EnglishPipeline()


LANGUAGE = Language(
    code="en",
    name="English",
    rules=_rules,
    quantity=parse_quantity,
    time=resolve_time,
    dispute=re.compile(
        r"\b(?:however|contrary to|disput(?:e|es|ed|ing)|refut(?:e|es|ed|ing)|skeptic(?:al|ism)|rejected|"
        r"den(?:y|ies|ied|ying)|dismiss(?:es|ed|ing)?)\b",
        re.IGNORECASE,
    ),
    name_key=name_key,
    kind_cues=KIND_CUES,
    side_cues=SIDE_CUES,
    countries=COUNTRIES,
)
