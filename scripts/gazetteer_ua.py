"""Ukraine's settlements from the KATOTTG codifier (with OSM/GeoNames/postal coordinates) for the gazetteer.

Each settlement of `ua_settlements_composite.csv.gz` becomes one entry keyed by its KATOTTG code (or folded
into the GeoNames entry it carries the id of, or that lies within TWIN_KM under the same name), with every
spelling reporting uses: Ukrainian, the national romanisation, the Russian form, English, pre-2016 and other
names, their romanisations and ye/e, iy/y, apostrophe variants (`latin_keys`), and the sound key that lets a
Russian spelling meet the Ukrainian one. Raions and hromadas become admin units ("Покровський район",
"Білозерська громада"). `coord_quality` sets the precision: precise ~1 km; coarse (a hromada point or a
postal centroid) 15 km, flagged so it is never drawn as the village; ambiguous (two same-named villages of
one hromada) 10 km.

ODbL 1.0: KATOTTG codifier (Ministry for Development of Communities and Territories of Ukraine, official open
data); © OpenStreetMap contributors; GeoNames (CC BY 4.0).
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter, defaultdict
from pathlib import Path

import translitua

from claimledger.extract.geo._names import keys_for, latin_keys, name_key, sound_key, strip_stress
from claimledger.extract.geo._store import Entry
from claimledger.geometry import distance_km

SOURCE = "katottg"
PRECISION_KM = {"precise": 1.0, "ambiguous": 10.0, "coarse": 15.0}
COARSE_FEATURE = {"coarse": "PPL-COARSE", "ambiguous": "PPL-AMBIGUOUS"}
TWIN_KM = 8.0
RAION_KM, HROMADA_KM = 25.0, 8.0
_UK_TO_RU_ADJECTIVE = str.maketrans({"і": "и", "ї": "и", "є": "е", "ь": "", "'": "", "’": ""})


def _names(row: dict[str, str], column: str) -> list[str]:
    return [strip_stress(n).strip() for n in row[column].replace(",", ";").split(";") if n.strip()]


def settlement_keys(row: dict[str, str]) -> tuple[set[str], set[str]]:
    """The lookup keys of a codifier row: of its names (spelled keys of every spelling and the sound keys
    of the Cyrillic ones), and of its former and other names (`alt_name` may be another village's name)."""
    keys = latin_keys(row["name_uk"], ukrainian=True)
    for column in ("name_uk_latin", "name_en"):
        keys |= set().union(*(keys_for(n) for n in _names(row, column)))
    current = [row["name_uk"], *_names(row, "name_ru")]
    keys |= set().union(*(keys_for(n) | {sound_key(n)} for n in current))
    former = _names(row, "old_name") + _names(row, "alt_name")
    former_keys = set().union(set(), *(keys_for(n) | {sound_key(n)} for n in former)) - keys
    return keys - {""}, former_keys - {""}


def _population(text: str) -> int:
    """The codifier's population column: a number, or empty or "?" when unknown."""
    try:
        return int(float(text))
    except ValueError:
        return 0


def _display(row: dict[str, str]) -> str:
    return row["name_en"] or row["name_uk_latin"] or str(translitua.translit(row["name_uk"]))


def _unit_keys(adjective: str, word_uk: str, word_ru: str, latin_words: tuple[str, ...]) -> set[str]:
    """Keys of "Покровський район" in Ukrainian, its Russian form, and "Pokrovskyi raion"."""
    russian = _russian_adjective(adjective)
    latin = name_key(str(translitua.translit(adjective, translitua.UkrainianKMU)))
    keys = {name_key(f"{adjective} {word_uk}"), name_key(f"{russian} {word_ru}")}
    keys |= {f"{latin} {word}" for word in latin_words}
    return keys


def _russian_adjective(adjective: str) -> str:
    """The Russian form of a Ukrainian raion/hromada adjective: Покровський -> Покровский."""
    lowered = adjective.lower().translate(_UK_TO_RU_ADJECTIVE)
    return lowered.removesuffix("ии") + "ий" if lowered.endswith("ии") else lowered


class UkrainianSettlements:
    """Adds the codifier's settlements, raions and hromadas to a gazetteer build."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            self.rows = list(csv.DictReader(handle))

    def oblast_names(self, known: dict[str, Entry]) -> dict[str, str]:
        """Codifier oblast name -> the gazetteer's admin1 name, by the GeoNames entries the rows carry."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.rows:
            twin = known.get(f"geonames:{row['geonameid']}") if row["geonameid"] else None
            if twin is not None and twin.admin1:
                votes[row["oblast"]][twin.admin1] += 1
        return {oblast: counter.most_common(1)[0][0] for oblast, counter in votes.items()}

    def entries(self, known: dict[str, Entry], by_cyrillic: dict[str, list[Entry]]) -> list[Entry]:
        """New entries (settlements without a GeoNames twin, raions, hromadas); twins are updated in place."""
        oblasts = self.oblast_names(known)
        added: list[Entry] = []
        members: dict[tuple[str, ...], list[tuple[dict[str, str], Entry]]] = defaultdict(list)
        for row in self.rows:
            entry = self._settlement(row, oblasts)
            twin = self._twin(row, entry, known, by_cyrillic)
            if twin is not None:
                twin.merge(entry, take_coordinates=row["coord_quality"] == "precise" or twin.lat is None)
                twin.admin1 = entry.admin1 or twin.admin1
                twin.admin2, twin.admin3 = entry.admin2, entry.admin3
                entry = twin
            elif entry.lat is not None:
                added.append(entry)
            else:
                continue
            members[(row["oblast"], row["raion"])].append((row, entry))
            members[(row["oblast"], row["raion"], row["hromada_code"])].append((row, entry))
        added += [self._unit(key, rows) for key, rows in members.items()]
        return [e for e in added if e.lat is not None]

    def _settlement(self, row: dict[str, str], oblasts: dict[str, str]) -> Entry:
        quality = row["coord_quality"]
        keys, former_keys = settlement_keys(row)
        located = bool(row["lat"] and row["lon"])
        return Entry(
            id=f"{SOURCE}:{row['katotth']}",
            name=_display(row),
            kind="settlement",
            country="UA",
            lat=float(row["lat"]) if located else None,
            lon=float(row["lon"]) if located else None,
            admin1=oblasts.get(row["oblast"]),
            admin2=f"{translitua.translit(row['raion'], translitua.UkrainianKMU)} Raion",
            admin3=f"{translitua.translit(row['hromada'], translitua.UkrainianKMU)} hromada",
            population=_population(row["population"]),
            precision_km=PRECISION_KM.get(quality),
            sources=[SOURCE],
            feature=COARSE_FEATURE.get(quality, "PPL"),
            keys=keys,
            former_keys=former_keys,
            alt_ids=[f"{SOURCE}:{row['katotth']}"],
        )

    @staticmethod
    def _twin(
        row: dict[str, str], entry: Entry, known: dict[str, Entry], by_cyrillic: dict[str, list[Entry]]
    ) -> Entry | None:
        """The GeoNames entry of the same settlement: by the id the row carries, else same name nearby."""
        if row["geonameid"] and f"geonames:{row['geonameid']}" in known:
            return known[f"geonames:{row['geonameid']}"]
        if entry.lat is None or entry.lon is None:
            return None
        reach = TWIN_KM if row["coord_quality"] == "precise" else 2 * TWIN_KM
        return next(
            (
                c
                for c in by_cyrillic.get(name_key(row["name_uk"]), ())
                if c.country == "UA"
                and c.kind == "settlement"
                and c.lat is not None
                and distance_km(c.lat, c.lon, entry.lat, entry.lon) < reach
                and not any(i.startswith(f"{SOURCE}:") for i in c.alt_ids)
            ),
            None,
        )

    def _unit(self, key: tuple[str, ...], rows: list[tuple[dict[str, str], Entry]]) -> Entry:
        """A raion (key: oblast, raion) or hromada (oblast, raion, hromada code) from its settlements."""
        first, settlement = rows[0]
        hromada = len(key) == 3
        adjective = first["hromada"] if hromada else first["raion"]
        points = [(e.lat, e.lon) for r, e in rows if e.lat is not None and r["coord_quality"] == "precise"]
        seat = [(e.lat, e.lon) for r, e in rows if r["coord_source"] == "hromada"][:1]
        located = seat if hromada and seat else points or seat
        lat = sum(p[0] for p in located) / len(located) if located else None
        lon = sum(p[1] for p in located) / len(located) if located else None
        latin = str(translitua.translit(adjective, translitua.UkrainianKMU))
        if hromada:
            keys = _unit_keys(adjective, "громада", "громада", ("hromada", "community"))
            ident, name = f"{SOURCE}:{first['hromada_code']}", f"{latin} hromada"
        else:
            keys = _unit_keys(adjective, "район", "район", ("raion", "rayon", "district"))
            ident, name = f"{SOURCE}:{first['katotth'][:6]}", f"{latin} Raion"
            centre = max((e for _r, e in rows), key=lambda e: e.population)
            keys |= {f"{k} {w}" for k in keys_for(centre.name) for w in ("raion", "district")}
        return Entry(
            id=ident,
            name=name,
            kind="admin2",
            country="UA",
            lat=lat,
            lon=lon,
            admin1=settlement.admin1,
            admin2=settlement.admin2,
            admin3=settlement.admin3 if hromada else None,
            population=sum(e.population for _r, e in rows),
            precision_km=HROMADA_KM if hromada else RAION_KM,
            sources=[SOURCE],
            feature="ADM3" if hromada else "ADM2",
            keys=keys,
        )
