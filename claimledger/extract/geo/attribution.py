"""Where the gazetteer's places come from, and the attribution their licences require."""

from __future__ import annotations

SOURCE_LICENCES: dict[str, str] = {
    "geonames": "GeoNames (geonames.org), CC BY 4.0",
    "ru2021": "«Если быть точным» (tochno.st), «Населённые пункты России» 2021, CC BY 4.0",
    "katottg": "KATOTTG codifier (Ministry for Development of Communities and Territories of Ukraine, "
    "official open data); © OpenStreetMap contributors; GeoNames (geonames.org, CC BY 4.0); "
    "the derived database: ODbL 1.0",
    "ua-postal": "GeoNames postal codes (geonames.org), CC BY 4.0",
    "ucdp": "UCDP Georeferenced Event Dataset, Uppsala Conflict Data Program, CC BY 4.0",
    "boundaries": "geoBoundaries, OCHA (CC BY 3.0 IGO); © OpenStreetMap contributors, GIS-Lab (ODbL)",
    "claimledger": "claimledger contributors (historical regions), Apache-2.0",
    "user": "places added by the analyst",
}
"""Licence and attribution string of each gazetteer source id (the values of Place.sources)."""

ATTRIBUTION = (
    "Place data: GeoNames (geonames.org, CC BY 4.0); Ukrainian settlements, raions and hromadas from the "
    "KATOTTG codifier (Ministry for Development of Communities and Territories of Ukraine, official open "
    "data) with coordinates © OpenStreetMap contributors, GeoNames and GeoNames postal codes: the "
    "gazetteer, a database derived from OpenStreetMap, is licensed under the Open Database License "
    "(ODbL 1.0, https://opendatacommons.org/licenses/odbl/1-0/); Russian settlements from «Если быть точным» "
    "(tochno.st), «Населённые пункты России» (CC BY 4.0); UCDP Georeferenced Event Dataset, Uppsala "
    "Conflict Data Program (CC BY 4.0); region centroids from geoBoundaries/OCHA (CC BY 3.0 IGO) and "
    "© OpenStreetMap contributors, GIS-Lab (ODbL)."
)
"""The attribution text the README, `gazetteer info` and exports show."""
