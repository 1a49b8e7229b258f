"""Ukrainian claim extraction: quantities, time windows, claimant names, and the rules on sentences written
for these tests (none is taken from the dev corpus)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from claimledger.extract.claims import ClaimExtractor, SourceRegistry, get_language
from claimledger.extract.nlp import split_sentences
from claimledger.model import Document

UK = get_language("uk")


# --- quantities -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("Сили оборони відбили вісімнадцять атак", 18, None, "attacks"),
        ("за добу відбито 18 атак противника", 18, None, "attacks"),
        ("ворог дванадцять разів штурмував позиції", 12, None, "attacks"),
        ("збито двадцять п'ять ударних дронів", 25, None, "drones"),
        ("відбулося 41 бойове зіткнення", 41, None, "engagements"),
        ("загинули четверо цивільних", 4, None, "killed"),
        ("ворог убив трьох мешканців села", 3, None, "killed"),
        ("поранено п’ятьох людей", 5, None, "wounded"),
        ("просунулися на 2-3 кілометри", 2, 3, "km"),
        ("окупанти втратили до роти піхоти", 1, None, "company"),
        ("зосередив понад 20 тисяч бійців", 20_000, None, "soldiers"),
        ("знищено 7 танків і 4 БМП", 7, None, "equipment"),
    ],
)
def test_quantity_in_digits_and_words(text: str, value: float, high: float | None, unit: str) -> None:
    found = UK.quantity(text)
    assert found is not None
    assert (found.value, found.value_max, found.unit) == (value, high, unit)


def test_quantity_keeps_its_qualifier_and_skips_model_numbers() -> None:
    found = UK.quantity("противник зосередив до 30 тисяч військових")
    assert found is not None and found.text == "до 30 тисяч військових"
    assert UK.quantity("над містом пролетів Шахед-136") is None
    assert UK.quantity("наші воїни тримають оборону") is None


# --- time -------------------------------------------------------------------------------------------------


def test_time_windows_resolve_against_publication() -> None:
    published = date(2024, 3, 6)
    day = UK.time("протягом минулої доби ворог атакував", [], published)
    assert day is not None and (day.start, day.end) == (date(2024, 3, 5), published)
    night = UK.time("в ніч на 5 березня ворог запустив дрони", [], published)
    assert night is not None and (night.start, night.end) == (date(2024, 3, 4), date(2024, 3, 5))
    span = UK.time("з 1 по 4 березня окупанти обстрілювали", [], published)
    assert span is not None and (span.start, span.end) == (date(2024, 3, 1), date(2024, 3, 4))
    yesterday = UK.time("вчора дрон влучив у склад", [], published)
    assert yesterday is not None and yesterday.start == date(2024, 3, 5)
    war = UK.time("з початку повномасштабного вторгнення ворог втратив", [], published)
    assert war is not None and war.start == date(2022, 2, 24)
    assert UK.time("ворог атакував позиції", [], published) is None


def test_a_date_after_publication_is_last_year() -> None:
    found = UK.time("ще 20 грудня окупанти заявили", [], date(2024, 3, 6))
    assert found is not None and found.start == date(2023, 12, 20)
    unplaced = UK.time("протягом доби", [], None)
    assert unplaced is not None and unplaced.start is None and unplaced.text == "протягом доби"


# --- claimant names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Генеральному штабу Збройних сил України", "General Staff of the Armed Forces of Ukraine"),
        ("Повітряних сил ЗСУ", "Ukrainian Air Force"),
        ("Служби безпеки України", "Security Service of Ukraine"),
        ("Центру стратегічних комунікацій", "Center for Strategic Communications"),
        ("Олександра Тарнавського", "Oleksandr Tarnavskyi"),
        ("Інституту вивчення війни", "Institute for the Study of War"),
        ("поліції Донеччини", "National Police of Ukraine"),
        ("Михайла Развожаєва", "Mikhail Razvozhaev"),
        ("Дмитра Лубінця", "Dmytro Lubinets"),
        ("речника угруповання Дмитра Лихового", "Oleksandr Tarnavskyi"),
        ("Юрія Малашка", "Yurii Malashko"),
        ("Олега Синєгубова", "Oleh Syniehubov"),
        ("Української правди", "Ukrainska Pravda"),
        ("Суспільного", "Suspilne"),
        ("Рибаря", "Rybar"),
        ("Олександра Богомаза", "Alexander Bogomaz"),
    ],
)
def test_inflected_ukrainian_names_find_the_registry(written: str, canonical: str) -> None:
    found = SourceRegistry.load().match(written, language="uk")
    assert found is not None and found.name == canonical


def test_unknown_ukrainian_claimants_get_kind_and_side_from_their_words() -> None:
    registry = SourceRegistry.load()
    bloggers = registry.claimant("воєнкори-окупанти", language="uk")
    assert (bloggers.kind, bloggers.side) == ("milblogger", "RU")
    head = registry.claimant("голова обласної військової адміністрації", language="uk")
    assert head.kind == "local_official"


# --- rules ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    return UK.rules()


@pytest.mark.parametrize(
    ("sentence", "action", "actor"),
    [
        ("Минулої доби Сили оборони відбили 18 атак ворога біля Часового Яру.", "attack_repelled", "UA"),
        ("Наші воїни звільнили село на півдні.", "recapture", "claimant"),
        ("Вранці росіяни вдарили по Одесі.", "strike", "RU"),
        ("Противник завдав 30 авіаційних ударів по прифронтових громадах.", "strike", "enemy"),
        ("Ворог просунувся біля залізниці.", "advance", "enemy"),
        ("Окупанти втратили за добу до роти піхоти.", "casualties", "enemy"),
    ],
)
def test_action_and_actor_of_a_clause(rules, sentence: str, action: str, actor: str) -> None:  # type: ignore[no-untyped-def]
    (clause,) = rules.analyze(sentence).clauses
    assert (clause.action, clause.actor) == (action, actor)


def test_attribution_by_source_phrase_and_postposed_verb(rules) -> None:  # type: ignore[no-untyped-def]
    opening = rules.analyze("За даними Генштабу ЗСУ, окупанти обстріляли прикордонні села.")
    assert [p.name for p in opening.clauses[0].claimants] == ["Генштабу ЗСУ"]
    assert opening.leading is not None  # carries to the next sentences of the block
    postposed = rules.analyze("Противник просунувся біля ставка, повідомляє DeepState.")
    (clause,) = postposed.clauses
    assert [p.name for p in clause.claimants] == ["DeepState"] and clause.status == "claimed"


def test_impersonal_report_and_denial(rules) -> None:  # type: ignore[no-untyped-def]
    (relayed,) = rules.analyze("Як повідомлялося, українські захисники збили три дрони.").clauses
    assert [p.name for p in relayed.claimants] == ["unknown"]
    (denied,) = rules.analyze("У ГУР спростували заяви окупантів про захоплення села.").clauses
    assert denied.status == "denied" and [p.name for p in denied.claimants] == ["ГУР"]


def test_status_cues(rules) -> None:  # type: ignore[no-untyped-def]
    (alleged,) = rules.analyze("Ворог нібито захопив село біля річки.").clauses
    assert alleged.status == "claimed" and alleged.cue == "нібито"
    (likely,) = rules.analyze("Ймовірно, підрозділам доведеться відійти з висоти.").clauses
    assert likely.status == "assessed"
    check = rules.analyze("Інформація не підтверджена.")
    assert check.clauses == [] and check.verification_cue is not None


def test_source_line_voices_the_post(rules) -> None:  # type: ignore[no-untyped-def]
    note = rules.analyze("Джерело: Повітряні сили ЗСУ")
    assert note.note is not None and [p.name for p in note.note.parties] == ["Повітряні сили ЗСУ"]


def test_sentences_without_a_claim(rules) -> None:  # type: ignore[no-untyped-def]
    assert rules.analyze("Слава Україні!").clauses == []
    assert rules.analyze("Дякуємо всім, хто підтримує збір.").clauses == []


def test_ukrainian_morphology_reads_function_words_and_apostrophes() -> None:
    from claimledger.extract.claims.uk._lexicon import UkrainianMorphology

    morphology = UkrainianMorphology()
    assert morphology.analyze("до").pos == "PREP"
    assert morphology.analyze("війни").lemma == "війна"
    assert morphology.analyze("п’ятьох").lemma == morphology.analyze("п'ятьох").lemma


# --- clauses, action by predicate, interceptions, assessments --------------------------------------------


def _read(rules, sentence: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(c.action, c.status, c.actor) for c in rules.analyze(sentence).clauses]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # two subjects, two actions: two claims
            "Наші воїни звільнили Іванівку, ворог відступив до річки.",
            [("recapture", "confirmed", "claimant"), ("withdrawal", "confirmed", "enemy")],
        ),
        (  # an impersonal predicate after a dash opens its own clause
            "Окупанти тиснуть на Іванівку – за добу відбулося 12 бойових зіткнень.",
            [("attack", "confirmed", "enemy"), ("fighting", "confirmed", "unknown")],
        ),
        (  # a relative clause with an action of its own
            "Росіяни знищують місто, яке окупанти не можуть захопити.",
            [("strike", "confirmed", "RU"), ("capture", "denied", "enemy")],
        ),
        (  # one subject, two predicates: one claim
            "Окупанти обстрілюють позиції, знищують техніку.",
            [("strike", "confirmed", "enemy")],
        ),
        (  # the purpose does not decide the action, and is no clause
            "Щоб захопити Іванівку, ворог зосередив 10 бригад.",
            [("reinforcement", "confirmed", "enemy")],
        ),
        (  # a number after a conjunction is not the subject of a later verb
            "Ворог підвіз 2 танки та 3 БМП і вирішив атакувати.",
            [("attack", "confirmed", "enemy")],
        ),
    ],
)
def test_sentence_cut_into_clauses(rules, sentence: str, expected: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert _read(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # a finite verb opening the clause, its subject an action of its own
            "Ворог відступив від річки, але тривають запеклі бої.",
            [("withdrawal", "confirmed", "enemy"), ("fighting", "confirmed", "unknown")],
        ),
        (  # after a particle
            "Наші воїни відбили атаку біля Петрівки, також тривають бойові зіткнення.",
            [("attack_repelled", "confirmed", "claimant"), ("fighting", "confirmed", "unknown")],
        ),
        (  # a gerund continues the subject before it
            "Окупанти обстріляли Іванівку, продовжуючи наступ.",
            [("strike", "confirmed", "enemy")],
        ),
        (  # a purpose is no clause of its own
            "Ворог перекинув резерви, щоб тривав наступ.",
            [("reinforcement", "confirmed", "enemy")],
        ),
        (  # the same subject and the same action
            "Окупанти штурмують Іванівку, ведуть штурм околиць.",
            [("attack", "confirmed", "enemy")],
        ),
        (  # a verb that is an action word itself continues the subject before it
            "Окупанти обстрілюють позиції, знищують укріплення.",
            [("strike", "confirmed", "enemy")],
        ),
    ],
)
def test_verb_first_clause(rules, sentence: str, expected: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert _read(rules, sentence) == expected


def test_verb_first_clause_of_a_nominal_action(rules) -> None:  # type: ignore[no-untyped-def]
    clauses = rules.analyze("Окупанти захопили кілька будинків на околиці, триває штурм.").clauses
    assert [c.action for c in clauses] == ["capture", "attack"]


def test_missiles_brought_down_are_the_launchers_strike(rules) -> None:  # type: ignore[no-untyped-def]
    assert _read(rules, "Сили ППО знищили 10 ракет над Києвом.") == [("strike", "confirmed", "RU")]
    assert _read(rules, "Над областю збито 16 ударних БпЛА.") == [("strike", "confirmed", "enemy")]
    # a tank is no munition: destroying it is the destroyer's strike
    assert _read(rules, "ЗСУ знищили 3 танки біля Іванівки.") == [("strike", "confirmed", "UA")]


def test_predicate_decides_over_a_noun(rules) -> None:  # type: ignore[no-untyped-def]
    assert (
        _read(rules, "Наші захисники тримають оборону біля села і завдають ворогу втрат.")[0][0] == "control"
    )


def test_future_in_the_authors_voice_is_an_assessment(rules) -> None:  # type: ignore[no-untyped-def]
    assert _read(rules, "Ворог буде утримувати Іванівку.") == [("control", "assessed", "enemy")]
    assert _read(rules, "Ворог утримує Іванівку.") == [("control", "confirmed", "enemy")]
    (claimed,) = rules.analyze("За даними ГУР, ворог буде утримувати Іванівку.").clauses
    assert claimed.status == "claimed"


# --- post-level speakers, spreading, absence ------------------------------------------------------------


EXTRACTOR = ClaimExtractor()


def _claims(text: str) -> list[tuple[str, str]]:
    document = Document(id="e" * 64, source="канал", text=text, published_at=datetime(2024, 3, 6, tzinfo=UTC))
    found = EXTRACTOR(document, split_sentences(text), [], language="uk")
    return [(c.claimant.canonical or c.claimant.name, c.action) for c in found]


def test_source_line_without_a_colon_voices_the_lines_above() -> None:
    text = (
        "Ворог просунувся біля Іванівки.\nНаші бійці відійшли на запасні позиції.\nЗа матеріалами DeepState"
    )
    assert [name for name, _ in _claims(text)] == ["DeepState", "DeepState"]


def test_a_reporting_line_ending_in_a_colon_leads_its_list() -> None:
    text = (
        "Центр стратегічних комунікацій нагадує:\n"
        "• Ворог обстрілює прикордонні села.\n"
        "• Наші захисники тримають оборону."
    )
    assert [name for name, _ in _claims(text)] == ["Center for Strategic Communications"] * 2


def test_a_name_heading_the_post_with_a_colon() -> None:
    assert _claims("ISW: окупанти, ймовірно, просунулися біля Іванівки.") == [
        ("Institute for the Study of War", "advance")
    ]
    assert _claims("Ситуація на фронті: ворог штурмує Іванівку.") == [("author", "attack")]


def test_postposed_speaker_voices_the_lines_above_and_a_titled_person_leads() -> None:
    text = (
        "Ворог втрачає техніку під Іванівкою\n"
        "Вночі окупанти тричі атакували позиції біля Іванівки.\n"
        "Ворог втратив два танки, повідомив речник бригади Петро Іваненко.\n"
        "Також наші воїни збили три дрони.\n"
        "Нагадаємо, раніше ворог обстріляв Херсон."
    )
    speaker = "речник бригади Петро Іваненко"
    assert [name for name, _ in _claims(text)] == ["author", speaker, speaker, speaker, "author"]


def test_his_words_after_his_name() -> None:
    text = "Командир роти Олег Коваль заявив, що ворог відступив. За його словами, окупанти втратили 5 БМП."
    assert {name for name, _ in _claims(text)} == {"Командир роти Олег Коваль"}


def test_no_casualties_reported_is_no_claim() -> None:
    assert _claims("Інформації про загиблих поки не надходило.") == []
    assert _claims("Постраждалих немає.") == []


def test_what_propagandists_spread_is_their_claim() -> None:
    assert _claims("Російські пропагандисти поширюють відео з нібито зруйнованим мостом.") == [
        ("Російські пропагандисти", "other")
    ]


def test_an_action_word_inside_a_side_name_is_no_action(rules) -> None:  # type: ignore[no-untyped-def]
    assert _read(rules, "Авіація Сил оборони завдала 4 ударів по складах ворога.")[0][0] == "strike"


def test_a_denial_of_what_was_reported_before() -> None:
    text = "Російські воєнкори заявили про захоплення Іванівки.\nУ Генштабі ЗСУ це спростували."
    found = _claims(text)
    assert [action for _, action in found] == ["capture", "capture"]
    assert found[1][0] == "General Staff of the Armed Forces of Ukraine"


def test_back_reference_with_a_channel_between() -> None:
    text = "Вночі дрони атакували Суми.\nПро це у телеграм-каналі повідомив начальник ОВА Олег Синєгубов."
    assert _claims(text) == [("Oleh Syniehubov", "strike")]


def test_the_writer_calls_what_was_reported_a_fake() -> None:
    text = "Російські пабліки пишуть, що наші бійці залишили Іванівку.\nОднак ця інформація – ворожий фейк."
    assert _claims(text) == [("Російські пабліки", "withdrawal"), ("author", "withdrawal")]


def test_a_cue_in_brackets_and_a_negated_stop(rules) -> None:  # type: ignore[no-untyped-def]
    # the cue qualifies the bracket, not the clause
    bracketed = _read(rules, "Ворог атакував Одесу трьома дронами (ймовірно, розвідувальними).")
    assert bracketed[0][1] == "confirmed"
    # not stopping an attack is no denial of it
    assert _read(rules, "Противник не припиняє штурмів біля Іванівки.")[0][:2] == ("attack", "confirmed")
    assert _read(rules, "Противник не штурмував Іванівку.")[0][:2] == ("attack", "denied")


def test_an_attack_that_failed_and_fell_back_is_repelled(rules) -> None:  # type: ignore[no-untyped-def]
    found = _read(rules, "Вночі окупанти чотири рази атакували Іванівку, але не мали успіху та відійшли.")
    assert found[0][0] == "attack_repelled"
    assert _read(rules, "Ворог застосував п'ять ударних дронів проти Херсона.")[0][0] == "strike"


def test_what_analysts_say_is_an_assessment(rules) -> None:  # type: ignore[no-untyped-def]
    (headed,) = rules.analyze("ISW: окупанти просунулися біля Іванівки.").clauses
    assert headed.status == "assessed"
    (relayed,) = rules.analyze("Військовий експерт заявив, що ворог готує наступ на Іванівку.").clauses
    assert relayed.status == "assessed"
    (official,) = rules.analyze("Генштаб заявив, що ворог готує наступ на Іванівку.").clauses
    assert official.status == "claimed"


def test_a_denied_gain_without_its_author_is_the_other_sides() -> None:
    text = "Генштаб ЗСУ спростовує заяви про захоплення Іванівки: бої в районі села тривають."
    document = Document(id="f" * 64, source="канал", text=text, published_at=datetime(2024, 3, 6, tzinfo=UTC))
    found = EXTRACTOR(document, split_sentences(text), [], language="uk")
    denied = [c for c in found if c.status == "denied"]
    assert denied and denied[0].action == "capture" and denied[0].actor_side == "RU"
    assert denied[0].claimant.canonical == "General Staff of the Armed Forces of Ukraine"
