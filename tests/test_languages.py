"""The language seam: detection, the registry of language packages, and the warning for a language without
claim rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.errors import UnsupportedLanguageError
from claimledger.extract.claims import LANGUAGES, Language, SourceRegistry, get_language
from claimledger.lang import UNDETERMINED, detect_language
from claimledger.present.cli import app

GERMAN = (
    "Die russischen Streitkräfte haben nach Angaben des Verteidigungsministeriums in Moskau das Dorf "
    "Gogolewka in der Region Kursk zurückerobert. Die ukrainische Armee bestreitet das und spricht von "
    "anhaltenden Kämpfen in der Umgebung des Dorfes und weiter östlich, an der Grenze zur Ukraine."
)


def test_detects_english_russian_ukrainian_and_other_latin_text() -> None:
    assert detect_language("Russian forces said they had captured the village near the river.") == "en"
    assert detect_language("Российские войска заняли село, сообщили в Минобороны.") == "ru"
    assert detect_language("Сили оборони відбили атаку ворога біля села, повідомили у Генштабі.") == "uk"
    assert detect_language(GERMAN) == UNDETERMINED
    assert detect_language("Russian forces capture Avdiivka") == "en"  # a headline is too short to tell


def test_every_registered_language_is_a_language_package() -> None:
    for code in LANGUAGES:
        language = get_language(code)
        assert isinstance(language, Language) and language.code == code
    with pytest.raises(UnsupportedLanguageError, match="'de'"):
        get_language("de")


@pytest.mark.parametrize(
    ("written", "language", "canonical"),
    [
        ("Генштабу ЗСУ", "uk", "General Staff of the Armed Forces of Ukraine"),
        ("Генеральному штабу ЗСУ", "uk", "General Staff of the Armed Forces of Ukraine"),
        ("Минобороны России", "ru", "Ministry of Defence of the Russian Federation"),
        ("Russia's Defence Ministry", "en", "Ministry of Defence of the Russian Federation"),
    ],
)
def test_registry_matches_inflected_names_through_their_language(
    written: str, language: str, canonical: str
) -> None:
    registry = SourceRegistry.load()
    found = registry.match(written, language=language)
    assert found is not None and found.name == canonical


def test_registry_guesses_kind_and_side_of_unknown_cyrillic_claimants() -> None:
    registry = SourceRegistry.load()
    bloggers = registry.claimant("российские военкоры", language="ru")
    assert (bloggers.kind, bloggers.side) == ("milblogger", "RU")
    governor = registry.claimant("голова обласної військової адміністрації", language="uk")
    assert governor.kind == "local_official"


def test_unsupported_language_is_a_warning_not_a_silent_empty_result(tmp_path: Path) -> None:
    path = tmp_path / "bericht.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)[0]
    document = record["documents"][0]
    assert document["language"] == UNDETERMINED and record["claims"] == []
    assert record["mentions"], "places are still found"
    assert "language not recognised" in document["warnings"][0]
    assert "warning:" in result.output and "bericht.txt" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Гоголевка", "Гоголівка", "Gogolevka"])
def test_place_filters_take_names_in_any_script(examples_dir: Path, db_path: str, name: str) -> None:
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(examples_dir), "--db", db_path, "--published", "2025-03-18"])
    assert ingested.exit_code == 0, ingested.output
    listed = runner.invoke(app, ["claims", "--place", name, "--db", db_path, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    claims = json.loads(listed.stdout)
    assert claims and all(
        any(place.get("name") == "Gogolevka" for place in claim["claim"]["places"]) for claim in claims
    )
    timeline = runner.invoke(app, ["timeline", name, "--db", db_path, "--format", "json"])
    assert timeline.exit_code == 0 and json.loads(timeline.stdout)[0]["name"] == "Gogolevka"


def test_ingest_counts_documents_whose_claims_were_not_read(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "bericht.txt").write_text(GERMAN, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", db_path])
    assert result.exit_code == 0, result.output
    assert "1 documents added" in result.output
    assert "1 documents in languages without claim rules (und: 1)" in result.output
