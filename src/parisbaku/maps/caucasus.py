"""The South Caucasus in context: borders, capitals and the Karabakh region."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from shapely.geometry import Point
from shapely.ops import nearest_points

from .. import geodata, places, timeline
from ..projections import transformer
from .describe import country_sentences, exclave_sentences, inside_country
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
from .text import (
    CONVENTION,
    alt_text,
    both_names,
    check_names,
    set_caption,
    short_day,
    source_text,
)


def south_caucasus(names: str = "en", as_of: str | None = None) -> MapFigure:
    """Azerbaijan, Armenia, Georgia and their neighbours, with capitals and Karabakh.

    Without ``as_of`` the map is the one of the 2020-2024 lessons. With a date
    (``as_of="2026-05"``; a month means its last day) it also shows the state of the
    Armenia-Azerbaijan border then (the stretch delimited from April 2024, the rest
    not delimited) and, from the Washington summit of 8 Aug 2025 on, the transit
    route across Syunik/Zangezur ("TRIPP") as a SCHEMATIC. Dates and sources come
    from data/timeline.yaml; the route's points from data/tables/map_routes.csv.
    """
    names = check_names(names)
    day = timeline.parse_date(as_of, end=True) if as_of is not None else None
    countries = geodata.projected("countries", CAUCASUS_CRS)
    fig = new_figure(9.0, 7.4)
    ax = fig.add_axes((0.01, 0.15, 0.98, 0.78))
    focus = {"AZE": PALETTE["azerbaijan"], "ARM": PALETTE["orange"], "GEO": PALETTE["green"]}
    draw_countries(ax, countries, focus)
    districts = geodata.projected("karabakh_districts", CAUCASUS_CRS).where("role", "karabakh")
    region = districts.union_all()
    n_districts = len({p["district"] for p in districts.props})  # Shusha has two polygons
    draw_shapes(
        ax,
        [region],
        facecolor="none",
        edgecolor="black",
        linewidth=1.2,
        linestyle="--",
        zorder=5,
    )

    to_xy = transformer(4326, CAUCASUS_CRS)
    x0, y0 = to_xy.transform(38.5, 37.2)
    x1, y1 = to_xy.transform(51.5, 44.2)
    set_frame(ax, x0, y0, x1, y1)
    area_labels(ax, CAUCASUS_CRS, "south_caucasus")
    draw_points(
        ax, CAUCASUS_CRS, ["baku", "yerevan", "tbilisi", "nakhchivan", "khankendi"], names, fig
    )
    later = _after_2024(ax, fig, day, names) if day is not None else None
    place_labels(fig)
    scale_bar(ax, CAUCASUS_CRS)

    handles = [
        Line2D(
            [],
            [],
            color="black",
            ls="--",
            label=f"Karabakh region: the {n_districts} districts of the control maps",
        )
    ]
    if later is not None:
        handles += later.handles
    ax.legend(handles=handles, loc="upper right", fontsize=MIN_FONT, framealpha=0.92)
    fig.layers += ["countries", "karabakh_districts"]
    fig.suptitle("The South Caucasus", fontsize=11.5, y=0.975)
    fig.depicts = (
        "international borders today" if day is None else f"borders as of {short_day(day)}"
    )
    depicts = (
        "internationally recognised borders today (Natural Earth)."
        if later is None
        else f"borders as of {short_day(day)} (Natural Earth). {later.caption}"
    )
    if later is not None:
        fig.sources = later.sources
    set_caption(
        fig,
        (
            f"Depicts: {depicts} {exclave_sentences(fig, ax, countries, 'AZE', CAUCASUS_CRS)} "
            "The dashed outline is the "
            "Karabakh region as the districts of the control maps, not a political border. Scale "
            f"bar true near the centre of the map. {NE_ADMIN0}. {GEONAMES}. "
            f"Names: {CONVENTION[names]}."
            + (f" Sources: {source_text(fig.sources)}." if fig.sources else "")
        ),
    )
    fig.alt = alt_text(
        fig,
        "Map of the South Caucasus. "
        + country_sentences(fig, ax, countries, list(focus), CAUCASUS_CRS, "south_caucasus")
        + " A dashed line marks the Karabakh region"
        + (f", inside {within}." if (within := inside_country(region, countries, ax)) else ".")
        + (f" {later.alt}" if later is not None else ""),
        names,
    )
    return fig


@dataclass
class _Later:
    """What a map of a date from 2024 on adds: legend entries, caption, alt text, sources."""

    handles: list
    caption: str
    alt: str
    sources: list


ROUTE, DELIMITED = "washington_route", "delimited_2024"
#: The timeline event of the 2025 decision to go on delimiting from the northern end.
NORTHWARD = "border-delimitation-northward-2025-01-16"


def _after_2024(ax, fig: MapFigure, day, names: str) -> _Later:
    """The Armenia-Azerbaijan border as of ``day`` and, from 8 Aug 2025, the route."""
    countries = geodata.projected("countries", CAUCASUS_CRS)
    armenia = countries.where("adm0_a3", "ARM").union_all()
    azerbaijan = countries.where("adm0_a3", "AZE").union_all()
    border = armenia.boundary.intersection(azerbaijan.buffer(4000))  # shared, after simplifying
    to_xy = transformer(4326, CAUCASUS_CRS)
    handles, caption, alt, sources = [], [], [], []
    stretch = geodata.map_route(DELIMITED)
    agreed = timeline.event(stretch.timeline_event)
    delimited = day >= agreed.start
    ax.add_collection(
        LineCollection(_lines(border), colors=PALETTE["accent"], linewidths=2.4, linestyles=":",
                       zorder=6)
    )  # fmt: skip
    handles.append(
        Line2D([], [], color=PALETTE["accent"], lw=2.4, ls=":",
               label="Armenia–Azerbaijan border: not delimited")
    )  # fmt: skip
    if delimited:
        ends = [to_xy.transform(places.place(p).lon, places.place(p).lat) for p in stretch.places]
        near = [nearest_points(border, Point(xy))[0] for xy in ends]
        ax.plot([p.x for p in near], [p.y for p in near], color="black", lw=5,
                solid_capstyle="butt", zorder=7)  # fmt: skip
        # A few km long, too short to see at this scale: a marker shows where it is.
        ax.plot([(near[0].x + near[1].x) / 2], [(near[0].y + near[1].y) / 2], marker="s",
                ms=9, color="black", markeredgecolor="white", zorder=8)  # fmt: skip
        handles.append(
            Line2D([], [], color="black", lw=5, marker="s", ms=9, markeredgecolor="white",
                   label=f"first delimited stretch, {short_day(agreed.start)} (schematic)")
        )  # fmt: skip
        caption.append(
            "The Armenia–Azerbaijan border is not delimited except a first stretch agreed on "
            f"{short_day(agreed.start)}, {stretch.note}."
        )
        alt.append(
            "A dotted line marks the Armenia–Azerbaijan border, not delimited; a black square "
            f"in the north marks the stretch agreed on {short_day(agreed.start)}."
        )
        sources += [*agreed.sources, *stretch.sources]
    else:
        caption.append("No stretch of the Armenia–Azerbaijan border had been delimited then.")
        alt.append("A dotted line marks the Armenia–Azerbaijan border, not delimited.")
    northward = timeline.event(NORTHWARD)
    if day >= northward.start:
        caption.append(
            f"On {short_day(northward.start)} the commissions agreed to go on from the northern "
            f"end; data/timeline.yaml records no further stretch up to {short_day(day)}."
        )
        sources += northward.sources
    route = geodata.map_route(ROUTE)
    summit = timeline.event(route.timeline_event)
    if day >= summit.start:
        xy = [to_xy.transform(places.place(p).lon, places.place(p).lat) for p in route.places]
        ax.plot([p[0] for p in xy], [p[1] for p in xy], color="black", lw=2.6, ls="-.",
                zorder=9)  # fmt: skip
        draw_points(ax, CAUCASUS_CRS, ["meghri"], names, fig)
        region = both_names("Syunik", "Zangezur", "hy" if names == "az" else "en")
        handles.append(
            Line2D([], [], color="black", lw=2.6, ls="-.",
                   label=f"Washington route (TRIPP), {short_day(summit.start)}:\n"
                   f"across {region}, SCHEMATIC")
        )  # fmt: skip
        stops = "–".join(places.name(p) for p in route.places)
        caption.append(
            f"The route agreed at the Washington summit of {short_day(summit.start)} ('Trump "
            "Route for International Peace and Prosperity', TRIPP, in US usage) crosses "
            f"Armenia's Syunik province (Zangezur in Azerbaijani usage): {route.note}. It is "
            f"drawn as straight segments {stops} between GeoNames town points: SCHEMATIC."
        )
        alt.append(
            f"A dash-dot line, schematic, runs {stops} across {region}: the route agreed in "
            f"Washington on {short_day(summit.start)}."
        )
        sources = [*summit.sources, *route.sources, *sources]  # the headline first
        fig.layers.append("washington route (schematic)")
    fig.layers.append("armenia-azerbaijan border state")
    return _Later(handles, " ".join(caption), " ".join(alt), sources)


def _lines(geometry) -> list:
    """The coordinates of every line part of a (multi)line geometry."""
    parts = getattr(geometry, "geoms", [geometry])
    return [list(g.coords) for g in parts if g.geom_type == "LineString" and not g.is_empty]
