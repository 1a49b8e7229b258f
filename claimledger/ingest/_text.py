"""Plain text files: one document per file, the text kept verbatim."""

from __future__ import annotations

from pathlib import Path

from claimledger.ingest._base import build_document, decode
from claimledger.model import Document

_MAX_TITLE = 150


def first_line_title(text: str) -> str | None:
    """The first non-blank line when it is short enough to be a headline, else None."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= _MAX_TITLE else None
    return None


class TextReader:
    """Reads a text file in any encoding charset-normalizer recognises; source is the file name."""

    name = "text"

    def sniff(self, path: Path, head: bytes) -> bool:
        """Any text is plain text: this is the fallback format."""
        return True

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        text = decode(path, data).replace("\r\n", "\n")
        if not text.strip():
            return []
        return [
            build_document(
                path,
                max_bytes=max_bytes,
                where="the text",
                text=text,
                source=path.name,
                title=first_line_title(text),
                fmt=self.name,
            )
        ]
