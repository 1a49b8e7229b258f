"""Alembic environment for the ledger.

`Ledger` runs the migrations programmatically and hands its open connection over in
`config.attributes["connection"]`. Developers can also run `alembic -c claimledger/store/alembic.ini
revision --autogenerate -m "..."`, which connects to `sqlalchemy.url` from that file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from claimledger.store._schema import VERSION_TABLE, metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    section = context.config.get_section(context.config.config_ini_section, {})
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.begin() as own_connection:
        _migrate(own_connection)


_run()
