"""Language detection and sentence segmentation, shared by every extraction component.

The NLP models themselves belong to the language packages of claim extraction (`extract/claims/en`, ...)."""

from __future__ import annotations

from claimledger.extract.nlp.segment import Sentence, split_sentences
from claimledger.lang import detect_language

__all__ = ["Sentence", "detect_language", "split_sentences"]
