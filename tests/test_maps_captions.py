"""Captions and alt texts state what data/ and the drawing say: change the data (in a scratch
copy) or the drawing, and the words follow."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from matplotlib.collections import PatchCollection
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, shape

from parisbaku import data, maps, places
from parisbaku.maps import overseas

UTM38 = "EPSG:32638"


def _band(fig) -> Polygon:
    """The shaded corridor band as drawn: the patch collection hatched with dots."""
    (band,) = [c for c in fig.axes[0].collections
               if isinstance(c, PatchCollection) and c.get_hatch() == ".."]  # fmt: skip
    (path,) = band.get_paths()
    return Polygon(path.vertices[:-1])


def _inside_km(stops: list[str]) -> LineString:
    to_xy = Transformer.from_crs(4326, UTM38, always_xy=True)
    return LineString([to_xy.transform(places.place(p).lon, places.place(p).lat) for p in stops])


def _edit(scratch, relative: str, old: str, new: str) -> None:
    """Replace one exact passage of a scratch data file (it must be there once)."""
    path = scratch / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} moved in data/{relative}: update this test"
    path.write_text(text.replace(old, new), encoding="utf-8")
    data.clear_cache()


def _width_in(scratch, value: str) -> None:
    marker = "  - what: width of the Lachin corridor\n    value: 5 km\n"
    _edit(scratch, "timeline.yaml", marker, marker.replace("5 km", value))


def test_the_corridor_width_is_the_statements_figure_in_words_and_drawing(scratch_data):
    """The width is read from the statement's figure in data/timeline.yaml: a width typed
    in the caption, the legend, the alt text or the band's buffer fails here."""
    inside = _inside_km(["kornidzor", "lachin", "khankendi"])  # the band: from the border on
    for width in (5, 7.5):
        if width != 5:
            _width_in(scratch_data, f"{width:g} km")
        fig = maps.lachin_corridor("2020-12-01", names="hy")
        said = f"{width:g} km"
        assert f"the {said} band only shows the width" in fig.caption
        assert f"shaded band {said} wide" in fig.alt
        legend = " ".join(t.get_text() for lg in fig.legends for t in lg.get_texts())
        assert f"{said} width named in the 10 Nov 2020" in legend
        assert fig.extra["width_km"] == width
        # drawn: area / length of the band (flat ends) is its width, in UTM metres
        band = _band(fig)
        assert band.area / inside.length / 1000 == pytest.approx(width, rel=0.03)
        others = {f"{w:g} km" for w in (5, 7.5)} - {said}
        for text in (fig.caption, fig.alt, legend):
            assert not any(re.search(rf"(?<![\d.]){re.escape(o)}\b", text) for o in others)
    assert any(s.outlet.startswith("Trend") for s in fig.sources), "the width's sources"


def test_a_width_the_code_cannot_read_is_refused_naming_file_event_and_fix(scratch_data):
    _width_in(scratch_data, "five kilometres")
    with pytest.raises(data.DataError, match=r"timeline\.yaml.*width of the Lachin corridor"
                       r"(?s:.*)Fix: write the value as one number"):  # fmt: skip
        maps.lachin_corridor("2020-12-01")


# ------------------------------------------------- geography in words, from the geometries
ROOT = Path(__file__).resolve().parents[1]


def _layer(name: str) -> list[tuple[dict, object]]:
    raw = json.loads((ROOT / "data" / "geo" / f"{name}.geojson").read_text(encoding="utf-8"))
    return [(f["properties"], shape(f["geometry"])) for f in raw["features"]]


def _borders_in_lon_lat(country: str, at: tuple[float, float] | None = None) -> set[str]:
    """The independent answer: which countries a country's mainland (or, with ``at``, the
    part holding that point) touches, by shapely in lon/lat on the raw layer."""
    layer = {p["name_en"]: g for p, g in _layer("countries")}
    parts = sorted(getattr(layer[country], "geoms", [layer[country]]), key=lambda g: -g.area)
    part = next(g for g in parts if g.contains(Point(at))) if at else parts[0]
    return {name for name, g in layer.items() if name != country and g.intersects(part)}


def _stated_borders(alt: str) -> dict[str, set[str]]:
    stated = re.findall(r"(?:^|(?<=\. ))([A-Z][^.]*?) borders ([^.]+)\.", alt)
    return {who: set(re.split(r", | and ", listed)) for who, listed in stated}


@pytest.mark.parametrize("make", [maps.south_caucasus, maps.central_asia])
def test_every_border_the_alt_text_states_is_in_the_layer_and_none_is_left_out(make):
    fig = make()
    stated = _stated_borders(fig.alt)
    assert len(stated) >= 2, fig.alt
    for who, listed in stated.items():
        if "'s exclave around " in who:
            country, place = who.split("'s exclave around ")
            item = places.place(place.lower())
            assert listed == _borders_in_lon_lat(country, (item.lon, item.lat)), who
            assert f"{who} borders" in fig.caption or make is maps.central_asia
        else:
            assert listed == _borders_in_lon_lat(who), who


