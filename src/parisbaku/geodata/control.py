"""Who controlled each Karabakh district, period by period (data/tables/karabakh_*.csv).

>>> from parisbaku import geodata
>>> [p.id for p in geodata.periods()][:2]
['1994', '2020-11-10']
>>> geodata.control("2020-11-20")["aghdam"].controller
'azerbaijan'
>>> geodata.as_of("2021-06")
datetime.date(2021, 6, 30)
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import field_validator

from ..data import DataError, InputError, Record, Source, cached
from ..text import DATE, parse_date
from .loading import read_rows

__all__ = ["ControlRow", "Period", "as_of", "control", "control_rows", "period", "periods"]

PERIODS_FILE = "tables/karabakh_periods.csv"
CONTROL_FILE = "tables/karabakh_control.csv"


class Period(Record):
    """One period of the control table."""

    id: str
    start: str
    label: str
    timeline_event: str
    sources: list[Source]

    @property
    def start_date(self) -> dt.date:
        return dt.date.fromisoformat(self.start)


class ControlRow(Record):
    """Who controlled one district in one period, with sources."""

    district: str
    adm1_codes: list[str]
    period: str
    controller: Literal["azerbaijan", "armenian", "nkr_peacekeepers", "split"]
    mostly: Literal["", "azerbaijan", "armenian", "nkr_peacekeepers"] = ""
    split_note: str = ""
    detail: str = ""
    confidence: str
    sources: list[Source]

    @field_validator("split_note")
    @classmethod
    def _note_if_split(cls, value: str, info) -> str:
        if info.data.get("controller") == "split" and not value:
            raise ValueError("a split district must say who held what (split_note)")
        return value


@cached
def _periods() -> tuple[Period, ...]:
    return read_rows(PERIODS_FILE, Period, rename={"period": "id"})


def periods() -> list[Period]:
    """The periods of the control table, earliest first."""
    return list(_periods())


def period(when: str) -> Period:
    """A period by id (``"2020-11-20"``) or the period in force at a date.

    A date may be ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a year or month means
    its last day ("2020-11" is the situation at the end of November 2020).
    """
    table = {p.id: p for p in _periods()}
    if str(when) in table:
        return table[str(when)]
    day = _as_date(when)
    earlier = [p for p in _periods() if p.start_date <= day]
    if not earlier:
        first = _periods()[0]
        raise InputError(
            f"The control table starts with the ceasefire of {first.start}; "
            f"{when!r} is earlier. Use a date from {first.start} on."
        )
    return earlier[-1]


def as_of(when: str) -> dt.date:
    """The day a map of ``when`` shows: a period's first day, or the date given
    (a year or month meaning its last day, as in :func:`period`)."""
    chosen = period(when)
    return chosen.start_date if str(when) == chosen.id else _as_date(when)


def _as_date(when: str) -> dt.date:
    """The last day of a year, month or day typed for a map (the one date parser is
    :func:`parisbaku.text.parse_date`; this adds the map's own hint)."""
    if not DATE.match(str(when).strip()):
        ids = ", ".join(repr(p.id) for p in _periods())
        raise InputError(
            f"{when!r} is not a period: use one of {ids}, or a date written "
            "YYYY, YYYY-MM or YYYY-MM-DD such as '2021-06'."
        )
    return parse_date(when, end=True)


@cached
def control_rows() -> tuple[ControlRow, ...]:
    """Every row of the control table, checked against the periods table."""
    rows = read_rows(CONTROL_FILE, ControlRow, lists=("adm1_codes",))
    known = {p.id for p in _periods()}
    bad = sorted({r.period for r in rows} - known)
    if bad:
        raise DataError(
            f"data/{CONTROL_FILE}",
            f"periods {bad} are not in karabakh_periods.csv",
            f"use the period ids of data/{PERIODS_FILE}",
        )
    return rows


def control(when: str) -> dict[str, ControlRow]:
    """District slug -> who controlled it in the period in force at ``when``."""
    chosen = period(when)
    return {r.district: r for r in control_rows() if r.period == chosen.id}
