"""Build the embedded gazetteer (claimledger/data/gazetteer.sqlite.xz) from the files in ../shared/data.

Sources (each entry keeps its sources; merged duplicates keep all of them):
  GeoNames cities500 + admin1 codes + country info (CC BY 4.0), the tochno.st Russian settlements 2021
  (CC BY 4.0), Ukraine's KATOTTG codifier with OSM, GeoNames and postal coordinates (ODbL 1.0, see
  gazetteer_ua.py), UCDP GED conflict locations (CC BY 4.0),
  oblast and region polygons from geoBoundaries (CC BY 3.0 IGO) and OSM/GIS-Lab (ODbL) for centroids.

The embedded file keeps what war reporting names (about 5 MB instead of 14): every place in Ukraine, Belarus
and the neighbouring countries, Russia's villages within FRONT_KM of Ukraine and its places of 1,000 people
or more, and elsewhere only towns of 15,000 or more and national and regional capitals. Admin units,
countries and regions are all kept. `claimledger gazetteer download` builds the full GeoNames gazetteer.

Usage: python scripts/build_gazetteer.py --shared ../shared --out claimledger/data
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import lzma
import math
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import iuliia
from gazetteer_ua import UkrainianSettlements

from claimledger.extract.geo._geonames import (
    ADMIN_WORDS,
    FOCUS_COUNTRIES,
    admin_keys,
    city_entry,
)
from claimledger.extract.geo._names import is_cyrillic, keys_for, latin_keys, name_key, sound_key
from claimledger.extract.geo._store import Entry, write_gazetteer
from claimledger.extract.geo.attribution import ATTRIBUTION, SOURCE_LICENCES
from claimledger.geometry import distance_km

csv.field_size_limit(sys.maxsize)

# Names English reporting uses that no source lists under that form: (country, admin1 code or "", names).
ALIASES: dict[str, list[str]] = {
    "RU": ["Russian Federation", "RF", "Россия", "Росія", "РФ",
           "Российская Федерация", "Російська Федерація"],
    "UA": ["Україна", "Украина"],
    "BY": ["Беларусь", "Білорусь", "Белоруссия"],
    "PL": ["Польша", "Польща"],
    "MD": ["Молдова", "Молдавия"],
    "GE": ["Грузия", "Грузія"],
    "US": ["United States", "United States of America", "USA", "U.S.", "США"],
    "GB": ["United Kingdom", "UK", "Britain", "Great Britain"],
    "UA.05": ["Donetsk People's Republic", "DPR", "DNR", "ДНР", "Донецкая Народная Республика"],
    "UA.14": ["Luhansk People's Republic", "LPR", "LNR", "ЛНР", "Луганская Народная Республика"],
    "UA.11": ["Crimea", "Crimean Peninsula", "Autonomous Republic of Crimea", "Krym", "Крым", "Крим"],
    "UA.26": ["Zaporizhia", "Zaporozhye"],
    "UA.04": ["Dnipro"],
    "UA.07": ["Kharkiv", "Kharkov"],
    "UA.17": ["Odessa"],
    "UA.13": ["Kiev"],
    "UA.16": ["Nikolaev", "Nikolayev"],
    "RU.80": ["Udmurt Republic", "Udmurtia"],
    "RU.46": ["Mordovia"],
}
# Historical and informal regions used in war reporting: (id, name, lat, lon, names).
REGIONS: list[tuple[str, str, str, float, float, list[str]]] = [
    ("region:donbas", "Donbas", "UA", 48.3, 38.2, ["Donbas", "Donbass", "Донбас", "Донбасс"]),
    (
        "region:slobozhanshchyna",
        "Slobozhanshchyna",
        "UA",
        50.0,
        36.5,
        ["Slobozhanshchyna", "Slobozhanshchina", "Sloboda Ukraine", "Слобожанщина"],
    ),
    ("region:southern-ukraine", "Southern Ukraine", "UA", 47.0, 34.0, ["Southern Ukraine", "South Ukraine"]),
    ("region:kursk-salient", "Kursk salient", "RU", 51.25, 35.2, ["Kursk salient"]),
]
UCDP_KINDS = ("village", "town", "city", "settlement")
# What the embedded file keeps (see the module docstring).
FULL_DETAIL = frozenset({"UA", "BY", "MD", "PL", "RO", "SK", "HU", "LT", "LV", "EE", "FI", "GE"})
FRONT_KM = 250.0
RU_MIN_POPULATION = 1_000
ABROAD_MIN_POPULATION = 15_000
SEATS = frozenset({"PPLC", "PPLA"})


def read_tsv(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def polygon_centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of a GeoJSON Polygon or MultiPolygon, in plain lon/lat."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    area_sum = x_sum = y_sum = 0.0
    for polygon in polygons:
        ring = polygon[0]
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if x1 < 0 < 170 < x2 or x2 < 0 < 170 < x1:
                continue
            x1, x2 = x1 % 360, x2 % 360
            cross = x1 * y2 - x2 * y1
            area_sum += cross
            x_sum += (x1 + x2) * cross
            y_sum += (y1 + y2) * cross
    if not area_sum:
        raise ValueError("empty polygon")
    lon = x_sum / (3 * area_sum)
    return y_sum / (3 * area_sum), lon - 360 if lon > 180 else lon


def point_in(geometry: dict, lat: float, lon: float) -> bool:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        ring, inside = polygon[0], False
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
        if inside:
            return True
    return False


class Builder:
    def __init__(self, shared: Path) -> None:
        self.data = shared / "data"
        self.geo = self.data / "gazetteer" / "geonames"
        self.entries: list[Entry] = []
        self.by_country: dict[str, list[Entry]] = defaultdict(list)
        self.admin1_names: dict[str, str] = {}

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.by_country[entry.country or ""].append(entry)

    # -- GeoNames cities ---------------------------------------------------------------------------
    def cities(self) -> dict[str, list[Entry]]:
        """Load cities500; return focus-country entries by Cyrillic key for merging."""
        for row in read_tsv(self.geo / "admin1CodesASCII.txt"):
            self.admin1_names[row[0]] = row[1]
        by_cyrillic: dict[str, list[Entry]] = defaultdict(list)
        for row in read_tsv(self.geo / "cities500.txt.gz"):
            entry = city_entry(row, self.admin1_names)
            self.add(entry)
            if entry.country in FOCUS_COUNTRIES:
                for alternate in row[3].split(","):
                    if is_cyrillic(alternate):
                        by_cyrillic[name_key(alternate)].append(entry)
        return by_cyrillic

    # -- Russian settlements -----------------------------------------------------------------------
    def russian_settlements(self, by_cyrillic: dict[str, list[Entry]]) -> None:
        regions_by_code: dict[str, Counter[str]] = defaultdict(Counter)
        pending: list[tuple[Entry, str]] = []
        path = self.data / "gazetteer" / "ru_settlements" / "settlements_ru_2021.csv.gz"
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                lat, lon = float(row["latitude_dd"]), float(row["longitude_dd"])
                name = row["settlement"].strip()
                district = row["municipality"].strip()
                entry = Entry(
                    id=f"ru2021:{row['oktmo'] or 'row' + row['id']}",
                    name=_ru_display(name),
                    kind="settlement",
                    country="RU",
                    lat=lat,
                    lon=lon,
                    admin2=_district_name(district),
                    population=int(float(row["population"] or 0)),
                    precision_km=0.1,
                    sources=["ru2021"],
                    feature=row["type"],
                    keys=latin_keys(name, ukrainian=False) | {sound_key(name)} - {""},
                )
                twin = next(
                    (
                        c
                        for c in by_cyrillic.get(name_key(name), ())
                        if c.country == "RU" and distance_km(c.lat, c.lon, lat, lon) < 5
                    ),
                    None,
                )
                if twin is not None:
                    regions_by_code[row["region"]][twin.admin1 or ""] += 1
                    twin.merge(entry, take_coordinates=True)
                    twin.feature = twin.feature or entry.feature
                else:
                    pending.append((entry, row["region"]))
        region_admin1 = {region: votes.most_common(1)[0][0] for region, votes in regions_by_code.items()}
        for entry, region in pending:
            entry.admin1 = region_admin1.get(region) or _ru_display(region)
            self.add(entry)
        self._district_entries([e for e, _ in pending], "ru2021")

    # -- Ukrainian settlements (KATOTTG) ----------------------------------------------------------
    def ukrainian_settlements(self, by_cyrillic: dict[str, list[Entry]]) -> None:
        """Every settlement of the codifier, joined with its GeoNames entry; raions and hromadas."""
        path = self.data / "gazetteer" / "ua_settlements" / "ua_settlements_composite.csv.gz"
        known = {e.id: e for e in self.by_country["UA"]}
        for entry in UkrainianSettlements(path=path).entries(known, by_cyrillic):
            self.add(entry)

    # -- UCDP -----------------------------------------------------------------------------------------
    def ucdp(self) -> None:
        path = self.data / "events" / "ucdp_ged_ukraine.csv.gz"
        by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.by_country["UA"]:
            for key in entry.keys:
                by_key[key].append(entry)
        seen: set[str] = set()
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                where = row["where_coordinates"].strip()
                words = where.rsplit(" ", 1)
                if row["where_prec"] != "1" or len(words) != 2 or words[1] not in UCDP_KINDS or where in seen:
                    continue
                seen.add(where)
                lat, lon = float(row["latitude"]), float(row["longitude"])
                entry = Entry(
                    id=f"ucdp:{name_key(words[0]).replace(' ', '-')}",
                    name=words[0],
                    kind="settlement",
                    country="UA",
                    lat=lat,
                    lon=lon,
                    precision_km=1.0,
                    sources=["ucdp"],
                    keys={name_key(words[0])},
                )
                twin = next(
                    (
                        c
                        for c in by_key.get(name_key(words[0]), ())
                        if distance_km(c.lat, c.lon, lat, lon) < 10
                    ),
                    None,
                )
                if twin is not None:
                    located = (twin.precision_km or 99) > 1.0 and "geonames" not in twin.sources
                    twin.merge(entry, take_coordinates=located)
                    if located:  # UCDP's point of a village the codifier had only coarsely
                        twin.feature = "PPL" if twin.feature.startswith("PPL-") else twin.feature
                else:
                    entry.admin1 = _nearest_admin1(self.by_country["UA"], lat, lon)
                    self.add(entry)

    # -- admin levels and countries ----------------------------------------------------------------
    def admin1(self) -> None:
        boundaries = self.data / "gazetteer" / "boundaries"
        shapes = json.loads((boundaries / "geoBoundaries-UKR-ADM1_simplified.geojson").read_text())[
            "features"
        ]
        shapes += json.loads((boundaries / "russia_federal_subjects_gislab_osm.geojson").read_text())[
            "features"
        ]
        members: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            if entry.kind == "settlement" and entry.admin1:
                members[f"{entry.country}.{entry.admin1}"].append(entry)
        renamed: dict[tuple[str, str], str] = {}
        for row in read_tsv(self.geo / "admin1CodesASCII.txt"):
            code = row[0]
            country = code.split(".")[0]
            places = members.get(f"{country}.{row[1]}", [])
            names = [row[1], row[2], *ALIASES.get(code, [])]
            lat, lon = _mean(places)
            if country in FOCUS_COUNTRIES and places:
                shape = _shape_for(shapes, places)
                if shape is not None:
                    lat, lon = polygon_centroid(shape["geometry"])
                    props = shape["properties"]
                    names += [
                        props.get("shapeName") or props.get("name_latin") or "",
                        props.get("name") or "",
                    ]
            if lat is None:
                continue
            keys: set[str] = set()
            for name in filter(None, names):
                keys |= admin_keys(name)
            display = next(
                (n for n in names[2 + len(ALIASES.get(code, [])) :] if n and not is_cyrillic(n)), row[1]
            )
            renamed[(country, row[1])] = display
            self.add(
                Entry(
                    id=f"geonames:{row[3]}",
                    name=display,
                    kind="admin1",
                    country=country,
                    lat=lat,
                    lon=lon,
                    admin1=display,
                    population=sum(p.population for p in places),
                    precision_km=50.0,
                    sources=["geonames"],
                    feature="ADM1",
                    keys=keys,
                )
            )
        for entry in self.entries:
            if entry.kind != "admin1" and entry.admin1:
                entry.admin1 = renamed.get((entry.country or "", entry.admin1), entry.admin1)

    def countries(self) -> None:
        boundaries = self.data / "gazetteer" / "boundaries"
        ru = json.loads((boundaries / "russia_federal_subjects_gislab_osm.geojson").read_text())["features"]
        ua = json.loads((boundaries / "geoBoundaries-UKR-ADM1_simplified.geojson").read_text())["features"]
        shaped = {"RU": _union_centroid(ru), "UA": _union_centroid(ua)}
        for row in read_tsv(self.geo / "countryInfo.txt"):
            code, name, geonameid = row[0], row[4], row[16]
            places = [e for e in self.by_country.get(code, []) if e.kind == "settlement"]
            lat, lon = shaped.get(code) or _mean(places)
            if lat is None:
                continue
            keys = set().union(*(keys_for(n) for n in [name, *ALIASES.get(code, [])]))
            self.add(
                Entry(
                    id=f"geonames:{geonameid}",
                    name=name,
                    kind="country",
                    country=code,
                    lat=lat,
                    lon=lon,
                    population=int(row[7] or 0),
                    precision_km=300.0,
                    sources=["geonames"],
                    feature="PCLI",
                    keys=keys,
                )
            )

    def regions(self) -> None:
        for ident, name, country, lat, lon, names in REGIONS:
            self.add(
                Entry(
                    id=ident,
                    name=name,
                    kind="region",
                    country=country,
                    lat=lat,
                    lon=lon,
                    precision_km=100.0,
                    sources=["claimledger"],
                    feature="RGN",
                    keys=set().union(*(keys_for(n) for n in names)),
                )
            )

    def _district_entries(self, entries: list[Entry], source: str) -> None:
        districts: dict[tuple[str | None, str], list[Entry]] = defaultdict(list)
        for entry in entries:
            if entry.admin2:
                districts[(entry.admin1, entry.admin2)].append(entry)
        for (admin1, admin2), places in districts.items():
            lat, lon = _mean(places)
            stem = admin2.removesuffix(" District")
            keys = {f"{key} {word}" for key in keys_for(stem) for word in ("district", "raion", "rayon")}
            self.add(
                Entry(
                    id=f"{source}:district:{name_key(str(admin1))}:{name_key(stem)}".replace(" ", "-"),
                    name=admin2,
                    kind="admin2",
                    country=places[0].country,
                    lat=lat,
                    lon=lon,
                    admin1=admin1,
                    admin2=admin2,
                    population=sum(p.population for p in places),
                    precision_km=20.0,
                    sources=[source],
                    feature="ADM2",
                    keys=keys,
                )
            )

    def build(self) -> list[Entry]:
        by_cyrillic = self.cities()
        self.russian_settlements(by_cyrillic)
        self.ukrainian_settlements(by_cyrillic)
        self.ucdp()
        self.admin1()
        self.countries()
        self.regions()
        return self.embedded(self.entries)

    def embedded(self, entries: list[Entry]) -> list[Entry]:
        """The entries the embedded file keeps (see FULL_DETAIL); users import GeoNames for the rest."""
        front = _Zone([e for e in self.by_country["UA"] if e.kind == "settlement"], FRONT_KM)
        return [
            e
            for e in entries
            if e.kind != "settlement"
            or e.country in FULL_DETAIL
            or e.feature in SEATS
            or (
                e.country == "RU"
                and ("geonames" in e.sources or e.population >= RU_MIN_POPULATION or e in front)
            )
            or e.population >= ABROAD_MIN_POPULATION
        ]


class _Zone:
    """The area within about `km` of some points, as a set of cells of a quarter degree of latitude."""

    STEP = 0.25

    def __init__(self, points: list[Entry], km: float) -> None:
        seeds = {self._cell(p.lat, p.lon) for p in points if p.lat is not None and p.lon is not None}
        reach = math.ceil(km / (111.2 * self.STEP))
        self.cells = {
            (row + dr, column + dc)
            for row, column in seeds
            for dr in range(-reach, reach + 1)
            for dc in range(-reach, reach + 1)
            if dr * dr + dc * dc <= reach * reach
        }

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        """Cells about square: a quarter degree of latitude by as many km of longitude."""
        return int(lat // self.STEP), int(lon * math.cos(math.radians(lat)) // self.STEP)

    def __contains__(self, entry: Entry) -> bool:
        return (
            entry.lat is not None and entry.lon is not None and self._cell(entry.lat, entry.lon) in self.cells
        )


def _ru_display(name: str) -> str:
    return " ".join(w.capitalize() if w.islower() else w for w in iuliia.WIKIPEDIA.translate(name).split())


def _district_name(municipality: str) -> str | None:
    if not municipality:
        return None
    stem = re.sub(r"\s+(район|муниципальный округ|городской округ)$", "", municipality)
    return f"{_ru_display(stem)} District"


def _mean(places: list[Entry]) -> tuple[float | None, float | None]:
    points = [(p.lat, p.lon) for p in places if p.lat is not None and p.lon is not None]
    if not points:
        return None, None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _shape_for(shapes: list[dict], places: list[Entry]) -> dict | None:
    sample = sorted(places, key=lambda p: -p.population)[:15]
    votes: Counter[int] = Counter()
    for index, shape in enumerate(shapes):
        for place in sample:
            if (
                place.lat is not None
                and place.lon is not None
                and point_in(shape["geometry"], place.lat, place.lon)
            ):
                votes[index] += 1
    if not votes:
        return None
    index, count = votes.most_common(1)[0]
    return shapes[index] if count * 2 >= len(sample) else None


def _union_centroid(features: list[dict]) -> tuple[float, float]:
    polygons: list = []
    for feature in features:
        geometry = feature["geometry"]
        polygons.extend(
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
    return polygon_centroid({"type": "MultiPolygon", "coordinates": polygons})


def _nearest_admin1(entries: list[Entry], lat: float, lon: float) -> str | None:
    located = [
        (e.lat, e.lon, e.admin1) for e in entries if e.lat is not None and e.lon is not None and e.admin1
    ]
    scale = math.cos(math.radians(lat))
    best = min(located, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * scale) ** 2, default=None)
    return best[2] if best else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("claimledger/data"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    entries = Builder(args.shared).build()
    with tempfile.TemporaryDirectory() as tmp:
        built = write_gazetteer(
            entries,
            Path(tmp) / "gazetteer.sqlite",
            meta={
                "attribution": ATTRIBUTION,
                "licences": SOURCE_LICENCES,
                "admin_words": sorted(ADMIN_WORDS),
            },
        )
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / "gazetteer.sqlite.xz"
        partial = target.with_suffix(".xz.partial")
        with built.open("rb") as raw, lzma.open(partial, "wb", preset=9) as packed:
            shutil.copyfileobj(raw, packed)
        partial.replace(target)
    print(
        f"{len(entries)} places -> {target} ({target.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