def test_the_south_caucasus_counts_and_places_what_it_draws():
    fig = maps.south_caucasus()
    districts = {p["district"] for p, _ in _layer("karabakh_districts") if p["role"] == "karabakh"}
    legend = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    assert f"the {len(districts)} districts of the control maps" in legend
    assert "Karabakh region, inside Azerbaijan." in fig.alt
    # where the shaded countries lie, by the geodesic azimuth between their centres
    assert "Georgia to the north-west" in fig.alt and "Armenia to the south-west" in fig.alt
    assert "The Caspian Sea lies east of Azerbaijan." in fig.alt
    assert "Around them: Iran to the south, Russia to the north, Turkey to the south-west." \
        in fig.alt  # fmt: skip


def test_a_sea_label_moved_in_data_moves_the_sea_in_the_words(scratch_data):
    """The Caspian's place in the alt text is where map_labels.csv writes it."""
    _edit(scratch_data, "tables/map_labels.csv", "south_caucasus,Caspian Sea,50.6,41.2",
          "south_caucasus,Caspian Sea,39.5,42.5")  # fmt: skip
    fig = maps.south_caucasus()  # the label now sits in the Black Sea, west of Georgia
    assert "The Caspian Sea lies west of Georgia." in fig.alt
    assert "east of Azerbaijan" not in fig.alt


def test_central_asia_spans_the_drawn_names_and_crosses_the_drawn_sea():
    fig = maps.central_asia()
    assert fig.alt.startswith("Map from Turkey to China. Kazakhstan and Uzbekistan are shaded")
    assert "Kazakhstan and Uzbekistan are shaded" in fig.caption
    assert "Baku – Turkmenbashi, across the Caspian Sea." in fig.alt


def test_an_area_name_placed_outside_the_frame_is_neither_drawn_nor_announced(scratch_data):
    _edit(scratch_data, "tables/map_labels.csv", "central_asia,CHINA,78.6,39.4",
          "central_asia,CHINA,84.0,42.0")  # fmt: skip
    fig = maps.central_asia()  # 84 E, 42 N is east of the frame: the name would be clipped
    assert "CHINA" not in fig.areas and "CHINA" not in [t.get_text() for t in fig.axes[0].texts]
    assert not fig.alt.startswith("Map from Turkey to China")


def test_the_places_the_2022_road_bypasses_are_the_tables(scratch_data):
    fig = maps.lachin_corridor("2022-08-26", names="hy")
    assert "bypassing Berdzor/Lachin town, Aghavno/Zabukh village and Nerkin Sus/Sus village" \
        in fig.caption  # fmt: skip
    _edit(scratch_data, "tables/map_routes.csv", ",lachin zabukh sus\n", ",zabukh\n")
    fig = maps.lachin_corridor("2022-08-26", names="hy")
    assert "bypassing Aghavno/Zabukh village (not drawn" in fig.caption
    assert "Sus" not in fig.caption


def test_new_caledonias_provinces_in_words_are_the_layers():
    fig = maps.new_caledonia()
    layer = {p["province"]: g for p, g in _layer("new_caledonia_provinces")}
    assert layer["sud"].intersects(layer["nord"]) and not any(
        layer["iles"].intersects(layer[p]) for p in ("sud", "nord"))  # fmt: skip
    assert "Province Sud and Province Nord share a border." in fig.alt
    assert "Îles Loyauté touches no other province." in fig.alt
    assert "Province Nord to the north-west" in fig.alt and "Îles Loyauté to the east" in fig.alt


def test_the_overseas_panels_are_counted_and_their_status_read_from_the_layer(scratch_data):
    fig = maps.france_overseas()
    panels = [a for a in fig.axes[1:] if a.get_title()]
    assert f"and {len(panels)} small panels" in fig.alt
    assert ("New Caledonia (a sui generis collectivity) and French Polynesia (an overseas "
            "collectivity) are not departments") in fig.caption  # fmt: skip
    _edit(scratch_data, "geo/france_overseas.geojson", '"overseas collectivity (COM)"',
          '"overseas department (DROM)"')  # fmt: skip
    fig = maps.france_overseas()
    assert "New Caledonia (a sui generis collectivity) is not a department" in fig.caption


def test_the_district_count_in_the_legend_is_the_layers(scratch_data):
    path = scratch_data / "geo" / "karabakh_districts.geojson"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["features"] = [f for f in raw["features"] if f["properties"]["district"] != "tartar"]
    path.write_text(json.dumps(raw), encoding="utf-8")
    data.clear_cache()
    legend = maps.south_caucasus().axes[0].get_legend().get_texts()
    assert "the 11 districts of the control maps" in " ".join(t.get_text() for t in legend)


def test_new_caledonias_title_and_caption_count_the_provinces_drawn(scratch_data):
    assert "the three provinces" in maps.new_caledonia().caption
    layer = scratch_data / "geo" / "new_caledonia_provinces.geojson"
    doc = json.loads(layer.read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["province"] != "iles"]
    layer.write_text(json.dumps(doc), encoding="utf-8")
    data.clear_cache()
    fig = maps.new_caledonia()
    assert fig._suptitle.get_text() == "New Caledonia: the two provinces"
    assert "the two provinces" in fig.caption and "three" not in fig.caption


def test_the_overseas_alt_text_counts_the_panels_it_draws(monkeypatch):
    monkeypatch.setattr(overseas, "_PANELS", overseas._PANELS[:-1])
    fig = maps.france_overseas()
    drawn = [a for a in fig.axes[1:] if a.get_title()]
    assert len(drawn) == len(overseas._PANELS)
    assert f"and {len(drawn)} small panels" in fig.alt
