"""Cyrillic names of the oblasts of the war region, as Russian and Ukrainian reporting writes them.

Ukrainian oblasts are in the gazetteer under Latin keys only, and both languages name oblasts by an
adjective ("Харківська область", "Харьковская область") or a -щина noun ("на Харківщині", "Сумщина").
`REGION_KEYS` maps the nominative Cyrillic key of each such name to the gazetteer key of the oblast; the
matcher looks inflected forms up through their nominative (pymorphy3), so "на Сумщині" finds Sumy Oblast.
"""

from __future__ import annotations

from claimledger.extract.geo._names import name_key

# (gazetteer key, Ukrainian adjective, Russian adjective, -щина names in either language)
_OBLASTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("cherkasy oblast", "черкаська", "черкасская", ("черкащина",)),
    ("chernihiv oblast", "чернігівська", "черниговская", ("чернігівщина", "черниговщина")),
    ("chernivtsi oblast", "чернівецька", "черновицкая", ("буковина",)),
    (
        "dnipropetrovsk oblast",
        "дніпропетровська",
        "днепропетровская",
        ("дніпропетровщина", "днепропетровщина"),
    ),
    ("donetsk oblast", "донецька", "донецкая", ("донеччина", "донетчина")),
    ("ivano frankivsk oblast", "івано франківська", "ивано франковская", ()),
    ("kharkiv oblast", "харківська", "харьковская", ("харківщина", "харьковщина")),
    ("kherson oblast", "херсонська", "херсонская", ("херсонщина",)),
    ("khmelnytskyi oblast", "хмельницька", "хмельницкая", ("хмельниччина", "хмельнитчина")),
    ("kirovohrad oblast", "кіровоградська", "кировоградская", ("кіровоградщина", "кировоградщина")),
    ("kyiv oblast", "київська", "киевская", ("київщина", "киевщина")),
    ("luhansk oblast", "луганська", "луганская", ("луганщина",)),
    ("lviv oblast", "львівська", "львовская", ("львівщина", "львовщина")),
    ("mykolaiv oblast", "миколаївська", "николаевская", ("миколаївщина", "николаевщина")),
    ("odesa oblast", "одеська", "одесская", ("одещина", "одесчина")),
    ("poltava oblast", "полтавська", "полтавская", ("полтавщина",)),
    ("rivne oblast", "рівненська", "ровенская", ("рівненщина", "ровенщина")),
    ("sumy oblast", "сумська", "сумская", ("сумщина",)),
    ("ternopil oblast", "тернопільська", "тернопольская", ("тернопільщина", "тернопольщина")),
    ("vinnytsia oblast", "вінницька", "винницкая", ("вінниччина", "винничина")),
    ("volyn oblast", "волинська", "волынская", ("волинь", "волынь")),
    ("zakarpattia oblast", "закарпатська", "закарпатская", ("закарпаття", "закарпатье")),
    ("zaporizhzhia oblast", "запорізька", "запорожская", ()),
    ("zhytomyr oblast", "житомирська", "житомирская", ("житомирщина",)),
    ("kursk oblast", "курська", "курская", ("курщина",)),
    ("belgorod oblast", "бєлгородська", "белгородская", ("бєлгородщина", "белгородчина", "белгородщина")),
    ("bryansk oblast", "брянська", "брянская", ("брянщина",)),
)

REGION_KEYS: dict[str, str] = {
    name_key(alias): key
    for key, uk, ru, nouns in _OBLASTS
    for alias in (f"{uk} область", f"{ru} область", *nouns)
}
"""Nominative Cyrillic key of an oblast name -> the gazetteer key of the oblast."""
