"""Sentence segmentation and language identification, the helpers every extraction component shares."""

from __future__ import annotations

import pytest

from claimledger.extract.nlp import split_sentences
from claimledger.lang import detect_language


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_offsets_point_into_the_text() -> None:
    text = "  Shelling hit Vovchansk overnight.  The governor said two people were hurt.\n\nMore later. "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Shelling hit Vovchansk overnight.", "The governor said two people were hurt.", "More later."
    ]
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    assert _texts("Gen. Oleksandr Syrskyi visited the front. The U.S. sent aid. J. Smith agreed.") == [
        "Gen. Oleksandr Syrskyi visited the front.", "The U.S. sent aid.", "J. Smith agreed."
    ]


def test_footnote_markers_end_a_sentence() -> None:
    text = "Russian forces advanced 3 km. Ukrainian forces counterattacked.[iv] Fighting continues.[12] Next."
    assert _texts(text) == [
        "Russian forces advanced 3 km.",
        "Ukrainian forces counterattacked.[iv]",
        "Fighting continues.[12]",
        "Next.",
    ]


def test_a_bold_lead_in_stays_with_its_body() -> None:
    text = "**Russian forces attacked in the south.** Ukrainian officials said the attack failed."
    assert _texts(text) == [text]


def test_line_breaks_end_a_sentence_and_quotes_close_one() -> None:
    text = 'He said: "We hold the line." Then he left\nNext post'
    assert _texts(text) == ['He said: "We hold the line."', "Then he left", "Next post"]


def test_cyrillic_sentences_and_abbreviations() -> None:
    text = "Бои идут у с. Поповка. ВСУ продвинулись на 2 км. Минобороны это опровергает."
    assert _texts(text) == [
        "Бои идут у с. Поповка.", "ВСУ продвинулись на 2 км.", "Минобороны это опровергает."
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ukrainian forces advanced near Kupiansk, the General Staff said.", "en"),
        ("Российские войска заняли село Поповка, заявили в Минобороны.", "ru"),
        ("Українські військові відбили атаку біля Куп'янська, повідомили в Генштабі.", "uk"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
