"""Geoparsing: find place names in sentences and resolve them to gazetteer places.

Public API: `Geoparser` (the pipeline stage), `Gazetteer` (embedded, user-built or loaded from a file, with
analyst places), `download_geonames` / `import_geonames` (build the user's full GeoNames gazetteer) and
`ATTRIBUTION` (the text the gazetteer's licences require).
"""

from __future__ import annotations

from claimledger.extract.geo._gazetteer import Gazetteer
from claimledger.extract.geo._geonames import GEONAMES_URL, Progress, download_geonames, import_geonames
from claimledger.extract.geo._geoparser import Geoparser, default_gazetteer
from claimledger.extract.geo._resolver import Resolver
from claimledger.extract.geo.attribution import ATTRIBUTION, SOURCE_LICENCES

__all__ = [
    "ATTRIBUTION",
    "GEONAMES_URL",
    "SOURCE_LICENCES",
    "Gazetteer",
    "Geoparser",
    "Progress",
    "Resolver",
    "default_gazetteer",
    "download_geonames",
    "import_geonames",
]
