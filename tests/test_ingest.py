"""Ingestion: every format read from real-format fixtures, and every kind of bad input rejected by name."""

from __future__ import annotations

import json
import os
import shutil
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.errors import (
    EncodingError,
    IngestError,
    MalformedInputError,
    OversizeInputError,
    UnreadableInputError,
    UnsupportedFormatError,
)
from claimledger.ingest import READERS, detect_format, is_media_or_asset, iter_files, read_file
from claimledger.ingest._telegram_html import parse_date
from claimledger.jobs import without_media
from claimledger.model import Document
from claimledger.present.cli import app
from claimledger.store import Ledger

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
LIMIT = 1_000_000
RUSSIAN_FIRST_LINE = "Военный корреспондент сообщил, что подразделения закрепились на окраине посёлка."


def read(name: str) -> list[Document]:
    return read_file(FIXTURES / name, max_bytes=LIMIT)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_registry_names_every_format() -> None:
    assert set(READERS) == {"text", "html", "feed", "telegram", "telegram-html", "telethon", "jsonl"}
    assert all(reader.name == name for name, reader in READERS.items())


# --- plain text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["russian_cp1251.txt", "russian_koi8r.txt"])
def test_legacy_russian_encodings_are_decoded(name: str) -> None:
    (doc,) = read(name)
    assert doc.text.startswith(RUSSIAN_FIRST_LINE)
    assert "Местные жители" in doc.text
    assert doc.language == "ru"
    assert doc.source == name
    assert doc.title == RUSSIAN_FIRST_LINE
    assert doc.format == "text"


def test_text_keeps_content_verbatim_but_normalises_crlf_and_bom() -> None:
    (doc,) = read("windows_lines.txt")
    assert doc.text == "Short title line\nBody text of a file written on Windows.\n"
    assert doc.title == "Short title line"
    (bom,) = read("bom.txt")
    assert bom.text == "A file that starts with a byte order mark.\n"


def test_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    (doc,) = read_file(write(tmp_path, "long.txt", "word " * 60 + "\nsecond line"), max_bytes=LIMIT)
    assert doc.title is None
    assert doc.path == str(tmp_path / "long.txt")


# --- HTML -------------------------------------------------------------------------------------------


def test_html_article_keeps_main_text_and_metadata() -> None:
    (doc,) = read("article.html")
    assert doc.format == "html"
    assert doc.title == "Drone debris damages school in Shebekino"
    assert doc.source == "Example Herald"
    assert doc.url == "https://herald.example.org/news/2025/03/18/shebekino-school"
    # article:published_time 10:30+02:00 wins over the bare day in the URL
    assert doc.published_at == datetime(2025, 3, 18, 8, 30, tzinfo=UTC)
    assert "falling debris from an intercepted drone" in doc.text
    assert "could not be independently verified" in doc.text
    for boilerplate in ("Subscribe to our newsletter", "Cookie settings", "All rights reserved"):
        assert boilerplate not in doc.text


def test_html_source_falls_back_to_canonical_domain(tmp_path: Path) -> None:
    body = "<p>" + "A paragraph of article text about a fictional event in a fictional town. " * 6 + "</p>"
    html = (
        '<html><head><link rel="canonical" href="https://www.news.example.net/story/9">'
        f"<title>Untitled</title></head><body><article>{body}</article></body></html>"
    )
    (doc,) = read_file(write(tmp_path, "page.html", html), max_bytes=LIMIT)
    assert doc.source == "news.example.net"
    assert doc.url == "https://www.news.example.net/story/9"


def test_html_in_windows_1251_without_charset_declaration(tmp_path: Path) -> None:
    body = f"<p>{RUSSIAN_FIRST_LINE} Местные жители рассказали о взрывах.</p>" * 3
    html = f"<html><head><title>Заголовок</title></head><body><article>{body}</article></body></html>"
    (doc,) = read_file(write(tmp_path, "ru.html", html.encode("cp1251")), max_bytes=LIMIT)
    assert doc.title == "Заголовок"
    assert doc.text.startswith(RUSSIAN_FIRST_LINE)
    assert doc.language == "ru"


def html_page(head: str, body_words: str = "A paragraph of article text about a fictional town. ") -> str:
    body = "<p>" + body_words * 6 + "</p>"
    return f"<html><head><title>Page</title>{head}</head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-03-18T23:30:00-05:00", datetime(2025, 3, 19, 4, 30, tzinfo=UTC)),
        ("2025-03-18T10:30:00", datetime(2025, 3, 18, 10, 30, tzinfo=UTC)),
        ("2025-03-18", datetime(2025, 3, 18, tzinfo=UTC)),
    ],
)
def test_html_publication_time_in_utc(tmp_path: Path, published: str, expected: datetime) -> None:
    head = f'<meta property="article:published_time" content="{published}">'
    (doc,) = read_file(write(tmp_path, "page.html", html_page(head)), max_bytes=LIMIT)
    assert doc.published_at == expected


