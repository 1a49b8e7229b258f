"""The gazetteer: places by name key, from the embedded file, a user's GeoNames build and analyst places."""

from __future__ import annotations

import contextlib
import hashlib
import json
import lzma
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from claimledger import config
from claimledger.errors import GazetteerError
from claimledger.extract.geo._names import keys_for, name_key, sound_key
from claimledger.extract.geo._store import open_gazetteer, schema_of
from claimledger.extract.geo.attribution import ATTRIBUTION, SOURCE_LICENCES
from claimledger.model import Place, PlaceKind

EMBEDDED = Path(__file__).resolve().parents[2] / "data" / "gazetteer.sqlite.xz"
_COLUMNS = (
    "p.rowid, p.id, p.name, p.kind, p.country, p.admin1, p.admin2, p.lat, p.lon, p.population, "
    "p.precision_km, p.sources, p.feature"
)
_COLUMNS_BY_SCHEMA = {"1": f"0, {_COLUMNS}, NULL", "2": f"n.former, {_COLUMNS}, p.admin3"}
ALIAS_PREFIX = "alias:"
"""Ids of analyst aliases: `alias:<target id>#<alias key>` (see `alias_id`)."""
_BATCH = 500


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer row as the resolver uses it (cheaper than a Place; `place()` builds the record)."""

    id: str
    name: str
    kind: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int
    precision_km: float | None
    sources: tuple[str, ...]
    feature: str
    admin3: str | None = None
    """The hromada of a Ukrainian settlement (KATOTTG), else None."""

    @property
    def coarse(self) -> bool:
        """Its point is only the hromada's or a postal centroid: never to be drawn as the village."""
        return self.feature in ("PPL-COARSE", "PPL-AMBIGUOUS")

    def __hash__(self) -> int:
        """By id alone (equal entries have equal ids): the resolver's caches hash entries all the time."""
        return hash(self.id)

    def place(self) -> Place:
        return Place(
            id=self.id,
            name=self.name,
            kind=PlaceKind(self.kind),
            country=self.country,
            admin1=self.admin1,
            admin2=self.admin2,
            lat=self.lat,
            lon=self.lon,
            population=self.population,
            precision_km=self.precision_km,
            sources=list(self.sources),
        )

    @classmethod
    def of(cls, place: Place) -> Entry:
        return cls(
            place.id,
            place.name,
            str(place.kind),
            place.country,
            place.admin1,
            place.admin2,
            place.lat,
            place.lon,
            place.population,
            place.precision_km,
            tuple(place.sources or ["user"]),
            "",
        )


