"""Each map: a Figure with its layers, labels in the chosen convention, caption and alt text."""

from __future__ import annotations

import csv
import html
import itertools
import json
import os
import re
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import HOSTILE, assert_inert, edit_csv_row
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from pyproj import Geod, Transformer
from shapely.geometry import Point, shape

from parisbaku import InputError, data, geodata, maps, places
from parisbaku.data import Source
from parisbaku.maps.text import NKR_LEGEND

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_network(monkeypatch, request):
    """Maps never touch the network: any socket use fails the test (except the one
    test that drives JupyterLab in a browser, on this machine's loopback)."""
    if "widget_in_lab" in request.fixturenames:
        return

    def refuse(*args, **kwargs):
        raise AssertionError("a map tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _facecolours(fig: Figure) -> set[str]:
    found = set()
    for ax in fig.axes:
        for collection in ax.collections:
            found |= {to_hex(c) for c in collection.get_facecolor()}
    return found


def _geodesic_km(a: str, b: str) -> float:
    """The independent measure: pyproj's geodesic on the WGS 84 ellipsoid, from places.csv."""
    pa, pb = places.place(a), places.place(b)
    return Geod(ellps="WGS84").inv(pa.lon, pa.lat, pb.lon, pb.lat)[2] / 1000


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


ALL = {
    "karabakh": lambda: maps.karabakh("2020-11-20"),
    "lachin_corridor": lambda: maps.lachin_corridor("2022-08-26"),
    "new_caledonia": lambda: maps.new_caledonia(),
    "france_overseas": maps.france_overseas,
    "south_caucasus": maps.south_caucasus,
    "central_asia": maps.central_asia,
    "south_caucasus as of 2026-05": lambda: maps.south_caucasus(as_of="2026-05"),
}


@pytest.mark.parametrize("name", ALL)
def test_every_map_is_a_figure_with_caption_alt_text_and_scale(name):
    fig = ALL[name]()
    assert isinstance(fig, Figure)
    assert fig.caption.startswith("Depicts:"), "the caption states the date depicted first"
    assert "Natural Earth" in fig.caption, "the caption names the data source"
    assert len(fig.alt) > 80 and fig.alt != fig.caption
    assert fig.caption in str(fig) and fig.alt in str(fig)
    assert " km" in _texts(fig), "a scale bar in km"
    html = fig._repr_html_()
    assert 'alt="' in html and "Alt text" in html and html.count("<img") == 1
    assert fig.layers


def test_karabakh_colours_follow_the_period():
    orange, blue = maps.PALETTE["armenian"].lower(), maps.PALETTE["azerbaijan"].lower()
    before = maps.karabakh("1994")
    after = maps.karabakh("2023-09-20")
    assert orange in _facecolours(before)
    assert orange not in _facecolours(after) and blue in _facecolours(after)
    assert before.extra["control"]["aghdam"] == "split"
    assert set(after.extra["control"].values()) == {"azerbaijan"}
    assert "1994" in before.caption and "Sept 2023" in after.caption


@pytest.mark.parametrize(
    ("names", "present", "absent"),
    [
        ("en", ["Khankendi (Stepanakert)", "Shusha (Shushi)", "Lachin (Berdzor)"], ["Xankəndi"]),
        ("az", ["Xankəndi", "Şuşa", "Laçın"], ["Stepanakert", "Shushi", "Berdzor"]),
        ("hy", ["Stepanakert", "Shushi", "Berdzor", "Karvachar"], ["Xankəndi", "Şuşa"]),
    ],
)
def test_karabakh_labels_use_the_chosen_convention(names, present, absent):
    fig = maps.karabakh("2020-12-01", names=names)
    for label in present:
        assert label in fig.labels
    for label in absent:
        assert label not in fig.labels


def _legend(fig: Figure) -> str:
    return " ".join(t.get_text() for lg in fig.legends for t in lg.get_texts())


def test_the_nkao_is_drawn_only_as_labelled_bounds():
    fig = maps.karabakh("1994")
    legend = " ".join(_legend(fig).split())
    assert "lower bound" in legend and "upper approximation" in legend
    # the upper outline misses Aghdam's share of Mardakert: it must not pass for a strict bound
    assert "upper bound of" not in legend and "not a strict upper bound" in legend
    assert "Aghdam" in legend.split("upper approximation")[1]
    assert "not a strict upper bound" in fig.caption and "Aghdam district" in fig.caption
    assert "nkao_approx" in fig.layers
    plain = maps.karabakh("1994", nkao=False)
    assert "nkao_approx" not in plain.layers


def test_karabakh_rejects_unknown_periods_and_conventions():
    with pytest.raises(InputError, match="'2020-11-20'"):
        maps.karabakh("yesterday")
    with pytest.raises(InputError, match="'hy'"):
        maps.karabakh("1994", names="fr")


def test_the_corridor_is_a_labelled_schematic_measured_on_the_ellipsoid():
    fig = maps.lachin_corridor("2020-12-01", names="hy")
    assert "SCHEMATIC" in fig.caption
    legend = " ".join(t.get_text() for lg in fig.legends for t in lg.get_texts())
    assert "SCHEMATIC" in legend
    km = fig.extra["distances_km"]
    stops = ["goris", "kornidzor", "lachin", "khankendi"]
    legs = {f"{a}-{b}": _geodesic_km(a, b) for a, b in itertools.pairwise(stops)}
    for leg, expected in legs.items():  # flat degrees give 61.9 km in all, Web Mercator 69.3
        assert km[leg] == pytest.approx(expected, abs=0.05), leg
    assert km["total"] == pytest.approx(sum(legs.values()), abs=0.1)
    assert f"total {km['total']:g} km" in fig.caption
    road = _route_csv("lachin_new_road")["since"]  # a date the caption takes from data/
    assert f"From {maps.text.short_day(geodata.as_of(road))} traffic used a new road" in fig.caption
    assert "Berdzor" in fig.labels and "Stepanakert" in fig.labels
    later = maps.lachin_corridor("2023-09-20")
    assert "Hakari bridge checkpoint" in _legend(later) and "schematic" in _legend(later)


def test_new_caledonia_values_need_a_source_and_known_provinces():
    with pytest.raises(InputError, match="source"):
        maps.new_caledonia({"sud": 40.0})
    with pytest.raises(InputError, match="'sud', 'nord' and 'iles'"):
        maps.new_caledonia({"south": 40.0}, source="somewhere")
    src = Source(url="https://example.org/x", outlet="Example", published="2024-01-01")
    fig = maps.new_caledonia({"sud": 40.0, "nord": 60.0, "iles": 80.0}, source=src, title="Test")
    assert "Example, 2024-01-01" in fig.caption
    assert "Province Nord\n60 %" in _texts(fig)


def test_new_caledonia_referendum_shows_missing_provinces_as_missing():
    fig = maps.new_caledonia(referendum="2018-11-04")
    legend = " ".join(t.get_text() for ax in fig.axes if ax.get_legend()
                      for t in ax.get_legend().get_texts())  # fmt: skip
    assert "Province Sud: no figure found" in legend
    assert "2018-11-04" in fig.caption and "provisional" in fig.caption
    assert "Nouméa" in fig.labels and not any("Chesterfield" in t for t in fig.labels)


def test_france_overseas_gives_each_territory_its_own_panel_and_scale():
    fig = maps.france_overseas()
    assert len(fig.axes) == 8
    for ax in fig.axes:
        assert any(t.get_text().endswith(" km") for t in ax.texts), ax.get_title()
    titles = " ".join(ax.get_title() for ax in fig.axes)
    for name in ("Corsica", "Guadeloupe", "Martinique", "French Guiana", "Réunion", "Mayotte",
                 "New Caledonia", "French Polynesia"):  # fmt: skip
        assert name in titles
    towns = {
        "guadeloupe": "basse_terre",
        "new_caledonia": "noumea",
        "reunion": "saint_denis_reunion",
    }
    for territory, town in towns.items():
        expected = _geodesic_km("paris", town)
        assert fig.extra["distances_from_paris_km"][territory] == pytest.approx(expected, abs=0.5)
        assert f"{round(expected):,} km from Paris" in fig.alt


def test_central_asia_shows_the_route_as_a_schematic():
    fig = maps.central_asia()
    assert "SCHEMATIC" in fig.caption
    for town in ("Astana", "Tashkent", "Aktau", "Baku"):
        assert town in fig.labels
    for leg in ("baku-aktau", "baku-turkmenbashi", "istanbul-tbilisi"):
        expected = _geodesic_km(*leg.split("-"))
        assert fig.extra["route_km"][leg] == pytest.approx(expected, abs=0.5), leg
    assert f"Baku–Aktau {round(_geodesic_km('baku', 'aktau')):,} km" in fig.caption


def test_south_caucasus_labels_follow_the_convention():
    assert "Stepanakert" in maps.south_caucasus("hy").labels
    assert "Xankəndi" in maps.south_caucasus("az").labels


@pytest.mark.parametrize("draw", [
    lambda: maps.karabakh("2020-12-01"),
    *(lambda p=p: maps.lachin_corridor(p) for p in ("2020-12-01", "2023-05-01", "2023-09-20")),
], ids=["karabakh", "lachin-2020", "lachin-2023-05", "lachin-2023-09"])
def test_place_labels_do_not_cover_each_other(draw):
    """Karabakh, and the corridor in each period (the Hakari checkpoint's label, added in
    April 2023, once covered Zabukh/Aghavno's)."""
    fig = draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for ax in fig.axes for t in ax.texts
             if t.get_text().split("\n")[0] in fig.labels]  # fmt: skip
    assert len(boxes) >= 6
    clashes = [(a, b) for i, (a, x) in enumerate(boxes) for b, y in boxes[i + 1 :]
               if x.overlaps(y)]  # fmt: skip
    assert not clashes