def test_html_unsafe_canonical_url_is_not_kept(tmp_path: Path) -> None:
    head = '<link rel="canonical" href="javascript:alert(1)">'
    (doc,) = read_file(write(tmp_path, "page.html", html_page(head)), max_bytes=LIMIT)
    assert doc.url is None  # trafilatura already refuses it; build_document would too
    assert doc.source == "page.html"


# --- feeds ------------------------------------------------------------------------------------------


def test_rss_entries_become_documents_with_stripped_html_and_utc_dates() -> None:
    first, second = read("rss.xml")
    assert first.source == second.source == "Fixture Wire"
    assert first.format == "feed"
    assert first.url == "https://wire.example.org/a/1"
    assert first.title == "Fixture headline & more"
    assert first.text == (
        "Fixture headline & more\n\nFirst paragraph of the fixture item.\nSecond bold paragraph."
    )
    assert first.published_at == datetime(2025, 4, 2, 7, 30, tzinfo=UTC)
    assert second.published_at == datetime(2025, 4, 3, 12, 0, tzinfo=UTC)
    assert "<" not in first.text and "<" not in second.text


def test_atom_content_is_used_and_scripts_dropped() -> None:
    (doc,) = read("atom.xml")
    assert doc.source == "Fixture Atom Desk"
    assert doc.url == "https://atom.example.org/e/1"
    assert doc.text == "Fixture Atom entry\n\nAtom content paragraph one.\nParagraph two."
    assert doc.published_at == datetime(2025, 4, 4, 10, 0, tzinfo=UTC)


def test_feed_is_recognised_by_content_despite_txt_extension() -> None:
    assert [doc.format for doc in read("feed_named.txt")] == ["feed", "feed"]
    assert [doc.id for doc in read("feed_named.txt")] == [doc.id for doc in read("rss.xml")]


def rss(items: str, *, prolog: str = '<?xml version="1.0"?>') -> str:
    return f'{prolog}<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


