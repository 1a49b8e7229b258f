"""The geoparser: place mentions of a document, recognised, filtered by context, and resolved."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from claimledger.extract.geo import _context as cue
from claimledger.extract.geo._gazetteer import Entry, Gazetteer
from claimledger.extract.geo._matcher import Match, Token, find_matches, sentence_index, tokenize
from claimledger.extract.geo._morph import word_info
from claimledger.extract.geo._names import SOUND_MARK, is_cyrillic, name_key
from claimledger.extract.geo._phrases import find_phrases
from claimledger.extract.geo._regions import REGION_KEYS
from claimledger.extract.geo._resolver import COUNTRY_PRIOR, Pending, Resolver, skeleton
from claimledger.extract.nlp.segment import Sentence
from claimledger.model import Candidate, PlaceMention

_ADMIN_TAIL = frozenset(
    {
        "oblast",
        "region",
        "province",
        "krai",
        "kray",
        "republic",
        "область",
        "край",
        "республика",
        "district",
        "raion",
        "rayon",
        "район",
    }
)
_REGION_WORDS = frozenset({"region", "oblast", "regions", "oblasts", "область", "области", "областей"})
_SMALL_FOREIGN = 15_000
_TOWN = 10_000
_SHOUTED_CITY = 100_000
_default: Gazetteer | None = None
_default_lock = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The process-wide default gazetteer (user's in front of the embedded one), loaded once."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Gazetteer.default()
        return _default


class Geoparser:
    """Find place names in a document's sentences and resolve them to gazetteer places."""

    def __init__(self, *, gazetteer: Gazetteer | None = None, resolver: Resolver | None = None) -> None:
        self._gazetteer = gazetteer
        self.resolver = resolver if resolver is not None else Resolver()

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def __call__(
        self, text: str, sentences: Sequence[Sentence], *, language: str = "en"
    ) -> list[PlaceMention]:
        tokens = tokenize(text)
        if not tokens or not sentences:
            return []
        sentence_of = sentence_index(tokens, sentences)
        matches = [
            m
            for m in find_matches(text, tokens, sentence_of, self.gazetteer, language=language)
            if m.sentence >= 0
        ]
        phrases = [
            p
            for p in find_phrases(text, tokens, sentence_of, self.gazetteer, language=language)
            if p.sentence >= 0
        ]
        taken = {i for p in phrases for i in range(p.first, p.last + 1)}
        matches = [m for m in matches if taken.isdisjoint(range(m.first, m.last + 1))]
        regional = next((i for i, t in enumerate(tokens) if t.key in _REGION_WORDS), len(tokens))
        filtered = self._filter(text, tokens, matches, language, taken)
        kept = [m for _i, m in filtered]
        pending = [
            Pending(
                m.key, m.sentence, self._narrow(text, tokens, matches, i, regional), m.secondary, m.former
            )
            for i, m in filtered
        ]
        kept += phrases
        pending += [Pending(p.key, p.sentence, list(p.entries), region=p.region) for p in phrases]
        self.resolver(pending)
        found = [
            self._mention(text, sentences[m.sentence], m, p)
            for m, p in zip(kept, pending, strict=True)
            if p.entries
        ]
        return sorted(found, key=lambda mention: mention.start)

    def _filter(
        self, text: str, tokens: Sequence[Token], matches: Sequence[Match], language: str, taken: set[int]
    ) -> list[tuple[int, Match]]:
        """The matches that are place mentions (`taken`: tokens of phrases already found)."""
        matched = taken | {i for m in matches for i in range(m.first, m.last + 1)}
        kept: list[tuple[int, Match]] = []
        kept_actors: set[int] = set()
        persons = cue.person_keys(text, tokens)
        evidenced = {  # a name the text shows to be a place once is one wherever it recurs
            m.key
            for i, m in enumerate(matches)
            if not m.key.startswith(SOUND_MARK) and cue.minor_place_evidence(text, tokens, matches, i)
        }
        for position, match in enumerate(matches):
            single = match.first == match.last
            if single and (
                (match.key in cue.COMMON and tokens[match.first].shouted)
                or (not cue.has_place_cue(tokens, match) and match.key in cue.COMMON)
                or (
                    _not_a_name(tokens[match.first].text, language)
                    and not cue.has_place_cue(tokens, match)
                    and not cue.in_place_list(text, match)
                    and not (cue.locative(tokens, match) and not cue.modifies_next(text, tokens, match))
                )
            ):
                continue
            if not cue.name_shaped(tokens[match.first]) and not any(
                e.kind in ("country", "admin1") for e in match.entries
            ):
                continue
            if cue.attached_name(text, tokens, match, matched) or cue.quoted(text, match):
                continue
            if single and _in_full_name(text, tokens, match, language):
                continue
            if _is_actor_name(match) and not (
                _possessive_of_place(tokens, matches, position)
                if tokens[match.last].possessive
                else cue.locative(tokens, match) or _coordinated(text, matches, position, kept_actors)
            ):
                continue
            if (match.key in persons or tokens[match.first].key in persons) or (
                (
                    _minor(match)
                    or match.key.startswith(SOUND_MARK)
                    or _person_word(tokens[match.first], language)
                    or (single and _opening_dictionary_word(text, tokens[match.first], match, language))
                )
                and match.key not in evidenced
                and not cue.minor_place_evidence(text, tokens, matches, position)
                and not (single and _name_at_break(text, tokens[match.first], match, language))
            ):
                continue
            if _is_actor_name(match):
                kept_actors.add(position)
            kept.append((position, match))
        return kept

    def _narrow(
        self, text: str, tokens: Sequence[Token], matches: Sequence[Match], position: int, regional: int
    ) -> list[Entry]:
        match = matches[position]
        entries = list(match.entries)
        single_word = match.first == match.last
        tail = match.key.rsplit(" ", 1)[-1]
        follower = cue.next_word(tokens, match)
        admins = [e for e in entries if e.kind in ("admin1", "admin2")]
        settlements = [e for e in entries if e.kind == "settlement"]
        if tail in _ADMIN_TAIL and admins and " " in match.key:
            return admins
        if tail == "city" and settlements:
            return settlements
        if admins and cue.plural_admin_list(text, tokens, matches, position):
            return admins
        if follower in cue.DIRECTION_WORDS and settlements:
            return settlements
        if admins and settlements:
            admin_seat = any(e.population >= 50_000 for e in settlements)
            if (
                admin_seat
                and cue.regional_reading(tokens, match, regional_from=regional)
                and not _next_to_settlement(text, matches, position)
            ):
                return admins
            if any(e.population >= _TOWN for e in settlements):  # Kursk the city; Крим the peninsula
                entries = [e for e in entries if e.kind != "admin1"]
        if not cue.has_place_cue(tokens, match):
            entries = [e for e in entries if _plausible_abroad(e, match.key)]
            if tokens[match.first].shouted and single_word and not cue.locative(tokens, match):
                entries = [e for e in entries if _plausible_shouted(e, match.key)]
        return entries

    @staticmethod
    def _mention(text: str, sentence: Sentence, match: Match, pending: Pending) -> PlaceMention:
        places = {e.id: e.place() for e in pending.entries[:3]}
        candidates = [
            Candidate(place=places[e.id], score=round(s, 3))
            for e, s in zip(pending.entries[:3], pending.scores[:3], strict=False)
        ]
        chosen = pending.chosen
        return PlaceMention(
            text=text[match.start : match.end],
            start=match.start,
            end=match.end,
            sentence=sentence.text,
            sentence_start=sentence.start,
            place=None if chosen is None else places.get(chosen.id) or chosen.place(),
            candidates=candidates,
            confidence=pending.confidence,
        )