def test_the_widget_redraws_the_map_in_place():
    pytest.importorskip("ipywidgets")
    box = maps.karabakh_widget("2020-12-01")
    slider, _, toggle, image, caption, _ = box.children
    first_png, first_caption = image.value, caption.value
    slider.value = "1994"
    assert image.value != first_png and "1994" in caption.value
    toggle.value = "hy"
    assert "Armenian names" in caption.value
    assert caption.value != first_caption
    assert places.name("khankendi", "hy") == "Stepanakert"


@pytest.mark.parametrize("name", ALL)
def test_the_printed_caption_does_not_run_over_the_map(name):
    fig = ALL[name]()
    renderer = fig.canvas.get_renderer()
    caption = fig._caption_text.get_window_extent(renderer)
    figure = fig.bbox
    assert caption.x1 <= figure.x1 and caption.y0 >= figure.y0, "caption cut off"
    for ax in fig.axes:
        assert not caption.overlaps(ax.get_window_extent(renderer)), ax.get_title()


@pytest.mark.parametrize("name", ["karabakh", "lachin_corridor"])
def test_the_control_legend_stands_beside_the_map_not_over_it(name):
    fig = ALL[name]()
    renderer = fig.canvas.get_renderer()
    (legend,) = fig.legends
    box = legend.get_window_extent(renderer)
    assert box.x1 <= fig.bbox.x1 and box.y0 >= fig.bbox.y0, "legend cut off"
    assert not box.overlaps(fig.axes[0].get_window_extent(renderer)), "legend covers the map"


