"""Reading a table of ``data/tables/``: each row validated as a record, its sources parsed.

Every table of the map lessons is read the same way, by :func:`read_rows`: a
``sources`` cell (``"url (Outlet, 2020-11-10) | url"``) becomes a list of
:class:`~parisbaku.data.Source`, columns are renamed or split into lists as the
record wants them, and every bad cell of every row is reported at once in a
:class:`~parisbaku.data.DataError` that names the file, the line and the fix.

>>> from parisbaku.geodata import parse_sources
>>> [s.outlet for s in parse_sources("https://example.org/a (Le Monde, 2020-11-10) | https://www.x.fr/b")]
['Le Monde', 'x.fr']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import ValidationError

from ..data import DataError, Record, Source, load_csv, row_problems

__all__ = ["parse_sources", "read_rows", "source_labels"]

R = TypeVar("R", bound=Record)

_SOURCE = re.compile(r"^(?P<url>https?://\S+)(?:\s+\((?P<label>.*)\))?$")
_DATE_AT_END = re.compile(r",\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")


def parse_sources(text: str) -> list[Source]:
    """``"url (Outlet, 2020-11-10) | url"`` as a list of :class:`Source`."""
    found = []
    for part in (p.strip() for p in text.split(" | ")):
        if not part:
            continue
        match = _SOURCE.match(part)
        if not match:
            raise ValueError(f"not a 'URL (outlet, date)' source: {part[:60]!r}")
        label = (match["label"] or "").strip()
        published = "not shown"
        date = _DATE_AT_END.search(label)
        if date:
            published = date[1]
            label = label[: date.start()].strip()
        if not label:
            label = re.sub(r"^https?://(www\.)?", "", match["url"]).split("/")[0]
        found.append(Source(url=match["url"], outlet=label, published=published))
    if not found:
        raise ValueError("no source given")
    return found


def source_labels(text: str) -> str:
    """A ``sources`` cell as its outlets, each once, for a table a student reads."""
    return "; ".join(dict.fromkeys(s.label() for s in parse_sources(text)))


def read_rows(
    file: str,
    model: type[R],
    *,
    rename: Mapping[str, str] | None = None,
    lists: tuple[str, ...] = (),
    convert: Callable[[dict], dict] | None = None,
) -> tuple[R, ...]:
    """Every row of ``data/<file>`` as a ``model`` record, in file order.

    A ``sources`` column is parsed with :func:`parse_sources`; ``rename`` maps a
    column to the field that holds it; each column in ``lists`` is split on spaces;
    ``convert`` (last) derives what a rename cannot. A DataError lists every bad row.
    """
    problems, out = [], []
    for line, raw in enumerate(load_csv(file), start=2):
        row = dict(raw)
        try:
            if "sources" in row:
                row["sources"] = parse_sources(row["sources"])
            for column, field in (rename or {}).items():
                row[field] = row.pop(column)
            for column in lists:
                row[column] = row[column].split()
            out.append(model.model_validate(convert(row) if convert else row))
        except (ValidationError, ValueError) as exc:
            problems += row_problems(exc, f"line {line}")
    if problems:
        raise DataError(f"data/{file}", problems, "correct those cells (see data/SOURCES.md)")
    return tuple(out)
