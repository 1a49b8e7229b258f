"""HTML articles: trafilatura keeps the main text and reads title, date, site name and canonical URL."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document as Extracted

from claimledger.errors import MalformedInputError
from claimledger.ingest._base import as_utc, build_document, safe_url, strip_bom
from claimledger.model import Document

_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",  # the time and zone too, when the page gives them
    "deferred_url_extractor": True,  # a day in the URL only when the page has no full timestamp
}

_DATE_NAME = re.compile(r"date|time|publish|modif|created|updated|issued|lastmod", re.IGNORECASE)
_DATE_ATTRIBUTES = "//meta[@content] | //time[@datetime] | //*[@itemprop][@content]"
_DAY_FIRST = ("%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")


def timestamp(value: str) -> datetime | None:
    """A page's machine-readable date: ISO 8601 (also with slashes), RFC 2822 as in HTTP headers, or a
    day-first `18.03.2025 [10:30]`; anything else is None."""
    value = value.strip()
    if not value or len(value) > 40:
        return None
    try:
        return datetime.fromisoformat(value.replace("/", "-"))
    except ValueError:
        pass
    for layout in _DAY_FIRST:
        try:
            return datetime.strptime(value, layout)
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _with_checked_dates(tree: HtmlElement) -> HtmlElement:
    """The page with each date in a `<meta>`, `<time>` or microdata attribute rewritten in ISO 8601, or
    removed when it is no timestamp (`timestamp`). htmldate hands a value it cannot read itself, such as
    markup, to dateparser, which tries every locale it knows: seconds per page."""
    for element in tree.xpath(_DATE_ATTRIBUTES):
        attribute = "datetime" if element.tag == "time" else "content"
        names = " ".join(element.get(key, "") for key in ("name", "property", "itemprop", "http-equiv"))
        if element.tag != "time" and not _DATE_NAME.search(names):
            continue
        parsed = timestamp(element.get(attribute))
        if parsed is None:
            del element.attrib[attribute]
        else:
            element.set(attribute, parsed.isoformat())
    return tree


def _published(value: str | None) -> datetime | None:
    """htmldate's timestamp in UTC: one without a zone, or a bare day (midnight), is taken as UTC."""
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError:
        return None


def _domain(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


class HtmlReader:
    """Reads one article per HTML file; navigation, footers and other boilerplate are dropped."""

    name = "html"

    def sniff(self, path: Path, head: bytes) -> bool:
        """Content that opens with an HTML doctype or an html, head or body tag."""
        return _HTML_START.match(strip_bom(head)) is not None

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        tree = trafilatura.load_html(data)
        if tree is None:
            raise MalformedInputError(f"{path}: HTML that could not be parsed")
        extracted = trafilatura.bare_extraction(
            _with_checked_dates(tree), with_metadata=True, date_extraction_params=_DATE_PARAMS
        )
        if not isinstance(extracted, Extracted) or not (text := extracted.text or "").strip():
            raise MalformedInputError(f"{path}: HTML without a main text that could be extracted")
        url = extracted.url or None
        safe = safe_url(url) if url else None
        meta = {key: value for key in ("author", "hostname") if (value := getattr(extracted, key))}
        return [
            build_document(
                path,
                max_bytes=max_bytes,
                where="the article text",
                text=text,
                source=extracted.sitename or _domain(safe) or path.name,
                url=url,
                title=extracted.title or None,
                published_at=_published(extracted.date),
                fmt=self.name,
                meta=meta,
            )
        ]
