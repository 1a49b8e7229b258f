"""Write one benchmark's section of benchmarks/README.md between its markers, leaving the others alone."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def write_section(key: str, title: str, body: str, command: str) -> None:
    """Replace (or append) the section marked `<!-- key:start -->` ... `<!-- key:end -->`."""
    start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    section = (
        f"{start}\n## {title}\n\nMeasured {datetime.now(UTC):%Y-%m-%d} on {machine} with\n"
        f"`{command}`:\n\n{body}\n{end}"
    )
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")
