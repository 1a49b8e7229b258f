"""Build the offline base map (claimledger/data/boundaries.geojson) from the files in ../shared/data.

Sources and the attribution the product shows with them:
  Ukraine's oblasts: geoBoundaries UKR ADM1 (from OCHA COD-AB), CC BY 3.0 IGO, "geoBoundaries, OCHA";
  Russia's western border regions: OSM/GIS-Lab, ODbL, "© OpenStreetMap contributors, GIS-Lab".

Each ring is simplified with Douglas-Peucker (plain Python, no GIS library) and its coordinates rounded, so
the file stays small enough to ship and to inline in every report. Rings that collapse are dropped.

Usage: python scripts/build_boundaries.py --shared ../shared --out claimledger/data/boundaries.geojson
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

UKRAINE = "geoBoundaries-UKR-ADM1_simplified.geojson"
RUSSIA_WEST = "russia_western_oblasts_gislab_osm.geojson"
ATTRIBUTION = "Boundaries: geoBoundaries, OCHA (CC BY 3.0 IGO); © OpenStreetMap contributors, GIS-Lab (ODbL)"
#: Degrees; about 1.5 km north-south, invisible at the zooms the map opens at.
TOLERANCE = 0.015
DIGITS = 3


def _offset(point: Point, start: Point, end: Point) -> float:
    """The distance from `point` to the segment start-end, in degrees."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(line: Sequence[Point], tolerance: float) -> Ring:
    """Douglas-Peucker: the points of `line` that keep it within `tolerance` of the original."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, first
        for n in range(first + 1, last):
            distance = _offset(line[n], line[first], line[last])
            if distance > far:
                far, index = distance, n
        if far > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def simplify_ring(ring: Sequence[Sequence[float]], tolerance: float, digits: int) -> Ring | None:
    """A closed ring simplified and rounded; None when fewer than three distinct corners are left.

    The ring is split at its point farthest from the start, so that both halves have distinct ends.
    """
    points = [(float(p[0]), float(p[1])) for p in ring]
    if points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 3:
        return None
    far = max(range(len(points)), key=lambda n: math.dist(points[0], points[n]))
    half = simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:] + points[:1], tolerance)
    rounded: Ring = []
    for x, y in half:
        point = (round(x, digits), round(y, digits))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded[0] == rounded[-1]:
        rounded.pop()
    return [*rounded, rounded[0]] if len(rounded) >= 3 else None


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unexpected geometry type {geometry['type']!r}")


def simplify_geometry(geometry: dict[str, Any], tolerance: float, digits: int) -> dict[str, Any] | None:
    """A (Multi)Polygon simplified ring by ring; a polygon whose outer ring collapses is dropped."""
    kept = []
    for polygon in polygons(geometry):
        outer = simplify_ring(polygon[0], tolerance, digits)
        if outer is None:
            continue
        holes = [r for r in (simplify_ring(h, tolerance, digits) for h in polygon[1:]) if r is not None]
        kept.append([outer, *holes])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def regions(folder: Path) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(name, country, licence, geometry) of every region the base map shows."""
    for feature in json.loads((folder / UKRAINE).read_text(encoding="utf-8"))["features"]:
        yield feature["properties"]["shapeName"], "UA", "CC BY 3.0 IGO", feature["geometry"]
    for feature in json.loads((folder / RUSSIA_WEST).read_text(encoding="utf-8"))["features"]:
        yield feature["properties"]["name_latin"], "RU", "ODbL", feature["geometry"]


def build(folder: Path, tolerance: float = TOLERANCE, digits: int = DIGITS) -> dict[str, Any]:
    features = []
    for name, country, licence, geometry in regions(folder):
        simplified = simplify_geometry(geometry, tolerance, digits)
        if simplified is not None:
            properties = {"name": name, "country": country, "licence": licence}
            features.append({"type": "Feature", "properties": properties, "geometry": simplified})
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--out", type=Path, default=Path("claimledger/data/boundaries.geojson"))
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="degrees")
    args = parser.parse_args()
    folder = args.shared / "data" / "gazetteer" / "boundaries"
    collection = build(folder, args.tolerance)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    corners = sum(len(r) for f in collection["features"] for p in polygons(f["geometry"]) for r in p)
    print(f"{args.out}: {len(collection['features'])} regions, {corners} corners, {len(text) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
