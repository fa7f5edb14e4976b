"""The timeline drawn: a figure of the record's events by track (numbered key, caption,
alt text, labels at 9 pt that never overlap) and a filter widget."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .. import pages
from ..data import InputError
from ..text import counted, parse_date
from .record import _COLOURS, TRACKS, Event, _all, _check_tracks, as_of, events, record_ends


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
        return pages.macro(
            "timeline_figure", base64.b64encode(self.png()).decode("ascii"), self.alt,
            self.caption, [line.split(". ", 1)[1] for line in self.key()],
            len(self.shown) <= KEY_OPEN_UP_TO, template="timeline_figure.html.j2",
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
    # Lazy: matplotlib is loaded when a figure is drawn, not when events are read.
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
        f"{counted(len(shown), 'sourced event')}, {period}"
        + (" (the article's only)" if article_only else ""),
        loc="left", fontsize=11,
    )
    _stack_labels(fig, ax, placed, len(tracks))
    caption = (
        f"Timeline of {counted(len(shown), 'event')} ({period}) on the tracks "
        f"{', '.join(TRACKS[t] for t in tracks)}. Source: data/timeline.yaml, "
        f"{as_of()} (each event names its sources; cite one with timeline.event(id)). "
        "Dates of month- or "
        "year-precision events are drawn at the start of the month or year."
    )
    if len(shown) > 1:
        dots = (f"{len(shown)} events are dots on their rows; {in_article} of them, ringed in "
                "black, are events the article speaks of. ")
    else:
        dots = "1 event is a dot on its row" + (
            ", ringed in black: the article speaks of it. " if in_article else ". ")
    alt = (
        f"Horizontal timeline with {counted(len(tracks), 'row')} "
        f"({', '.join(TRACKS[t] for t in tracks)}) from {period}. " + dots
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
    import ipywidgets as w  # lazy: only the widget needs ipywidgets
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
    note = w.HTML(pages.macro("record_end_note", as_of(), template="timeline_figure.html.j2"))
    return w.VBox([w.HBox(list(boxes.values())), w.HBox([start, end, only]), out, note])


def _view(chosen: list[str], years: tuple[int, int], only: bool) -> TimelineFigure | str:
    """What the widget shows for its current settings: a figure or a message."""
    if not chosen:
        return "Tick at least one track."
    try:
        return figure(chosen, str(years[0]), str(years[1]), article_only=only)
    except InputError as exc:
        return str(exc)
