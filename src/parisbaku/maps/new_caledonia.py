"""New Caledonia's three provinces, optionally shaded by a sourced value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.patches import Patch

from .. import geodata, places
from ..data import InputError, Source
from ..projections import transformer
from .describe import count_word, parts_sentence
from .figure import MapFigure, new_figure
from .labels import draw_points, place_labels
from .style import (
    GEONAMES,
    MIN_FONT,
    NC_CRS,
    NE_ADMIN1,
    PALETTE,
    draw_shapes,
    extent,
    scale_bar,
    set_frame,
)
from .text import alt_text, set_caption, source_text

_NC_TOWNS = ["noumea", "dumbea", "paita", "saint_louis_nc", "kone", "we", "tadine"]

_NC_NAMES = {"sud": "Province Sud", "nord": "Province Nord", "iles": "Îles Loyauté"}


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

    if referendum is not None:
        if values is not None:
            raise InputError("Give either values=... or referendum=..., not both.")
        values, source = geodata.referendum(referendum, measure)
        title = title or f"Referendum of {referendum}: {measure.replace('_pct', ' %')} by province"
    provs = geodata.projected("new_caledonia_provinces", NC_CRS)
    provinces = f"{count_word(len({p['province'] for p in provs.props}))} provinces"
    if values is not None:
        unknown = sorted(set(values) - set(_NC_NAMES))
        if unknown:
            raise InputError(f"Unknown provinces {unknown}: use 'sud', 'nord' and 'iles'.")
        if not source:
            raise InputError(
                "A map of values needs their source: pass source=Source(...) "
                "or source='outlet, date, URL'."
            )
    fig = new_figure(9.0, 6.6)
    ax = fig.add_axes((0.01, 0.17, 0.98, 0.76))
    legend = []
    sources: list[Source] = []
    if values is None:
        colours = {
            "sud": PALETTE["azerbaijan"],
            "nord": PALETTE["armenian"],
            "iles": PALETTE["nkr_peacekeepers"],
        }
        for prov, colour in colours.items():
            draw_shapes(
                ax,
                provs.where("province", prov),
                facecolor=colour,
                edgecolor="#333333",
                linewidth=0.6,
                alpha=0.8,
                zorder=2,
            )
            legend.append(
                Patch(facecolor=colour, alpha=0.8, edgecolor="#333333", label=_NC_NAMES[prov])
            )
        depicted = f"the {provinces} (boundaries as in Natural Earth)"
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
                draw_shapes(
                    ax,
                    part,
                    facecolor=cmap(norm(values[prov])),
                    edgecolor="#333333",
                    linewidth=0.6,
                    zorder=2,
                )
            else:
                draw_shapes(
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

        bar = fig.colorbar(
            ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, location="right", pad=0.01
        )
        bar.set_label(unit)

        to_nc = transformer(4326, NC_CRS)
        # Value boxes sit where data/tables/map_labels.csv puts them.
        value_at = {b.text: (b.lon, b.lat) for b in geodata.map_labels("new_caledonia")}
        for prov, value in values.items():
            # Value boxes sit at sea, beside their province, so no town is hidden.
            x, y = to_nc.transform(*value_at[prov])
            box = ax.text(
                x,
                y,
                f"{_NC_NAMES[prov]}\n{value:g} {unit}",
                ha="center",
                va="center",
                fontsize=MIN_FONT,
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
    set_frame(ax, *extent(provs, 0.03))
    fig.layers.append("new_caledonia_provinces")
    draw_points(
        ax,
        NC_CRS,
        _NC_TOWNS,
        "fr",
        fig,
        label_fn=lambda pid: (
            places.name(pid, "fr") + (" (approx.)" if pid == "saint_louis_nc" else "")
        ),
    )
    place_labels(fig)
    scale_bar(ax, NC_CRS, loc="lower left")
    if legend:
        ax.legend(handles=legend, loc="upper right", fontsize=MIN_FONT, framealpha=0.92)
    fig.suptitle(title or f"New Caledonia: the {provinces}", fontsize=11.5, y=0.975)
    source_words = source if isinstance(source, str) else source_text(sources)
    fig.sources = sources
    fig.depicts = depicted
    set_caption(
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
    fig.alt = alt_text(
        fig,
        "Map of New Caledonia's provinces: "
        + parts_sentence(
            {_NC_NAMES[p["province"]]: g for p, g in zip(provs.props, provs.geometry, strict=True)},
            NC_CRS,
            "province",
        )
        + (
            f" Provinces shaded by {depicted}: "
            + ", ".join(f"{_NC_NAMES[k]} {v:g} {unit}" for k, v in values.items())
            + "."
            if values
            else ""
        ),
        "fr",
    )
    return fig
