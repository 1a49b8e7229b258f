"""GeoNames formats: rows of the 19-column dumps into gazetteer entries, and the full-dump import/download.

`import_geonames` reads country dumps (`UA.zip`, `UA.txt`, `cities500.txt`...) and `alternateNamesV2.zip`
already on disk; `download_geonames` fetches them with httpx, streamed, then imports them. Both build the
user's gazetteer in a temporary file and rename it into place only when everything parsed.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import httpx

from claimledger import config
from claimledger.errors import DownloadError, GazetteerError
from claimledger.extract.geo._names import cyrillic_keys, is_cyrillic, keys_for, name_key, sound_key
from claimledger.extract.geo._store import Entry, write_gazetteer
from claimledger.extract.geo.attribution import ATTRIBUTION, SOURCE_LICENCES

GEONAMES_URL = config.GEONAMES_URL
FOCUS_COUNTRIES = frozenset({"UA", "RU", "BY"})
ADMIN_WORDS = frozenset(
    {
        "oblast",
        "region",
        "province",
        "krai",
        "kray",
        "republic",
        "okrug",
        "voblast",
        "raion",
        "rayon",
        "district",
        "oblasts",
        "regions",
        "provinces",
        "область",
        "обл",
        "край",
        "республика",
        "район",
        "області",
        "областей",
        "областях",
    }
)
_TYPE_WORDS = re.compile(
    r"\b(autonomous okrug|autonomous oblast|oblast|oblast'|region|province|kray|krai|republic of|republic|"
    r"voblasc'|voblasts'|city|avtonomnyy okrug|okrug)\b",
    re.IGNORECASE,
)
_ADMIN_SUFFIXES = ("oblast", "region", "province", "krai", "kray", "republic")
_KINDS = {
    "ADM1": "admin1",
    "ADM2": "admin2",
    "PCLI": "country",
    "PCLD": "country",
    "PCLS": "country",
    "RGN": "region",
    "STM": "river",
}
Progress = Callable[[str, int, int | None], None]
"""A download progress hook: (file name, bytes so far, total bytes or None)."""


def admin_stem(name: str) -> str:
    """An admin unit's name without its type word: "Belgorod Oblast" -> "Belgorod"."""
    stem = _TYPE_WORDS.sub(" ", name.replace("’", "'"))
    stem = re.sub(r"iya\b", "ia", stem)
    stem = re.sub(r"s'?kaya\b|s'?ka\b", "", stem)
    return " ".join(stem.split()).strip(" '-")


def admin_keys(name: str) -> set[str]:
    """Keys of an admin1 unit: its names, its stem alone and the stem with each admin word."""
    keys = keys_for(name)
    if is_cyrillic(name):
        return keys
    stem = admin_stem(name)
    if stem:
        stem_keys = keys_for(stem)
        keys |= stem_keys
        keys |= {f"{key} {word}" for key in stem_keys for word in _ADMIN_SUFFIXES}
        keys |= {f"republic of {key}" for key in stem_keys}
    return keys


def city_entry(row: Sequence[str], admin1_names: dict[str, str], *, all_alternates: bool = False) -> Entry:
    """An entry from one row of a GeoNames dump (geonameid, name, asciiname, alternatenames, ...)."""
    if len(row) < 19:
        raise ValueError(f"expected 19 tab-separated columns, found {len(row)}")
    country, population, code = row[8], int(row[14] or 0), row[7]
    kind = "settlement" if row[6] == "P" else _KINDS.get(code, "other")
    names = [row[1], row[2]]
    if all_alternates or country in FOCUS_COUNTRIES or population >= 100_000:
        # Latin and Cyrillic spellings only: the scripts of English, Russian and Ukrainian reporting.
        names += [n for n in row[3].split(",") if n and (name_key(n).isascii() or is_cyrillic(n))]
    keys = set().union(*(keys_for(n) if not is_cyrillic(n) else cyrillic_keys(n) for n in names))
    if country in FOCUS_COUNTRIES:  # Russian and Ukrainian spellings of one place meet by sound
        keys |= {sound_key(n) for n in names}
    if kind == "settlement" and (population >= 50_000 or code in ("PPLC", "PPLA")):
        keys |= {f"{key} city" for key in keys_for(row[1]) | keys_for(row[2])}
    if kind == "admin1":
        keys |= set().union(*(admin_keys(n) for n in names[:2]))
    admin1 = admin1_names.get(f"{country}.{row[10]}")
    return Entry(
        id=f"geonames:{row[0]}",
        name=row[1],
        kind=kind,
        country=country or None,
        lat=float(row[4]),
        lon=float(row[5]),
        admin1=admin1,
        population=population,
        precision_km=1.0,
        sources=["geonames"],
        feature=code,
        keys={k for k in keys if k},
    )