def _plausible_abroad(entry: Entry, key: str) -> bool:
    """Outside the war region, only towns of some size named by their own name (not "Sea" for Seattle)."""
    if entry.country in COUNTRY_PRIOR or entry.kind != "settlement":
        return True
    return entry.population >= _SMALL_FOREIGN and (
        skeleton(name_key(entry.name)) == skeleton(key) or is_cyrillic(key)  # a Cyrillic exonym: Нью-Йорк
    )


def _plausible_shouted(entry: Entry, key: str) -> bool:
    """A lone ALL-CAPS word may be any English word ("HIT", "BUS"): without a locative or cue, only
    countries and cities under their own name (or any name in Ukraine: "KHARKOV")."""
    return entry.kind == "country" or (
        entry.population >= _SHOUTED_CITY
        and (entry.country == "UA" or skeleton(name_key(entry.name)) == skeleton(key))
    )


def _not_a_name(word: str, language: str) -> bool:
    """A Cyrillic word that morphology reads only as an adjective, verb... ("Российские") or a common word."""
    if word.isascii() or not is_cyrillic(word):
        return False
    info = word_info(word, language)
    return info.common or not info.place_like


def _in_full_name(text: str, tokens: Sequence[Token], match: Match, language: str) -> bool:
    """ "Ллойдом Остином", "Михаила Развожаева": a Cyrillic first name and the word after it, a person."""
    first = match.first
    before = tokens[first - 1] if first > 0 else None
    after = tokens[first + 1] if first + 1 < len(tokens) else None
    return (
        before is not None
        and before.capital
        and text[before.end : tokens[first].start] == " "
        and _person_word(before, language)
    ) or (
        after is not None
        and after.capital
        and text[tokens[first].end : after.start] == " "
        and _person_word(tokens[first], language)
    )