@pytest.mark.parametrize("name", ["lachin_corridor", "central_asia"])
def test_a_schematic_route_is_dashed_and_its_legend_line_is_the_line_drawn(name):
    fig = ALL[name]()
    legend = fig.legends[0] if fig.legends else fig.axes[0].get_legend()
    keys = [(h.get_color(), h.get_linewidth(), h.get_linestyle())
            for h, t in zip(legend.legend_handles, legend.get_texts(), strict=True)
            if "SCHEMATIC" in t.get_text() and isinstance(h, Line2D)]  # fmt: skip
    drawn = {(ln.get_color(), ln.get_linewidth(), ln.get_linestyle()) for ln in fig.axes[0].lines}
    assert len(keys) == 1 and keys[0] in drawn, (keys, drawn)
    assert keys[0][2] == "--", "a schematic route must not look like a surveyed (solid) line"


def test_the_widget_starts_where_asked_and_rejects_unknown_periods():
    pytest.importorskip("ipywidgets")
    slider, _, toggle, _, caption, _ = maps.karabakh_widget("1994", names="az").children
    assert slider.value == "1994" and toggle.value == "az"
    assert "Azerbaijani names" in caption.value
    with pytest.raises(InputError):
        maps.karabakh_widget("tomorrow")


def test_the_widget_shows_the_full_name_of_the_period():
    pytest.importorskip("ipywidgets")
    slider, period_name, *_ = maps.karabakh_widget("1994").children
    for period in geodata.periods():
        slider.value = period.id
        assert html.escape(period.label) in period_name.value, "the whole name, never cut"
        # the menu's option is what a screen reader reads: the period's whole name
        assert dict((v, k) for k, v in slider.options)[period.id] == period.label


def _images(page: str) -> list[dict]:
    """The attributes of every <img> of ``page``, as a browser's parser reads them."""
    found = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append(dict(attrs))

    Reader(convert_charrefs=True).feed(page)
    return found


@pytest.fixture
def hostile_period(scratch_data):
    """The id of a Karabakh period whose name (data/tables/karabakh_periods.csv) holds markup."""
    row = edit_csv_row(scratch_data / "tables" / "karabakh_periods.csv", lambda r: True,
                       label=HOSTILE)
    data.clear_cache()
    return row["period"]