def _dump_lines(path: Path) -> Iterator[tuple[str, str]]:
    """(member name, line) for every line of a .txt dump or of the .txt files inside a .zip."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".txt") and not member.startswith("readme"):
                    with archive.open(member) as raw:
                        for line in io.TextIOWrapper(raw, encoding="utf-8"):
                            yield member, line
    else:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                yield path.name, line


def _rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    for member, line in _dump_lines(path):
        if line.strip() and not line.startswith("#"):
            yield member, line.rstrip("\n").split("\t")


def import_geonames(files: Iterable[Path], *, dest: Path) -> Path:
    """Build the user's gazetteer at dest from GeoNames dumps on disk (country dumps, alternateNamesV2).

    Raises GazetteerError naming the file when one is missing or not in GeoNames format; dest is then
    left as it was.
    """
    entries: dict[str, Entry] = {}
    alternates: list[Path] = []
    for path in files:
        path = Path(path)
        if not path.is_file():
            raise GazetteerError(f"{path}: no such file")
        if path.name.lower().startswith("alternatenames"):
            alternates.append(path)
            continue
        try:
            for _member, row in _rows(path):
                entry = city_entry(row, {}, all_alternates=True)
                if entry.kind != "other":
                    entries[entry.id] = entry
        except (ValueError, IndexError, zipfile.BadZipFile, UnicodeDecodeError, OSError) as exc:
            raise GazetteerError(f"{path}: not a GeoNames dump ({exc})") from exc
    for path in alternates:
        try:
            for _member, row in _rows(path):
                if len(row) < 4 or not row[1].isdigit():
                    raise ValueError(f"expected alternateNamesV2 columns, found {row[:4]}")
                named = entries.get(f"geonames:{row[1]}")
                if named is not None and row[2] not in (
                    "link",
                    "post",
                    "iata",
                    "icao",
                    "faac",
                    "wkdt",
                    "unlc",
                ):
                    named.keys |= keys_for(row[3]) if not is_cyrillic(row[3]) else cyrillic_keys(row[3])
        except (ValueError, IndexError, zipfile.BadZipFile, UnicodeDecodeError, OSError) as exc:
            raise GazetteerError(f"{path}: not a GeoNames alternate-names file ({exc})") from exc
    if not entries:
        raise GazetteerError(f"{', '.join(str(p) for p in files)}: no GeoNames places found")
    return write_gazetteer(
        entries.values(), Path(dest), meta={"attribution": ATTRIBUTION, "licences": SOURCE_LICENCES}
    )


def download_geonames(
    countries: Sequence[str],
    *,
    dest: Path,
    base_url: str = GEONAMES_URL,
    progress: Progress | None = None,
    alternate_names: bool = True,
    timeout: float = 60.0,
) -> Path:
    """Download GeoNames country dumps (and alternateNamesV2.zip) and import them into dest.

    Raises DownloadError naming the URL when a download fails; dest is left as it was.
    """
    names = [f"{code.strip().upper()}.zip" for code in countries if code.strip()]
    if alternate_names:
        names.append("alternateNamesV2.zip")
    with (
        tempfile.TemporaryDirectory(prefix="claimledger-geonames-") as tmp,
        httpx.Client(timeout=timeout, follow_redirects=True) as client,
    ):
        paths = [
            _fetch(client, f"{base_url.rstrip('/')}/{name}", Path(tmp) / name, progress) for name in names
        ]
        try:
            return import_geonames(paths, dest=dest)
        except GazetteerError as exc:
            raise DownloadError(f"downloaded file is corrupt: {exc}") from exc


def _fetch(client: httpx.Client, url: str, target: Path, progress: Progress | None) -> Path:
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise DownloadError(f"{url}: HTTP {response.status_code}")
            total = int(response.headers["content-length"]) if "content-length" in response.headers else None
            done = 0
            with target.open("wb") as out:
                for chunk in response.iter_bytes(1 << 16):
                    out.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(target.name, done, total)
    except httpx.HTTPError as exc:
        raise DownloadError(f"{url}: download failed ({exc})") from exc
    return target
