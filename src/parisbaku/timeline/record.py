"""The timeline's record: the sourced events of data/timeline.yaml, the filters on
them, and the day counts and orders exercises compute from them."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable
from typing import Literal, TypeVar

from pydantic import Field, field_validator, model_validator

from .. import article, pages
from ..data import (
    DataError,
    InputError,
    Record,
    Source,
    data_dir,
    load_csv,
    load_model,
    unknown_ids,
)
from ..text import DATE, did_you_mean, parse_date

__all__ = [
    "TRACKS",
    "Event",
    "as_of",
    "day_date",
    "days_between",
    "event",
    "events",
    "for_paragraph",
    "in_order",
    "parse_date",
    "record_ends",
]

FILE = "timeline.yaml"
T = TypeVar("T")

#: The tracks, in the order of the figure's rows, with their labels.
TRACKS: dict[str, str] = {
    "karabakh": "Karabakh",
    "france-azerbaijan": "France–Azerbaijan",
    "new-caledonia": "New Caledonia",
    "baku-initiative-group": "Baku Initiative Group",
    "wider-region": "Wider region",
}
_COLOURS = {  # colour-blind-safe (Okabe–Ito)
    "karabakh": "#D55E00",
    "france-azerbaijan": "#0072B2",
    "new-caledonia": "#009E73",
    "baku-initiative-group": "#CC79A7",
    "wider-region": "#E69F00",
}
_SLUG = re.compile(r"^[a-z0-9_]+$")
_PRECISION = {1: "year", 2: "month", 3: "day"}
#: The record starts with the Karabakh movement of 1988; an earlier date is a typo.
FIRST_DAY = dt.date(1988, 1, 1)


def _precision_of(text: str) -> str:
    match = DATE.match(text)
    return _PRECISION[sum(1 for g in match.groups() if g)] if match else "?"


class Figure(Record):
    """A number about an event, with the sources that give it."""

    what: str
    value: str
    sources: list[Source] = Field(min_length=1)

    def amount(self, unit: str) -> float:
        """The one number the value gives in ``unit``, for code that draws or computes it.

        >>> Figure(what="width", value="5 km", sources=[Source(url="https://example.org",
        ...        outlet="Example", published="2020-11-10")]).amount("km")
        5.0
        """
        found = re.findall(rf"(\d[\d,]*(?:\.\d+)?)\s*{re.escape(unit)}\b", self.value)
        if len(found) != 1:
            raise DataError(
                f"data/{FILE}",
                f"figure {self.what!r} has value {self.value!r}, which gives "
                f"{len(found)} numbers in {unit!r}, not one",
                f"write the value as one number followed by its unit, e.g. '5 {unit}'",
            )
        return float(found[0].replace(",", ""))


class Event(Record):
    id: str
    date: str
    precision: Literal["day", "month", "year"]
    end_date: str | None = None
    title: str
    summary: str
    tracks: list[str] = Field(min_length=1)
    places: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    article_paragraphs: list[int] = Field(default_factory=list)
    bears_on: list[int] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    note: str | None = None
    confidence: Literal["high", "medium", "low"]
    sources: list[Source] = Field(min_length=1)

    @field_validator("date", "end_date")
    @classmethod
    def _date_parses(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_date(value)
            except InputError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("tracks")
    @classmethod
    def _known_tracks(cls, value: list[str]) -> list[str]:
        unknown = [t for t in value if t not in TRACKS]
        if unknown:
            raise ValueError(f"unknown track(s) {unknown}; use {list(TRACKS)}")
        return value

    @model_validator(mode="after")
    def _dates_agree(self) -> Event:
        if _precision_of(self.date) != self.precision:
            raise ValueError(
                f"date {self.date!r} is written to the {_precision_of(self.date)}, "
                f"but precision says {self.precision!r}"
            )
        if self.start < FIRST_DAY:
            raise ValueError(f"date {self.date} is before the record starts ({FIRST_DAY})")
        if self.end_date and parse_date(self.end_date, end=True) < self.start:
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self

    def figure(self, what: str) -> Figure:
        """The figure of this event whose ``what`` is given (a DataError names the others)."""
        found = [f for f in self.figures if f.what == what]
        if len(found) != 1:
            raise DataError(
                f"data/{FILE}",
                f"event {self.id!r} has {len(found)} figures {what!r}, not one "
                f"(its figures: {[f.what for f in self.figures]})",
                f"give the event one figure with 'what: {what}', its value and sources",
            )
        return found[0]

    # -- dates -------------------------------------------------------------
    @property
    def start(self) -> dt.date:
        return parse_date(self.date)

    @property
    def end(self) -> dt.date:
        return parse_date(self.end_date or self.date, end=True)

    @property
    def when(self) -> str:
        """The date as a reader says it, e.g. '16 Apr 2024', 'May 2024', '2007'."""
        text = _say(self.date)
        return f"{text} – {_say(self.end_date)}" if self.end_date else text

    @property
    def in_article(self) -> bool:
        """Whether the article itself speaks of this event."""
        return bool(self.article_paragraphs)

    # -- citing ------------------------------------------------------------
    def cite(self) -> str:
        """One line for prose: title, date and the first sources."""
        shown = "; ".join(s.label() for s in self.sources[:2])
        more = f" and {len(self.sources) - 2} more" if len(self.sources) > 2 else ""
        return f"{self.title} ({self.when}; sources: {shown}{more})"

    def __str__(self) -> str:
        lines = [f"{self.title} — {self.when}", textwrap.fill(self.summary, 88)]
        lines += [f"  {f.what}: {f.value} ({', '.join(s.label() for s in f.sources)})"
                  for f in self.figures]
        if self.note:
            lines.append(f"Note: {self.note}")
        lines.append(f"Confidence: {self.confidence}. Sources:")
        lines += [f"  - {s.label()}: {s.url}" for s in self.sources]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        article = (
            f" · the article speaks of it in ¶{', ¶'.join(map(str, self.article_paragraphs))}"
            if self.in_article else ""
        )
        figures = [(f.what, f.value, ", ".join(s.label() for s in f.sources))
                   for f in self.figures]
        return pages.macro(
            "event_card", self, _COLOURS[self.tracks[0]],
            ", ".join(TRACKS[t] for t in self.tracks), article, figures,
            template="timeline_record.html.j2",
        )


def _say(text: str) -> str:
    day = parse_date(text)
    precision = _precision_of(text)
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%b %Y")
    return f"{day.day} {day.strftime('%b %Y')}"


class Timeline(Record):
    #: The last month the record covers (YYYY-MM): the module's "as of" date.
    record_ends: str
    events: list[Event]

    @field_validator("record_ends")
    @classmethod
    def _month(cls, value: str) -> str:
        if _precision_of(str(value)) != "month":
            raise ValueError(
                f"{value!r}: write the month the record ends as YYYY-MM, e.g. '2026-05'")
        return str(value)

    @model_validator(mode="after")
    def _unique_ids(self) -> Timeline:
        seen: set[str] = set()
        repeated = [e.id for e in self.events if e.id in seen or seen.add(e.id)]
        if repeated:
            raise ValueError(f"event ids must be unique; repeated: {repeated}")
        last = parse_date(self.record_ends, end=True)
        later = [e.id for e in self.events if e.start > last]
        if later:
            raise ValueError(
                f"events {later} start after record_ends {self.record_ends}: move record_ends "
                "to the month of the latest event you add (the module then says 'as of' that month)"
            )
        return self


def _all() -> list[Event]:
    return sorted(load_model(FILE, Timeline).events, key=lambda e: (e.start, e.id))


def record_ends() -> dt.date:
    """The last day the timeline covers: nothing later than this is in the record."""
    return parse_date(load_model(FILE, Timeline).record_ends, end=True)


def as_of() -> str:
    """The record's date as the module says it, e.g. 'as of May 2026'."""
    return f"as of {record_ends().strftime('%B %Y')}"


