"""Central Asia in context, with the trans-Caspian route as a schematic."""

from __future__ import annotations

import itertools

from matplotlib.lines import Line2D
from shapely.geometry import Polygon

from .. import geodata, measures, places
from ..projections import transformer
from .describe import country_sentences, seas_crossed, west_to_east, words
from .figure import MapFigure, new_figure
from .labels import draw_points, place_labels
from .style import (
    ASIA_CRS,
    GEONAMES,
    MIN_FONT,
    NE_ADMIN0,
    PALETTE,
    SCHEMATIC_ROUTE,
    area_labels,
    draw_countries,
    draw_shapes,
    scale_bar,
    set_frame,
)
from .text import alt_text, set_caption

_ROUTE = [["istanbul", "tbilisi", "baku", "aktau"], ["baku", "turkmenbashi"]]


def central_asia() -> MapFigure:
    """Kazakhstan and Uzbekistan in context, with the trans-Caspian route (schematic).

    The route is drawn as straight segments Istanbul – Tbilisi – Baku – Aktau and
    Baku – Turkmenbashi between GeoNames points: a schematic of the corridor across
    the Caspian, not a railway or shipping line. Lengths are geodesic.
    """

    countries = geodata.projected("countries", ASIA_CRS)
    fig = new_figure(10.0, 6.9)
    ax = fig.add_axes((0.01, 0.15, 0.98, 0.78))
    focus = {"KAZ": PALETTE["azerbaijan"], "UZB": PALETTE["green"]}
    draw_countries(ax, countries, focus)
    shaded = [countries.where("adm0_a3", code).first("name_en") for code in focus]
    to_xy = transformer(4326, ASIA_CRS)
    lengths = {}
    for chain in _ROUTE:
        xy = [to_xy.transform(*measures.lon_lat(p)) for p in chain]
        ax.plot([p[0] for p in xy], [p[1] for p in xy], lw=2.2, zorder=9, **SCHEMATIC_ROUTE)
        for a, b in itertools.pairwise(chain):
            lengths[f"{a}-{b}"] = round(measures.path_km([a, b]))
    # Seas show as the water colour only inside the box the layer was clipped to.

    west, south, east, north = 24.0, 32.0, 92.0, 57.0
    ring = (
        [(west + i * (east - west) / 60, south) for i in range(61)]
        + [(east, north)]
        + [(east - i * (east - west) / 60, north) for i in range(61)]
        + [(west, south)]
    )
    water = Polygon([to_xy.transform(lon, lat) for lon, lat in ring])
    draw_shapes(
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
    set_frame(ax, x0, y0, x1, y1)
    ax.set_facecolor("white")
    area_labels(ax, ASIA_CRS, "central_asia")
    draw_points(
        ax,
        ASIA_CRS,
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
        fontsize=MIN_FONT,
    )
    place_labels(fig)
    scale_bar(ax, ASIA_CRS)
    ax.legend(
        handles=[
            Line2D(
                [],
                [],
                lw=2.2,
                **SCHEMATIC_ROUTE,
                label="trans-Caspian route, SCHEMATIC (straight lines)",
            )
        ],
        loc="upper left",
        fontsize=MIN_FONT,
    )
    fig.layers += ["countries", "caspian route (schematic)"]
    fig.extra["route_km"] = lengths
    fig.suptitle("Central Asia and the route across the Caspian", fontsize=11.5, y=0.975)
    fig.depicts = "international borders today"
    set_caption(
        fig,
        (
            f"Depicts: borders today (Natural Earth). {words(shaded)} are shaded. The "
            "route across the Caspian is SCHEMATIC: straight segments between GeoNames town points "
            f"(geodesic lengths: Baku–Aktau {lengths['baku-aktau']:,} km, Baku–Turkmenbashi "
            f"{lengths['baku-turkmenbashi']:,} km), not the real rail, road or ferry lines. Alat, "
            "Baku's new port, has no offline point, so Baku stands for it. Equal-area projection; "
            f"the scale bar is true only near the bar. {NE_ADMIN0}. {GEONAMES}."
        ),
        width=130,
    )
    legs = [leg for chain in _ROUTE for leg in itertools.pairwise(chain)]
    seas = seas_crossed("central_asia", fig, countries, ASIA_CRS, legs)
    chains = " and ".join(" – ".join(places.name(p) for p in chain) for chain in _ROUTE)
    fig.alt = alt_text(
        fig,
        "Map from {} to {}. ".format(*west_to_east("central_asia", fig, ASIA_CRS))
        + country_sentences(fig, ax, countries, list(focus), ASIA_CRS, "central_asia")
        + f" A dashed schematic route runs in straight lines {chains}"
        + (f", across the {words(seas)}." if seas else "."),
    )
    return fig
