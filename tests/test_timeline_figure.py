"""The timeline figure is readable: no label touches another, no text under 9 pt, and it
fits a 1280-pixel-wide window at the size a notebook shows it."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from matplotlib.image import imread
from matplotlib.text import Text

from parisbaku import timeline

VIEWS = {
    "default (2020 to the end of the record)": {},
    "the whole record": {"start": None, "end": None},
    "the article's events only": {"start": None, "end": None, "article_only": True},
    "one track, with titles": {"track": "new-caledonia", "start": "2024-05", "end": "2024-06",
                               "labels": "titles"},
    "two tracks, 2023": {"track": ["karabakh", "france-azerbaijan"], "start": "2023",
                         "end": "2023"},
}


def _texts(fig) -> list[Text]:
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts whose drawn boxes overlap (event labels, tick labels, legend, title);
    a title's box is its text, not the leader line down to its dot."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in _texts(fig)]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]  # fmt: skip


@pytest.mark.parametrize("view", VIEWS)
def test_the_timeline_is_readable_no_overlap_9_points_1280_pixels(view):
    shown = timeline.figure(**VIEWS[view])
    labels = [t for t in shown.fig.axes[0].texts if t.get_text().strip()]
    assert len(labels) >= len(shown.shown), "every event is labelled"
    assert overlaps(shown.fig) == []
    small = {t.get_text(): t.get_fontsize() for t in _texts(shown.fig) if t.get_fontsize() < 9}
    assert not small, small
    width = imread(io.BytesIO(shown.png())).shape[1]
    assert width <= 1280, f"{width} px: a 1280-px window would shrink the 9 pt text"


def test_a_titles_view_writes_titles_and_the_overlap_check_can_fail():
    shown = timeline.figure(**VIEWS["one track, with titles"])
    texts = [t for t in shown.fig.axes[0].texts if t.get_text().strip()]
    assert any(len(t.get_text()) > 12 for t in texts), "titles, not numbers"
    a, b = texts[:2]
    b.set_position(a.get_position())  # put two labels on top of each other
    b.xyann = a.xyann
    assert overlaps(shown.fig), "the overlap count sees a real overlap"


def test_counts_in_the_title_caption_and_alt_text_agree_with_what_is_drawn():
    """One event is '1 event' (it said '1 events'); several keep the plural."""
    for window, expected in (("1988-02", "1 event"), ("2023", None)):
        shown = timeline.figure(track="karabakh", start=window, end=window)
        n = len(shown.shown)
        expected = expected or f"{n} events"
        assert (n == 1) == (expected == "1 event")
        title = shown.fig.axes[0].get_title(loc="left")
        for text in (title, shown.caption, shown.alt):
            assert expected in text.replace("sourced ", ""), text
            assert not re.search(r"\b1 (events|rows)\b", text), text
