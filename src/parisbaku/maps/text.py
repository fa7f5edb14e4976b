"""Caption and alt-text building blocks: sources, naming conventions, both names, dates."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from .. import geodata, places
from ..data import InputError, Source
from .figure import MapFigure
from .style import MIN_FONT


def set_caption(fig: MapFigure, text: str, *, width: int | None = None) -> None:
    """Print the caption under the map at the smallest text size, growing the figure at
    the bottom when the wrapped caption needs more room than the band below the axes.

    ``width`` is the line length in characters at the old 7.2 pt caption size (the
    callers' measure); it is scaled to the real size.
    """
    fig.caption = text
    width = int((width or fig.get_size_inches()[0] * 15.5) * 7.2 / MIN_FONT)
    fig._caption_text = fig.text(
        0.01,
        0.005,
        textwrap.fill(text, width),
        fontsize=MIN_FONT,
        va="bottom",
        ha="left",
        wrap=False,
        color="#222222",
    )
    renderer = fig.canvas.get_renderer()
    needed = fig._caption_text.get_window_extent(renderer).height / fig.dpi + 0.2  # inches
    w, h = fig.get_size_inches()
    lowest = min(ax.get_position().y0 for ax in fig.axes)
    extra = needed - lowest * h
    if extra <= 0:
        return
    grown = h + extra
    fig.set_size_inches(w, grown)

    def move(y: float) -> float:  # a figure fraction that keeps its height above the bottom
        return (y * h + extra) / grown

    for ax in fig.axes:
        box = ax.get_position()
        ax.set_position((box.x0, move(box.y0), box.width, box.height * h / grown))
    for legend in fig.legends:
        anchor = legend.get_bbox_to_anchor().transformed(fig.transFigure.inverted())
        legend.set_bbox_to_anchor((anchor.x0, move(anchor.y1)), transform=fig.transFigure)
    if fig._suptitle is not None:
        fig._suptitle.set_y(move(fig._suptitle.get_position()[1]))


def source_text(sources: Sequence[Source], limit: int = 6) -> str:
    seen: list[str] = []
    for s in sources:
        label = s.label()
        if label not in seen:
            seen.append(label)
    more = f" and {len(seen) - limit} more" if len(seen) > limit else ""
    return "; ".join(seen[:limit]) + more


def check_names(names: str) -> str:
    if names not in ("en", "az", "hy"):
        raise InputError(
            f"names={names!r} is not a naming convention for this map: use 'en' (English, "
            "both names where contested), 'az' (Azerbaijani) or 'hy' (Armenian)."
        )
    return names


CONVENTION = {
    "en": "English names, contested places with the Armenian name in brackets",
    "az": "Azerbaijani names",
    "hy": "Armenian names (Latin transliteration); blank Armenian names fall back to English",
}

NKR_NOTE = (
    ' (the "Nagorno-Karabakh Republic" that the Karabakh Armenians proclaimed, '
    'recognised by no UN member state; Baku calls it the "so-called" republic)'
)

NKR_LEGEND = (
    '\n(the "Nagorno-Karabakh Republic" proclaimed\nby the Karabakh Armenians, '
    'recognised by\nno UN member state; Baku: the "so-called"\nrepublic)'
)


def explain_nkr(texts: Sequence[str], note: str = NKR_NOTE) -> list[str]:
    """The same texts, with ``note`` right after the first mention of "NKR"."""
    out, done = [], False
    for text in texts:
        if not done and "NKR" in text:
            at = text.index("NKR") + len("NKR")
            text = text[:at] + note + text[at:]
            done = True
        out.append(text)
    return out


def both_names(first: str, second: str, names: str) -> str:
    """Both names of a contested place, in the order of the naming convention."""
    if not second or second == first:
        return first
    return f"{second}/{first}" if names == "hy" else f"{first}/{second}"


def place_names(place_id: str, names: str) -> str:
    """A gazetteer place for prose: ``Shusha/Shushi`` (``Shushi/Shusha`` in ``hy``)."""
    item = places.place(place_id)
    return both_names(item.name_en, item.name_hy, names)


def district_names(district: str, names: str) -> str:
    """A district for prose, both names where contested (from the district layer)."""
    unit = geodata.shapes("karabakh_districts").where("district", district)
    if not len(unit):
        return district.capitalize()
    return both_names(unit.first("name_en"), unit.first("name_hy"), names)


def short_day(day) -> str:
    return f"{day.day} {day:%b %Y}"


def lower_first(text: str) -> str:
    """``"After the Sept 2023 offensive"`` for use inside a sentence."""
    return text[:1].lower() + text[1:]


#: Country codes of data/places.csv, as prose says them.
COUNTRIES = {"AZ": "Azerbaijan", "AM": "Armenia"}


def misplaced_sentence(place_ids: Sequence[str], names: str) -> str:
    """Where the coarse polygons put a drawn place in another unit, computed, in words.

    Empty when no drawn place is misplaced. A place put across the border (Kornidzor,
    in Armenia, inside Azerbaijan's Lachin polygon) says so.
    """
    parts, said = [], False
    for pid in places.misplaced(list(dict.fromkeys(place_ids))):
        item = places.place(pid)
        en, hy, country = places.unit_name(places.containing_district(pid))
        home_en, _, home_country = places.unit_name(item.district_expected)
        unit = both_names(en, hy, names)
        if country != home_country:
            parts.append(
                f"{place_names(pid, names)}, a {item.kind} in {COUNTRIES[home_country]}'s "
                f"{home_en} province, falls inside {COUNTRIES[country]}'s {unit} district polygon"
            )
        elif not said:
            parts.append(f"{place_names(pid, names)} {item.kind} falls in the {unit} polygon")
            said = True
        else:
            parts.append(f"{place_names(pid, names)} in {unit}")
    if not parts:
        return ""
    return (
        "Town points are drawn where GeoNames puts them; the coarse lines put some in a "
        f"neighbouring district ({', '.join(parts)})."
    )


_NAME_PARTS = re.compile(r"[^()/\n]+")


def name_parts(label: str) -> list[str]:
    """The names in a label: ``"Shusha (Shushi)"`` -> ``["Shusha", "Shushi"]``."""
    return [part.strip() for part in _NAME_PARTS.findall(label) if part.strip()]


def legend_texts(fig: MapFigure) -> list[str]:
    """The entries of every legend drawn on the figure, one line each, "NKR" notes left out
    (the alt text explains "NKR" where it first uses it)."""
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    return [
        " ".join(text.get_text().replace(NKR_LEGEND, "").split())
        for legend in legends
        for text in legend.get_texts()
    ]


def _place_in_prose(place_id: str, written: str, names: str) -> str:
    item = places.place(place_id)
    base = place_names(place_id, names if names in ("en", "az", "hy") else "en")
    written = " ".join(written.split())
    if all(part in base for part in name_parts(written)):
        return base
    if not item.is_contested and base in written:
        return written
    return f"{base} (written {written})"


def alt_text(fig: MapFigure, description: str, names: str = "en") -> str:
    """The alt text: ``description``, then every legend entry and every labelled place,
    both read from what the figure draws."""
    out = description.strip()
    legend = legend_texts(fig)
    if legend:
        out += " Legend: " + "; ".join(legend) + "."
    if fig.places:
        out += (
            " Places labelled: "
            + ", ".join(_place_in_prose(pid, text, names) for pid, text in fig.places.items())
            + "."
        )
    if fig.areas:
        out += " Areas named: " + ", ".join(name.title() for name in fig.areas) + "."
    if "NKR" in out and NKR_NOTE not in out:
        out = explain_nkr([out])[0]
    return out