def test_a_map_shows_markup_in_its_caption_and_alt_text_as_text(hostile_period):
    """The image's alt attribute is the alt text, whole (a screen reader reads it); the
    caption and the visible alt text show the markup as characters."""
    fig = maps.karabakh(hostile_period)
    assert HOSTILE in fig.caption and HOSTILE in fig.alt
    page = fig._repr_mimebundle_()["text/html"]
    image, text = page.split("<figcaption", 1)
    assert [img["alt"] for img in _images(image)] == [fig.alt]
    assert_inert("<figcaption" + text, fig.caption.count(HOSTILE) + fig.alt.count(HOSTILE))


def test_the_widget_shows_markup_in_a_period_name_as_text(hostile_period):
    pytest.importorskip("ipywidgets")
    slider, period_name, _, image, caption, _ = maps.karabakh_widget(hostile_period).children
    fig = maps.karabakh(hostile_period)
    assert_inert(period_name.value, 1)
    assert_inert(caption.value, fig.caption.count(HOSTILE) + fig.alt.count(HOSTILE))
    assert [img["alt"] for img in _images(image.value)] == [fig.alt]
    assert dict((v, k) for k, v in slider.options)[hostile_period] == HOSTILE


NKR_WORDS = ("Nagorno-Karabakh Republic", "no UN member state", "so-called")


@pytest.mark.parametrize("period", ["1994", "2020-12-01", "2022-08-26"])
@pytest.mark.parametrize("make", [maps.karabakh, maps.lachin_corridor])
def test_nkr_is_explained_where_it_is_first_used(make, period):
    fig = make(period)
    texts = {"caption": fig.caption, "alt text": fig.alt, "legend": " ".join(_legend(fig).split())}
    assert "NKR" in texts["legend"] + texts["alt text"], "the check would prove nothing"
    for where, text in texts.items():
        if "NKR" not in text:
            continue
        first = text.index("NKR")
        said = text[first : first + 200]
        for words in NKR_WORDS:
            assert words in said, f"{where}: 'NKR' first used without saying what it is"


CONTESTED = {"shusha": ("Shusha", "Shushi"), "khankendi": ("Khankendi", "Stepanakert"),
             "lachin": ("Lachin", "Berdzor"), "zabukh": ("Zabukh", "Aghavno")}  # fmt: skip


@pytest.mark.parametrize("names", ["en", "az", "hy"])
@pytest.mark.parametrize("make", [maps.karabakh, maps.lachin_corridor])
def test_captions_and_alt_text_give_both_names_of_contested_places(make, names):
    import re

    fig = make("2023-09-20", names=names)
    for where, text in (("caption", fig.caption), ("alt text", fig.alt)):
        text = text.replace("Lachin corridor", "")  # the corridor's name, not a place
        for az, hy in CONTESTED.values():
            pair = f"{hy}/{az}" if names == "hy" else f"{az}/{hy}"
            alone = re.sub(re.escape(pair), "", text)
            assert not re.search(rf"\b({az}|{hy})\b", alone), f"{where}: {az} or {hy} alone"
    assert ("Shushi/Shusha" if names == "hy" else "Shusha/Shushi") in fig.alt + fig.caption


def test_the_hakari_checkpoint_appears_only_from_april_2023():
    timeline = pytest.importorskip("parisbaku.timeline")
    since = timeline.event("hakari-checkpoint-2023-04-23").date
    for period in geodata.periods():
        fig = maps.lachin_corridor(period.id)
        marked = any("Hakari bridge checkpoint" in label for label in fig.labels)
        assert marked == (period.start >= since), period.id
        assert ("Hakari bridge checkpoint" in _legend(fig)) == marked
        assert ("a cross marks the Hakari" in fig.alt) == marked
        if not marked:
            assert "came later" in fig.caption and "23 Apr 2023" in fig.caption
    # a date inside a period counts, not only the period's start
    assert any("Hakari" in t for t in maps.lachin_corridor("2023-05").labels)
    assert not any("Hakari" in t for t in maps.lachin_corridor("2023-04-22").labels)


# A real browser: the period's name, as a student sees it.
WIDGET_TEXT_JS = """() => [...document.querySelectorAll('.widget-readout, .widget-html-content')]
  .filter(e => e.offsetParent !== null)
  .map(e => ({text: e.textContent.trim(), cut: e.scrollWidth > e.clientWidth + 1}))"""