class Gazetteer:
    """Places by name: one or more gazetteer files (first wins on duplicate ids) plus extra places."""

    def __init__(self, *, paths: Sequence[Path], extra: Iterable[Place] = ()) -> None:
        self.paths = [Path(p) for p in paths]
        self._pid = os.getpid()
        self._open = [open_gazetteer(p) for p in self.paths]
        self._select = [_COLUMNS_BY_SCHEMA[schema_of(c)] for c in self._open]
        self._lock = threading.Lock()
        self._extra: dict[str, list[Entry]] = {}
        self._cache: dict[str, tuple[Entry, ...]] = {}
        self._former: dict[str, frozenset[str]] = {}
        for place in extra:
            self._add(place)

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """A gazetteer file built by `import_geonames`/`download_geonames` (or the unpacked embedded one)."""
        return cls(paths=[path])

    @classmethod
    def load_embedded(cls, packed: Path = EMBEDDED) -> Gazetteer:
        """The gazetteer shipped with claimledger (unpacked once into the user cache directory); `packed`
        another .sqlite.xz of the same kind (an older release's, for comparison)."""
        return cls(paths=[_unpacked_embedded(packed)])

    @classmethod
    def default(cls, user: Path | None = None) -> Gazetteer:
        """The user's gazetteer (when built; `user` or the configured path) in front of the embedded one."""
        user = user if user is not None else config.user_gazetteer_path()
        paths = [user] if user.is_file() else []
        return cls(paths=[*paths, _unpacked_embedded()])

    def with_places(self, places: Iterable[Place]) -> Gazetteer:
        """A gazetteer over the same files with analyst-added places usable like any entry."""
        other = Gazetteer(paths=self.paths, extra=[e.place() for es in self._extra.values() for e in es])
        for place in places:
            other._add(place)
        return other

    def _connections(self) -> list[sqlite3.Connection]:
        """This process's connections: a forked worker opens its own (SQLite connections must not cross a
        fork). Call with the lock held."""
        if self._pid != os.getpid():
            self._pid, self._open = os.getpid(), [open_gazetteer(p) for p in self.paths]
        return self._open

    def _add(self, place: Place) -> None:
        """An analyst place under its name; an alias (`alias_id`) files its target under the alias name."""
        entry = Entry.of(place)
        if place.id.startswith(ALIAS_PREFIX):
            entry = self.get(place.id.removeprefix(ALIAS_PREFIX).rsplit("#", 1)[0]) or entry
        for key in {*keys_for(place.name), sound_key(place.name)} - {""}:
            self._extra.setdefault(key, []).append(entry)
        self._cache.clear()

    def get(self, ident: str) -> Entry | None:
        """The place with this id (or with this KATOTTG code / GeoNames id among its other ids)."""
        for entries in self._extra.values():
            for entry in entries:
                if entry.id == ident:
                    return entry
        with self._lock:
            for connection, select in zip(self._connections(), self._select, strict=True):
                has_ids = select.endswith("admin3")
                query = (
                    f"SELECT {select} FROM ids i JOIN places p ON p.rowid = i.place "
                    "JOIN names n ON n.place = p.rowid WHERE i.id = ? LIMIT 1"
                    if has_ids
                    else f"SELECT {select} FROM places p WHERE p.id = ?"
                )
                row = connection.execute(query, (ident,)).fetchone()
                if row is not None:
                    return _entry(row[1:])
        return None

    def candidates(self, keys: Iterable[str]) -> dict[str, tuple[Entry, ...]]:
        """Entries for each name key that has any (batched lookups, cached per process)."""
        keys = list(dict.fromkeys(keys))
        wanted = [k for k in keys if k and k not in self._cache]
        found: dict[str, list[Entry]] = {k: list(self._extra.get(k, ())) for k in wanted}
        former: dict[str, set[str]] = {}
        with self._lock:
            for connection, select in zip(self._connections(), self._select, strict=True):
                for start in range(0, len(wanted), _BATCH):
                    chunk = wanted[start : start + _BATCH]
                    marks = ",".join("?" * len(chunk))
                    rows = connection.execute(
                        f"SELECT n.key, {select} FROM names n JOIN places p ON p.rowid = n.place "
                        f"WHERE n.key IN ({marks})",
                        chunk,
                    ).fetchall()
                    for row in rows:
                        found[row[0]].append(_entry(row[2:]))
                        if row[1]:
                            former.setdefault(row[0], set()).add(row[3])
        for key, ids in former.items():
            self._former[key] = frozenset(ids)
        for key, entries in found.items():
            seen: set[str] = set()
            unique = [e for e in entries if not (e.id in seen or seen.add(e.id))]  # type: ignore[func-returns-value]
            self._cache[key] = tuple(unique)
        return {k: self._cache[k] for k in keys if self._cache.get(k)}

    def alias(self, target: str, name: str) -> Place:
        """An analyst's alias: `name` as another spelling of the place with id `target` (any of its ids).

        Store it like an added place (`Ledger.add_place`); the gazetteer then files the target under the
        alias, and keeps the target's whereabouts on the record in case the target leaves the gazetteer.
        Raises GazetteerError when no place has that id.
        """
        entry = self.get(target)
        if entry is None:
            raise GazetteerError(f"{target}: no place with this id in the gazetteer (see `gazetteer lookup`)")
        place = entry.place()
        return place.model_copy(
            update={"id": alias_id(entry.id, name), "name": name, "sources": [*place.sources, "user"]}
        )

    def former(self, key: str) -> frozenset[str]:
        """Ids of the places that bore the name of `key` only formerly (call after `candidates`)."""
        return self._former.get(key, frozenset())

    def lookup(
        self, name: str, *, country: str | None = None, admin1: str | None = None, sounds: bool = False
    ) -> list[Place]:
        """Places called `name` (any spelling), optionally in one country / admin1 unit, biggest first.
        With `sounds`, also the places whose name sounds the same in the other language's spelling
        ("Гоголівка" finds the Russian village Gogolevka)."""
        keys = [*keys_for(name), *([sound_key(name)] if sounds else [])]
        entries = {e.id: e for es in self.candidates(k for k in keys if k).values() for e in es}
        chosen = [
            e
            for e in entries.values()
            if (country is None or e.country == country.upper())
            and (admin1 is None or (e.admin1 or "").lower().startswith(admin1.lower()))
        ]
        chosen.sort(key=lambda e: (-e.population, e.id))
        return [e.place() for e in chosen]

    def info(self) -> dict[str, object]:
        """Counts per source and per kind, the files, and the attribution strings."""
        counts: dict[str, int] = {}
        kinds: dict[str, int] = {}
        with self._lock:
            for connection in self._connections():
                row = connection.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
                for source, n in json.loads(row[0]).items():
                    counts[source] = counts.get(source, 0) + n
                for kind, n in connection.execute("SELECT kind, count(*) FROM places GROUP BY kind"):
                    kinds[kind] = kinds.get(kind, 0) + n
        extra = {e.id for es in self._extra.values() for e in es}
        if extra:
            counts["user"] = counts.get("user", 0) + len(extra)
        return {
            "files": [str(p) for p in self.paths],
            "places_by_source": counts,
            "places_by_kind": kinds,
            "extra_places": len(extra),
            "attribution": ATTRIBUTION,
            "licences": {s: SOURCE_LICENCES.get(s, s) for s in counts},
        }


