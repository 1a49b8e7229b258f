"""The CLI reference in docs/cli.md, generated from each command's --help so the two cannot drift."""

from __future__ import annotations

import typer.main
from typer.testing import CliRunner

from claimledger.present.cli import app

HEADER = """# CLI reference

Generated from `claimledger COMMAND --help` by `make docs` (`scripts/gen_cli_docs.py`); a test checks that
this file matches the code. Every command takes `--db PATH|URL` where it touches the ledger.
"""


def command_paths() -> list[list[str]]:
    """Every command and subcommand of the app, as argument lists, in definition order."""
    paths: list[list[str]] = []

    def walk(command: object, prefix: list[str]) -> None:
        # Typer vendors its own click, so groups are recognised by their `commands`, not by class.
        subcommands: dict[str, object] | None = getattr(command, "commands", None)
        if subcommands is None:
            paths.append(prefix)
            return
        for name, sub in subcommands.items():
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


def help_text(path: list[str]) -> str:
    """The plain --help text of one command, at a fixed width."""
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, [*path, "--help"], env=env, terminal_width=100)
    if result.exit_code != 0:
        raise RuntimeError(f"claimledger {' '.join(path)} --help failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.output.strip().splitlines())


def render() -> str:
    """The whole reference as Markdown."""
    parts = [HEADER, "## claimledger\n\n```\n" + help_text([]) + "\n```\n"]
    parts += [f"## claimledger {' '.join(path)}\n\n```\n{help_text(path)}\n```\n" for path in command_paths()]
    return "\n".join(parts)
