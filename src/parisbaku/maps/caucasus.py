"""The South Caucasus in context: borders, capitals and the Karabakh region."""

from __future__ import annotations

from matplotlib.lines import Line2D
from pyproj import Transformer

from .. import geodata
from .figure import MapFigure, new_figure
from .labels import draw_points, place_labels
from .style import (
    CAUCASUS_CRS,
    GEONAMES,
    MIN_FONT,
    NE_ADMIN0,
    PALETTE,
    area_labels,
    draw_countries,
    draw_shapes,
    scale_bar,
    set_frame,
)
from .text import CONVENTION, alt_text, check_names, set_caption


def south_caucasus(names: str = "en") -> MapFigure:
    """Azerbaijan, Armenia, Georgia and their neighbours, with capitals and Karabakh."""
    names = check_names(names)
    countries = geodata.projected("countries", CAUCASUS_CRS)
    fig = new_figure(9.0, 7.4)
    ax = fig.add_axes((0.01, 0.15, 0.98, 0.78))
    draw_countries(
        ax,
        countries,
        {"AZE": PALETTE["azerbaijan"], "ARM": PALETTE["orange"], "GEO": PALETTE["green"]},
    )
    region = geodata.projected("karabakh_districts", CAUCASUS_CRS)
    region = region.where("role", "karabakh").union_all()
    draw_shapes(
        ax,
        [region],
        facecolor="none",
        edgecolor="black",
        linewidth=1.2,
        linestyle="--",
        zorder=5,
    )

    to_xy = Transformer.from_crs(4326, CAUCASUS_CRS, always_xy=True)
    x0, y0 = to_xy.transform(38.5, 37.2)
    x1, y1 = to_xy.transform(51.5, 44.2)
    set_frame(ax, x0, y0, x1, y1)
    area_labels(ax, CAUCASUS_CRS, "south_caucasus")
    draw_points(
        ax, CAUCASUS_CRS, ["baku", "yerevan", "tbilisi", "nakhchivan", "khankendi"], names, fig
    )
    place_labels(fig)
    scale_bar(ax, CAUCASUS_CRS)

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
        fontsize=MIN_FONT,
    )
    fig.layers += ["countries", "karabakh_districts"]
    fig.suptitle("The South Caucasus", fontsize=11.5, y=0.975)
    fig.depicts = "international borders today"
    set_caption(
        fig,
        (
            "Depicts: internationally recognised borders today (Natural Earth). Nakhchivan is "
            "Azerbaijan's exclave between Armenia, Iran and Turkey. The dashed outline is the "
            "Karabakh region as the districts of the control maps, not a political border. Scale "
            f"bar true near the centre of the map. {NE_ADMIN0}. {GEONAMES}. "
            f"Names: {CONVENTION[names]}."
        ),
    )
    fig.alt = alt_text(
        fig,
        "Map of the South Caucasus: Georgia in the north-west, Armenia in the south-west and "
        "Azerbaijan in the east on the Caspian Sea, with Azerbaijan's Nakhchivan exclave "
        "between Armenia and Iran; Russia to the north, Turkey to the west, Iran to the south. "
        "A dashed line marks the Karabakh region inside Azerbaijan.",
        names,
    )
    return fig
