"""The gazetteer file: a SQLite database of places and an index of their name keys.

Both the embedded gazetteer (built by scripts/build_gazetteer.py) and a user's full GeoNames gazetteer
(built by `import_geonames`) are written here, always to a temporary file renamed into place, so a failed
build leaves the previous file untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.errors import GazetteerError

SCHEMA_VERSION = "2"
READABLE_SCHEMAS = ("1", "2")
"""Schema 2 added `admin3` (the hromada) and `alt_ids` (KATOTTG code, GeoNames id); a schema-1 file (a
user's GeoNames build from an older version) still reads, with both empty."""

_SCHEMA = """
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    admin3 TEXT,
    alt_ids TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    precision_km REAL,
    sources TEXT NOT NULL,
    feature TEXT NOT NULL DEFAULT ''
);
CREATE TABLE names (
    key TEXT NOT NULL, place INTEGER NOT NULL, former INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE ids (id TEXT PRIMARY KEY, place INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(slots=True)
class Entry:
    """A place being built: the columns of `places` and the lookup keys of its names."""

    id: str
    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    population: int = 0
    precision_km: float | None = None
    sources: list[str] = field(default_factory=list)
    feature: str = ""
    keys: set[str] = field(default_factory=set)
    former_keys: set[str] = field(default_factory=set)
    """Keys of names the place no longer bears (pre-2016 names): a place bearing it now ranks first."""
    alt_ids: list[str] = field(default_factory=list)
    """Other ids of the same place (its KATOTTG code, a GeoNames id): `Gazetteer.get` finds it by them."""

    def merge(self, other: Entry, *, take_coordinates: bool) -> None:
        """Fold a duplicate from another source into this entry, keeping every source and name."""
        self.sources.extend(s for s in other.sources if s not in self.sources)
        self.keys |= other.keys
        self.former_keys = (self.former_keys | other.former_keys) - self.keys
        self.admin2 = self.admin2 or other.admin2
        self.admin3 = self.admin3 or other.admin3
        self.alt_ids.extend(i for i in other.alt_ids if i not in self.alt_ids)
        self.population = max(self.population, other.population)
        if take_coordinates and other.lat is not None:
            self.lat, self.lon, self.precision_km = other.lat, other.lon, other.precision_km


def write_gazetteer(entries: Iterable[Entry], dest: Path, *, meta: Mapping[str, object]) -> Path:
    """Write entries to a new SQLite gazetteer at dest, atomically replacing any existing file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        connection = sqlite3.connect(tmp)
        try:
            connection.executescript(_SCHEMA)
            counts: dict[str, int] = {}
            for rowid, entry in enumerate(entries, start=1):
                connection.execute(
                    "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        rowid,
                        entry.id,
                        entry.name,
                        entry.kind,
                        entry.country,
                        entry.admin1,
                        entry.admin2,
                        entry.admin3,
                        ",".join(entry.alt_ids),
                        entry.lat,
                        entry.lon,
                        entry.population,
                        entry.precision_km,
                        ",".join(entry.sources),
                        entry.feature,
                    ),
                )
                connection.executemany(
                    "INSERT OR IGNORE INTO names VALUES (?,?,?)",
                    [(key, rowid, 0) for key in entry.keys if key]
                    + [(key, rowid, 1) for key in entry.former_keys - entry.keys if key],
                )
                connection.executemany(
                    "INSERT OR IGNORE INTO ids VALUES (?,?)", ((i, rowid) for i in (entry.id, *entry.alt_ids))
                )
                for source in entry.sources:
                    counts[source] = counts.get(source, 0) + 1
            rows = {**meta, "schema": SCHEMA_VERSION, "counts": counts}
            connection.executemany(
                "INSERT INTO meta VALUES (?,?)", ((key, json.dumps(value)) for key, value in rows.items())
            )
            connection.commit()
            connection.execute("VACUUM")
        finally:
            connection.close()
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"{dest}: cannot write the gazetteer: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def schema_of(connection: sqlite3.Connection) -> str:
    """The schema version of an open gazetteer file."""
    return str(json.loads(connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]))


def open_gazetteer(path: Path) -> sqlite3.Connection:
    """Open a gazetteer file read-only, checking that it is one."""
    if not path.is_file():
        raise GazetteerError(f"{path}: no gazetteer file there")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error as exc:
        raise GazetteerError(f"{path}: not a claimledger gazetteer ({exc})") from exc
    if row is None or json.loads(row[0]) not in READABLE_SCHEMAS:
        connection.close()
        raise GazetteerError(f"{path}: gazetteer schema {row and row[0]} is not {SCHEMA_VERSION}; rebuild it")
    return connection
