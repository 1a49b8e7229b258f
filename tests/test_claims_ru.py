"""Russian claim extraction with the lexical engine: attribution, status, actions and sides, quantities,
time windows and claimant names, on sentences written for these tests (none is taken from the dev corpus)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from claimledger.extract.claims import ClaimExtractor, SourceRegistry, get_language
from claimledger.extract.nlp import split_sentences
from claimledger.model import Claim, Document

RU = get_language("ru")


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor()


def claims(extractor: ClaimExtractor, text: str, *, source: str = "test-channel") -> list[Claim]:
    document = Document(id="d" * 64, source=source, text=text, published_at=datetime(2024, 3, 6, tzinfo=UTC))
    return extractor(document, split_sentences(text), [], language="ru")


def only(found: list[Claim]) -> Claim:
    assert len(found) == 1, [c.evidence for c in found]
    return found[0]


# --- attribution ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        (
            "В Минобороны РФ заявили, что войска заняли село Ивановка.",
            "Ministry of Defence of the Russian Federation",
        ),
        (
            "По данным Генштаба ВСУ, противник продвинулся у Петровки.",
            "General Staff of the Armed Forces of Ukraine",
        ),
        ("По словам Вячеслава Гладкова, беспилотник атаковал Шебекино.", "Vyacheslav Gladkov"),
        ("Как сообщил Рыбарь, штурмовики взяли под контроль высоту.", "Rybar"),
        ("Войска отбили шесть атак у Марьевки, сообщил Шойгу.", "Sergei Shoigu"),
    ],
)
def test_attribution_names_the_registered_claimant(
    extractor: ClaimExtractor, text: str, canonical: str
) -> None:
    claim = only(claims(extractor, text))
    assert claim.claimant.canonical == canonical
    assert claim.status == "claimed"


def test_relay_with_a_cited_source(extractor: ClaimExtractor) -> None:
    claim = only(
        claims(extractor, "Как сообщает ТАСС со ссылкой на Минобороны, армия отбила атаку у Ивановки.")
    )
    assert claim.claimant.canonical == "Ministry of Defence of the Russian Federation"
    assert [v.canonical for v in claim.via] == ["TASS"]


def test_impersonal_denial_from_a_capital(extractor: ClaimExtractor) -> None:
    claim = only(claims(extractor, "В Киеве опровергли сообщения о захвате Ивановки."))
    assert claim.claimant.side == "UA"
    assert (claim.status, claim.action) == ("denied", "capture")


def test_channel_voice_is_the_author(extractor: ClaimExtractor) -> None:
    claim = only(claims(extractor, "Наши подразделения продвинулись на два километра западнее Ивановки."))
    assert claim.claimant.name == "author"
    assert (claim.status, claim.action) == ("confirmed", "advance")


def test_trailing_source_line_voices_the_post(extractor: ClaimExtractor) -> None:
    text = "Штурмовики освободили село Ивановка.\nПротивник отступил к реке.\nИсточник — Минобороны РФ."
    found = claims(extractor, text)
    assert [c.claimant.canonical for c in found] == ["Ministry of Defence of the Russian Federation"] * 2
    assert {c.status for c in found} == {"claimed"}


def test_headline_dash_source_voices_the_whole_post(extractor: ClaimExtractor) -> None:
    text = (
        "Уничтожено до 30 боевиков ВСУ у Петровки — Минобороны РФ\nАвиация нанесла удар по складу у Ивановки."
    )
    found = claims(extractor, text)
    assert len(found) == 2
    assert {c.claimant.canonical for c in found} == {"Ministry of Defence of the Russian Federation"}


def test_back_reference_names_the_previous_sentence_source(extractor: ClaimExtractor) -> None:
    text = "Ночью беспилотник атаковал подстанцию в Шебекино. Об этом сообщил губернатор Вячеслав Гладков."
    claim = only(claims(extractor, text))
    assert claim.claimant.canonical == "Vyacheslav Gladkov"
    assert claim.action == "strike"


def test_pronoun_and_title_carry_the_named_speaker(extractor: ClaimExtractor) -> None:
    text = "Денис Пушилин заявил, что войска продвинулись у Марьинки. Он уточнил, что противник отступил."
    found = claims(extractor, text)
    assert [c.claimant.canonical for c in found] == ["Denis Pushilin", "Denis Pushilin"]


def test_speaker_line_with_a_colon_leads_what_follows(extractor: ClaimExtractor) -> None:
    found = claims(extractor, "Губернатор Белгородской области Гладков:\nДроны атаковали два села за сутки.")
    assert only(found).claimant.canonical == "Vyacheslav Gladkov"


def test_sentence_without_a_claim_gives_none(extractor: ClaimExtractor) -> None:
    assert claims(extractor, "Спасибо всем, кто нас читает! Хорошего вечера.") == []
    assert claims(extractor, "Подписывайтесь на наш канал.") == []


# --- status ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("По предварительным данным, войска заняли Ивановку.", "claimed"),
        ("Якобы противник отступил из Ивановки.", "claimed"),
        ("Вероятно, противник перебросил резервы к Ивановке.", "assessed"),
        ("Минобороны опровергло захват Ивановки.", "denied"),
        ("Захват Ивановки пока не подтвержден.", "unverified"),
    ],
)
def test_status_cues(extractor: ClaimExtractor, text: str, status: str) -> None:
    assert only(claims(extractor, text)).status == status


def test_verification_sentence_marks_earlier_claims_unverified(extractor: ClaimExtractor) -> None:
    text = "По данным Рыбаря, штурмовики заняли Ивановку. Информацию не удалось проверить."
    claim = only(claims(extractor, text))
    assert claim.status == "unverified"


# --- actions and sides ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action", "side"),
    [
        ("Российские войска освободили Ивановку.", "capture", "RU"),
        ("Подразделения ВСУ взяли под контроль Ивановку.", "capture", "UA"),
        ("Наши бойцы отбили восемнадцать атак противника у Ивановки.", "attack_repelled", "RU"),
        ("ВСУ продвинулись на 2 км у Ивановки.", "advance", "UA"),
        ("Противник нанес удар по Белгороду.", "strike", "UA"),
        ("Авиация нанесла удары по позициям ВСУ у Ивановки.", "strike", "RU"),
        ("Противник отступил из Ивановки.", "withdrawal", "UA"),
        ("Ликвидировано до 40 укронацистов у Ивановки.", "casualties", "UA"),
        ("Потери противника составили 120 военнослужащих.", "casualties", "UA"),
    ],
)
def test_actions_and_sides_from_a_russian_channel(
    extractor: ClaimExtractor, text: str, action: str, side: str
) -> None:
    claim = only(claims(extractor, text, source="Минобороны РФ"))
    assert (claim.action, claim.actor_side) == (action, side)


def test_enemy_resolves_through_the_claimant(extractor: ClaimExtractor) -> None:
    claim = only(claims(extractor, "По данным Генштаба ВСУ, противник отступил от Ивановки."))
    assert claim.actor_side == "RU"


def test_negated_action_is_denied(extractor: ClaimExtractor) -> None:
    assert (
        only(claims(extractor, "Минобороны заявило, что войска не отступили из Ивановки.")).status == "denied"
    )


# --- quantities and time --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("отбили восемнадцать атак", 18, None, "attacks"),
        ("отбили 18 атак", 18, None, "attacks"),
        ("потери до 45-ти боевиков", 45, None, "soldiers"),
        ("противник потерял до роты пехоты", 1, None, "company"),
        ("продвинулись на 2-3 км", 2, 3, "km"),
        ("сбиты 32 БпЛА", 32, None, "drones"),
    ],
)
def test_quantities_in_words_and_digits(text: str, value: float, high: float | None, unit: str) -> None:
    found = RU.quantity(text)
    assert found is not None
    assert (found.value, found.value_max, found.unit) == (value, high, unit)
    assert RU.quantity("наши бойцы держат оборону") is None


def test_time_windows() -> None:
    published = date(2024, 3, 6)
    day = RU.time("за минувшие сутки противник атаковал", [], published)
    assert day is not None and (day.start, day.end) == (date(2024, 3, 5), published)
    night = RU.time("в ночь на 5 марта дроны атаковали", [], published)
    assert night is not None and (night.start, night.end) == (date(2024, 3, 4), date(2024, 3, 5))
    dated = RU.time("5 марта 2024 года войска заняли село", [], None)
    assert dated is not None and dated.start == date(2024, 3, 5)


# --- names ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Минобороны РФ", "Ministry of Defence of the Russian Federation"),
        ("Министерства обороны России", "Ministry of Defence of the Russian Federation"),
        ("Сергея Шойгу", "Sergei Shoigu"),
        ("губернатора Гладкова", "Vyacheslav Gladkov"),
        ("канал Рыбарь", "Rybar"),
        ("DeepState", "DeepState"),
        ("Генштабу ВСУ", "General Staff of the Armed Forces of Ukraine"),
        ("губернатора Старовойта", "Roman Starovoit"),
        ("Александра Богомаза", "Alexander Bogomaz"),
        ("Олега Синегубова", "Oleh Syniehubov"),
        ("Александра Сырского", "Oleksandr Syrskyi"),
        ("Украинской правды", "Ukrainska Pravda"),
        ("Игоря Конашенкова", "Ministry of Defence of the Russian Federation"),
        ("Евгения Поддубного", "Yevgeny Poddubny"),
    ],
)
def test_names_fold_to_dictionary_form_and_match_the_registry(name: str, canonical: str) -> None:
    source = SourceRegistry.load().match(name, language="ru")
    assert source is not None and source.name == canonical


# --- clauses, action by predicate, interceptions, assessments --------------------------------------------

RULES = RU.rules()


def _read(sentence: str) -> list[tuple[str, str, str]]:
    return [(c.action, c.status, c.actor) for c in RULES.analyze(sentence).clauses]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Наши войска заняли Ивановку, противник отступил к реке.",
            [("capture", "confirmed", "claimant"), ("withdrawal", "confirmed", "enemy")],
        ),
        (  # "а" after a comma, a new subject
            "Штурмовики взяли высоту, а противник потерял до роты пехоты.",
            [("capture", "confirmed", "claimant"), ("casualties", "confirmed", "enemy")],
        ),
        (  # a passive predicate after a comma
            "Российская авиация нанесла удар по складу, уничтожены 20 боевиков ВСУ.",
            [("strike", "confirmed", "RU"), ("casualties", "confirmed", "UA")],
        ),
        (  # one subject, two predicates: one claim
            "Противник обстреливает позиции, уничтожает технику.",
            [("strike", "confirmed", "enemy")],
        ),
        (  # the same action counted twice: one claim
            "Уничтожено 30 боевиков ВСУ, 5 получили ранения.",
            [("casualties", "confirmed", "UA")],
        ),
        (  # two subjects joined by "и" before one verb: one claim
            "ВСУ и нацбаты атаковали Ивановку.",
            [("attack", "confirmed", "UA")],
        ),
        (  # the purpose does not decide the action
            "Чтобы захватить Ивановку, противник перебросил резервы.",
            [("reinforcement", "confirmed", "enemy")],
        ),
    ],
)
def test_sentence_cut_into_clauses(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # a finite verb opening the clause, its subject an action of its own
            "Противник отступил к реке, продолжаются бои.",
            [("withdrawal", "confirmed", "enemy"), ("fighting", "confirmed", "unknown")],
        ),
        (  # after a conjunction
            "Наши войска заняли Ивановку, при этом идут бои за высоту.",
            [("capture", "confirmed", "claimant"), ("fighting", "confirmed", "unknown")],
        ),
        (  # after a particle
            "Штурмовики отразили атаку, еще идут ожесточенные бои.",
            [("attack_repelled", "confirmed", "unknown"), ("fighting", "confirmed", "unknown")],
        ),
        (  # a gerund continues the subject before it
            "Противник обстрелял Ивановку, продолжая наступление.",
            [("strike", "confirmed", "enemy")],
        ),
        (  # a participle is no predicate
            "Противник обстрелял Ивановку, продолжающийся штурм окраин.",
            [("strike", "confirmed", "enemy")],
        ),
        (  # a purpose is no clause of its own
            "Противник перебросил резервы, чтобы продолжался штурм.",
            [("reinforcement", "confirmed", "enemy")],
        ),
        (  # a transitive verb takes the action word as its object: the same subject, the same action
            "Противник атакует Ивановку, ведет штурм окраин.",
            [("attack", "confirmed", "enemy")],
        ),
    ],
)
def test_a_verb_first_clause_with_its_own_action(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _read(sentence) == expected


def test_a_nominal_subject_decides_over_an_infinitive() -> None:
    assert _read("Освобождение Ивановки позволит разрушить оборону противника.")[0][0] == "capture"


def test_munitions_brought_down_are_the_launchers_strike() -> None:
    assert _read("Российские ПВО сбили 12 беспилотников над Белгородом.") == [("strike", "confirmed", "UA")]
    assert _read("Перехвачены 4 ракеты HIMARS.") == [("strike", "confirmed", "enemy")]
    assert _read("ВС РФ уничтожили шесть танков.") == [("strike", "confirmed", "RU")]


def test_failing_to_repel_or_down_is_the_attackers_success() -> None:
    assert _read("ВСУ не смогли отразить удар российских ракет.") == [("strike", "confirmed", "RU")]
    assert _read("Украинской ПВО не удалось сбить 7 ракет.") == [("strike", "confirmed", "RU")]
    assert _read("Войска не отбили атаку.")[0][1] == "confirmed"


def test_future_or_possibility_in_the_authors_voice_is_an_assessment() -> None:
    assert _read("Противник будет удерживать Ивановку.") == [("control", "assessed", "enemy")]
    assert _read("Противник может перебросить резервы к Ивановке.")[0][1] == "assessed"
    assert _read("Противник удерживает Ивановку.")[0][1] == "confirmed"
    (claimed,) = RULES.analyze("По данным Рыбаря, противник будет удерживать Ивановку.").clauses
    assert claimed.status == "claimed"


# --- post-level speakers, spreading, absence, relative clauses -------------------------------------------


def test_source_line_without_a_colon_voices_the_lines_above(extractor: ClaimExtractor) -> None:
    text = "Штурмовики заняли высоту у Ивановки.\nПротивник отступил к лесополосе.\nПо материалам Рыбаря"
    assert [c.claimant.canonical for c in claims(extractor, text)] == ["Rybar", "Rybar"]
    # a topic line with a lower-case tail names nobody
    assert {c.claimant.name for c in claims(extractor, "Противник отступил.\nПодробнее в нашем канале")} == {
        "author"
    }


def test_a_name_heading_the_first_line_voices_the_post(extractor: ClaimExtractor) -> None:
    text = (
        "Губернатор Гладков: дрон атаковал автомобиль в Шебекино.\n"
        "В Минобороны заявили, что сбили 5 беспилотников.\n"
        "Я поручил восстановить подстанцию, по которой ударил противник."
    )
    found = claims(extractor, text)
    assert [c.claimant.canonical for c in found] == [
        "Vyacheslav Gladkov",
        "Ministry of Defence of the Russian Federation",
        "Vyacheslav Gladkov",
    ]
    # a topic or a place before the colon is no speaker
    assert (
        only(claims(extractor, "Обстановка в ДНР: противник обстрелял Горловку.")).claimant.name == "author"
    )


def test_postposed_speaker_voices_the_lines_above_but_not_the_headline(extractor: ClaimExtractor) -> None:
    text = (
        "Противник несет потери у Ивановки\n"
        "Ночью противник трижды атаковал позиции у Ивановки и отступил.\n"
        "Потери противника составили до 30 человек, сообщил командующий группировкой Сергей Петренко.\n"
        "Также артиллерия уничтожила две гаубицы.\n"
        "Напомним, ранее противник обстрелял Белгород."
    )
    names = [c.claimant.name for c in claims(extractor, text)]
    speaker = "командующий группировкой Сергей Петренко"
    assert names == ["author", speaker, speaker, speaker, "author"]


def test_his_words_are_the_person_just_named(extractor: ClaimExtractor) -> None:
    text = "Войска готовят новые позиции, - комбриг Иван Сидоренко По его словам, противник потерял 3 танка."
    assert {c.claimant.name for c in claims(extractor, text)} == {"комбриг Иван Сидоренко"}


def test_a_dash_inside_a_list_is_no_source(extractor: ClaimExtractor) -> None:
    claim = only(claims(extractor, "Как сообщалось, ПВО сбила пять ракет Искандер и две – Калибр."))
    assert claim.claimant.name == "unknown"


def test_no_casualties_reported_is_no_claim(extractor: ClaimExtractor) -> None:
    assert claims(extractor, "Сведений о раненых пока не поступало.") == []
    assert claims(extractor, "Погибших нет.") == []
    kept = only(claims(extractor, "Погибших нет, ранены трое мирных жителей."))
    assert kept.status == "confirmed"


def test_what_a_party_spreads_or_stresses_is_its_claim(extractor: ClaimExtractor) -> None:
    spread = only(claims(extractor, "Украинские пабы распространяют видео с якобы сгоревшим складом."))
    assert (spread.claimant.name, spread.action) == ("Украинские пабы", "other")
    stressed = only(claims(extractor, "Генштаб ВСУ подчеркивает, что решение принималось заранее."))
    assert stressed.claimant.canonical == "General Staff of the Armed Forces of Ukraine"
    assert claims(extractor, "Генштаб ВСУ опубликовал новое видео.") == []


def test_subject_before_a_prepositional_phrase(extractor: ClaimExtractor) -> None:
    claim = only(claims(extractor, "Генштаб ВСУ в своем отчете заявил, что противник отступил."))
    assert claim.claimant.canonical == "General Staff of the Armed Forces of Ukraine"


def test_items_after_a_semicolon_without_a_verb_stay_one_claim() -> None:
    found = _read("Уничтожены: 4 танка у Ивановки; 2 гаубицы у Петровки; 6 автомобилей.")
    assert len(found) == 1


def test_a_relative_clause_takes_its_actor_from_the_clause_before() -> None:
    # the pronoun is the object: the subject of the main clause acts
    assert _read("Российские войска обстреливают село, которое не могут захватить.")[1][2] == "RU"
    # the pronoun is the subject: the side named in its antecedent acts
    assert _read("Наши бойцы уничтожили колонну ВСУ, которая шла на штурм.")[1][2] == "UA"


def test_reports_nobody_names_and_the_writers_denial(extractor: ClaimExtractor) -> None:
    found = claims(extractor, "Сообщения о захвате Ивановки — фейк.")
    assert [(c.claimant.name, c.status, c.action) for c in found] == [
        ("unknown", "claimed", "capture"),
        ("author", "denied", "capture"),
    ]
    alone = only(claims(extractor, "Сообщения о взятии Ивановки появились в сетях."))
    assert (alone.claimant.name, alone.status) == ("unknown", "claimed")


def test_a_statement_named_by_its_author_in_the_genitive(extractor: ClaimExtractor) -> None:
    text = (
        "После заявления Шойгу об освобождении Ивановки губернатор Гладков сообщил, что дроны атаковали "
        "Шебекино."
    )
    found = claims(extractor, text)
    assert [c.claimant.canonical for c in found] == ["Sergei Shoigu", "Vyacheslav Gladkov"]


def test_a_closing_line_naming_the_reporter_voices_the_post(extractor: ClaimExtractor) -> None:
    text = "Противник отступил из Ивановки.\nШтурмовики заняли высоту.\nСообщает Рыбарь."
    assert [c.claimant.canonical for c in claims(extractor, text)] == ["Rybar", "Rybar"]


def test_a_subject_before_a_participial_phrase(extractor: ClaimExtractor) -> None:
    claim = only(claims(extractor, "Кадры, опубликованные вчера, показывают, что ВСУ отступили из села."))
    assert (claim.claimant.name, claim.action) == ("Кадры", "withdrawal")


def test_an_advance_that_is_only_tried_is_an_attack() -> None:
    assert _read("Противник пытался прорваться к Ивановке.") == [("attack", "confirmed", "enemy")]
    assert _read("Противник прорвался к Ивановке.") == [("advance", "confirmed", "enemy")]


def test_a_denial_of_what_was_just_said(extractor: ClaimExtractor) -> None:
    same = claims(extractor, "Рыбарь заявил о взятии Ивановки, но в Генштабе ВСУ это опровергли.")
    assert [(c.claimant.canonical, c.status, c.action) for c in same] == [
        ("Rybar", "claimed", "capture"),
        ("General Staff of the Armed Forces of Ukraine", "denied", "capture"),
    ]
    text = "Рыбарь сообщил, что штурмовики взяли Ивановку.\nМинобороны Украины это опровергло."
    later = claims(extractor, text)
    assert [(c.status, c.action) for c in later] == [("claimed", "capture"), ("denied", "capture")]
    assert later[1].claimant.side == "UA"


def test_back_reference_with_a_place_between(extractor: ClaimExtractor) -> None:
    text = "Ночью дроны атаковали Шебекино.\nОб этом в своем канале написал губернатор Вячеслав Гладков."
    assert only(claims(extractor, text)).claimant.canonical == "Vyacheslav Gladkov"


def test_prisoners_named_are_no_casualties() -> None:
    assert _read("Самолет перевозил пленных к месту обмена.") == [("other", "confirmed", "unknown")]
    assert _read("Штурмовики взяли в плен трех военных ВСУ.")[0][0] == "casualties"


def test_the_agency_named_again_as_vedomstvo_is_the_same_claimant(extractor: ClaimExtractor) -> None:
    text = (
        "Минобороны России сообщило, что войска заняли село Ивановка. "
        "По данным ведомства, противник потерял до взвода пехоты."
    )
    found = claims(extractor, text)
    losses = [c for c in found if c.action == "casualties"]
    assert losses and losses[0].claimant.canonical == "Ministry of Defence of the Russian Federation"
    assert losses[0].actor_side == "UA"  # the enemy of the Russian MoD suffered them


def test_vedomstvo_without_an_antecedent_is_no_registry_match(extractor: ClaimExtractor) -> None:
    found = claims(extractor, "По данным ведомства, противник потерял до взвода пехоты.")
    assert found and all(c.claimant.canonical is None for c in found)