@pytest.mark.parametrize(
    ("link", "kept"),
    [
        ("javascript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("ftp://wire.example.org/a/2", None),
        ("https://wire.example.org/a/2", "https://wire.example.org/a/2"),
    ],
)
def test_feed_links_keep_only_web_urls(tmp_path: Path, link: str, kept: str | None) -> None:
    item = f"<item><title>Item</title><link>{link.replace('<', '&lt;')}</link></item>"
    (doc,) = read_file(write(tmp_path, "feed.xml", rss(item)), max_bytes=LIMIT)
    assert doc.url == kept
    assert doc.meta.get("unsafe_url") == (None if kept else link)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_feed_declaring_entities_is_refused(tmp_path: Path, encoding: str) -> None:
    prolog = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    feed = rss("<item><title>&b;</title></item>", prolog=prolog)
    path = write(tmp_path, "bomb.xml", feed.encode(encoding))
    reject(path, MalformedInputError, "feed declares XML entities; refused")


def test_feed_reader_never_fetches_a_dtd(tmp_path: Path) -> None:
    requests: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        prolog = f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{base}/rss.dtd">'
        (doc,) = read_file(
            write(tmp_path, "dtd.xml", rss("<item><title>Plain</title></item>", prolog=prolog)),
            max_bytes=LIMIT,
        )
        # A file whose content is a URL or a path is data, not something for feedparser to open.
        reject(write(tmp_path, "url.xml", f"{base}/feed.xml"), MalformedInputError, "feed")
        reject(write(tmp_path, "path.xml", str(FIXTURES / "rss.xml")), MalformedInputError, "feed")
    finally:
        server.shutdown()
        server.server_close()
    assert doc.text == "Plain"
    assert requests == []


# --- Telegram Desktop -------------------------------------------------------------------------------


def test_telegram_export_messages() -> None:
    docs = read("telegram/result.json")
    assert [doc.meta["message_id"] for doc in docs] == [2, 3, 5]  # service and media-only skipped
    plain, forward, repeat = docs
    assert plain.source == "Fixture Front Channel"
    assert plain.format == "telegram"
    assert plain.published_at == datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
    assert plain.url == "telegram:2000000002/2"
    assert plain.relay is None
    assert forward.text == "Fixture forward: positions near Testovka are unchanged, per this map (updated)."
    assert forward.meta["links"] == ["https://example.org/map/7"]
    assert forward.relay == forward.meta["forwarded_from"] == "Fixture Analyst Channel"
    assert forward.meta["edited"] == "2025-04-01T10:05:00+00:00"
    assert repeat.text == plain.text and repeat.id != plain.id


def test_old_telegram_export_assumes_utc() -> None:
    (doc,) = read("telegram_old/result.json")
    assert doc.published_at == datetime(2019, 6, 2, 14, 30, tzinfo=UTC)
    assert doc.meta["date_timezone_assumed"] is True


def test_telegram_username_gives_public_link(tmp_path: Path) -> None:
    export = {
        "name": "Named",
        "username": "named_channel",
        "id": 7,
        "messages": [{"id": 42, "type": "message", "date_unixtime": "1743494400", "text": "Some words."}],
    }
    (doc,) = read_file(write(tmp_path, "result.json", json.dumps(export)), max_bytes=LIMIT)
    assert doc.url == "https://t.me/named_channel/42"


def telegram_export(**fields: object) -> dict[str, object]:
    message = {"id": 42, "type": "message", "date_unixtime": "1743494400", "text": "Some words."}
    export: dict[str, object] = {"name": "Named", "id": 7, "messages": [message]}
    for key, value in fields.items():
        target = message if key.startswith("m_") else export
        target[key.removeprefix("m_")] = value
    return export


def test_telegram_digit_string_ids_are_numbers(tmp_path: Path) -> None:
    export = telegram_export(id="7", m_id="42", m_date_unixtime=1743494400)
    (doc,) = read_file(write(tmp_path, "result.json", json.dumps(export)), max_bytes=LIMIT)
    assert doc.url == "telegram:7/42"
    assert doc.meta["message_id"] == 42 and doc.meta["channel_id"] == 7
    assert doc.published_at == datetime(2025, 4, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"name": ["x"]}, "the export has a name that is not a string: ['x']"),
        ({"id": {"a": 1}}, "the export has an id that is not an integer: {'a': 1}"),
        ({"username": "a/b"}, "the export has a username that is not a Telegram username: 'a/b'"),
        ({"m_id": [1]}, "messages[0] has an id that is not an integer: [1]"),
        ({"m_id": True}, "messages[0] has an id that is not an integer: True"),
        ({"m_forwarded_from": {"n": 1}}, "messages[0] (id 42) has a forwarded_from that is not a string"),
        ({"m_date_unixtime": "17434944OO"}, "messages[0] (id 42) has a date_unixtime that is not an integer"),
        ({"m_date_unixtime": None, "m_date": 5}, "messages[0] (id 42) has a date that is not an ISO date"),
        ({"m_text": {"t": "x"}}, "messages[0] (id 42) has a text that is neither a string nor a list"),
        ({"m_text": ["ok", 1]}, "messages[0] (id 42) has a text[1] that is neither a string nor an entity"),
        ({"m_text": [{"type": "bold"}]}, "messages[0] (id 42) has a text[0] that is neither a string nor"),
        (
            {"m_text": [{"type": "text_link", "text": "t"}]},
            "messages[0] (id 42) has a text[0] link whose href",
        ),
        ({"m_type": ["message"]}, "messages[0] (id 42) has a type that is not a string: ['message']"),
    ],
)
def test_telegram_fields_of_the_wrong_type(tmp_path: Path, fields: dict[str, object], words: str) -> None:
    path = write(tmp_path, "result.json", json.dumps(telegram_export(**fields)))
    reject(path, MalformedInputError, f"malformed Telegram export: {words}")


def test_telegram_unsafe_text_links_are_set_apart(tmp_path: Path) -> None:
    text = [
        "See ",
        {"type": "text_link", "text": "this", "href": "javascript:alert(1)"},
        {"type": "text_link", "text": " and that", "href": "https://example.org/x"},
    ]
    (doc,) = read_file(
        write(tmp_path, "result.json", json.dumps(telegram_export(m_text=text))), max_bytes=LIMIT
    )
    assert doc.text == "See this and that"
    assert doc.meta["links"] == ["https://example.org/x"]
    assert doc.meta["unsafe_links"] == ["javascript:alert(1)"]


# --- Telegram Desktop HTML export ---------------------------------------------------------------------

CHANNEL = "Прикордонний вісник"
HTML_EXPORT = FIXTURES / "telegram_html"