def _person_word(token: Token, language: str) -> bool:
    """A Cyrillic word that reads first as a person's name ("Сырского"): a place only with evidence."""
    return not token.text.isascii() and is_cyrillic(token.text) and word_info(token.text, language).person


def _opening_dictionary_word(text: str, token: Token, match: Match, language: str) -> bool:
    """A Cyrillic word the dictionary knows, not as a place, capitalised only because it opens the sentence:
    a place only with evidence ("Сили оборони", "Оборона Бахмута")."""
    return (
        not token.text.isascii()
        and is_cyrillic(token.text)
        and cue.sentence_initial(text, match)
        and word_info(token.text, language).dictionary_word
    )


def _name_at_break(text: str, token: Token, match: Match, language: str) -> bool:
    """A Cyrillic place name opening a sentence or standing before a colon ("Гоголівка під контролем ЗСУ.",
    "про захоплення Гоголівки: бої тривають"), that morphology reads as a noun and, if the dictionary knows
    it, as this very proper name (its lemma is the matched key, or the oblast's: "Курщина"), not as a common
    word ("Черги", "Освобождение") or a person: a place there without further evidence."""
    if token.text.isascii() or not is_cyrillic(token.text):
        return False
    if not (cue.sentence_initial(text, match) or cue.before_colon(text, match)):
        return False
    info = word_info(token.text, language)
    own_name = info.proper and match.key in (info.lemma, REGION_KEYS.get(info.lemma))
    return info.place_like and not info.common and not info.person and (not info.dictionary_word or own_name)


def _is_actor_name(match: Match) -> bool:
    """Countries and capitals, which reporting also uses for governments ("Russia said", "Kyiv's forces")."""
    return any(e.kind == "country" or e.feature == "PPLC" for e in match.entries)


def _minor(match: Match) -> bool:
    """Only small settlements carry this name: it needs some place evidence around it."""
    return all(e.kind == "settlement" and e.population < 5_000 for e in match.entries)


def _possessive_of_place(tokens: Sequence[Token], matches: Sequence[Match], position: int) -> bool:
    """ "Russia's Belgorod region", "Ukraine's Sumy": a possessive followed by a place in that country."""
    match = matches[position]
    if not tokens[match.last].possessive or position + 1 >= len(matches):
        return False
    following = matches[position + 1]
    country = next((e.country for e in match.entries if e.kind == "country"), None)
    return (
        following.first == match.last + 1
        and cue.name_shaped(tokens[following.first])
        and following.key not in cue.COMMON
        and any(e.country == country for e in following.entries)
    )


def _coordinated(text: str, matches: Sequence[Match], position: int, kept_actors: set[int]) -> bool:
    """ "in both Ukraine and Poland": joined by and/or/comma to a kept country mention just before."""
    if position == 0 or position - 1 not in kept_actors:
        return False
    gap = text[matches[position - 1].end : matches[position].start].strip().lower()
    return gap in ("and", "or", ",", ", and", "and in", "through")


def _next_to_settlement(text: str, matches: Sequence[Match], position: int) -> bool:
    """ "Orikhiv-Zaporizhzhia": hyphenated with a settlement, so a city, not an oblast."""
    for other in (position - 1, position + 1):
        if 0 <= other < len(matches):
            a, b = sorted((matches[position], matches[other]), key=lambda m: m.start)
            if text[a.end : b.start] in ("-", "–") and all(
                e.kind == "settlement" for e in matches[other].entries
            ):
                return True
    return False
