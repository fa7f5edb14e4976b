"""New Caledonia's tables: the referendums by province, population, the 2024 unrest.

>>> from parisbaku import geodata
>>> values, sources = geodata.referendum("2018-11-04", "yes_pct")
>>> values  # Province Sud has no provincial "yes" figure in the table: left out
{'nord': 76.98, 'iles': 82.18}
"""

from __future__ import annotations

from ..data import InputError, Record, Source, cached
from .loading import read_rows

__all__ = ["Figure", "UnrestFigure", "nc_population", "nc_unrest", "referendum",
           "referendum_rows"]  # fmt: skip


class Figure(Record):
    """One figure of a New Caledonia table (referendums, population)."""

    key: str
    area: str
    measure: str
    value: float
    approx: str = ""
    value_source: str = ""
    kind: str = ""
    sources: list[Source]
    note: str = ""


class UnrestFigure(Record):
    """One figure of the May 2024 unrest as reported at a date."""

    figure: str
    value: str
    as_of: str
    sources: list[Source]
    note: str = ""


@cached
def _referendums() -> tuple[Figure, ...]:
    return read_rows("tables/nc_referendums.csv", Figure,
                     rename={"referendum_date": "key", "result_kind": "kind"})  # fmt: skip


def _year_and_group(row: dict) -> dict:
    row["key"] = f"{row.pop('year')} {row.pop('group')}"
    return row


@cached
def _population() -> tuple[Figure, ...]:
    return read_rows("tables/nc_population.csv", Figure, convert=_year_and_group)


@cached
def _unrest() -> tuple[UnrestFigure, ...]:
    return read_rows("tables/nc_2024_unrest.csv", UnrestFigure)


def referendum(
    date: str, measure: str = "yes_pct", kind: str = "provisional"
) -> tuple[dict[str, float], list[Source]]:
    """Province -> value for one referendum, and the sources of those values.

    ``measure`` is one of registered, turnout_pct, yes_pct, no_pct, yes_votes,
    no_votes; ``kind`` is ``provisional`` (evening figures, the only ones found by
    province) or ``proclaimed``. Provinces without a figure are left out.
    """
    rows = [r for r in _referendums() if r.key == date]
    if not rows:
        dates = sorted({r.key for r in _referendums()})
        raise InputError(f"No referendum on {date!r}: the table has {', '.join(dates)}.")
    measures = sorted({r.measure for r in rows})
    if measure not in measures:
        raise InputError(f"Unknown measure {measure!r}: use one of {', '.join(measures)}.")
    values: dict[str, float] = {}
    sources: list[Source] = []
    for r in rows:
        if r.area == "nc" or r.measure != measure or r.kind != kind or r.area in values:
            continue
        values[r.area] = r.value
        sources += [s for s in r.sources if s not in sources]
    return values, sources


def referendum_rows(date: str | None = None) -> list[Figure]:
    """All referendum figures (optionally of one date), with sources."""
    return [r for r in _referendums() if date is None or r.key == date]


def nc_population() -> list[Figure]:
    """New Caledonia's population figures (key = ``"<year> <group>"``)."""
    return list(_population())


def nc_unrest(figure: str | None = None) -> list[UnrestFigure]:
    """The 2024 unrest figures, optionally only those whose name contains ``figure``."""
    return [u for u in _unrest() if figure is None or figure.lower() in u.figure.lower()]
