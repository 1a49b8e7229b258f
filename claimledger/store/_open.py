"""Opening a ledger: URL or path to engine, SQLite connection settings, checks and migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from claimledger.errors import NoLedgerError, NotALedgerError, StoreError
from claimledger.store._schema import VERSION_TABLE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DIALECTS = ("sqlite", "postgresql")
#: The PostgreSQL advisory lock key that serialises migrations (several processes opening a new ledger).
MIGRATION_LOCK = 0x636C6D67


def parse_url(url: str) -> sa.URL:
    """A SQLAlchemy URL as is (plain `postgresql://` gets psycopg 3); without `://`, a SQLite path."""
    if "://" not in url:
        return sa.URL.create("sqlite+pysqlite", database=url)
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as error:
        raise StoreError(f"{url}: not a database path or URL ({error})") from error
    if parsed.get_backend_name() not in DIALECTS:
        name = display_name(parsed)
        raise StoreError(f"{name}: unsupported database; use a SQLite path or a PostgreSQL URL")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_file(url: sa.URL) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def read_only(url: sa.URL) -> sa.URL | None:
    """For a SQLite ledger this process may not write (a read-only file, folder or file system), a URL
    that opens it read-only; else None. Without a WAL file beside it, it is opened `immutable` (no lock
    or shared-memory file is needed; nothing can write it); with one, `mode=ro` reads the WAL too."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    writable = os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)
    if writable:
        return None
    wal = Path(f"{path}-wal").exists()
    query = "?mode=ro" + ("" if wal else "&immutable=1")
    return url.set(database=path.resolve().as_uri() + query).update_query_dict({"uri": "true"})


def display_name(url: sa.URL) -> str:
    """How messages name the ledger: the SQLite file path, else the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy's recipe for Python < 3.12: turn off pysqlite's own BEGIN handling so that
    # SQLAlchemy's BEGIN (see _sqlite_begin) makes SELECTs, DDL and SAVEPOINTs transactional.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable in WAL mode except on power loss
    finally:
        cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    connection.exec_driver_sql(connection.info.get(_BEGIN, "BEGIN"))


_BEGIN = "claimledger_begin"


@contextmanager
def begin_write(connection: sa.Connection) -> Iterator[sa.RootTransaction]:
    """A transaction that will write. On SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes gets "database is locked" at once, without
    waiting out the busy timeout, when another process wrote in between; taking the lock up front
    makes concurrent writers (two ingests, an ingest and the web app) wait their turn instead.
    Reads keep plain BEGIN, so they run beside a writer in WAL mode.
    """
    connection.info[_BEGIN] = "BEGIN IMMEDIATE"
    try:
        transaction = connection.begin()
    finally:
        connection.info.pop(_BEGIN, None)
    with transaction:
        yield transaction


def create_engine(url: sa.URL) -> sa.Engine:
    """The engine for a ledger URL; JSON columns are decoded with orjson (about twice as fast as json)."""
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_size=1, max_overflow=0, json_deserializer=orjson.loads)
    engine = sa.create_engine(url, connect_args={"timeout": 30.0}, json_deserializer=orjson.loads)
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def check_and_migrate(
    connection: sa.Connection, name: str, *, revision: str = "head", create: bool = True
) -> None:
    """Refuse a database that is not a ledger or is newer than this code, then upgrade it to `revision`.

    An empty database is a new ledger (NoLedgerError unless `create`). One with tables but no
    `claimledger_version` table belongs to something else. A ledger already at `revision` is only read,
    so a read-only one opens. Otherwise the check and the upgrade run again in one write transaction,
    on PostgreSQL under an advisory lock, so processes opening a new ledger at once migrate it once.
    """
    config = _alembic_config(connection)
    script = ScriptDirectory.from_config(config)
    with connection.begin():
        current = _revision(connection, name, script)
    if current is None and not create:
        raise NoLedgerError(f"no ledger at {name}; ingest creates one")
    if current == (script.get_current_head() if revision == "head" else revision):
        return
    with begin_write(connection):
        if connection.dialect.name == "postgresql":
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        _revision(connection, name, script)
        command.upgrade(config, revision)


def _revision(connection: sa.Connection, name: str, script: ScriptDirectory) -> str | None:
    """The ledger's schema revision (None: an empty database); NotALedgerError for someone else's
    database, StoreError for a revision this code does not know."""
    tables = set(sa.inspect(connection).get_table_names())
    if tables and VERSION_TABLE not in tables:
        shown = ", ".join(sorted(tables)[:5])
        raise NotALedgerError(
            f"{name}: not a claimledger database (it has other tables: {shown}, and no {VERSION_TABLE})"
        )
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    current = context.get_current_revision()
    try:
        if current is not None:
            script.get_revision(current)
    except CommandError as error:
        raise StoreError(
            f"{name}: the ledger is at schema revision {current!r}, which this claimledger does not "
            f"know; it was written by a newer claimledger ({error})"
        ) from error
    return current