def test_telegram_html_export_pages() -> None:
    first, second = read("telegram_html/messages.html"), read("telegram_html/messages2.html")
    # service messages (date separators, "channel created", photo changed) and a bare photo are skipped
    assert [doc.meta["message_id"] for doc in first] == [2, 3, 4, 5, 6]
    assert [doc.meta["message_id"] for doc in second] == [8, 10]
    plain, bullets, forward, reply, caption = first
    for doc in first + second:
        assert doc.source == doc.meta["channel"] == doc.meta["sender"] == CHANNEL
        assert doc.format == "telegram-html"
        assert doc.url == f"telegram:{CHANNEL}/{doc.meta['message_id']}"
        assert "date_timezone_assumed" not in doc.meta
    assert plain.text == (
        "Вночі було чутно вибухи поблизу села Тестівка.\nПодробиці — у звіті. Джерело: https://example.org/src"
    )
    assert plain.meta["links"] == ["https://example.org/report/12"]  # the text link; a bare URL is text
    assert plain.published_at == datetime(2024, 3, 3, 7, 15, 22, tzinfo=UTC)  # 10:15:22 UTC+03:00
    assert plain.language == "uk" and plain.relay is None
    assert bullets.text == (
        "🔴 Обстрел окраин Тестовки\n🔴 Повреждена ЛЭП, без света «около 300» домов\n#Тестовка #сводка"
    )
    assert bullets.language == "ru" and "links" not in bullets.meta  # hashtags are no links
    assert forward.relay == forward.meta["forwarded_from"] == "Аналітик Сходу"
    assert forward.text == "Позиції біля Тестівки без змін, за картою від @analyst_east."
    assert forward.meta["links"] == ["https://example.org/map/7"]  # the mention's t.me link is not kept
    assert reply.meta["reply_to_message_id"] == 2 and reply.relay is None
    assert caption.text == "Наслідки удару по складу в Тестівці."
    unsafe, next_day = second
    assert unsafe.meta["unsafe_links"] == ["javascript:alert(1)"] and "links" not in unsafe.meta
    assert next_day.published_at == datetime(2024, 3, 5, 21, 10, tzinfo=UTC)  # 00:10 on the 6th, UTC+03:00
    assert next_day.meta["reply_to_message_id"] == 8  # a link to the other page


@pytest.mark.parametrize(
    ("title", "expected", "assumed"),
    [
        ("03.03.2024 10:15:22 UTC+03:00", datetime(2024, 3, 3, 7, 15, 22, tzinfo=UTC), False),
        ("31.12.2023 22:30:00 UTC-05:00", datetime(2024, 1, 1, 3, 30, tzinfo=UTC), False),
        ("01.07.2024 00:05:00 UTC+05:30", datetime(2024, 6, 30, 18, 35, tzinfo=UTC), False),
        ("02.06.2019 14:30:00", datetime(2019, 6, 2, 14, 30, tzinfo=UTC), True),  # exports before 2022
    ],
)
def test_telegram_html_dates_are_converted_to_utc(title: str, expected: datetime, assumed: bool) -> None:
    assert parse_date(title) == (expected, assumed)


def test_telegram_html_and_json_exports_give_the_same_documents(tmp_path: Path) -> None:
    def message(message_id: int, unixtime: int, text: object, **fields: object) -> dict[str, object]:
        return {"id": message_id, "type": "message", "date_unixtime": str(unixtime), "from": CHANNEL,
                "from_id": "channel2000000007", "text": text, **fields}

    export = {"name": CHANNEL, "type": "public_channel", "id": 2000000007, "messages": [
        {"id": 1, "type": "service", "date_unixtime": "1709449800", "action": "create_channel", "text": ""},
        message(2, 1709450122, ["Вночі було чутно вибухи поблизу села Тестівка.\nПодробиці — ",
                                {"type": "text_link", "text": "у звіті", "href": "https://example.org/report/12"},
                                ". Джерело: ", {"type": "link", "text": "https://example.org/src"}]),
        message(3, 1709450405, ["🔴 Обстрел окраин Тестовки\n🔴 Повреждена ЛЭП, без света «около 300» домов"
                                "\n",
                                {"type": "hashtag", "text": "#Тестовка"}, " ",
                                {"type": "hashtag", "text": "#сводка"}]),
        message(4, 1709456440, ["Позиції біля Тестівки без змін, за ",
                                {"type": "text_link", "text": "картою", "href": "https://example.org/map/7"},
                                " від ", {"type": "mention", "text": "@analyst_east"}, "."],
                forwarded_from="Аналітик Сходу"),
        message(5, 1709458200, "Уточнення: вибухи лунали з боку лісосмуги.", reply_to_message_id=2),
        message(6, 1709528700, "Наслідки удару по складу в Тестівці.", photo="photos/photo_1.jpg"),
        message(7, 1709528730, "", photo="photos/photo_2.jpg"),
    ]}
    from_json = read_file(write(tmp_path, "result.json", json.dumps(export)), max_bytes=LIMIT)
    from_html = read("telegram_html/messages.html")
    fields = {"text", "source", "published_at", "relay", "language", "title"}
    assert [doc.model_dump(include=fields) for doc in from_json] == [
        doc.model_dump(include=fields) for doc in from_html
    ]
    assert [{**doc.meta, "channel_id": 2000000007} for doc in from_html] == [doc.meta for doc in from_json]