@pytest.fixture(scope="module")
def widget_in_lab(tmp_path_factory):
    """JupyterLab serving a notebook that shows the widget (skips as test_browser does)."""
    import json

    import nbformat.v4 as v4
    from chromium import CHROMIUM, require
    from labserver import free_port, lab_command, serving

    require()  # skips locally without Chromium or Playwright; fails in CI
    root = tmp_path_factory.mktemp("maplab")
    nb = v4.new_notebook(cells=[v4.new_code_cell('from parisbaku import maps\n'
                                                 'maps.karabakh_widget("1994")')])  # fmt: skip
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}  # fmt: skip
    (root / "widget.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    port, token = free_port(), "parisbaku-map-widget-test"
    command = lab_command(root, port, token)
    with serving(command, port=port, token=token, log=root / "lab.log") as base:
        yield {"url": f"{base}/lab/tree/widget.ipynb?token={token}", "chromium": CHROMIUM}


def test_in_jupyterlab_every_period_name_is_readable_in_full(widget_in_lab, tmp_path):
    """No period name is cut off with an ellipsis, on a wide or a narrow screen."""
    from chromium import CHROMIUM_ARGS
    from playwright.sync_api import expect, sync_playwright
    from test_browser import TIMEOUT_MS

    shots = Path(os.environ.get("PARISBAKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=widget_in_lab["chromium"], headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 1000},
        )  # fmt: skip
        try:
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(widget_in_lab["url"])
            expect(page.locator(".jp-StatusBar-Widget", has_text="Python 3 (ipykernel) | Idle")
                   .first).to_be_visible(timeout=2 * TIMEOUT_MS)  # a busy machine  # fmt: skip
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            menu = page.get_by_label("Period", exact=True)
            for i, period in enumerate(geodata.periods()):
                if i:
                    # JupyterLab takes a bare arrow key on a menu to move between cells:
                    # Space opens the list, the arrow picks, Enter confirms.
                    menu.focus()
                    for key in ("Space", "ArrowDown", "Enter"):
                        page.keyboard.press(key)
                page.set_viewport_size({"width": 1280 if i % 2 else 760, "height": 1000})
                expect(page.locator(".widget-html-content").get_by_text(period.label, exact=True)
                       ).to_be_visible(timeout=TIMEOUT_MS)  # fmt: skip
                page.wait_for_timeout(200)
                shown = page.evaluate(WIDGET_TEXT_JS)
                assert {"text": period.label, "cut": False} in shown, shown
                assert not [s for s in shown if s["cut"]], f"text cut off: {shown}"
                if i in (0, len(geodata.periods()) - 1):
                    page.screenshot(path=str(shots / f"karabakh_widget_{period.id}.png"))
        finally:
            context.close()


FOCUS_JS = r"""() => {
  const e = document.activeElement, s = getComputedStyle(e);
  let p = e.parentElement, bg = "rgb(255, 255, 255)";
  for (; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
  }
  return {tag: e.tagName, label: e.labels && e.labels.length ? e.labels[0].textContent.trim() : "",
          chosen: e.selectedOptions ? e.selectedOptions[0].textContent.replace(/\s+/g, " ").trim()
                                    : "",
          style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
          offset: parseFloat(s.outlineOffset) || 0, colour: s.outlineColor, bg};
}"""


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_in_jupyterlab_the_map_controls_say_their_state_and_show_focus(widget_in_lab, tmp_path):
    """From the keyboard: each control is named, says what is chosen (a screen reader
    reads a menu's chosen entry; toggle buttons said it by colour only), shows a focus ring
    of 3 px or more at 3:1 or more against what is behind it, and redraws the map."""
    from playwright.sync_api import expect, sync_playwright
    from test_browser import TIMEOUT_MS, _browser, _run_all

    with sync_playwright() as p:
        context = _browser(p, tmp_path / "profile")
        try:
            page = _run_all(context, widget_in_lab["url"])
            for name in ("Period", "Names"):
                expect(page.get_by_role("combobox", name=name, exact=True)).to_have_count(
                    1, timeout=TIMEOUT_MS)  # fmt: skip
            page.get_by_role("combobox", name="Period", exact=True).focus()
            page.keyboard.press("Tab")  # to the names, as a keyboard user goes
            seen = {}
            for back in (False, True):  # the names, then Shift+Tab back to the periods
                if back:
                    page.keyboard.press("Shift+Tab")
                now = page.evaluate(FOCUS_JS)
                seen[now["label"]] = now["chosen"]
                assert now["tag"] == "SELECT" and now["style"] != "none", now
                assert now["width"] >= 3 and now["offset"] >= 0, f"focus ring too thin: {now}"
                assert _contrast(now["colour"], now["bg"]) >= 3, f"focus ring too faint: {now}"
            assert seen == {"Names": "English", "Period": geodata.period("1994").label}, seen
            names = page.get_by_role("combobox", name="Names", exact=True)
            names.focus()
            for key in ("Space", "ArrowDown", "Enter"):
                page.keyboard.press(key)
            expect(names).to_have_value("Azerbaijani", timeout=TIMEOUT_MS)
            assert page.evaluate(FOCUS_JS)["chosen"] == "Azerbaijani"
            image = page.locator(".jupyter-widgets img").first
            expect(image).to_have_attribute("alt", re.compile("labelled with Azerbaijani names"),
                                            timeout=TIMEOUT_MS)  # fmt: skip
        finally:
            context.close()


# ------------------------------------------------- measured against independent computations
#: The projection each map is drawn in, stated here independently of the code.
CRS = {
    "karabakh": "EPSG:32638",
    "lachin_corridor": "EPSG:32638",
    "new_caledonia": "EPSG:3163",
    "france_overseas": "EPSG:2154",  # the metropolitan panel; the others are local
    "south_caucasus": "+proj=laea +lat_0=40.5 +lon_0=45.5 +datum=WGS84 +units=m",
    "central_asia": "+proj=aea +lat_1=38 +lat_2=50 +lat_0=44 +lon_0=58 +datum=WGS84 +units=m",
}


@pytest.mark.parametrize("name", ALL)
def test_the_scale_bar_is_as_long_on_the_ground_as_it_says(name):
    fig = ALL[name]()
    ax = fig.axes[0]
    (bar,) = [line for line in ax.lines if line.get_gid() == "scale-bar"]
    (label,) = [t for t in ax.texts if t.get_gid() == "scale-bar"]
    km = float(label.get_text().removesuffix(" km"))
    (x0, x1), (y0, _) = bar.get_xdata(), bar.get_ydata()
    to_ll = Transformer.from_crs(CRS[name.split()[0]], 4326, always_xy=True)
    (lon0, lon1), (lat0, lat1) = to_ll.transform([x0, x1], [y0, y0])
    ground = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000
    assert ground == pytest.approx(km, rel=0.02), f"a {km:g} km bar covers {ground:.1f} km"


#: One labelled place per map, to find where the map draws it.
ANCHOR = {"karabakh": "khankendi", "lachin_corridor": "goris", "new_caledonia": "noumea",
          "france_overseas": "paris", "south_caucasus": "baku",
          "central_asia": "astana"}  # fmt: skip


@pytest.mark.parametrize("name", ALL)
def test_each_map_is_drawn_in_the_projection_it_states(name):
    """A town's marker sits where the stated projection puts it (a wrong CRS moves it)."""
    base = name.split()[0]
    fig = ALL[name]()
    item = places.place(ANCHOR[base])
    expected = Transformer.from_crs(4326, CRS[base], always_xy=True).transform(item.lon, item.lat)
    drawn = [tuple(xy) for c in fig.axes[0].collections for xy in c.get_offsets()]
    assert any(xy == pytest.approx(expected, abs=1.0) for xy in drawn), (name, expected)


def _features(layer: str) -> list[dict]:
    return json.loads((ROOT / "data" / "geo" / f"{layer}.geojson").read_text("utf-8"))["features"]


def test_the_nkao_areas_in_the_legend_are_the_areas_of_the_outlines_drawn():
    entries = [" ".join(t.get_text().split()) for t in maps.karabakh("1994").legends[0].get_texts()]
    geod = Geod(ellps="WGS84")
    words = {"lower": "lower bound", "upper": "upper approximation"}
    for feature in _features("nkao_approx"):
        (entry,) = [e for e in entries if words[feature["properties"]["bound"]] in e]
        shown = int(re.findall(r"\(([\d,]+) km²\)", entry)[-1].replace(",", ""))
        area = abs(geod.geometry_area_perimeter(shape(feature["geometry"]))[0]) / 1e6
        assert shown == pytest.approx(area, rel=0.002), entry


def _unit_of(place_id: str) -> str:
    """Point in polygon, done here on the raw GeoJSON (not with the package's function)."""
    item = places.place(place_id)
    point = Point(item.lon, item.lat)
    for layer, key in (("karabakh_districts", "district"), ("armenia_provinces", "province")):
        for feature in _features(layer):
            if shape(feature["geometry"]).contains(point):
                return feature["properties"][key]
    return "none"


@pytest.mark.parametrize("make", [maps.karabakh, maps.lachin_corridor])
def test_the_caption_says_which_drawn_towns_the_coarse_lines_misplace(make):
    fig = make("2022-08-26")
    said = fig.caption.split("the coarse lines put some in a neighbouring district (")[1]
    said = said.split(")")[0] if ")." not in said else said.split(").")[0]
    for place_id in fig.places:
        expected = places.place(place_id).district_expected
        name = maps.text.place_names(place_id, "en")
        kind, inside = places.place(place_id).kind, _unit_of(place_id)
        wrong = bool(expected) and inside != expected
        subject = [f"{name} {kind} falls in the ", f"{name}, a {kind} in ", f"{name} in "]
        found = [s for s in subject if s in said]
        assert bool(found) == wrong, f"{place_id}: inside {inside}, belongs to {expected}"
        if wrong:  # and it names the polygon the point is really in
            after = said.split(found[0], 1)[1]
            assert after.split("polygon")[0].find(inside.capitalize()) != -1, after
    if make is maps.lachin_corridor:  # the Armenian village inside the Azerbaijani polygon
        assert "Kornidzor, a village in Armenia's Syunik province, falls inside Azerbaijan's " \
               "Lachin/Berdzor district polygon" in said  # fmt: skip


def _map_labels(name: str) -> list[str]:
    with (ROOT / "data" / "tables" / "map_labels.csv").open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row["map"] == name]


ALT_VARIANTS = {**ALL,
                "karabakh in Azerbaijani": lambda: maps.karabakh("2020-12-01", "az"),
                "lachin_corridor in Armenian":
                    lambda: maps.lachin_corridor("1994", "hy")}  # fmt: skip


@pytest.mark.parametrize("name", ALT_VARIANTS)
def test_alt_text_names_every_labelled_place_legend_entry_and_area(name):
    fig = ALT_VARIANTS[name]()
    alt = " ".join(fig.alt.split())
    assert fig.labels, "the check would prove nothing"
    for label in fig.labels:
        for part in filter(None, (p.strip() for p in re.findall(r"[^()/\n]+", label))):
            assert part in alt, f"label {label!r} is not in the alt text"
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    for legend in legends:
        for text in legend.get_texts():
            entry = " ".join(text.get_text().replace(NKR_LEGEND, "").split())
            assert entry in alt, f"legend entry {entry!r} is not in the alt text"
    drawn = {t.get_text().replace("\n", " ") for ax in fig.axes for t in ax.texts}
    for area in _map_labels(name.split()[0]):
        if area in drawn:
            assert area.lower() in alt.lower(), f"{area} is written on the map, not in the alt text"


def test_names_of_areas_are_placed_where_data_says(scratch_data):
    path = scratch_data / "tables" / "map_labels.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("south_caucasus,GEORGIA,43.6,42.15", "south_caucasus,GEORGIA,44.6,42.5")
    )
    data.clear_cache()
    try:
        fig = maps.south_caucasus()
    finally:
        data.clear_cache()
    (georgia,) = [t for t in fig.axes[0].texts if t.get_text() == "GEORGIA"]
    to_xy = Transformer.from_crs(4326, CRS["south_caucasus"], always_xy=True)
    assert georgia.get_position() == pytest.approx(to_xy.transform(44.6, 42.5))


