"""What a language fills to get claim rules from the lexical engine: its words, phrases and morphology.

Every word list is written as plain text ("по данным", "взяли под контроль", "ВСУ"). The engine folds each
word to its dictionary form with the language's morphology when the rules are built, so any inflected form
can be written and every inflected form in a text matches ("освободили", "освобожден" and "освободить" are
one entry). Phrases match word by word in order, and a longer phrase wins over a shorter one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from claimledger.extract.claims._lexical._morphology import Morphology
from claimledger.model import Action, Side, Status

__all__ = ["Lexicon"]

Phrases = tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    """One language's words for the lexical claim rules (see docs/languages.md for an example)."""

    code: str
    """ISO 639-1 code."""
    morphology: Morphology
    """Each word's dictionary form and grammemes (`PymorphyMorphology("ru")` / `("uk")`)."""

    # --- attribution ----------------------------------------------------------------------------------------
    reporting: Mapping[str, Status]
    """Reporting verbs and nouns and the status they give what is reported ("заявить": claimed,
    "опровергнуть": denied, "предположить": assessed, "заявление": claimed)."""
    source_phrases: Phrases
    """Phrases naming the source of the clause they stand in: "по данным X", "по словам X"."""
    relay_phrases: Phrases
    """Phrases naming the cited source after a relay: "ТАСС со ссылкой на X" (X claims, ТАСС relays)."""
    source_lines: Phrases
    """Words opening a line that names the post's source: "Источник — X", "Источник: X"."""
    back_references: Phrases
    """Words by which a reporting sentence points at the sentence before: "Об этом сообщил X"."""
    complementizers: Phrases
    """Words opening what a reporting verb reports: "что", "будто"."""
    locatives: Phrases
    """Prepositions of an impersonal source: "в Минобороны заявили" (the institution as the claimant)."""
    negations: Phrases
    """Negation particles ("не"): a negated reporting verb says the content is unverified or denied."""
    pronouns: Mapping[str, bool]
    """Personal pronouns that can be a claimant, and whether they stand for a person ("он": True)."""
    relatives: Phrases = ()
    """Relative pronouns ("который"): "X, который заявил" makes X the claimant."""
    spreading: Phrases = ()
    """Verbs of spreading a claim ("распространять", "поширювати"): what a named party spreads is its claim
    whatever it says ("пропагандисты распространяют видео ..."), as what it reports after "что" is. They
    report with the status claimed unless `reporting` gives them another."""
    assessors: Phrases = ()
    """Words naming analysts ("ISW", "аналитики", "эксперты"): what they are said to say is an assessment."""
    unnamed: Phrases = ()
    """Reporting verbs whose subjectless plural means "people say" ("сообщают", "пишут"): claimant unknown."""
    purposes: Phrases = ()
    """Conjunctions of purpose ("чтобы", "щоб"): an action in the purpose ("Чтобы захватить село, противник
    перебросил резервы") does not decide the clause's action while another one stands beside it."""
    conjunctions: Phrases = ()
    """Conjunctions that can open a clause of its own ("и", "а", "но", "при этом", "ведь"): a sentence is cut
    before them (as at commas and dashes) where the right side has its own subject and predicate and both
    sides are claims with different actions."""

    # --- status ---------------------------------------------------------------------------------------------
    status_cues: tuple[tuple[str, Status], ...]
    """Phrases that set a clause's status wherever they stand ("якобы": claimed, "вероятно": assessed,
    "не подтверждено": unverified, "фейк": denied). A longer phrase wins; at equal length, the first."""
    verification_cues: Phrases
    """Phrases of a sentence that says what was reported before could not be checked ("не удалось
    проверить"): without an action of its own, it marks the preceding attributed claims unverified."""

    # --- what happened, and who did it ---------------------------------------------------------------------
    actions: tuple[tuple[str, Action], ...]
    """Words and phrases of an action ("освободить": capture, "нанести удар": strike, "отбить": repelled)."""
    suffered: Phrases = ()
    """Action words whose grammatical subject or genitive is the side that suffers them ("потеря",
    "потерять", "погибнуть"): for casualties the actor side is the side that lost."""
    sides: tuple[tuple[str, str], ...]
    """Words and phrases naming a side: "RU", "UA", "enemy" (the claimant's enemy: "противник"),
    "claimant" (the claimant's own side: "наши подразделения")."""
    writer_sides: tuple[tuple[str, Side], ...] = ()
    """Words only one side's writers use of the other ("укронацисты": the writer is RU): the post's side."""
    weapons: Phrases = ()
    """Stand-off weapons ("беспилотник", "ракета"): an attack by them is a strike."""
    munitions: Phrases = ()
    """What one side launches and the other brings down ("ракета", "беспилотник", "воздушная цель"): a
    strike on them ("сбили 16 беспилотников", "ракеты перехвачены") is reported as the launcher's strike
    (the gold convention), the side opposite the one that downed them; failing to down them too."""
    absence: Phrases = ()
    """Words saying something is not there ("нет", "не поступало", "немає"): a casualty word in the genitive
    beside one ("пострадавших нет", "сведений о погибших не поступало") reports no casualties, no claim."""
    civilians: Phrases = ()
    """Words for civilians ("мирный житель"): their deaths and wounds are reported as a strike on them
    (the gold convention), casualties being the armed sides' losses."""
    prospective: Phrases = ()
    """Verbs of what may or is planned to happen ("мочь", "планировать", "намереваться"): a clause in the
    author's own voice whose predicate is one of them (or an imperfective future: "будет удерживать") is
    an assessment."""
    ceasing: Phrases = ()
    """Verbs of stopping ("прекращать", "припиняти"): negated, they say the action goes on ("противник не
    прекращает атаки"), which denies nothing."""
    attempts: Phrases = ()
    """Verbs of trying ("пытаться", "стремиться", "намагатися"): an advance or capture they aim at
    ("противник пытался прорваться к селу") is an attack."""
    topics: Phrases = ()
    """War words that make a sentence a claim even without an action word (action "other")."""
    agent_cases: frozenset[str] = frozenset({"ablt"})
    """Grammatical cases of an agent in a passive clause ("уничтожено войсками РФ": instrumental)."""
    target_prepositions: Phrases = ()
    """Prepositions of an action's target ("удар по позициям ВСУ"): its side is not the actor."""

    # --- quantities and time --------------------------------------------------------------------------------
    numbers: Mapping[str, float] = field(default_factory=dict)
    """Number words ("восемнадцать": 18, "двое": 2, "несколько": 3), matched by dictionary form and, for an
    oblique form the dictionary misreads ("семи", "п'яти"), as written. Consecutive words add up while each
    is smaller than a round one before it ("сто двадцять п'ять": 125)."""
    scales: Mapping[str, float] = field(default_factory=dict)
    """Words multiplying the number before them, or counting themselves alone ("тысяча": 1000, "тыс":
    1000, "миллион": 1e6): "190 тисяч", "полторы тысячи", "тысяча военных"."""
    count_endings: Phrases = ()
    """Endings after a hyphen that keep digits a count ("ти" in "до 45-ти боевиков", "х" in "2-х");
    digits with another ending are no count ("3-я бригада", "64-річний чоловік")."""
    range_words: Phrases = ()
    """Words joining two numbers or two days into a range besides dashes ("по" in "с 1 по 10 марта", "до"
    in "от 10 до 15 атак")."""
    units: tuple[tuple[str, str], ...] = ()
    """Counted words and the unit they give ("атака": attacks, "километр": km, "боевик": soldiers), looked
    for in the few words after a number, across adjectives ("18 ударных дронов") but not another noun."""
    formations: tuple[tuple[str, str], ...] = ()
    """Units that count one without a number after a qualifier ("до роты": 1 company)."""
    qualifiers: Phrases = ()
    """Words before a number that belong to the quantity's text: "до", "около", "более", "не менее чем"."""
    casualty_units: tuple[tuple[str, str], ...] = ()
    """Words that make a count of people beside them killed or wounded ("убить": killed, "ранить":
    wounded): "убили семерых", "погибли четверо мирных жителей" (a count of civilians or a bare count)."""
    months: tuple[str, ...] = ()
    """The twelve month names in calendar order, any form, alternatives joined by "|" ("январь", ...,
    "травень|травня", ...), matched by dictionary form or as written: "5 марта 2024", "1-10 березня"."""
    windows: tuple[tuple[str, int], ...] = ()
    """Phrases of a window ending at publication, with its length in days ("за минувшие сутки": 1, "с
    начала суток": 0, the day of publication)."""
    spans: tuple[tuple[str, int], ...] = ()
    """Words of a length of time in days ("сутки": 1, "неделя": 7, "год": 365), read after `span_openers`
    with or without a number: "за последние 5 дней", "протягом трьох діб", "за неделю"."""
    span_openers: Phrases = ()
    """Phrases before a span making it a window ending at publication ("за", "за последние", "в течение")."""
    relative_days: tuple[tuple[str, int], ...] = ()
    """Words of one day, with how many days before publication ("вчера": 1, "сегодня": 0)."""
    epochs: tuple[tuple[str, date], ...] = ()
    """Phrases of a window from a fixed day to publication ("с начала вторжения": 2022-02-24)."""
    nights: Phrases = ()
    """Phrases of a night before a date ("в ночь на 5 марта"): the window is the day before and the day."""
    dispute: Phrases = ()
    """Words of a sentence disputing what was just reported ("однако", "вопреки")."""