def test_telegram_html_joined_forward_keeps_its_relay(tmp_path: Path) -> None:
    date = '<div class="pull_right date details" title="01.03.2024 10:00:00 UTC+00:00">10:00</div>'
    origin = '<div class="from_name">Origin via @a_bot <span class="date details" title="x"> x</span></div>'
    messages = (
        f'<div class="message default clearfix" id="message1"><div class="body">{date}'
        f'<div class="from_name">Channel </div><div class="forwarded body">{origin}'
        '<div class="text">\nFirst post.\n</div></div></div></div>'
        f'<div class="message default clearfix joined" id="message2"><div class="body">{date}'
        '<div class="forwarded body"><div class="text">\nSecond post.\n</div></div></div></div>'
    )
    page = (
        '<!DOCTYPE html>\n<html><body><div class="page_header"><div class="text bold">Channel </div></div>'
        f'<div class="page_body chat_page"><div class="history">{messages}</div></div></body></html>\n'
    )
    first, joined = read_file(write(tmp_path, "messages.html", page), max_bytes=LIMIT)
    assert first.relay == joined.relay == "Origin"  # the bot that posted it is not part of the name
    assert joined.meta["sender"] == "Channel" and joined.text == "Second post."


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("</html>", "", "truncated, no closing </html>"),
        (' title="03.03.2024 10:20:05 UTC+03:00"', "", "message3 has no date"),
        ("03.03.2024 10:20:05", "33.03.2024 10:20:05", "message3 has an impossible date"),
        ('id="message4"', 'id="post4"', "post4 has an id that is not message<number>"),
        ('<div class="text bold">', '<div class="text">', "no chat name in its header"),
    ],
)
def test_broken_telegram_html_is_a_named_error(tmp_path: Path, old: str, new: str, words: str) -> None:
    page = (HTML_EXPORT / "messages.html").read_text(encoding="utf-8")
    assert old in page
    reject(write(tmp_path, "messages.html", page.replace(old, new)), MalformedInputError, words)


def test_telegram_html_that_is_not_utf8(tmp_path: Path) -> None:
    page = (HTML_EXPORT / "messages.html").read_text(encoding="utf-8")
    reject(write(tmp_path, "messages.html", page.encode("utf-16-le")), UnsupportedFormatError, "binary")
    cp1251 = page.replace("🔴", "*").encode("cp1251")
    reject(write(tmp_path, "messages.html", cp1251), EncodingError, "undecodable bytes in Telegram HTML")


# --- media and export assets ---------------------------------------------------------------------------


def test_export_media_and_assets_are_not_documents() -> None:
    skipped = {path.relative_to(HTML_EXPORT).parts[0] for path in iter_files([HTML_EXPORT])
               if is_media_or_asset(path)}
    assert skipped == {"photos", "css", "js", "images"}
    assert not is_media_or_asset(HTML_EXPORT / "messages.html")
    assert not is_media_or_asset(HTML_EXPORT / "messages2.html")