# ------------------------------------------------------------ readable without colour
CVD = ("deuteranomaly", "protanomaly", "tritanomaly")


def _legend_swatches(fig: Figure) -> list[tuple[str, tuple, tuple[float, float, float]]]:
    """Each legend entry: its text, what tells it apart besides colour, its colour on paper."""
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    found = []
    for legend in legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if isinstance(handle, Line2D) and handle.get_linestyle() in ("None", "none", ""):
                rgba, style = to_rgba(handle.get_markerfacecolor()), ("marker", handle.get_marker())
            elif isinstance(handle, Line2D):
                rgba = to_rgba(handle.get_color(), handle.get_alpha())
                style = ("line", str(handle.get_linestyle()), str(handle.get_marker()))
            else:
                rgba, style = to_rgba(handle.get_facecolor()), ("patch", handle.get_hatch() or "")
            r, g, b, a = rgba
            paper = tuple(c * a + (1 - a) for c in (r, g, b))  # over white
            found.append((" ".join(text.get_text().split())[:50], style, paper))
    return found


def _cvd_distance(a, b, cvd: str) -> float:
    import numpy as np
    from colorspacious import cspace_convert, deltaE

    seen = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
    pa, pb = (np.clip(cspace_convert(c, seen, "sRGB1"), 0, 1) for c in (a, b))
    return float(deltaE(pa, pb, input_space="sRGB1", uniform_space="CAM02-UCS"))


