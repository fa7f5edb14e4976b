"""The module's timeline: sourced events, filters, a figure and a filter widget.

Every event in ``data/timeline.yaml`` has a date with its precision, one or more
tracks, places, sources and a confidence; numbers that sources disagree on are
given with both values and both sources.

>>> from parisbaku import timeline
>>> timeline.event("france-recalls-ambassador-2024-04-16").when
'16 Apr 2024'
>>> [e.id for e in timeline.events(track="baku-initiative-group", start="2023-07", end="2023-07")]
['big-founded-2023-07-06']
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import Field, field_validator, model_validator

from .data import DataError, InputError, Record, Source, data_dir, load_csv, load_model
from .text import DATE, did_you_mean, parse_date

__all__ = [
    "TRACKS",
    "Event",
    "TimelineFigure",
    "as_of",
    "day_date",
    "days_between",
    "event",
    "events",
    "figure",
    "for_paragraph",
    "in_order",
    "parse_date",
    "record_ends",
    "widget",
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
        esc = html.escape
        tracks = ", ".join(TRACKS[t] for t in self.tracks)
        article = (
            f" · the article speaks of it in ¶{', ¶'.join(map(str, self.article_paragraphs))}"
            if self.in_article else ""
        )
        figures = "".join(
            f"<li>{esc(f.what)}: <b>{esc(f.value)}</b> "
            f"({esc(', '.join(s.label() for s in f.sources))})</li>"
            for f in self.figures
        )
        sources = "".join(
            f'<li><a href="{esc(s.url)}">{esc(s.label())}</a></li>' for s in self.sources
        )
        note = f"<p><i>Note:</i> {esc(self.note)}</p>" if self.note else ""
        return (
            '<div class="parisbaku-event" style="border-left:4px solid '
            f'{_COLOURS[self.tracks[0]]};padding:0.2em 1em;margin:0.4em 0">'
            f"<p><b>{esc(self.title)}</b> — {esc(self.when)}<br>"
            f'<span style="font-size:90%">{esc(tracks)}{esc(article)} · '
            f"confidence: {esc(self.confidence)} · id <code>{esc(self.id)}</code></span></p>"
            f"<p>{esc(self.summary)}</p>"
            + (f"<p>Figures, each with its sources (where sources differ, every value is "
               f"given):</p><ul>{figures}</ul>"
               if figures else "")
            + note
            + f'<details><summary>Sources ({len(self.sources)})</summary><ul>{sources}</ul>'
            "</details></div>"
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
    from . import article

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
            missing = [p for p in e.places if _SLUG.match(p) and p not in known]
            if missing:
                problems.append(
                    f"record id={e.id!r}: place id(s) {missing} are not in data/places.csv"
                )
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
    from . import article

    article.paragraph(n)  # checks the number
    return [e for e in _all() if n in e.article_paragraphs or (bearing and n in e.bears_on)]


# -- the figure -------------------------------------------------------------
@dataclass
class TimelineFigure:
    """A timeline figure with its numbered key, caption and alt text."""

    fig: object
    shown: list[Event]
    alt: str
    caption: str

    def key(self) -> list[str]:
        return [
            f"{i:>2}. {e.when} — {e.title}"
            + (f" [article ¶{', ¶'.join(map(str, e.article_paragraphs))}]" if e.in_article else "")
            for i, e in enumerate(self.shown, start=1)
        ]

    def save(self, path: str) -> None:
        self.fig.savefig(path, dpi=110, bbox_inches="tight")

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        return buffer.getvalue()

    def __str__(self) -> str:
        return "\n".join([self.caption, "", *self.key(), "", f"Alt text: {self.alt}"])

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png()).decode("ascii")
        key = "".join(f"<li>{html.escape(line.split('. ', 1)[1])}</li>" for line in self.key())
        return (
            f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
            'style="max-width:100%">'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
            f"<details{' open' if len(self.shown) <= KEY_OPEN_UP_TO else ''}>"
            f"<summary>Key: the numbered events ({len(self.shown)})</summary>"
            f"<ol>{key}</ol></details>"
            f'<p style="font-size:90%"><b>Alt text:</b> {html.escape(self.alt)}</p>'
        )


#: A key this short is shown open under its figure; a longer one starts folded (click to open).
KEY_OPEN_UP_TO = 15


def figure(
    track: str | Iterable[str] | None = None,
    start: str | dt.date | None = "2020",
    end: str | dt.date | None = None,
    *,
    article_only: bool = False,
    labels: Literal["auto", "titles", "numbers"] = "auto",
) -> TimelineFigure:
    """A timeline with one row per track; the article's own events are marked.

    Events are drawn as dots (periods as bars) on their track's row; an event on
    several tracks appears on each. Events the article speaks of get a black
    ring. Without ``end`` the figure runs to the last event of the record.
    With few events the titles are written beside them, otherwise numbers
    that the key under the figure explains.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D

    tracks = _check_tracks(track)
    shown = events(tracks, start, end, article_only=article_only)
    if not shown:
        raise InputError(
            f"No events on {tracks} between {start} and {end}"
            + (" that the article speaks of" if article_only else "")
            + ". Widen the period or add tracks."
        )
    rows = {t: i for i, t in enumerate(reversed(tracks))}
    height = 1.2 + 1.05 * len(tracks)
    fig = MplFigure(figsize=(11, max(2.6, height)))
    FigureCanvasAgg(fig)  # measured while laid out, so labels never overlap
    ax = fig.add_subplot()
    number = {e.id: i for i, e in enumerate(shown, start=1)}
    lo = min(e.start for e in shown)
    hi = max(e.end for e in shown)
    if end is not None:  # a period that runs on past the window is cut at its edge
        hi = min(hi, parse_date(end, end=True))
    span_days = max((hi - lo).days, 30)
    # titles only when every title finds a free level (about 30% of the width each)
    title_gap = span_days * 0.3
    use_titles = labels == "titles" or (
        labels == "auto" and len(shown) <= 10 and _titles_fit(shown, rows, date2num, title_gap)
    )
    placed: list[tuple[object, int]] = []  # (label, row) to be stacked once measured
    for e in shown:
        for t in e.tracks:
            if t not in rows:
                continue
            y = rows[t]
            colour = _COLOURS[t]
            x0, x1 = date2num(e.start), date2num(min(e.end, hi))
            if e.end_date:
                ax.plot([x0, x1], [y, y], color=colour, lw=5, alpha=0.45, solid_capstyle="butt")
            ax.plot(x0, y, "o", ms=8, color=colour, zorder=3,
                    markeredgecolor="black" if e.in_article else "white",
                    markeredgewidth=2.2 if e.in_article else 0.8)
            text = _short(e.title) if use_titles else str(number[e.id])
            leader = {"arrowstyle": "-", "color": "#aaa", "lw": 0.6, "shrinkA": 0, "shrinkB": 5}
            label = ax.annotate(text, (x0, y), xytext=(0, _LIFT), textcoords="offset points",
                                ha="left" if use_titles else "center", va="bottom",
                                fontsize=LABEL_PT, color="#222",
                                arrowprops=leader if use_titles else None)
            placed.append((label, y))
    ax.set_yticks(list(rows.values()), [TRACKS[t] for t in rows], fontsize=10)
    pad = max(dt.timedelta(days=20), (hi - lo) * 0.03)
    right = dt.timedelta(days=title_gap) if use_titles else pad  # room for the last title
    ax.set_xlim(date2num(lo - pad), date2num(hi + right))
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#ddd", lw=0.6)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    fig.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color="#888", markeredgecolor="black",
                   markeredgewidth=2.2, ms=8, label="the article speaks of it"),
            Line2D([], [], marker="o", ls="", color="#888", markeredgecolor="white", ms=8,
                   label="not in the article"),
            Line2D([], [], color="#888", lw=5, alpha=0.45, label="lasted a period"),
        ],
        loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=3, frameon=False, fontsize=LABEL_PT,
    )
    period = f"{_day(lo)} to {_day(hi)}"
    in_article = sum(e.in_article for e in shown)
    ax.set_title(
        f"{len(shown)} sourced events, {period}"
        + (" (the article's only)" if article_only else ""),
        loc="left", fontsize=11,
    )
    _stack_labels(fig, ax, placed, len(tracks))
    caption = (
        f"Timeline of {len(shown)} events ({period}) on the tracks "
        f"{', '.join(TRACKS[t] for t in tracks)}. Source: data/timeline.yaml, "
        f"{as_of()} (each event names its sources; cite one with timeline.event(id)). "
        "Dates of month- or "
        "year-precision events are drawn at the start of the month or year."
    )
    alt = (
        f"Horizontal timeline with {len(tracks)} row{'s' if len(tracks) > 1 else ''} "
        f"({', '.join(TRACKS[t] for t in tracks)}) "
        f"from {period}. {len(shown)} events are dots on their rows; {in_article} of them, "
        "ringed in black, are events the article speaks of. "
        + ("Titles are written beside the dots." if use_titles
           else "Numbers beside the dots refer to the key below the figure.")
    )
    return TimelineFigure(fig, shown, alt, caption)


