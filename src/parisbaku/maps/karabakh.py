"""Karabakh: who controlled each district, period by period; the widget that steps through them."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import geodata, pages
from .figure import SCREEN_DPI, MapFigure, new_figure
from .labels import draw_points, place_labels
from .style import (
    GEONAMES,
    NE_ADMIN1,
    PALETTE,
    UTM38,
    area_labels,
    draw_shapes,
    extent,
    scale_bar,
    set_frame,
    side_legend,
)
from .text import (
    CONVENTION,
    NKR_LEGEND,
    alt_text,
    check_names,
    district_names,
    explain_nkr,
    lower_first,
    misplaced_sentence,
    set_caption,
    source_text,
)

_KARABAKH_TOWNS = [
    "khankendi", "shusha", "lachin", "kalbajar", "aghdam", "fuzuli", "jabrayil", "zangilan",
    "qubadli", "khojaly", "khojavend", "hadrut", "aghdara",
]  # fmt: skip

CONTROLLER_LABELS = {
    "azerbaijan": "Azerbaijan",
    "armenian": "Armenian forces / NKR",
    "nkr_peacekeepers": "Russian peacekeeping zone, held by the NKR",
}
#: What "NKR" means, said right after its first mention in a caption, an alt text
#: and a legend (there on short lines): the entity's own name and Baku's term.


def draw_control(ax, fig: MapFigure, when: str, names: str):
    """Districts coloured by controller; returns (period, control rows, districts)."""

    chosen = geodata.period(when)
    rows = geodata.control(chosen.id)
    districts = geodata.projected("karabakh_districts", UTM38)
    neighbours = districts.where("role", "neighbour")
    region = districts.where("role", "karabakh")
    draw_shapes(
        ax,
        geodata.projected("countries", UTM38),
        facecolor=PALETTE["other"],
        edgecolor="#999999",
        linewidth=0.6,
        zorder=1,
    )
    draw_shapes(
        ax,
        geodata.projected("armenia_provinces", UTM38),
        facecolor="#EFE9E1",
        edgecolor="#B0A898",
        linewidth=0.5,
        zorder=2,
    )
    draw_shapes(
        ax, neighbours, facecolor=PALETTE["neighbour"], edgecolor="#AAAAAA", linewidth=0.5, zorder=2
    )
    fig.layers += ["countries", "armenia_provinces", "karabakh_districts"]
    for controller in ("azerbaijan", "armenian", "nkr_peacekeepers"):
        solid = [r.district for r in rows.values() if r.controller == controller]
        part = region.where("district", solid)
        if len(part):
            draw_shapes(
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
        draw_shapes(
            ax, part, facecolor=base, edgecolor="#333333", linewidth=0.7, hatch="////", zorder=3
        )
    shown = [c for c in ("azerbaijan", "armenian", "nkr_peacekeepers")
             if any(r.controller == c or r.mostly == c for r in rows.values())]  # fmt: skip
    labels = explain_nkr([CONTROLLER_LABELS[c] for c in shown], NKR_LEGEND)
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


def karabakh(period: str = "2020-12-01", names: str = "en", *, nkao: bool = True) -> MapFigure:
    """The Karabakh-region districts coloured by who controlled them in a period.

    ``period`` is a period id of ``geodata.periods()`` (``"1994"``,
    ``"2020-11-10"``, ... ``"2023-09-20"``) or any date (``"2021-06"``): the map
    shows the situation in force then. ``names`` is ``"en"``, ``"az"`` or ``"hy"``.
    The former NKAO is drawn only as two labelled approximations (``nkao=False``
    leaves them out).
    """

    names = check_names(names)
    fig = new_figure(10.5, 7.6)
    ax = fig.add_axes((0.01, 0.17, 0.6, 0.75))
    chosen, rows, region, legend = draw_control(ax, fig, period, names)
    x0, y0, x1, y1 = extent(region, 0.06)
    set_frame(ax, x0, y0, x1, y1)
    if nkao:
        outline = geodata.projected("nkao_approx", UTM38)
        styles = {"lower": ("--", PALETTE["blue"]), "upper": (":", "#000000")}
        for bound, (ls, colour) in styles.items():
            part = outline.where("bound", bound)
            draw_shapes(
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
    draw_points(ax, UTM38, _KARABAKH_TOWNS, names, fig)
    area_labels(ax, UTM38, "karabakh")
    place_labels(fig)
    scale_bar(ax, UTM38)
    side_legend(fig, legend, title="Who held the district", title_fontsize=10)
    fig.suptitle(f"Karabakh: who controlled each district — {chosen.label}", fontsize=12, y=0.975)
    held = control_summary(rows, names)
    fig.depicts = chosen.label
    fig.sources = [s for r in rows.values() for s in r.sources] + chosen.sources
    fig.extra["period"] = chosen.id
    fig.extra["control"] = {d: r.controller for d, r in rows.items()}
    set_caption(
        fig,
        (
            f"Depicts: {chosen.label}, from {chosen.start} (period '{chosen.id}'). Whole districts "
            "are coloured from data/tables/karabakh_control.csv; hatched districts were split, and "
            "the table says who held what: the lines between the sides are NOT drawn (no dataset "
            "has them). The former NKAO appears only as approximations from district unions "
            f"(dashed: {geodata.NKAO_BOUNDS['lower']}; dotted, far too big: "
            f"{geodata.NKAO_BOUNDS['upper']}); its real border is in no offline dataset. "
            f"{misplaced_sentence(fig.places, names)} District lines: {NE_ADMIN1}, coarse, "
            f"corrected by code. {GEONAMES}. "
            f"Names: {CONVENTION[names]}. Sources: {source_text(fig.sources)}."
        ),
    )
    fig.alt = alt_text(
        fig,
        f"Map of the Karabakh region of Azerbaijan, {lower_first(chosen.label)}. {held} "
        + ("Two outlines approximate the former NKAO. " if nkao else "")
        + f"Towns are labelled with {CONVENTION[names].split(',')[0]}.",
        names,
    )
    return fig


def control_summary(rows: Mapping[str, geodata.ControlRow], names: str) -> str:
    """Who held which district, in words, "NKR" explained where it first appears."""
    groups: dict[str, list[str]] = {}
    for d, r in rows.items():
        groups.setdefault(r.controller, []).append(district_names(d, names))
    words = {
        "azerbaijan": "held by Azerbaijan",
        "armenian": "held by Armenian forces / NKR",
        "nkr_peacekeepers": "held by the NKR inside the Russian peacekeeping zone",
        "split": "split between the sides",
    }
    return " ".join(
        explain_nkr([f"Districts {words[c]}: {', '.join(ds)}." for c, ds in groups.items()])
    )


#: The widget's class; its controls get a focus ring a keyboard user sees at once
#: (``focus_css`` in templates/pages/maps_karabakh.html.j2).
WIDGET_CLASS = "parisbaku-map-widget"
TEMPLATE = "maps_karabakh.html.j2"


def karabakh_widget(period: str = "2020-12-01", names: str = "en"):
    """A period menu and a names menu that redraw the Karabakh map in place.

    ``period`` (an id or a date, as for :func:`karabakh`) and ``names`` set where
    the controls start. Both are drop-down lists: native, labelled controls whose
    chosen entry a screen reader reads ("Names, English"); ipywidgets' sliders cannot
    be given a name, and its toggle buttons show which one is pressed by colour only
    (no ``aria-pressed``). Space or Alt+Down opens a list, arrows choose, Enter
    confirms (a bare arrow key is JupyterLab's move between cells). The line under
    the periods repeats the period's name in full, and the map keeps its alt text.
    """
    # Lazy on purpose: only the widget needs ipywidgets; drawing a map must not pay for it.
    import ipywidgets as w

    labels = {p.id: p.label for p in geodata.periods()}
    slider = w.Dropdown(
        options=[(p.label, p.id) for p in geodata.periods()],
        value=geodata.period(period).id,
        description="Period",
        layout=w.Layout(width="95%"),
        style={"description_width": "initial"},
    )
    period_name = w.HTML(layout=w.Layout(width="95%"))
    toggle = w.Dropdown(
        options=[("English", "en"), ("Azerbaijani", "az"), ("Armenian", "hy")],
        value=check_names(names),
        description="Names",
        style={"description_width": "initial"},
    )
    image = w.HTML()  # an <img> with its alt text (ipywidgets' Image has none)
    caption = w.HTML()

    def redraw(*_: Any) -> None:
        period_name.value = pages.macro("period_name", labels[slider.value], template=TEMPLATE)
        fig = karabakh(slider.value, toggle.value)
        image.value = fig.img_tag(fig.png(dpi=SCREEN_DPI, caption=False))
        caption.value = pages.macro("caption", fig.caption, fig.alt, template=TEMPLATE)

    slider.observe(redraw, names="value")
    toggle.observe(redraw, names="value")
    redraw()
    css = w.HTML(pages.macro("focus_css", WIDGET_CLASS, template=TEMPLATE))
    box = w.VBox([slider, period_name, toggle, image, caption, css])
    box.add_class(WIDGET_CLASS)
    box.redraw = redraw  # for tests
    return box
