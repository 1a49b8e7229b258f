"""Name normalisation and the spelling variants English, Russian and Ukrainian reporting uses.

`name_key` turns any spelling into the lookup key the gazetteer indexes and the matcher looks up: lower
case, Latin diacritics and apostrophes dropped, hyphens and punctuation as single spaces. `latin_keys`
generates the romanisations of a Cyrillic name (BGN/PCGN-style and Wikipedia-style for Russian, the 2010
official system and the Russian-style spellings for Ukrainian) with the usual variants (ye/e, iy/y/i).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import iuliia
import translitua

_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґЎў]")
_UKRAINIAN_LETTERS = re.compile(r"[ІіЇїЄєҐґ]")
_APOSTROPHES = re.compile(r"['’ʼ`´‘ʻ\"”“]")
_SEPARATORS = re.compile(r"[\W_]+")
_KEEP_MARKS = {"й": "й", "Й": "й", "ї": "ї", "Ї": "ї", "ё": "е", "Ё": "е", "ў": "ў", "Ў": "ў"}

_RU_SCHEMAS = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.MOSMETRO, iuliia.YANDEX_MAPS)
_UK_TABLES = (translitua.UkrainianKMU, translitua.UkrainianBGN, translitua.UkrainianPassport2007)
# Ukrainian letters the Russian schemes do not know, mapped the way Russian-form spellings render them.
_UK_TO_RU = str.maketrans({"і": "и", "І": "И", "ї": "йи", "Ї": "Йи", "є": "е", "Є": "Е", "ґ": "г", "Ґ": "Г"})
# Russian-language texts write Ukrainian -ськ/-цьк towns without the soft sign: Покровськ -> Покровск.
_RUSSIAN_SUFFIXES = re.compile(r"([сц])ь(?=к\b)")
_SOUND_VOWELS = re.compile(r"[аеиіїйоуыэюяєьъ]+")
_DOUBLED = re.compile(r"([бвгджзклмнпрстфхцчшщ])\1+")
_STRESS = re.compile("[\u0300\u0301]")
SOUND_MARK = "~"
"""Prefix of sound keys in the gazetteer's name index (they never collide with spelled keys)."""
MIN_SOUND_CONSONANTS = 3
_VARIANTS = (("yy", "y"), ("iy", "y"), ("iy", "i"), ("zhzh", "zh"), ("ia", "ya"), ("iu", "yu"))


def is_cyrillic(text: str) -> bool:
    """Whether the text contains Cyrillic letters."""
    return _CYRILLIC.search(text) is not None


def is_ukrainian(text: str) -> bool:
    """Whether a Cyrillic name uses letters only Ukrainian has."""
    return _UKRAINIAN_LETTERS.search(text) is not None


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The lookup key of a name: lower case, no Latin diacritics or apostrophes, words joined by one space."""
    text = _APOSTROPHES.sub("", text)
    if not text.isascii():
        text = "".join(_KEEP_MARKS.get(ch) or _strip_marks(ch) for ch in text)
    return _SEPARATORS.sub(" ", text.lower()).strip()


def _strip_marks(ch: str) -> str:
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or ch


def strip_stress(name: str) -> str:
    """A name without the stress marks some sources write on Russian names ("Иде́ш")."""
    return _STRESS.sub("", name)


@lru_cache(maxsize=200_000)
def sound_key(name: str) -> str:
    """A Cyrillic name's key across Russian and Ukrainian spelling, or "" (Latin or too short a name).

    Vowels, soft signs and apostrophes fold to one mark and doubled consonants to one, so the Ukrainian
    and the Russian spelling of one village meet (Красногорівка ~ Красногоровка, Оленівка ~ Еленовка,
    Роботине ~ Работино, Кліщіївка ~ Клещеевка), and so do the vowel-ending cases of a name (Авдіївки,
    Авдіївку). Looser than a spelled key: the matcher ranks places found only through it lower.
    """
    if not is_cyrillic(name):
        return ""
    key = name_key(strip_stress(name)).replace("ґ", "г")
    key = _SOUND_VOWELS.sub("*", _DOUBLED.sub(r"\1", key))
    consonants = sum(ch.isalpha() for ch in key)
    return SOUND_MARK + key if consonants >= MIN_SOUND_CONSONANTS else ""


def romanizations(name: str, *, ukrainian: bool | None = None) -> list[str]:
    """The Latin spellings of a Cyrillic name that English-language reporting uses.

    Ukrainian names (`ukrainian`, else guessed from the letters) get the 2010 official, BGN and passport
    spellings plus the Russian-form spellings (Gulyaypole); Russian names the BGN/PCGN, Wikipedia, metro and
    map spellings plus the Ukrainian official one (Bilhorod for Belgorod is rare; Kursk stays Kursk).
    """
    if ukrainian is None:
        ukrainian = is_ukrainian(name)
    out: list[str] = []
    if ukrainian:
        out.extend(translitua.translit(name, table) for table in _UK_TABLES)
        russian_form = _APOSTROPHES.sub("", name).translate(_UK_TO_RU)
        out.extend(schema.translate(russian_form) for schema in _RU_SCHEMAS[:2])
    else:
        out.extend(schema.translate(name) for schema in _RU_SCHEMAS)
    return [spelling for spelling in out if not is_cyrillic(spelling)]


def spelling_variants(key: str) -> set[str]:
    """Common variant spellings of a romanised key (ye/e, iy/y/i, ya/ia, zhzh/zh)."""
    found = {key}
    for old, new in _VARIANTS:
        if old in key:
            found.add(key.replace(old, new))
    if key.startswith("ye"):
        found.add("e" + key[2:])
    return found


def cyrillic_keys(name: str, *, ukrainian: bool | None = None) -> set[str]:
    """The Cyrillic keys of a name; Ukrainian -ськ/-цьк names also in the Russian-text form (-ск/-цк)."""
    keys = {name_key(name)}
    if ukrainian or (ukrainian is None and is_ukrainian(name)) or "ськ" in name or "цьк" in name:
        keys.add(name_key(_RUSSIAN_SUFFIXES.sub(lambda m: m.group(1), name)))
    return keys


def latin_keys(name: str, *, ukrainian: bool | None = None) -> set[str]:
    """Lookup keys for every Latin spelling of a Cyrillic name (and the Cyrillic key itself)."""
    keys = cyrillic_keys(name, ukrainian=ukrainian)
    for spelling in romanizations(name, ukrainian=ukrainian):
        key = name_key(spelling)
        if key:
            keys |= spelling_variants(key)
    return keys


def keys_for(name: str, *, ukrainian: bool | None = None) -> set[str]:
    """Lookup keys for a name in any script: romanisations for Cyrillic, the plain key for Latin."""
    if is_cyrillic(name):
        return latin_keys(name, ukrainian=ukrainian)
    key = name_key(name)
    return {key} if key else set()
