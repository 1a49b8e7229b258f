"""The gazetteer: embedded lookups, spellings, analyst places, and the GeoNames import and download paths."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.errors import DownloadError, GazetteerError
from claimledger.extract.geo import ATTRIBUTION, Gazetteer, download_geonames, import_geonames
from claimledger.extract.geo._names import latin_keys, name_key
from claimledger.model import Place

ADMIN1 = [
    "1000000",
    "Donetsk Oblast",
    "Donetsk Oblast",
    "",
    "48.0",
    "37.8",
    "A",
    "ADM1",
    "UA",
    "",
    "05",
    "",
    "",
    "",
    "4100000",
    "",
    "",
    "Europe/Kyiv",
    "2024-01-01",
]
VILLAGE = [
    "1000001",
    "Testivka",
    "Testivka",
    "Testovka,Тестівка",
    "48.5",
    "37.5",
    "P",
    "PPL",
    "UA",
    "",
    "05",
    "",
    "",
    "",
    "1200",
    "",
    "150",
    "Europe/Kyiv",
    "2024-01-01",
]
ALTERNATE = ["1", "1000001", "de", "Testiwka", "", "", "", "", "", ""]


def _zip(path: Path, member: str, rows: list[list[str]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "".join("\t".join(row) + "\n" for row in rows))
    return path


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    folder = tmp_path / "dumps"
    folder.mkdir()
    _zip(folder / "UA.zip", "UA.txt", [ADMIN1, VILLAGE])
    _zip(folder / "alternateNamesV2.zip", "alternateNamesV2.txt", [ALTERNATE])
    (folder / "XX.zip").write_bytes(b"this is not a zip archive")
    return folder


@pytest.fixture
def server(dumps: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(dumps))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def embedded() -> Gazetteer:
    return Gazetteer.load_embedded()


def test_name_keys_and_romanisations() -> None:
    assert name_key("Kupiańsk’s") == "kupiansks"
    assert name_key("Rostov-on-Don") == "rostov on don"
    assert {"popovka"} <= latin_keys("Поповка", ukrainian=False)
    assert {"huliaipole", "hulyaipole", "gulyaypole"} <= latin_keys("Гуляйполе", ukrainian=True)
    assert {"hoholivka"} <= latin_keys("Гоголівка", ukrainian=True)


def test_embedded_lookup_by_spelling_and_admin(embedded: Gazetteer) -> None:
    belgorod = embedded.lookup("Popovka", country="RU", admin1="Belgorod")
    assert len(belgorod) == 3 and all(p.admin1 == "Belgorod Oblast" for p in belgorod)
    assert {p.id for p in embedded.lookup("Kharkov", country="UA")} & {
        p.id for p in embedded.lookup("Kharkiv")
    }
    assert embedded.lookup("Hoholivka", country="UA")
    assert embedded.lookup("Гоголевка", country="RU")
    kursk = embedded.lookup("Kursk Oblast")
    assert [p.kind for p in kursk] == ["admin1"] and kursk[0].lat is not None


def test_embedded_keeps_front_line_villages_and_drops_far_hamlets(embedded: Gazetteer) -> None:
    assert [p.admin1 for p in embedded.lookup("Goptarovka", country="RU")] == ["Kursk Oblast"]
    assert len(embedded.lookup("Popovka", country="RU", admin1="Bryansk")) >= 2
    assert not embedded.lookup("Abaga Tsentralnaya")  # a Yakutian hamlet of 383 people
    assert embedded.lookup("Yakutsk", country="RU") and embedded.lookup("Lisbon", country="PT")


def test_info_counts_sources_and_gives_attribution(embedded: Gazetteer) -> None:
    info = embedded.info()
    counts = info["places_by_source"]
    assert isinstance(counts, dict)
    # Village detail for Ukraine and Russia's front-line oblasts; only the larger places far away.
    assert counts["ru2021"] > 30_000 and counts["katottg"] > 29_000 and counts["ucdp"] > 0
    assert counts["geonames"] > 40_000
    assert info["attribution"] == ATTRIBUTION and "tochno.st" in ATTRIBUTION
    assert "ODbL" in ATTRIBUTION and "KATOTTG" in ATTRIBUTION and "OpenStreetMap" in ATTRIBUTION
    assert "ODbL" in info["licences"]["katottg"]  # type: ignore[index]


def test_with_places_adds_analyst_places(embedded: Gazetteer) -> None:
    place = Place(id="user:7", name="Checkpoint Sever", lat=50.1, lon=36.9, country="UA", sources=["user"])
    extended = embedded.with_places([place])
    assert [p.id for p in extended.lookup("Checkpoint Sever")] == ["user:7"]
    assert embedded.lookup("Checkpoint Sever") == []
    assert extended.info()["extra_places"] == 1


def test_import_builds_a_user_gazetteer(dumps: Path, tmp_path: Path) -> None:
    dest = import_geonames([dumps / "UA.zip", dumps / "alternateNamesV2.zip"], dest=tmp_path / "g.sqlite")
    gazetteer = Gazetteer.load(dest)
    assert [p.id for p in gazetteer.lookup("Testiwka")] == ["geonames:1000001"]
    assert [p.id for p in gazetteer.lookup("Тестівка")] == ["geonames:1000001"]
    assert [p.kind for p in gazetteer.lookup("Donetsk Oblast")] == ["admin1"]
    assert gazetteer.info()["places_by_source"] == {"geonames": 2}


def test_download_fetches_and_imports(server: str, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    dest = download_geonames(
        ["ua"],
        dest=tmp_path / "g.sqlite",
        base_url=server,
        progress=lambda name, done, total: seen.append((name, done, total)),
    )
    assert Gazetteer.load(dest).lookup("Testovka")
    assert {name for name, _done, _total in seen} == {"UA.zip", "alternateNamesV2.zip"}
    assert all(done == total for name, done, total in seen if (name, done, total) == seen[-1])


def test_corrupt_dump_is_a_clear_error_and_keeps_the_gazetteer(dumps: Path, tmp_path: Path) -> None:
    dest = import_geonames([dumps / "UA.zip"], dest=tmp_path / "user" / "g.sqlite")
    before = dest.read_bytes()
    with pytest.raises(GazetteerError, match=r"XX\.zip"):
        import_geonames([dumps / "XX.zip"], dest=dest)
    assert dest.read_bytes() == before
    assert [p.name for p in dest.parent.iterdir()] == ["g.sqlite"]


def test_failed_download_keeps_the_gazetteer(server: str, dumps: Path, tmp_path: Path) -> None:
    dest = import_geonames([dumps / "UA.zip"], dest=tmp_path / "g.sqlite")
    before = dest.read_bytes()
    with pytest.raises(DownloadError, match=r"ZZ\.zip"):
        download_geonames(["ZZ"], dest=dest, base_url=server, alternate_names=False)
    with pytest.raises(DownloadError, match=r"XX\.zip"):
        download_geonames(["XX"], dest=dest, base_url=server, alternate_names=False)
    assert dest.read_bytes() == before


def test_not_a_gazetteer_file(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(GazetteerError, match=r"bogus\.sqlite"):
        Gazetteer.load(bogus)
    with pytest.raises(GazetteerError, match=r"missing\.sqlite"):
        Gazetteer.load(tmp_path / "missing.sqlite")


def test_user_gazetteer_takes_precedence(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_geonames([dumps / "UA.zip"], dest=tmp_path / "user.sqlite")
    monkeypatch.setenv("CLAIMLEDGER_GAZETTEER", str(user))
    gazetteer = Gazetteer.default()
    assert gazetteer.paths[0] == user
    assert [p.id for p in gazetteer.lookup("Testivka")] == ["geonames:1000001"]
    assert gazetteer.lookup("Goptarovka", country="RU")