def alias_id(target: str, name: str) -> str:
    """The id of an analyst's alias `name` for the place `target` (one per target and spelling)."""
    return f"{ALIAS_PREFIX}{target}#{name_key(name).replace(' ', '-')}"


def _entry(row: Sequence[Any]) -> Entry:
    """An Entry from a `places` row (rowid first)."""
    (
        _rowid,
        ident,
        name,
        kind,
        country,
        admin1,
        admin2,
        lat,
        lon,
        population,
        precision,
        sources,
        feature,
        admin3,
    ) = row
    return Entry(
        ident,
        name,
        kind,
        country,
        admin1,
        admin2,
        lat,
        lon,
        int(population or 0),
        precision,
        tuple(str(sources).split(",")),
        str(feature or ""),
        admin3,
    )


STALE_CACHE_SECONDS = 30 * 24 * 3600


def _unpacked_embedded(packed: Path = EMBEDDED) -> Path:
    """Unpack the shipped .xz once into the cache directory, keyed by its content, and reuse it after.

    Installs with the same file share one copy. Other versions' copies are removed only when they have
    not been used for a month: another install (a second virtualenv, a running server) may still read them.
    """
    if not packed.is_file():
        raise GazetteerError(f"{packed}: the embedded gazetteer is missing; run `make gazetteer`")
    digest = hashlib.sha256(packed.read_bytes()).hexdigest()[:16]
    cache_dir = Path(os.environ.get("CLAIMLEDGER_CACHE_DIR") or user_cache_dir("claimledger"))
    target = cache_dir / f"gazetteer-embedded-{digest}.sqlite"
    if target.is_file():
        os.utime(target)  # marks it in use, for the clean-up below
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as out, lzma.open(packed) as unpacking:
            shutil.copyfileobj(unpacking, out, 1 << 20)
        os.replace(tmp, target)
    except (lzma.LZMAError, OSError) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GazetteerError(f"{packed}: cannot unpack the embedded gazetteer: {exc}") from exc
    unused_since = time.time() - STALE_CACHE_SECONDS
    for stale in cache_dir.glob("gazetteer-embedded-*.sqlite"):
        with contextlib.suppress(OSError):
            if stale != target and stale.stat().st_mtime < unused_since:
                stale.unlink()
    return target
