"""Files that are not documents and are passed over quietly: media, and what a Telegram export keeps beside
its messages.

A Telegram Desktop export is a folder with `result.json` (JSON) or `messages.html`, `messages2.html`, ...
(HTML) and subfolders of media (`photos/`, `video_files/`, `files/`...) and, for HTML, the page's assets
(`css/`, `js/`, `images/`). Everything under those subfolders is skipped, whatever it holds: a CSS file is
text but no document. Elsewhere a file is skipped as media only when its name and its first bytes agree
(a `.jpg` that starts like a JPEG); a PNG named `notes.txt` is still read, and reported as binary.
"""

from __future__ import annotations

from pathlib import Path

from claimledger.ingest._base import Reader
from claimledger.ingest._telegram import TelegramExportReader
from claimledger.ingest._telegram_html import TelegramHtmlReader

EXPORT_MAIN_FILES: dict[str, Reader] = {
    "result.json": TelegramExportReader(),
    "messages.html": TelegramHtmlReader(),
}
EXPORT_FOLDERS = frozenset({
    "photos", "video_files", "animations", "stickers", "voice_messages", "round_video_messages", "files",
    "contacts", "css", "js", "images",
})
MEDIA_SUFFIXES = frozenset({
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic", ".avif",
    ".mp4", ".m4v", ".mov", ".3gp", ".webm", ".mkv", ".avi",
    ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".wav", ".flac", ".tgs",
})
_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"OggS",  # Ogg: voice messages (Opus), Vorbis
    b"\x1aE\xdf\xa3",  # Matroska / WebM
    b"ID3",  # MP3 with a tag
    b"\xff\xfb",  # MP3 frames
    b"\xff\xf3",
    b"\xff\xf2",
    b"fLaC",
    b"\x1f\x8b",  # gzip: animated stickers (.tgs) are gzipped Lottie
)
_RIFF_KINDS = (b"WEBP", b"WAVE", b"AVI ")
_HEAD = 16
_EXPORT_HEAD = 4096


def is_media_or_asset(path: Path) -> bool:
    """True for a file that is not a document: media by name and content, or under an export's media or
    asset folder. Never raises: a file that cannot be read is left to the reader to report."""
    return in_export_assets(path) or (path.suffix.lower() in MEDIA_SUFFIXES and _media_head(path))


def in_export_assets(path: Path) -> bool:
    """True when a folder above `path` is a media or asset folder beside a Telegram export's messages."""
    return any(folder.name in EXPORT_FOLDERS and holds_export(folder.parent) for folder in path.parents)


def holds_export(folder: Path) -> bool:
    """True when the folder holds a Telegram Desktop export's `result.json` or `messages.html`."""
    for name, reader in EXPORT_MAIN_FILES.items():
        main = folder / name
        head = _head(main, _EXPORT_HEAD)
        if head and reader.sniff(main, head):
            return True
    return False


def is_media(head: bytes) -> bool:
    """True for the first bytes of an image, video, audio file or animated sticker."""
    if head.startswith(_MAGIC):
        return True
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return True
    return head[4:8] == b"ftyp"  # MP4, MOV, M4A, 3GP, HEIC, AVIF


def _media_head(path: Path) -> bool:
    return is_media(_head(path, _HEAD))


def _head(path: Path, size: int) -> bytes:
    """The file's first bytes; none for a file that is missing or cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""
