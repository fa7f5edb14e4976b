"""The module's timeline: sourced events, filters, a figure and a filter widget.

``record`` holds the events of ``data/timeline.yaml`` and the filters on them;
``figure`` draws them. Every event has a date with its precision, one or more
tracks, places, sources and a confidence; numbers that sources disagree on are
given with both values and both sources.

>>> from parisbaku import timeline
>>> timeline.event("france-recalls-ambassador-2024-04-16").when
'16 Apr 2024'
>>> [e.id for e in timeline.events(track="baku-initiative-group", start="2023-07", end="2023-07")]
['big-founded-2023-07-06']
"""

from __future__ import annotations

from .figure import KEY_OPEN_UP_TO, LABEL_PT, TimelineFigure, figure, widget
from .figure import _view as _view  # the widget's logic, tested without a browser
from .record import (
    FILE,
    TRACKS,
    Event,
    Timeline,
    as_of,
    check,
    day_date,
    days_between,
    event,
    events,
    for_paragraph,
    in_order,
    parse_date,
    pick,
    record_ends,
)

__all__ = [
    "FILE",
    "KEY_OPEN_UP_TO",
    "LABEL_PT",
    "TRACKS",
    "Event",
    "Timeline",
    "TimelineFigure",
    "as_of",
    "check",
    "day_date",
    "days_between",
    "event",
    "events",
    "figure",
    "for_paragraph",
    "in_order",
    "parse_date",
    "pick",
    "record_ends",
    "widget",
]