def test_media_is_told_by_name_and_content(tmp_path: Path) -> None:
    jpeg = (HTML_EXPORT / "photos" / "photo_1@04-03-2024_08-05-00.jpg").read_bytes()
    assert is_media_or_asset(write(tmp_path, "front.jpg", jpeg))
    assert is_media_or_asset(write(tmp_path, "voice.ogg", b"OggS\x00\x02" + bytes(26)))
    assert is_media_or_asset(write(tmp_path, "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(16)))
    assert not is_media_or_asset(write(tmp_path, "photo.txt", jpeg))  # misnamed: read, reported as binary
    assert not is_media_or_asset(write(tmp_path, "notes.jpg", "Words, not a picture."))
    # css/ and photos/ are only an export's assets beside its messages
    (tmp_path / "photos").mkdir()
    assert not is_media_or_asset(write(tmp_path, "photos/caption.txt", "A caption kept as text."))
    write(tmp_path, "result.json", json.dumps({"name": "c", "messages": []}))
    assert is_media_or_asset(tmp_path / "photos" / "caption.txt")


def test_media_are_passed_over_before_reading_and_counted() -> None:
    heard: list[Path] = []
    files = list(iter_files([HTML_EXPORT]))
    kept, skipped = without_media(files, heard.append)
    assert [path.name for path in kept] == ["messages.html", "messages2.html"]
    assert skipped == len(heard) == 7 and set(heard).isdisjoint(kept)


def test_telegram_reply_to_another_chat_keeps_no_id(tmp_path: Path) -> None:
    message = {"id": 9, "type": "message", "date_unixtime": "1743494400", "text": "Answer.",
               "reply_to_message_id": 4, "reply_to_peer_id": "channel77"}
    path = write(tmp_path, "result.json", json.dumps({"name": "c", "messages": [message]}))
    (doc,) = read_file(path, max_bytes=LIMIT)
    assert "reply_to_message_id" not in doc.meta


def test_ingest_of_an_export_folder_skips_its_media(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    result = CliRunner().invoke(app, ["ingest", str(HTML_EXPORT), "--db", db, "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "2 files: 7 documents added, 0 already in the ledger, 0 files failed" in result.output
    assert "7 media and asset files skipped" in result.output  # 4 photos, css, js and a PNG


def test_ingest_of_an_export_with_a_broken_page_goes_on(tmp_path: Path) -> None:
    export = tmp_path / "ChatExport_2024-03-06"
    shutil.copytree(HTML_EXPORT, export)
    page = (export / "messages.html").read_text(encoding="utf-8")
    (export / "messages.html").write_text(page.replace(' title="03.03.2024 10:20:05 UTC+03:00"', ""))
    db = str(tmp_path / "ledger.db")
    result = CliRunner().invoke(app, ["ingest", str(export), "--db", db, "--no-extract"])
    assert result.exit_code == 1
    output = result.output.replace("\n", "")  # rich wraps long lines
    assert f"{export / 'messages.html'}: malformed Telegram HTML export: message3 has no date" in output
    assert "2 documents added" in output and "1 files failed" in output
    with Ledger(url=db) as ledger:
        assert sorted(doc.meta["message_id"] for doc in ledger.documents()) == [8, 10]


# --- Telethon and JSON Lines ------------------------------------------------------------------------


def test_telethon_list() -> None:
    first, second = read("telethon.json")
    assert first.format == "telethon"
    assert first.source == "telegram:4000000004"
    assert first.published_at == datetime(2025, 4, 2, 3, 15, tzinfo=UTC)
    assert first.meta["views"] == 1200 and first.meta["forwards"] == 15
    assert first.relay is None
    assert second.relay == "telegram:5000000005"
    assert second.meta["edited"] == "2025-04-02T07:10:00+00:00"
    assert first.url != second.url


def test_telethon_json_lines_with_channel_name() -> None:
    first, second = read("telethon_messages.jsonl")
    assert first.format == second.format == "telethon"
    assert first.source == "Fixture Telethon Channel"
    assert first.url == "https://t.me/fixture_channel/601"
    assert first.relay == "Fixture Source Name"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"id": [1]}, "item 0 has an id that is not an integer: [1]"),
        ({"peer_id": ["PeerChannel"]}, "item 0 (id 1) has a peer_id that is not an integer"),
        ({"peer_id": {"channel_id": "x"}}, "item 0 (id 1) has a peer_id.channel_id that is not an integer"),
        ({"peer_id": {"_": "PeerChannel"}}, "item 0 (id 1) has a peer_id without any of channel_id, chat_id"),
        ({"channel": 5}, "item 0 (id 1) has a channel that is not a string: 5"),
        ({"fwd_from": "someone"}, "item 0 (id 1) has a fwd_from that is not an object: 'someone'"),
        ({"fwd_from": {"from_name": ["x"]}}, "item 0 (id 1) has a fwd_from.from_name that is not a string"),
        ({"views": "many"}, "item 0 (id 1) has a views that is not an integer: 'many'"),
        ({"username": "bad name"}, "item 0 (id 1) has a username that is not a Telegram username"),
        ({"edit_date": 17}, "item 0 (id 1) has an edit_date that is not an ISO date string: 17"),
    ],
)
def test_telethon_fields_of_the_wrong_type(tmp_path: Path, fields: dict[str, object], words: str) -> None:
    row = {"id": 1, "peer_id": {"channel_id": 9}, "message": "m", "date": "2025-01-01T00:00:00+00:00"}
    path = write(tmp_path, "dump.json", json.dumps([{**row, **fields}]))
    reject(path, MalformedInputError, f"malformed Telethon messages: {words}")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("https://desk.example.org/\x01x", None),
        ("/relative/path", None),
        ("http://", None),
        ("  https://desk.example.org/3 ", "https://desk.example.org/3"),
        ("telegram:2000000002/5", "telegram:2000000002/5"),
    ],
)
def test_json_lines_urls_keep_only_safe_schemes(tmp_path: Path, url: str, kept: str | None) -> None:
    line = json.dumps({"text": "fine", "source": "s", "url": url})
    (doc,) = read_file(write(tmp_path, "one.jsonl", line), max_bytes=LIMIT)
    assert doc.url == kept
    assert doc.meta.get("unsafe_url") == (None if kept else url)


