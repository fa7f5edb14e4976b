"""The computations behind the exercises' expected answers (``compute:`` in
data/exercises/*.yaml), each checked against an independent computation on the raw
files of data/: pyproj.Geod segment by segment for distances, the Web Mercator and
flat-degree formulas written out, geodesic polygon areas (pyproj.Geod on shapely shapes
read from the GeoJSON) for areas, datetime arithmetic on data/timeline.yaml for days,
the CSV read with the csv module for table figures, the YAML read directly for the
article and the claims. Each test runs every call the exercises make of its function
(the real arguments, read from the exercise files), so a drift in either is caught."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import shapely
import yaml
from pyproj import Geod
from shapely.geometry import Point, shape

from parisbaku import article, claims, exercises, measures, places, tables, timeline
from parisbaku.data import DataError

DATA = Path(__file__).resolve().parents[1] / "data"
WGS84 = Geod(ellps="WGS84")
EARTH_RADIUS_M = 6378137.0  # the sphere Web Mercator (EPSG:3857) projects onto


def calls(name: str) -> list[dict]:
    """The arguments of every call the exercise files make of ``compute: name``."""
    found = []
    for path in sorted((DATA / "exercises").glob("*.yaml")):
        for chk in yaml.safe_load(path.read_text(encoding="utf-8")).get("checks") or []:
            for item in [chk, *chk.get("close", [])]:
                if item.get("compute") == name:
                    found.append(item.get("args", {}))
    return found


def registered(name: str):
    """The function ``compute: name`` runs, with the calls the exercises make of it."""
    args = calls(name)
    assert args, f"no exercise uses compute: {name}"
    return exercises.COMPUTE[name], args


# ---------------------------------------------------------------- text: article, claims


def _fold(text: str) -> str:
    """Lower case without accents (enough for the English terms the exercises search)."""
    text = unicodedata.normalize("NFKD", text).replace("’", "'")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _paragraphs() -> dict[int, str]:
    raw = yaml.safe_load((DATA / "article" / "paragraphs.yaml").read_text(encoding="utf-8"))
    return {p["n"]: _fold(p["text"]) for p in raw["paragraphs"]}


def test_article_paragraphs_with_lists_each_paragraph_holding_the_term():
    func, args = registered("article_paragraphs_with")
    assert func is article.find
    for a in args:
        expected = [n for n, text in _paragraphs().items() if _fold(a["term"]) in text]
        assert expected and func(**a) == expected


def test_article_occurrences_counts_every_occurrence_of_every_term():
    func, args = registered("article_occurrences")
    for a in args:
        expected = sum(text.count(_fold(t)) for text in _paragraphs().values() for t in a["terms"])
        assert expected > len(a["terms"]) and func(**a) == expected


def test_article_paragraphs_with_any_counts_paragraphs_not_occurrences():
    func, args = registered("article_paragraphs_with_any")
    for a in args:
        terms = [_fold(t) for t in a["terms"]]
        expected = sum(any(t in text for t in terms) for text in _paragraphs().values())
        assert 0 < func(**a) == expected < article.occurrences(a["terms"])


def test_opinion_only_paragraphs_are_those_with_opinions_and_nothing_else():
    func, args = registered("opinion_only_paragraphs")
    raw = yaml.safe_load((DATA / "claims.yaml").read_text(encoding="utf-8"))["claims"]
    by_paragraph: dict[int, list[str]] = {}
    for c in raw:
        by_paragraph.setdefault(c["paragraph"], []).append(c["verdict"])
    expected = sorted(n for n, v in by_paragraph.items() if all(x == "opinion" for x in v))
    assert expected and func(**args[0]) == expected
    mixed = [n for n, v in by_paragraph.items() if "opinion" in v and set(v) != {"opinion"}]
    assert mixed and not set(mixed) & set(func())


# ---------------------------------------------------------------- time


def _dates() -> dict[str, tuple[str, str]]:
    raw = yaml.safe_load((DATA / "timeline.yaml").read_text(encoding="utf-8"))
    return {e["id"]: (str(e["date"]), e.get("precision", "day")) for e in raw["events"]}


def _day(event_id: str) -> dt.date:
    text, precision = _dates()[event_id]
    assert precision == "day", event_id
    return dt.date.fromisoformat(text)


def test_days_between_is_the_difference_of_the_two_dates():
    func, args = registered("days_between")
    for a in args:
        assert func(**a) == (_day(a["end"]) - _day(a["start"])).days
    blockade = args[0]  # from the road's closing to the September offensive
    assert func(**blockade) == (dt.date(2023, 9, 19) - dt.date(2022, 12, 12)).days == 281


def test_days_between_refuses_an_event_dated_only_to_the_month():
    month = next(i for i, (_, p) in _dates().items() if p == "month")
    day = next(i for i, (_, p) in _dates().items() if p == "day")
    with pytest.raises(DataError, match="dated only to the month"):
        timeline.days_between(day, month)


def test_timeline_order_sorts_by_date():
    func, args = registered("timeline_order")
    for a in args:
        expected = sorted(a["events"], key=_day)
        assert func(**a) == expected != a["events"]


# ---------------------------------------------------------------- tables


def _rows(name: str, where: dict) -> list[dict[str, str]]:
    with open(DATA / "tables" / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    def keep(row):
        return all(row[k] in {str(x) for x in (v if isinstance(v, list) else [v])}
                   for k, v in where.items())
    return [r for r in rows if keep(r)]


def _one(name: str, where: dict, column: str) -> float:
    (row,) = _rows(name, where)
    return float(row[column])


def test_table_value_reads_the_one_named_row():
    func, args = registered("table_value")
    for a in args:
        assert func(**a) == _one(a["name"], a["where"], a["column"])


def test_table_values_reads_every_named_row_in_table_order():
    func, args = registered("table_values")
    for a in args:
        expected = [float(r[a["column"]]) for r in _rows(a["name"], a["where"])]
        assert len(expected) > 1 and func(**a) == expected


def test_table_difference_is_second_minus_first():
    func, args = registered("table_difference")
    for a in args:
        expected = (_one(a["name"], a["second"], a["column"])
                    - _one(a["name"], a["first"], a["column"]))
        assert func(**a) == pytest.approx(expected, abs=1e-9) and expected != 0
        swapped = {**a, "first": a["second"], "second": a["first"]}
        assert func(**swapped) == pytest.approx(-expected, abs=1e-9)


def test_table_relative_change_is_a_percentage_of_the_first():
    func, args = registered("table_relative_change")
    for a in args:
        first = _one(a["name"], a["first"], a["column"])
        second = _one(a["name"], a["second"], a["column"])
        expected = a.get("sign", 1) * (second / first - 1) * 100
        assert func(**a) == pytest.approx(expected, rel=1e-12)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def test_table_is_the_csv_with_numbers_as_numbers():
    """A column is numbers only when every cell is one; any other stays text as typed."""
    mixed = 0
    for path in sorted((DATA / "tables").glob("*.csv")):
        frame = exercises.table(path.stem)
        rows = _rows(path.stem, {})
        assert len(frame) == len(rows)
        for column in frame.columns:
            raw = [r[column] for r in rows]
            numbers = [_number(x) for x in raw]
            if all(n is not None for n in numbers):
                assert frame[column].tolist() == numbers, (path.name, column)
            else:
                mixed += any(n is not None for n in numbers)
                assert frame[column].tolist() == raw, (path.name, column)
    assert mixed  # some column mixes numbers and text, and stays text


# ---------------------------------------------------------------- places: distances, districts


def _lon_lat(place_id: str) -> tuple[float, float]:
    with open(DATA / "places.csv", encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["id"] == place_id)
    return float(row["lon"]), float(row["lat"])


def test_path_km_sums_geodesic_segments_on_the_wgs84_ellipsoid():
    func, args = registered("path_km")
    for a in args:
        pts = [_lon_lat(p) for p in a["points"]]
        expected = sum(WGS84.inv(*p, *q)[2] for p, q in itertools.pairwise(pts)) / 1000
        assert func(**a) == pytest.approx(expected, rel=1e-6)
    baku_noumea = func(points=["baku", "noumea"])
    assert 13_000 < baku_noumea < 15_000  # a third of the way round the Earth


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return (EARTH_RADIUS_M * math.radians(lon),
            EARTH_RADIUS_M * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _mercator_array(lon_lat: np.ndarray) -> np.ndarray:
    return np.array([_mercator(lon, lat) for lon, lat in lon_lat])


def test_mercator_path_km_measures_flat_on_web_mercator():
    func, args = registered("mercator_path_km")
    for a in args:
        xy = [_mercator(*_lon_lat(p)) for p in a["points"]]
        expected = sum(math.dist(p, q) for p, q in itertools.pairwise(xy)) / 1000
        assert func(**a) == pytest.approx(expected, rel=1e-6)
        assert func(**a) > measures.path_km(a["points"])  # Mercator stretches away from the equator


def test_degrees_path_km_takes_a_degree_as_111_km_everywhere():
    func, args = registered("degrees_path_km")
    for a in args:
        pts = [_lon_lat(p) for p in a["points"]]
        expected = sum(math.hypot(q[0] - p[0], q[1] - p[1])
                       for p, q in itertools.pairwise(pts)) * 111.32
        assert func(**a) == pytest.approx(expected, rel=1e-9)


def _features(layer: str) -> list[dict]:
    return json.loads((DATA / "geo" / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]


def _geodesic_km2(codes: list[str]) -> float:
    chosen = [shape(f["geometry"]) for f in _features("karabakh_districts")
              if f["properties"]["adm1_code"] in codes]
    assert len(chosen) == len(codes)
    return sum(abs(WGS84.geometry_area_perimeter(g)[0]) for g in chosen) / 1e6


def test_area_km2_is_the_area_on_the_ellipsoid_and_the_typical_wrong_ones():
    func, args = registered("area_km2")
    for a in args:
        codes = a["codes"]
        geoms = [shape(f["geometry"]) for f in _features("karabakh_districts")
                 if f["properties"]["adm1_code"] in codes]
        crs = a.get("crs", "equal-area")
        if crs == "equal-area":
            expected, rel = _geodesic_km2(codes), 2e-3  # a local LAEA vs the ellipsoid itself
        elif crs == "EPSG:3857":
            expected = sum(shapely.transform(g, _mercator_array).area for g in geoms) / 1e6
            rel = 1e-3
            assert expected > 1.5 * _geodesic_km2(codes)  # at 40° N Mercator inflates ~1.7x
        else:
            assert crs == "degrees"
            expected, rel = sum(g.area for g in geoms), 1e-9
        assert func(**a) == pytest.approx(expected, rel=rel)


def _unit_containing(lon: float, lat: float) -> str:
    point = Point(lon, lat)
    for layer, column in (("karabakh_districts", "district"), ("armenia_provinces", "province")):
        for f in _features(layer):
            if shape(f["geometry"]).contains(point):
                return f["properties"][column]
    return "none"


def _expected_unit(place_id: str) -> str:
    with open(DATA / "places.csv", encoding="utf-8", newline="") as f:
        return next(r for r in csv.DictReader(f) if r["id"] == place_id)["district_expected"]


def test_containing_district_is_the_polygon_holding_the_point():
    func, args = registered("containing_district")
    for a in args:
        assert func(**a) == _unit_containing(*_lon_lat(a["place_id"]))
    assert func("goris") == _unit_containing(*_lon_lat("goris")) == "syunik"


def test_expected_district_is_the_gazetteer_column():
    assert exercises.COMPUTE["expected_district"] is places.expected_district
    for place_id in ("hadrut", "lachin", "goris"):
        assert places.expected_district(place_id) == _expected_unit(place_id)


def test_misplaced_lists_the_towns_whose_point_falls_elsewhere():
    func, args = registered("misplaced")
    for a in args:
        ids = a["place_ids"]
        expected = [p for p in ids if _unit_containing(*_lon_lat(p)) != _expected_unit(p)]
        assert 0 < len(expected) < len(ids)
        assert func(**a) == expected


def test_every_registered_computation_is_tested_here():
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [name for name in exercises.COMPUTE if f'"{name}"' not in source]
    assert not untested, f"no test for compute: {untested}"
    assert tables.value is exercises.COMPUTE["table_value"]
    assert claims.opinion_only_paragraphs is exercises.COMPUTE["opinion_only_paragraphs"]
