"""Captions and alt texts state what data/ and the drawing say: change the data (in a scratch
copy) or the drawing, and the words follow."""

from __future__ import annotations

import re

import pytest
from matplotlib.collections import PatchCollection
from pyproj import Transformer
from shapely.geometry import LineString, Polygon

from parisbaku import data, maps, places

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


def _width_in(scratch, value: str) -> None:
    path = scratch / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "  - what: width of the Lachin corridor\n    value: 5 km\n"
    assert text.count(marker) == 1, "the statement's width figure moved: update this test"
    path.write_text(text.replace(marker, marker.replace("5 km", value)), encoding="utf-8")
    data.clear_cache()


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