# --- identity and walking ---------------------------------------------------------------------------


def document_fixtures() -> list[Path]:
    """Every fixture a folder ingest reads: a Telegram export's photos and page assets are passed over."""
    return [path for path in iter_files([FIXTURES]) if not is_media_or_asset(path)]


def test_ids_are_stable_across_reads_and_distinct_between_documents() -> None:
    files = document_fixtures()
    first = [doc.id for path in files for doc in read_file(path, max_bytes=LIMIT)]
    second = [doc.id for path in files for doc in read_file(path, max_bytes=LIMIT)]
    assert first == second
    distinct_files = [path for path in files if path.name != "feed_named.txt"]
    ids = [doc.id for path in distinct_files for doc in read_file(path, max_bytes=LIMIT)]
    assert len(ids) == len(set(ids))


def test_dates_are_always_utc_aware() -> None:
    for path in document_fixtures():
        for doc in read_file(path, max_bytes=LIMIT):
            if doc.published_at is not None:
                assert doc.published_at.utcoffset() == timedelta(0)


def test_iter_files_recurses_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/c.txt", ".hidden.txt", ".git/config", "a/.secret/x.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    single = write(tmp_path, "single.txt", "y")
    found = list(iter_files([tmp_path / "a", tmp_path, single]))
    assert found == [
        tmp_path / "a/c.txt",
        tmp_path / "a/z.txt",
        tmp_path / "b.txt",
        tmp_path / "single.txt",
    ]
    missing = tmp_path / "missing.txt"
    assert list(iter_files([missing])) == [missing]


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("x.txt", b'{"name": "c", "messages": []}', "telegram"),
        ("x.json", b'[{"id": 1, "message": "m", "date": "2025-01-01T00:00:00+00:00"}]', "telethon"),
        ("x.txt", b'{"text": "t", "source": "s"}\n', "jsonl"),
        ("x.dat", b"<?xml version='1.0'?>\n<!-- c -->\n<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("x.txt", b"<!DOCTYPE html><html><body>", "html"),
        ("messages.html", b"<!DOCTYPE html><html><body><div class=\"history\">", "html"),
        ("page.htm", b'<!DOCTYPE html>\n<html>\n <div class="page_body chat_page">', "telegram-html"),
        ("x.txt", b"\n<!-- saved page -->\n<HTML lang='en'>", "html"),
        ("x.html", b"Just words.", "html"),
        ("x.md", b"Just words mentioning <html> later.", "text"),
        ("x.txt", b'{"text_like": "not really"} and prose', "text"),
    ],
)
def test_detect_format_content_first_extension_second(name: str, head: bytes, expected: str) -> None:
    assert detect_format(Path(name), head) == expected


# --- bad input --------------------------------------------------------------------------------------


def reject(path: Path, error: type[IngestError], words: str, *, max_bytes: int = LIMIT) -> None:
    with pytest.raises(error) as caught:
        read_file(path, max_bytes=max_bytes)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert words in message, message


def test_missing_file(tmp_path: Path) -> None:
    reject(tmp_path / "nope.txt", UnreadableInputError, "no such file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "secret")
    path.chmod(0)
    reject(path, UnreadableInputError, "permission denied")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    reject(tmp_path, UnreadableInputError, "not a regular file")


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x00\x00", b"text with a \x00 NUL byte"],
)
def test_binary_files(tmp_path: Path, content: bytes) -> None:
    reject(write(tmp_path, "blob.txt", content), UnsupportedFormatError, "binary file, not text")


@pytest.mark.parametrize("content", ["", "  \n\n\t "])
def test_empty_file(tmp_path: Path, content: str) -> None:
    reject(write(tmp_path, "empty.txt", content), MalformedInputError, "empty file")


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    reject(
        write(tmp_path, "big.txt", "a" * 2000), OversizeInputError, "over the limit of 1000", max_bytes=1000
    )


def test_oversize_single_document(tmp_path: Path) -> None:
    # Cyrillic in cp1251 takes one byte per letter on disk and two once decoded.
    path = write(tmp_path, "cp1251.txt", ("Тестовое предложение о посёлке. " * 30).encode("cp1251"))
    size = len(path.read_bytes())
    reject(path, OversizeInputError, "the text is", max_bytes=size + 10)


