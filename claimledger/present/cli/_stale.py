"""The note a read command prints when the stored assessment is behind the ledger (reads never assess)."""

from __future__ import annotations

from rich.text import Text

from claimledger.present.cli._app import err
from claimledger.store import Ledger


def warn_if_stale(ledger: Ledger) -> None:
    """Say on stderr when the stored assessment is behind the ledger's claims or reviews, and what to run:
    a read only reads, so it shows the grades, groups and timelines last stored."""
    from claimledger.assess import Assessor

    reason = ledger.staleness(Assessor().settings())
    if reason is not None:
        err.print(Text(f"warning: the stored assessment is out of date ({reason}): grades, groups and "
                       f"timelines may be missing or old; run `claimledger assess --db {ledger.name}`",
                       style="yellow"))
