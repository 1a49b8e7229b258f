"""Village-level Ukraine: the KATOTTG settlements in the embedded gazetteer, their spellings, admin units,
precision, disambiguation by raion and hromada, and analysts' aliases."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimledger.errors import GazetteerError
from claimledger.extract.geo import Gazetteer, Geoparser
from claimledger.extract.nlp import split_sentences
from claimledger.model import PlaceMention
from claimledger.present.cli import app

KRASNOHORIVKA = "geonames:704393"  # Donetsk Oblast, KATOTTG UA14160130020025938
GOGOLEVKA = "ru2021:38640433106"  # Kursk Oblast, Sudzhansky District
BAKHMUT = "geonames:713174"
KUPIANSK = "geonames:703656"

runner = CliRunner()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load_embedded()


@pytest.fixture(scope="module")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer=gazetteer)


def mention(geoparser: Geoparser, text: str, name: str, language: str) -> PlaceMention:
    mentions = geoparser(text, split_sentences(text), language=language)
    return next(m for m in mentions if m.text.startswith(name))


def place_id(geoparser: Geoparser, text: str, name: str, language: str) -> str | None:
    found = mention(geoparser, text, name, language).place
    return found.id if found else None


@pytest.mark.parametrize(
    ("text", "name", "language", "expected"),
    [
        ("Бої за Красногорівку тривають.", "Красногорівку", "uk", KRASNOHORIVKA),  # Ukrainian, inflected
        ("ВС РФ продвинулись под Красногоровкой.", "Красногоровкой", "ru", KRASNOHORIVKA),  # Russian form
        ("Shelling hit Krasnohorivka.", "Krasnohorivka", "en", KRASNOHORIVKA),  # national romanisation
        ("Russian forces attacked Krasnogorovka.", "Krasnogorovka", "en", KRASNOHORIVKA),  # Russian-form
        ("Войска освободили Гоголевку в Курской области.", "Гоголевку", "ru", GOGOLEVKA),
        ("Окупанти вдарили по Гоголівці на Курщині.", "Гоголівці", "uk", GOGOLEVKA),  # Russian village in uk
        ("Бои за Артемовск продолжаются.", "Артемовск", "ru", BAKHMUT),  # pre-2016 name, Russian form
        ("Wagner fighters stormed Artemivsk.", "Artemivsk", "en", BAKHMUT),  # pre-2016 name, romanised
        ("Купʼянськ знову під обстрілом.", "Купʼянськ", "uk", KUPIANSK),  # modifier-letter apostrophe
        ("Куп’янськ знову під обстрілом.", "Куп’янськ", "uk", KUPIANSK),  # typographic apostrophe
        ("Shelling of Kupyansk went on.", "Kupyansk", "en", KUPIANSK),  # no apostrophe, ya for ia
        ("Удар по Покровськом пришёлся ночью.", "Покровськом", "ru", "geonames:704422"),  # mixed spelling
    ],
)
def test_every_spelling_class_reaches_the_place(
    geoparser: Geoparser, text: str, name: str, language: str, expected: str
) -> None:
    assert place_id(geoparser, text, name, language) == expected


def test_inflected_russian_village_in_ukrainian(geoparser: Geoparser) -> None:
    found = mention(geoparser, "Тривають бої біля Малої Локні.", "Малої Локні", "uk").place
    assert found is not None and found.country == "RU" and found.admin1 == "Kursk Oblast"


@pytest.mark.parametrize(
    ("text", "name", "language", "expected"),
    [
        ("Росіяни атакували на Куп'янському напрямку.", "Куп'янському", "uk", KUPIANSK),
        ("На Бахмутском направлении отбиты атаки.", "Бахмутском", "ru", BAKHMUT),
        ("На Запорізькому та Херсонському напрямках ворог атакує.", "Херсонському", "uk", "geonames:706448"),
    ],
)
def test_direction_adjective_stands_for_its_town(
    geoparser: Geoparser, text: str, name: str, language: str, expected: str
) -> None:
    assert place_id(geoparser, text, name, language) == expected


def test_oblast_adjectives_before_the_admin_word(geoparser: Geoparser) -> None:
    text = "Удары нанесены по объектам в Харьковской, Днепропетровской и Запорожской областях."
    mentions = geoparser(text, split_sentences(text), language="ru")
    found = {m.text: m.place.name for m in mentions if m.place}
    assert found == {
        "Харьковской": "Kharkiv Oblast",
        "Днепропетровской": "Dnipropetrovsk Oblast",
        "Запорожской областях": "Zaporizhia Oblast",
    }
    assert mention(geoparser, "Бой в Курской области.", "Курской", "ru").place.kind == "admin1"  # type: ignore[union-attr]


def test_homonym_resolved_by_the_raion_named_beside_it(geoparser: Geoparser) -> None:
    # Two Berestove in Donetsk Oblast: one in Bakhmut Raion, one in Kalmiuske Raion.
    bakhmut = place_id(geoparser, "Бої біля Берестового Бахмутського району.", "Берестового", "uk")
    kalmiuske = place_id(geoparser, "Бої біля Берестового Кальміуського району.", "Берестового", "uk")
    assert bakhmut == "katottg:UA14020090030024194"
    assert kalmiuske == "katottg:UA14100050040055140"


def test_homonym_resolved_by_the_hromada_named_beside_it(geoparser: Geoparser) -> None:
    # Two Dudnykove in Zaporizhzhia Raion, in different hromadas.
    one = place_id(geoparser, "Обстріляли Дудникове Новомиколаївської громади.", "Дудникове", "uk")
    other = place_id(geoparser, "Обстріляли Дудникове Комишуваської громади.", "Дудникове", "uk")
    assert one == "katottg:UA23060190140029625"
    assert other == "katottg:UA23060090070071917"
    unit = mention(geoparser, "Обстріляли Дудникове Комишуваської громади.", "Комишуваської", "uk").place
    assert unit is not None and unit.name == "Komyshuvaska hromada" and unit.kind == "admin2"


def test_homonym_left_ambiguous_keeps_its_candidates(geoparser: Geoparser) -> None:
    text = "Fighting continued near Oleksandrivka in Donetsk Oblast."
    found = mention(geoparser, text, "Oleksandrivka", "en")
    assert found.place is None
    assert len(found.candidates) >= 3
    assert {c.place.admin1 for c in found.candidates} == {"Donetsk Oblast"}


def test_coarse_only_village_carries_its_precision(geoparser: Geoparser, gazetteer: Gazetteer) -> None:
    found = mention(geoparser, "Вибухи лунали у Мідній Руді.", "Мідній Руді", "uk").place
    assert found is not None and found.id == "katottg:UA14020010130026317"
    assert found.precision_km == 15.0
    entry = gazetteer.get(found.id)
    assert entry is not None and entry.coarse
    precise = gazetteer.get(KRASNOHORIVKA)
    assert precise is not None and not precise.coarse and precise.precision_km == 1.0


def test_places_carry_the_codifier_hierarchy(gazetteer: Gazetteer) -> None:
    entry = gazetteer.get("katottg:UA14160130020025938")  # found by its KATOTTG code, a GeoNames entry
    assert entry is not None and entry.id == KRASNOHORIVKA
    hierarchy = (entry.admin1, entry.admin2, entry.admin3)
    assert hierarchy == ("Donetsk Oblast", "Pokrovskyi Raion", "Marinska hromada")
    raions = gazetteer.lookup("Покровський район")
    assert raions and raions[0].kind == "admin2" and raions[0].admin1 == "Donetsk Oblast"


def test_alias_of_an_existing_place(geoparser: Geoparser, gazetteer: Gazetteer) -> None:
    alias = gazetteer.alias("katottg:UA14160130020025938", "Красногорка")
    assert alias.name == "Красногорка" and alias.lat is not None
    extended = Geoparser(gazetteer=gazetteer.with_places([alias]))
    assert place_id(extended, "Бои за Красногорку идут.", "Красногорку", "ru") == KRASNOHORIVKA
    with pytest.raises(GazetteerError, match="katottg:UA00000000000000000"):
        gazetteer.alias("katottg:UA00000000000000000", "Nowhere")


def test_cli_adds_an_alias(db_path: str) -> None:
    added = runner.invoke(
        app, ["gazetteer", "add", "Krasnogorivka-Sever", "--alias-of", KRASNOHORIVKA, "--db", db_path]
    )
    assert added.exit_code == 0, added.output
    found = runner.invoke(
        app, ["gazetteer", "lookup", "Krasnogorivka-Sever", "--db", db_path, "--format", "json"]
    )
    assert [p["id"] for p in json.loads(found.stdout)] == [KRASNOHORIVKA]
    missing = runner.invoke(app, ["gazetteer", "add", "Nowhere", "--alias-of", "geonames:1", "--db", db_path])
    assert missing.exit_code != 0 and "geonames:1" in missing.output and "Traceback" not in missing.output


def test_info_shows_the_odbl_notice() -> None:
    info = runner.invoke(app, ["gazetteer", "info"])
    assert info.exit_code == 0, info.output
    flat = " ".join(info.output.split())
    assert "ODbL" in flat and "KATOTTG" in flat and "katottg" in flat


def hoholivka(geoparser: Geoparser, text: str, language: str) -> PlaceMention:
    """The mention of Гоголівка / Гоголевка in any case form."""
    return mention(geoparser, text, "Гогол", language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Гоголівка знову під контролем ЗСУ.", "uk"),  # opens the sentence, known to the uk dictionary
        ("Гоголевка под контролем ВСУ.", "ru"),  # opens the sentence, unknown to the dictionary
        ("Штаб оголосив про втрату Гоголівки: бої біля села тривають.", "uk"),  # before a colon
    ],
)
def test_village_name_at_sentence_start_or_before_colon_is_kept(
    geoparser: Geoparser, text: str, language: str
) -> None:
    assert hoholivka(geoparser, text, language).candidates


@pytest.mark.parametrize(
    ("text", "language"),
    [("Черги на кордоні: люди чекають годинами.", "uk"), ("Освобождение пленных: обмен состоялся.", "ru")],
)
def test_common_word_at_sentence_start_is_still_dropped(
    geoparser: Geoparser, text: str, language: str
) -> None:
    assert [m.text for m in geoparser(text, split_sentences(text), language=language)] == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Бої тривають біля Гоголівки на Курському напрямку.", "uk"),
        ("Ворог тисне біля Гоголівки. Ситуація на Курському напрямку складна.", "uk"),
        ("Бои идут у Гоголевки. Обстановка на Курском направлении тяжелая.", "ru"),
        ("Бои идут у Гоголевки в Курской области.", "ru"),
        ("Окупанти обстріляли Гоголівку на Курщині.", "uk"),
    ],
)
def test_kursk_context_resolves_the_homonym(geoparser: Geoparser, text: str, language: str) -> None:
    found = hoholivka(geoparser, text, language).place
    assert found is not None and found.id == GOGOLEVKA


def test_homonym_without_context_stays_unresolved(geoparser: Geoparser) -> None:
    found = hoholivka(geoparser, "Гоголівка знову під контролем ЗСУ.", "uk")
    assert found.place is None
    assert {c.place.id for c in found.candidates} >= {GOGOLEVKA}
    assert len({c.place.admin1 for c in found.candidates}) == 2  # Zaporizhzhia and Kursk villages