_MAX_LEVELS = 6
#: Event labels (numbers or titles) and the legend: the figure's smallest text, in points.
LABEL_PT = 9
_LIFT = 8  # points from a dot up to its first label level
_STEP = LABEL_PT * 1.6  # points between two label levels


def _titles_fit(shown: list[Event], rows: dict[str, int], date2num, gap: float) -> bool:
    """Whether every event's title finds a free label level on its rows."""
    last: dict[tuple[str, int], float] = {}
    for e in shown:
        for t in e.tracks:
            if t in rows:
                x = date2num(e.start)
                free = [lv for lv in range(_MAX_LEVELS)
                        if x - last.get((t, lv), float("-inf")) >= gap]
                if not free:
                    return False
                last[(t, free[0])] = x
    return True


def _stack_labels(fig, ax, placed: list, n_rows: int) -> None:
    """Lift each label to the lowest level of its row where its measured box touches no
    other label, then make the rows as far apart as the highest level needs. Laying out
    the figure moves the axes, so this repeats until the levels no longer change."""
    from matplotlib.text import Text  # lazy like every matplotlib import in this module

    previous = None
    for _ in range(4):
        fig.tight_layout(rect=(0, 0.4 / fig.get_figheight(), 1, 1))  # room for the legend
        renderer = fig.canvas.get_renderer()
        ends: dict[tuple[int, int], float] = {}  # (row, level) -> right edge of its last label
        levels = []
        boxes = [Text.get_window_extent(label, renderer) for label, _ in placed]  # no leader
        for (label, row), extent in sorted(zip(placed, boxes, strict=True),
                                           key=lambda pair: pair[1].x0):
            level = 0
            while ends.get((row, level), float("-inf")) + 3 > extent.x0:
                level += 1
            ends[(row, level)] = extent.x1
            levels.append(level)
            label.xyann = (0, _LIFT + _STEP * level)
            if label.arrow_patch is not None:  # a title lifted off its dot keeps a leader
                label.arrow_patch.set_visible(level > 0)
        top = max(levels, default=0)
        pitch = (_LIFT + _STEP * (top + 1) + 10) / 72  # inches from one row to the next
        ax.set_ylim(-0.35, n_rows - 1 + 0.9)
        fig.set_figheight(max(2.6, (n_rows - 1 + 1.25) * pitch + 1.3))
        if levels == previous:
            break
        previous = levels
    fig.tight_layout(rect=(0, 0.4 / fig.get_figheight(), 1, 1))


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _short(title: str, width: int = 38) -> str:
    return title if len(title) <= width else title[: width - 1].rsplit(" ", 1)[0] + "…"