VARIANTS = {**ALL, **{f"karabakh {p}": (lambda p=p: maps.karabakh(p))
                      for p in ("1994", "2020-11-10", "2020-12-01")},
            "new_caledonia 2018": lambda: maps.new_caledonia(referendum="2018-11-04")}  # fmt: skip


def test_legend_colours_stay_apart_under_simulated_colour_blindness():
    """Entries told apart by colour alone (same kind of swatch, same hatch or line style)
    keep CVD_MIN_DELTA_E in CAM02-UCS under deuteranopia, protanopia and tritanopia."""
    pytest.importorskip("colorspacious")
    floor = maps.style.CVD_MIN_DELTA_E
    compared, worst = 0, {}
    for name, make in VARIANTS.items():
        swatches = _legend_swatches(make())
        for (ta, sa, ca), (tb, sb, cb) in itertools.combinations(swatches, 2):
            if sa != sb:
                continue
            compared += 1
            for cvd in CVD:
                d = _cvd_distance(ca, cb, cvd)
                worst[cvd] = min(worst.get(cvd, 99), d)
                assert d >= floor, f"{name}: {ta!r} and {tb!r} {d:.1f} apart under {cvd}"
    assert compared >= 6, "the check would prove nothing"


def test_split_and_approximate_areas_carry_a_pattern_not_colour_alone():
    for fig in (maps.karabakh("1994"), maps.lachin_corridor("2022-08-26")):
        patterns = {t: s for t, s, _ in _legend_swatches(fig) if s[0] == "patch"}
        split = [s for t, s in patterns.items() if t.startswith("split district")]
        assert split and all(s[1] for s in split), "split districts are hatched"
        drawn = {c.get_hatch() for ax in fig.axes for c in ax.collections if c.get_hatch()}
        assert "////" in drawn
    band = [s for t, s, _ in _legend_swatches(maps.lachin_corridor()) if t.startswith("5 km")]
    assert band and band[0][1], "the schematic band is patterned"


