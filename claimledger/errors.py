"""Named errors. The CLI turns them into one-line messages; nothing else catches them broadly."""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base class for every error claimledger raises on purpose; the CLI exits with `exit_code`."""

    exit_code = 2


class IngestError(ClaimledgerError):
    """A file could not be read into documents; the message names the file and the reason."""


class UnsupportedFormatError(IngestError):
    """The file's content is not a format claimledger reads."""


class MalformedInputError(IngestError):
    """The file claims a format but its content is broken or truncated."""


class OversizeInputError(IngestError):
    """The file or one of its documents is larger than the configured limit."""


class EncodingError(IngestError):
    """The file's text encoding could not be determined."""


class StoreError(ClaimledgerError):
    """The ledger database cannot be opened or written."""


class NoLedgerError(StoreError):
    """A command that only reads was pointed at a ledger that does not exist (a mistyped --db)."""

    exit_code = 1


class DocumentRejectedError(StoreError):
    """The database refused one document's values (PostgreSQL: a NUL byte, a value too long)."""


class NotALedgerError(StoreError):
    """The database file is corrupt or belongs to something other than claimledger."""


class DocumentNotFoundError(StoreError):
    """No document in the ledger has that id or id prefix."""


class AmbiguousIdError(StoreError):
    """An id prefix matches more than one document."""


class GazetteerError(ClaimledgerError):
    """A gazetteer file is missing, corrupt or cannot be built."""


class DownloadError(GazetteerError):
    """A gazetteer download failed; the existing gazetteer is left untouched."""


class ModelNotFoundError(ClaimledgerError):
    """The configured NLP model is not installed."""


class UnsupportedLanguageError(ModelNotFoundError):
    """No claim rules exist for a document's language: its places are still found, its claims are not."""


class SourceRegistryError(ClaimledgerError):
    """The source registry YAML is missing or malformed; the message names the file."""


class UnreadableInputError(IngestError):
    """The file does not exist, is not a regular file or cannot be opened."""


class ReviewError(StoreError):
    """An analyst's review names an unknown claim, place or source, or a value that is not allowed."""


class TokenError(StoreError):
    """An API token cannot be created (the name is taken or empty)."""


class ClusterError(ClaimledgerError):
    """A Dask cluster cannot be used: Dask is missing, the scheduler does not answer or has no workers."""