def test_truncated_telegram_export(tmp_path: Path) -> None:
    text = (FIXTURES / "telegram" / "result.json").read_text()
    reject(
        write(tmp_path, "result.json", text[: len(text) // 2]), MalformedInputError, "truncated JSON at line"
    )


def test_telegram_messages_not_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, "result.json", '{"name": "c", "messages": {"id": 1}}')
    reject(path, MalformedInputError, "malformed Telegram export: messages is not a list")


def test_telegram_message_without_date(tmp_path: Path) -> None:
    messages = [
        {"id": i, "type": "message", "date_unixtime": "1743494400", "text": f"m{i}"} for i in range(3)
    ]
    messages.append({"id": 3, "type": "message", "text": "no time"})
    path = write(tmp_path, "bad.json", json.dumps({"name": "c", "messages": messages}))
    reject(path, MalformedInputError, "malformed Telegram export: messages[3] (id 3) has no date")


def test_json_lines_bad_line_rejects_whole_file(tmp_path: Path) -> None:
    good = json.dumps({"text": "fine", "source": "s"})
    path = write(tmp_path, "notes.jsonl", f'{good}\n{good}\n{{"text": "cut off')
    reject(path, MalformedInputError, "line 3 is not valid JSON")


def test_json_lines_line_without_text(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "fine", "source": "s"}), json.dumps({"source": "s", "url": "u"})]
    reject(write(tmp_path, "notes.jsonl", "\n".join(lines)), MalformedInputError, "line 2 has no text")


@pytest.mark.parametrize("published", ["not a date at all", "yesterday"])
def test_json_lines_unreadable_date(tmp_path: Path, published: str) -> None:
    line = json.dumps({"text": "fine", "source": "s", "published": published})
    reject(
        write(tmp_path, "notes.jsonl", line), MalformedInputError, "line 1 has an unreadable published date"
    )


def test_telethon_message_without_date(tmp_path: Path) -> None:
    rows = [
        {"id": 1, "peer_id": {"channel_id": 9}, "message": "m", "date": "2025-01-01T00:00:00+00:00"},
        {"id": 2, "peer_id": {"channel_id": 9}, "message": "m2"},
    ]
    reject(write(tmp_path, "dump.json", json.dumps(rows)), MalformedInputError, "item 1 (id 2) has no date")


def test_telethon_message_without_channel(tmp_path: Path) -> None:
    line = json.dumps({"id": 1, "message": "m", "date": "2025-01-01T00:00:00+00:00"})
    reject(
        write(tmp_path, "dump.jsonl", line),
        MalformedInputError,
        "line 1 (id 1) has neither a peer_id nor a channel",
    )


def test_unknown_json_layout(tmp_path: Path) -> None:
    reject(write(tmp_path, "config.json", '{"setting": true}'), UnsupportedFormatError, "unsupported JSON")


def test_broken_feed(tmp_path: Path) -> None:
    reject(write(tmp_path, "feed.xml", "<rss><channel><title>x</ti"), MalformedInputError, "malformed feed")


def test_feed_without_entries(tmp_path: Path) -> None:
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    reject(write(tmp_path, "quiet.xml", feed), MalformedInputError, "no documents")


def test_telegram_export_with_only_service_messages(tmp_path: Path) -> None:
    export = {"name": "c", "messages": [{"id": 1, "type": "service", "date": "2025-01-01T00:00:00"}]}
    reject(write(tmp_path, "result.json", json.dumps(export)), MalformedInputError, "no documents")


def test_undecodable_json_lines(tmp_path: Path) -> None:
    content = b'{"text": "caf\xe9", "source": "s"}\n'
    reject(write(tmp_path, "notes.jsonl", content), EncodingError, "undecodable bytes")


def test_undecodable_text(tmp_path: Path) -> None:
    reject(write(tmp_path, "noise.txt", bytes(range(0x80, 0x100))), EncodingError, "undecodable bytes")


def test_utf16_text_with_bom_is_not_binary(tmp_path: Path) -> None:
    (doc,) = read_file(write(tmp_path, "wide.txt", "Wide text.\n".encode("utf-16")), max_bytes=LIMIT)
    assert doc.text == "Wide text.\n"


def test_html_without_text(tmp_path: Path) -> None:
    reject(
        write(tmp_path, "blank.html", "<html><body><nav></nav></body></html>"), MalformedInputError, "HTML"
    )


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.*")), ids=lambda path: path.name)
def test_truncated_fixtures_yield_documents_or_a_named_error(tmp_path: Path, path: Path) -> None:
    data = path.read_bytes()
    for cut in range(1, len(data), max(1, len(data) // 12)):
        broken = write(tmp_path, path.name, data[:cut])
        try:
            documents = read_file(broken, max_bytes=LIMIT)
        except IngestError as error:
            assert str(error).startswith(f"{broken}: ")
        else:
            assert documents and all(doc.text.strip() for doc in documents)
