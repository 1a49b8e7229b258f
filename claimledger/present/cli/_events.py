"""Commands on events: the claims grouped into events across sources, and the disputes inside them."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from claimledger import config
from claimledger.assess import Dispute, Frame, Group, frame_of, roll_up
from claimledger.present import snapshot
from claimledger.present.cli._app import (
    DbOption,
    Format,
    FormatOption,
    app,
    cells,
    cli_errors,
    out,
    print_json,
)
from claimledger.present.snapshot import Snapshot
from claimledger.store import Ledger

LimitOption = Annotated[int, typer.Option(help="How many at most.")]


def event_json(group: Group, snap: Snapshot) -> dict[str, Any]:
    """An event with its claims' sources and claimants, for `events --format json`."""
    data = group.model_dump(mode="json")
    members = [c for c in map(snap.claim, group.claim_ids) if c is not None]
    data["sources"] = sorted({c.source for c in members})
    data["claimants"] = sorted({c.claim.claimant.canonical or c.claim.claimant.name for c in members})
    return data


def _frames(snap: Snapshot) -> dict[str, Frame]:
    ids = {claim_id for c in snap.assessment.contradictions for claim_id in (c.a, c.b)}
    return {claim_id: frame_of(claim) for claim_id in ids if (claim := snap.claim(claim_id)) is not None}


@app.command()
def events(
    db: DbOption = config.DEFAULT_DB,
    place: Annotated[str | None, typer.Option(help="Only events at this place (name or id).")] = None,
    min_origins: Annotated[int, typer.Option(help="Only events reported by at least this many origins.")] = 1,
    limit: LimitOption = 100,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List events: claims across documents and languages about one place, overlapping days and
    compatible actions, with their time window and independent origins; most reported first.

    Example: claimledger events --place Soledar --min-origins 2 --db ledger.db
    """
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        snap = snapshot.load(ledger)
    wanted = snapshot.place_ids_named(snap, place) if place is not None else None
    chosen = [
        g for g in snap.assessment.groups
        if len(g.origins) >= min_origins and (wanted is None or wanted.intersection(g.place_ids))
    ]
    chosen.sort(key=lambda g: (-len(g.origins), -len(g.claim_ids), g.id))
    if fmt is Format.JSON:
        print_json([event_json(g, snap) for g in chosen[:limit]])
        return
    table = Table("event", "label", "place", "from", "to", "claims", "origins", title=f"{len(chosen)} events")
    for g in chosen[:limit]:
        table.add_row(*cells(g.id, g.label, g.place, g.start, g.end, len(g.claim_ids), ", ".join(g.origins)))
    out.print(table)


@app.command()
def disputes(
    db: DbOption = config.DEFAULT_DB, limit: LimitOption = 100, fmt: FormatOption = Format.TABLE
) -> None:
    """List disputes: one per event whose claims contradict each other, with its rival versions, who holds
    each and their grades (`contradictions` lists the pairs).

    Example: claimledger disputes --format json --db ledger.db
    """
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        snap = snapshot.load(ledger)
    frames = _frames(snap)
    found: list[Dispute] = roll_up(snap.assessment, frames.get)[:limit]
    if fmt is Format.JSON:
        print_json([d.model_dump(mode="json") for d in found])
        return
    for n, dispute in enumerate(found, 1):
        out.print(Text(f"{n}. {dispute.label or dispute.event} ({', '.join(dispute.kinds)}; "
                       f"{dispute.pairs} pair(s))", style="bold"))
        for version in dispute.versions:
            out.print(Text(f"   [{version.best}] {version.label}: {', '.join(version.claimants)} "
                           f"({len(version.claim_ids)} claim(s); grades {' '.join(version.grades)})"))
    if not found:
        out.print("no disputes")
