"""Quantities and time windows of Russian and Ukrainian clauses, read by the lexical engine's one reader
from each language's lexicon; odd input never raises. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger.extract.claims import get_language
from claimledger.model import Quantity, TimeWindow

RU = get_language("ru")
UK = get_language("uk")
PUBLISHED = date(2024, 3, 6)


def quantity(code: str, text: str) -> Quantity:
    found = get_language(code).quantity(text)
    assert found is not None, text
    return found


def window(code: str, text: str, published: date | None = PUBLISHED) -> TimeWindow:
    found = get_language(code).time(text, [], published)
    assert found is not None, text
    return found


# --- quantities -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "value", "high", "unit"),
    [
        ("ru", "подразделения отразили восемнадцать атак", 18, None, "attacks"),
        ("ru", "отражено 18 атак у Работино", 18, None, "attacks"),
        ("uk", "захисники відбили вісімнадцять атак", 18, None, "attacks"),
        ("uk", "відбито 18 атак окупантів", 18, None, "attacks"),
        ("ru", "сбиты двадцать пять беспилотников", 25, None, "drones"),
        ("ru", "уничтожены сто двадцать три боевика", 123, None, "soldiers"),
        ("uk", "знищено сто двадцять три окупанти", 123, None, "soldiers"),
        ("ru", "противник сосредоточил 190 тысяч военных", 190_000, None, "soldiers"),
        ("uk", "ворог стягнув 190 тисяч військових", 190_000, None, "soldiers"),
        ("ru", "в группировке полторы тысячи бойцов", 1500, None, "soldiers"),
        ("uk", "накопичено 1 500 одиниць техніки", 1500, None, "equipment"),
        ("ru", "подразделения продвинулись на 2-3 км", 2, 3, "km"),
        ("ru", "продвижение составило от 3 до 5 километров", 3, 5, "km"),
        ("uk", "ворог просунувся на 1,5 - 2 кілометри", 1.5, 2, "km"),
        ("ru", "потери составили до 45-ти боевиков", 45, None, "soldiers"),
        ("ru", "за сутки 41 боевое столкновение", 41, None, "engagements"),
        ("uk", "сталося 41 бойове зіткнення", 41, None, "engagements"),
        ("uk", "пошкоджено 28 цивільних об'єктів", 28, None, "buildings"),
        ("ru", "противник произвел 51 обстрел", 51, None, "strikes"),
        ("uk", "збито три ударні безпілотники", 3, None, "drones"),
        ("ru", "уничтожены две роты", 2, None, "company"),
    ],
)
def test_counts_in_digits_and_words(
    code: str, text: str, value: float, high: float | None, unit: str
) -> None:
    found = quantity(code, text)
    assert (found.value, found.value_max, found.unit) == (value, high, unit)


@pytest.mark.parametrize(
    ("code", "text", "unit", "shown"),
    [
        ("ru", "противник потерял до роты пехоты", "company", "до роты"),
        ("uk", "окупанти втратили до роти піхоти", "company", "до роти"),
        ("uk", "ворог кинув у бій більше ніж батальйон", "battalion", "більше ніж батальйон"),
        ("ru", "в наступление пошло более батальона", "battalion", "более батальона"),
    ],
)
def test_a_qualified_formation_counts_one(code: str, text: str, unit: str, shown: str) -> None:
    found = quantity(code, text)
    assert (found.value, found.unit, found.text) == (1, unit, shown)


@pytest.mark.parametrize(
    ("code", "text", "value", "unit"),
    [
        ("uk", "окупанти убили сімох", 7, "killed"),
        ("uk", "троє загинули від удару", 3, "killed"),
        ("uk", "поранено п’ятьох цивільних", 5, "wounded"),
        ("ru", "погибли четверо мирных жителей", 4, "killed"),
        ("ru", "ранены семеро", 7, "wounded"),
    ],
)
def test_a_count_of_people_beside_a_casualty_verb(code: str, text: str, value: float, unit: str) -> None:
    found = quantity(code, text)
    assert (found.value, found.unit) == (value, unit)


def test_qualifiers_stay_in_the_text() -> None:
    assert (
        quantity("ru", "уничтожено не менее чем 30 военнослужащих").text == "не менее чем 30 военнослужащих"
    )
    assert quantity("uk", "знищено щонайменше 12 танків").text == "щонайменше 12 танків"
    assert quantity("ru", "потери до 20 военнослужащих").text == "до 20 военнослужащих"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("ru", "наши бойцы держат оборону"),
        ("ru", "3-я бригада удерживает рубеж"),  # an ordinal is no count
        ("uk", "загинув 64-річний чоловік"),
        ("uk", "над містом пролетів Шахед-136"),
        ("ru", "5 марта противник атаковал позиции"),  # a day is no count of attacks
        ("uk", "у 2024 році загинули"),  # a year is no count of the dead
        ("ru", "командир роты заявил"),  # a formation without a qualifier
    ],
)
def test_what_is_not_a_quantity(code: str, text: str) -> None:
    assert get_language(code).quantity(text) is None


# --- time -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "start", "end"),
    [
        ("ru", "за минувшие сутки противник атаковал", date(2024, 3, 5), PUBLISHED),
        ("ru", "в течение суток отражено пять атак", date(2024, 3, 5), PUBLISHED),
        ("uk", "протягом доби ворог атакував", date(2024, 3, 5), PUBLISHED),
        ("uk", "минулої доби відбулося 40 зіткнень", date(2024, 3, 5), PUBLISHED),
        ("ru", "с начала суток противник обстрелял село", PUBLISHED, PUBLISHED),
        ("uk", "з початку доби ворог обстріляв громаду", PUBLISHED, PUBLISHED),
        ("ru", "за последние 5 дней противник потерял", date(2024, 3, 1), PUBLISHED),
        ("uk", "протягом трьох діб тривали бої", date(2024, 3, 3), PUBLISHED),
        ("ru", "за неделю сбито 80 дронов", date(2024, 2, 28), PUBLISHED),
        ("ru", "вчера дрон атаковал подстанцию", date(2024, 3, 5), date(2024, 3, 5)),
        ("uk", "позавчора окупанти обстріляли місто", date(2024, 3, 4), date(2024, 3, 4)),
        ("ru", "с начала СВО противник потерял", date(2022, 2, 24), PUBLISHED),
        ("uk", "з початку повномасштабного вторгнення ворог втратив", date(2022, 2, 24), PUBLISHED),
    ],
)
def test_windows_end_at_publication(code: str, text: str, start: date, end: date) -> None:
    found = window(code, text)
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    ("code", "text", "start", "end", "shown"),
    [
        ("ru", "в ночь на 5 марта дроны атаковали", date(2024, 3, 4), date(2024, 3, 5), "в ночь на 5 марта"),
        ("uk", "у ніч на 5 березня ворог запустив дрони", date(2024, 3, 4), date(2024, 3, 5), None),
        (
            "uk",
            "з 1 по 4 березня окупанти обстрілювали",
            date(2024, 3, 1),
            date(2024, 3, 4),
            "1 по 4 березня",
        ),
        ("ru", "с 1 по 4 марта противник наступал", date(2024, 3, 1), date(2024, 3, 4), None),
        ("ru", "1-4 марта шли бои", date(2024, 3, 1), date(2024, 3, 4), None),
        ("ru", "20 декабря войска заняли село", date(2023, 12, 20), date(2023, 12, 20), None),  # last year's
        ("ru", "5 мая 2023 года войска заняли село", date(2023, 5, 5), date(2023, 5, 5), None),
        ("uk", "5 березня 2024 ворог атакував", date(2024, 3, 5), date(2024, 3, 5), "5 березня 2024"),
        ("ru", "сводка за 30.08.2023", date(2023, 8, 30), date(2023, 8, 30), "30.08.2023"),
        ("uk", "станом на 01.03.24 позиції утримуються", date(2024, 3, 1), date(2024, 3, 1), None),
    ],
)
def test_nights_days_and_ranges(code: str, text: str, start: date, end: date, shown: str | None) -> None:
    found = window(code, text)
    assert (found.start, found.end) == (start, end)
    if shown is not None:
        assert found.text == shown


def test_without_a_publication_date_only_full_dates_are_placed() -> None:
    assert (window("ru", "5 марта 2024 года войска заняли село", None).start) == date(2024, 3, 5)
    assert window("uk", "30.08.2023 ворог атакував", None).start == date(2023, 8, 30)
    for code, text in (("ru", "за минувшие сутки"), ("uk", "5 березня ворог атакував"), ("ru", "вчера")):
        found = window(code, text, None)
        assert (found.start, found.end, found.text) == (None, None, found.text) and found.text


def test_the_time_phrases_of_a_clause_feed_the_window() -> None:
    rules = RU.rules()
    assert rules.frame.phrases("в ночь на 5 марта и за сутки") == ["в ночь на 5 марта", "за сутки"]  # type: ignore[attr-defined]
    found = RU.time("войска заняли село", ["в ночь на 5 марта"], PUBLISHED)
    assert found is not None and found.start == date(2024, 3, 4)
    assert RU.time("войска заняли село", [], PUBLISHED) is None


# --- robustness -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["ru", "uk"])
@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("за последние 99999999999 дней уничтожено 99999999999 атак", PUBLISHED),
        ("за последние 5000 лет противник потерял", PUBLISHED),
        ("протягом 5000 років", PUBLISHED),
        ("за сутки", date(1, 1, 1)),
        ("20 декабря войска заняли село", date(1, 1, 1)),
        ("в ночь на 1 января 0001 года", None),
        ("31 февраля 2024 года, 00.00.0000, 99.99.9999", PUBLISHED),
        ("0 января 2024", PUBLISHED),
        ("9" * 5000 + " атак и " + "1," + "9" * 5000 + " км", PUBLISHED),
        ("-" * 200 + "5 – – 7 атак по 1 по 2 по 3 березня", PUBLISHED),
        ("", PUBLISHED),
        ("тысяча тысяч миллионов миллиардов атак", PUBLISHED),
    ],
)
def test_odd_input_never_raises(code: str, text: str, published: date | None) -> None:
    language = get_language(code)
    language.quantity(text)
    language.time(text, [], published)
    language.time(text, [text], published)


def test_a_window_reaching_before_the_calendar_keeps_its_text() -> None:
    found = window("ru", "за последние 5000 лет противник потерял", date(100, 1, 1))
    assert (found.start, found.end, found.text) == (None, None, "за последние 5000 лет")
    huge = quantity("ru", "отражено 99999999999 атак")
    assert huge.value == 99999999999
    assert RU.quantity("отражено " + "9" * 40 + " атак") is None  # no count has forty digits