def check() -> list[Event]:
    """Load and validate the timeline, also against the article and the gazetteer.

    Place entries that look like gazetteer ids (lowercase slugs) must exist in
    ``data/places.csv`` once that file is there; other entries are plain names.
    """
    events_ = _all()
    problems = []
    last = article.count()
    for e in events_:
        for field in ("article_paragraphs", "bears_on"):
            bad = [n for n in getattr(e, field) if not 1 <= n <= last]
            if bad:
                problems.append(f"record id={e.id!r}: {field} {bad} not in 1..{last}")
    if (data_dir() / "places.csv").exists():
        known = {row["id"] for row in load_csv("places.csv")}
        for e in events_:
            slugs = [p for p in e.places if _SLUG.match(p)]  # other entries are plain names
            who = f"record id={e.id!r}"
            problems += unknown_ids(who, "place id(s)", slugs, known, "places.csv")
    if problems:
        raise DataError(
            f"data/{FILE}",
            problems,
            "use paragraph numbers the article has, and gazetteer ids from data/places.csv "
            "(or write the place as a plain name, with capitals, if it has no id)",
        )
    return events_


def _check_tracks(track: str | Iterable[str] | None) -> list[str]:
    if track is None:
        return list(TRACKS)
    wanted = [track] if isinstance(track, str) else list(track)
    for t in wanted:
        if t not in TRACKS:
            hint = did_you_mean(t, TRACKS)
            raise InputError(f"There is no track {t!r}.{hint} Tracks: {', '.join(TRACKS)}.")
    return wanted


