"""The Lachin corridor as a labelled schematic, districts coloured by control."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import LineString

from .. import geodata, measures, places, timeline
from ..data import Source
from ..projections import transformer
from .describe import words
from .figure import MapFigure, new_figure
from .karabakh import control_summary, draw_control
from .labels import draw_points, place_labels
from .style import (
    MIN_FONT,
    NE_ADMIN1,
    PALETTE,
    SCHEMATIC_ROUTE,
    UTM38,
    area_labels,
    draw_shapes,
    scale_bar,
    set_frame,
    side_legend,
)
from .text import (
    CONVENTION,
    COUNTRIES,
    alt_text,
    check_names,
    lower_first,
    misplaced_sentence,
    place_names,
    set_caption,
    short_day,
    source_text,
)

_CORRIDOR = ["goris", "kornidzor", "lachin", "khankendi"]
#: The timeline event of the 10 Nov 2020 statement that set the corridor up, and its
#: figure that gives the corridor's width.
STATEMENT = "trilateral-statement-2020-11-10"
WIDTH = "width of the Lachin corridor"


def lachin_corridor(period: str = "2020-12-01", names: str = "en") -> MapFigure:
    """Goris to Khankendi/Stepanakert: the corridor as a labelled schematic.

    The line joins town points (Goris, Kornidzor, Lachin/Berdzor, Shusha/Shushi,
    Khankendi/Stepanakert): it is NOT the road. A band as wide as the 2020 statement
    says (its figure in data/timeline.yaml; ``fig.extra["width_km"]``) is drawn around
    it, also schematic. Districts are coloured by control in ``period``. Distances are
    geodesic (pyproj Geod); ``fig.extra["distances_km"]`` has them. The Hakari bridge
    checkpoint is drawn only on maps of a date from its timeline event on.
    """

    names = check_names(names)
    fig = new_figure(10.5, 7.4)
    ax = fig.add_axes((0.01, 0.2, 0.6, 0.72))
    chosen, rows, _region, legend = draw_control(ax, fig, period, names)
    draw_shapes(
        ax,
        geodata.projected("armenia_provinces", UTM38),
        facecolor="none",
        edgecolor="#8A7F70",
        linewidth=1.2,
        zorder=4,
    )
    stops = [places.place(p) for p in _CORRIDOR]
    legs = [(a, b, round(measures.path_km([a, b]), 1)) for a, b in itertools.pairwise(_CORRIDOR)]
    total = round(sum(k for *_, k in legs), 1)
    to_xy = transformer(4326, UTM38)
    line = LineString([to_xy.transform(p.lon, p.lat) for p in stops])
    inside = LineString(list(line.coords)[1:])  # the corridor proper: from the border on
    statement = timeline.event(STATEMENT)
    width = statement.figure(WIDTH)
    width_km = width.amount("km")
    band = [inside.buffer(width_km * 1000 / 2, cap_style="flat")]  # UTM metres, each side
    draw_shapes(
        ax, band, facecolor=PALETTE["accent"], edgecolor="none", alpha=0.28, hatch="..", zorder=8
    )
    xs, ys = line.xy
    ax.plot(xs, ys, lw=2.4, zorder=9, **SCHEMATIC_ROUTE)
    xy = draw_points(ax, UTM38, [*_CORRIDOR, "shusha", "zabukh", "tegh"], names, fig)
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
        text = "Hakari bridge checkpoint"  # its date and schematic place: legend, caption
        fig.extra.setdefault("_queue", []).append((ax, hx, hy, text, MIN_FONT))
        fig.labels.append("Hakari bridge checkpoint")
    pad = 9000  # the frame keeps the checkpoint's place, so every period has the same view
    xs_all = [p[0] for p in xy.values()] + [hx]
    ys_all = [p[1] for p in xy.values()] + [hy]
    set_frame(ax, min(xs_all) - pad, min(ys_all) - pad, max(xs_all) + pad * 1.6, max(ys_all) + pad)
    area_labels(ax, UTM38, "lachin_corridor")
    place_labels(fig)
    scale_bar(ax, UTM38, km=10)
    legend = [
        Line2D(
            [],
            [],
            lw=2.4,
            **SCHEMATIC_ROUTE,
            label=f"corridor, SCHEMATIC: straight lines\nbetween towns ({total:g} km)",
        ),
        Patch(
            facecolor=PALETTE["accent"],
            alpha=0.28,
            hatch="..",
            label=f"{width_km:g} km width named in the {short_day(statement.start)}\n"
            "statement (schematic band)",
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
                    label=f"Hakari bridge checkpoint, Azerbaijani,\nfrom {short_day(since)} "
                    "(schematic position)",
                )
            ]
            if set_up
            else []
        ),
        *legend,
    ]
    side_legend(fig, legend)
    leg_text = "; ".join(
        f"{place_names(a, names)}–{place_names(b, names)} {k:g} km" for a, b, k in legs
    )
    fig.suptitle(f"The Lachin corridor (schematic) — {chosen.label}", fontsize=11.5, y=0.975)
    fig.extra["distances_km"] = {f"{a}-{b}": k for a, b, k in legs} | {"total": total}
    fig.extra["width_km"] = width_km
    fig.extra["period"] = chosen.id
    fig.depicts = chosen.label
    fig.layers += ["corridor (schematic)"] + (["hakari_bridge (schematic point)"] if set_up else [])
    fig.sources = [s for r in rows.values() for s in r.sources] + chosen.sources
    fig.sources += width.sources
    if set_up:
        fig.sources += checkpoint_sources
    shusha = place_names("shusha", names)
    new_road = geodata.map_route("lachin_new_road")
    road_from = words(place_names(p, names) for p in new_road.places)
    bypassed = words(f"{place_names(p, names)} {places.place(p).kind}" for p in new_road.bypasses)
    fig.sources += new_road.sources
    hakari = (
        "The Hakari bridge point (Azerbaijan's checkpoint from "
        f"{short_day(since)}) is placed on the Natural Earth border nearest Tegh: schematic."
        if set_up
        else f"The Hakari bridge checkpoint came later ({short_day(since)}) and is not "
        "drawn on this map."
    )
    set_caption(
        fig,
        (
            f"Depicts: {chosen.label}. The corridor is SCHEMATIC: straight segments between "
            f"GeoNames town points (geodesic lengths: {leg_text}; total {total:g} km), not the "
            f"road, whose line no offline dataset has; the {width_km:g} km band only shows the "
            f"width the {short_day(statement.start)} statement names; the statement also says "
            f"the corridor was not to affect {shusha}. "
            f"From {short_day(new_road.since)} traffic used a new road from {road_from} "
            f"bypassing {bypassed} (not drawn: no geometry). {hakari} "
            f"{misplaced_sentence(fig.places, names)} Districts coloured "
            f"by control as in maps.karabakh(). {NE_ADMIN1}. Names: {CONVENTION[names]}. "
            f"Sources: {source_text(fig.sources)}."
        ),
    )
    first, *middle, last = [place_names(p, names) for p in _CORRIDOR]
    start_in = COUNTRIES[places.place(_CORRIDOR[0]).country]
    fig.alt = alt_text(
        fig,
        f"Schematic map of the Lachin corridor, {lower_first(chosen.label)}: a dashed line runs "
        f"{total:g} km from {first} in {start_in} through {' and '.join(middle)} to "
        f"{last}, past {shusha}, inside a shaded band {width_km:g} km wide from the border on; "
        + (
            "a cross marks the Hakari bridge checkpoint near the border. "
            if set_up
            else f"no checkpoint is marked (the Hakari bridge one came on {short_day(since)}). "
        )
        + control_summary(rows, names),
        names,
    )
    return fig


def _hakari_checkpoint() -> tuple[Any, list[Source]]:
    """When the Hakari bridge checkpoint was set up, and the sources: the timeline's card."""

    card = timeline.event("hakari-checkpoint-2023-04-23")
    return dt.date.fromisoformat(card.date), list(card.sources)