def widget():
    """An ipywidgets filter: tracks, years, and 'only the article's events'."""
    import ipywidgets as w
    from IPython.display import display

    boxes = {t: w.Checkbox(value=True, description=label, indent=False,
                           layout=w.Layout(width="auto"))
             for t, label in TRACKS.items()}
    first = min(e.start for e in _all()).year
    last = record_ends().year
    # Two labelled number fields, not a range slider: ipywidgets cannot name a slider's
    # handles for a screen reader, and arrow keys on a field are not taken by JupyterLab.
    start, end = (w.BoundedIntText(value=year, min=first, max=last, description=label,
                                   layout=w.Layout(width="11em"))
                  for year, label in ((2020, "From year"), (last, "to year")))
    only = w.Checkbox(value=False, description="only events the article speaks of",
                      indent=False)
    out = w.Output()

    def redraw(*_):
        out.clear_output(wait=True)
        with out:
            chosen = [t for t, box in boxes.items() if box.value]
            shown = _view(chosen, (start.value, end.value), only.value)
            display(shown) if isinstance(shown, TimelineFigure) else print(shown)

    for control in [*boxes.values(), start, end, only]:
        control.observe(redraw, names="value")
    redraw()
    note = w.HTML(f"<p>The record runs to its end, {as_of()}: later events are not in it.</p>")
    return w.VBox([w.HBox(list(boxes.values())), w.HBox([start, end, only]), out, note])


def _view(chosen: list[str], years: tuple[int, int], only: bool) -> TimelineFigure | str:
    """What the widget shows for its current settings: a figure or a message."""
    if not chosen:
        return "Tick at least one track."
    try:
        return figure(chosen, str(years[0]), str(years[1]), article_only=only)
    except InputError as exc:
        return str(exc)