def events(
    track: str | Iterable[str] | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    *,
    article_only: bool = False,
) -> list[Event]:
    """Events in date order, filtered by track(s) and period.

    ``start`` and ``end`` are dates written YYYY, YYYY-MM or YYYY-MM-DD; an event
    is kept when any part of it falls in the period. ``article_only`` keeps only
    the events the article itself speaks of.
    """
    tracks = _check_tracks(track)
    first = parse_date(start) if start is not None else dt.date.min
    last = parse_date(end, end=True) if end is not None else dt.date.max
    if first > last:
        raise InputError(f"The period starts ({start}) after it ends ({end}); swap them.")
    return [
        e for e in _all()
        if set(e.tracks) & set(tracks)
        and e.start <= last and e.end >= first
        and (e.in_article or not article_only)
    ]


def pick(found: dict[str, T], wanted: str, what: str, listing: str, cutoff: float = 0.5) -> T:
    """``found[wanted]``, or an InputError that suggests close ids and how to list them."""
    if wanted in found:
        return found[wanted]
    hint = did_you_mean(wanted, found, n=3, cutoff=cutoff)
    raise InputError(f"There is no {what} {wanted!r}.{hint} {listing}")


def event(event_id: str) -> Event:
    """The event with this id, to display or to cite in prose (``.cite()``)."""
    return pick({e.id: e for e in _all()}, event_id, f"event in data/{FILE}",
                "List the ids with [e.id for e in timeline.events()].")


def day_date(event_id: str) -> dt.date:
    """The date of an event dated to the day; a DataError if it is dated less exactly."""
    found = event(event_id)
    if found.precision != "day":
        raise DataError(
            "data/exercises",
            f"event {event_id!r} is dated only to the {found.precision}",
            "count days only between events dated to the day",
        )
    return parse_date(found.date)


def days_between(start: str, end: str) -> int:
    """Days from event ``start`` to event ``end`` (both dated to the day)."""
    return (day_date(end) - day_date(start)).days


def in_order(events: list[str]) -> list[str]:
    """The event ids in date order (each dated to the day)."""
    return sorted(events, key=day_date)


def for_paragraph(n: int, *, bearing: bool = False) -> list[Event]:
    """The events the article speaks of in paragraph ``n``.

    With ``bearing=True``, also the events it does not mention that help to
    check what the paragraph claims (listed under ``bears_on`` in the data).
    """
    article.paragraph(n)  # checks the number
    return [e for e in _all() if n in e.article_paragraphs or (bearing and n in e.bears_on)]
