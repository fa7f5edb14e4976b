"""Caption and alt-text building blocks: sources, naming conventions, both names, dates."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from .. import geodata, places
from ..data import InputError, Source
from .figure import MapFigure


def set_caption(fig: MapFigure, text: str, *, width: int | None = None) -> None:
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
