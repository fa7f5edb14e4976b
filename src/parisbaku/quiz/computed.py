"""Numeric quiz answers computed from ``data/``, never typed a second time.

A numeric question may give ``answer: {compute: <name>, args: {...}, tolerance, unit}``
instead of ``value``; the value is computed when the bank is loaded, so the answer
key, the printable quiz and the grading follow the data. The names are the exercises'
computations (``parisbaku.exercises.COMPUTE``) plus the two below.

>>> compute("months_between", {"start": "boillon-lachin-2024-05-24",
...                             "end": "lagoutte-credentials-2025-10-16"})
17
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Average length of a month in days (365.25 / 12).
_MONTH_DAYS = 30.4375


def _exercise(name: str) -> Callable[..., Any]:
    from .. import exercises

    return exercises.COMPUTE[name]


def _months_between(start: str, end: str) -> int:
    """Whole months from one timeline event to another (rounded)."""
    return round(_exercise("days_between")(start, end) / _MONTH_DAYS)


def _table_share(name: str, part: dict[str, Any], whole: dict[str, Any], column: str,
                 digits: int = 1) -> float:
    """``part`` as a percentage of ``whole`` (two rows of one table), rounded to ``digits``."""
    value = _exercise("table_value")
    return round(100 * value(name, part, column) / value(name, whole, column), digits)


COMPUTE: dict[str, Callable[..., Any]] = {
    "months_between": _months_between,
    "table_share": _table_share,
}


def names() -> list[str]:
    """Every computation a numeric answer may name."""
    from .. import exercises

    return sorted({*COMPUTE, *exercises.COMPUTE})


def compute(name: str, args: dict[str, Any]) -> float:
    """The value of computation ``name`` with ``args``; ValueError naming what is wrong."""
    from .. import exercises

    function = COMPUTE.get(name) or exercises.COMPUTE.get(name)
    if function is None:
        raise ValueError(f"unknown compute {name!r}; use one of {names()}")
    try:
        result = function(**args)
    except TypeError as exc:
        raise ValueError(f"compute {name!r}: {exc}") from None
    except Exception as exc:  # a DataError or InputError from the data it reads
        raise ValueError(f"compute {name!r} failed: {exc}") from None
    if isinstance(result, bool) or not isinstance(result, int | float):
        raise ValueError(f"compute {name!r} gives {result!r}, not a number")
    return result
