"""France and its overseas territories as small multiples, each at its own scale."""

from __future__ import annotations

import textwrap

from .. import geodata, measures, places
from .describe import words
from .figure import MapFigure, new_figure
from .labels import draw_points, place_labels
from .style import (
    GEONAMES,
    MIN_FONT,
    NE_ADMIN1,
    PALETTE,
    draw_shapes,
    extent,
    scale_bar,
    set_frame,
    square,
)
from .text import alt_text, set_caption

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

    terr = geodata.shapes("france_overseas")
    fig = new_figure(11.0, 7.0)
    main = fig.add_axes((0.01, 0.14, 0.42, 0.76))
    crs = "EPSG:2154"
    metro = terr.where("territory", ["metropole", "corsica"]).to_crs(crs)
    draw_shapes(
        main,
        metro.where("territory", "metropole"),
        facecolor="#BFD7EA",
        edgecolor="#333333",
        linewidth=0.6,
    )
    draw_shapes(
        main,
        metro.where("territory", "corsica"),
        facecolor=PALETTE["orange"],
        edgecolor="#333333",
        linewidth=0.6,
        hatch="///",
    )
    set_frame(main, *extent(metro, 0.05))
    draw_points(
        main,
        crs,
        ["paris", "ajaccio"],
        "fr",
        fig,
        label_fn=lambda p: {"paris": "Paris", "ajaccio": "Ajaccio (Corsica)"}[p],
    )
    scale_bar(main, crs)
    main.set_title("Metropolitan France (Corsica hatched)", fontsize=9)
    distances = {}
    slots = [(0.455 + (i % 4) * 0.137, 0.55 - (i // 4) * 0.4, 0.125, 0.27) for i in range(8)]
    for (slug, town), slot in zip(_PANELS, slots, strict=False):
        ax = fig.add_axes(slot)
        shape = terr.where("territory", slug)
        centre = shape.geometry[0].centroid
        local = f"+proj=aeqd +lat_0={centre.y:.2f} +lon_0={centre.x:.2f} +datum=WGS84 +units=m"
        part = shape.to_crs(local)
        draw_shapes(ax, part, facecolor="#BFD7EA", edgecolor="#333333", linewidth=0.5)
        set_frame(ax, *square(part))
        km = measures.path_km(["paris", town])
        distances[slug] = round(km)
        draw_points(
            ax,
            local,
            [town],
            "fr",
            fig,
            size=10,
            fontsize=MIN_FONT,
            label_fn=lambda p: places.name(p, "fr"),
        )
        scale_bar(ax, local)
        name = shape.first("name_en")
        status = textwrap.fill(shape.first("status"), 19)
        ax.set_title(
            f"{name}\n{status}\n{round(km, -2):,.0f} km from Paris",
            fontsize=MIN_FONT,
            linespacing=1.1,
        )
        fig.labels.append(name)
    place_labels(fig)
    fig.layers += ["france_overseas"]
    fig.extra["distances_from_paris_km"] = distances
    fig.suptitle(
        "France and its overseas territories (each panel at its own scale)", fontsize=11.5, y=0.98
    )
    fig.depicts = "present-day territories (boundaries as in Natural Earth)"
    not_departments = []  # read from the layer's status of each panel's territory
    for slug, _ in _PANELS:
        shape = terr.where("territory", slug)
        status = shape.first("status")
        if "department" not in status and "DROM" not in status:
            kind = status.split(" (")[0]
            article = "an" if kind[0] in "aeiou" else "a"
            not_departments.append(f"{shape.first('name_en')} ({article} {kind})")
    set_caption(
        fig,
        (
            "Depicts: France's territories today. Each panel has its own projection and scale "
            "bar: sizes cannot be compared between panels. Distances from Paris are geodesic "
            "(pyproj Geod) between GeoNames town points. Corsica is hatched. "
            f"{words(not_departments)} {'are' if len(not_departments) > 1 else 'is'} not "
            f"{'a department' if len(not_departments) == 1 else 'departments'}; the Chesterfield "
            f"Islands are left out. {NE_ADMIN1}. {GEONAMES}."
        ),
        width=140,
    )
    fig.alt = alt_text(
        fig,
        "Small multiples: a large map of metropolitan France with Corsica hatched, and "
        f"{len(_PANELS)} small panels, each at its own scale: "
        + ", ".join(
            f"{terr.where('territory', s).first('name_en')} ({distances[s]:,} km from Paris)"
            for s, _ in _PANELS
        )
        + ".",
        "fr",
    )
    return fig