@pytest.mark.parametrize("name", ALL)
def test_no_text_on_a_map_is_smaller_than_9_points(name):
    from matplotlib.text import Text

    fig = ALL[name]()
    sizes = {t.get_text()[:30]: t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()}  # fmt: skip
    assert len(sizes) > 5
    small = {t: s for t, s in sizes.items() if s < 9}
    assert not small, small


# ------------------------------------------------------ after 2024: border and Washington route
def _route_csv(route: str) -> dict:
    with (ROOT / "data" / "tables" / "map_routes.csv").open(encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["route"] == route)


def test_the_default_south_caucasus_map_is_the_2024_one():
    fig = maps.south_caucasus()
    assert fig.layers == ["countries", "karabakh_districts"]
    assert len(_legend_swatches(fig)) == 1 and "Meghri" not in fig.labels
    assert "TRIPP" not in fig.caption + fig.alt


@pytest.mark.parametrize(
    ("as_of", "stretch", "route"),
    [("2024-03", False, False), ("2024-04-19", True, False), ("2025-08-07", True, False),
     ("2025-08-08", True, True), ("2026-05", True, True)],
)  # fmt: skip
def test_the_border_state_and_the_route_follow_the_date(as_of, stretch, route):
    timeline = pytest.importorskip("parisbaku.timeline")
    fig = maps.south_caucasus(as_of=as_of)
    legend = " ".join(maps.text.legend_texts(fig))
    assert "border: not delimited" in legend
    agreed = timeline.event(_route_csv("delimited_2024")["timeline_event"])
    assert ("first delimited stretch" in legend) == stretch
    assert (maps.text.short_day(agreed.start) in fig.caption) == stretch
    assert ("Washington route (TRIPP)" in legend) == route
    assert ("washington route (schematic)" in fig.layers) == route


def test_the_route_is_a_schematic_through_its_table_points_with_both_names_and_sources():
    timeline = pytest.importorskip("parisbaku.timeline")
    row = _route_csv("washington_route")
    summit = timeline.event(row["timeline_event"])
    fig = maps.south_caucasus(as_of="2026-05")
    to_xy = Transformer.from_crs(4326, CRS["south_caucasus"], always_xy=True)
    expected = [to_xy.transform(places.place(p).lon, places.place(p).lat)
                for p in row["places"].split()]  # fmt: skip
    first, *middle, last = [places.place(p) for p in row["places"].split()]
    assert first.country == last.country == "AZ", "it links mainland Azerbaijan and Nakhchivan"
    assert any(places.containing_district(p.id) == "syunik" for p in middle), "across Syunik"
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_linestyle() == "-."]
    assert list(line.get_xdata()) == pytest.approx([x for x, _ in expected])
    assert list(line.get_ydata()) == pytest.approx([y for _, y in expected])
    legend = " ".join(maps.text.legend_texts(fig))
    assert "Syunik/Zangezur" in legend and "SCHEMATIC" in legend
    az = maps.south_caucasus("az", as_of="2026")
    assert "Zangezur/Syunik" in " ".join(maps.text.legend_texts(az))
    day = maps.text.short_day(summit.start)
    assert f"Washington summit of {day}" in fig.caption and "SCHEMATIC" in fig.caption
    assert "Syunik" in fig.caption and "Zangezur" in fig.caption
    assert summit.sources[0].label() in fig.caption
    assert "Syunik/Zangezur" in fig.alt and day in fig.alt
