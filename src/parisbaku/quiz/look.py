"""Layouts and styles the quiz's widgets share: one widget model for all that look alike.

Every ipywidget has a ``Layout`` and most have a ``Style``, and each of those is a widget
of its own: a comm, an opening message through the student's server, a model in the
browser. Lesson 02's quiz (nine questions) opened 292 comms, 176 of them layouts and
styles, nearly all alike. A widget made here takes the one shared model instead, so the
same quiz opens far fewer (``tests/test_quiz_widgets.py`` counts them), which the kernel,
the server and the browser each feel at a class's start.

Only what never changes after it is built may share: a widget that is later hidden or
shown (``widget.layout.display = ...``) keeps a layout of its own.
"""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as w

__all__ = ["html", "layout", "style"]

W = TypeVar("W", bound=w.Widget)

_SHARED: dict[tuple[type, tuple[tuple[str, Any], ...]], w.Widget] = {}


def _shared(kind: type[W], attrs: dict[str, Any]) -> W:
    key = (kind, tuple(sorted(attrs.items())))
    made = _SHARED.get(key)
    if made is None or made.comm is None:  # first use, or closed (Widget.close_all())
        made = _SHARED[key] = kind(**attrs)
    return made  # type: ignore[return-value]


def layout(**attrs: Any) -> w.Layout:
    """The shared ``Layout(**attrs)``: never change it through a widget.

    >>> layout(width="auto") is layout(width="auto"), layout() is layout(width="auto")
    (True, False)
    """
    return _shared(w.Layout, attrs)


def style(of: type[w.DOMWidget], **attrs: Any) -> w.Widget:
    """The shared style for widgets of class ``of`` (its own style class), e.g.
    ``style(w.Dropdown, description_width="initial")``.

    >>> type(style(w.Text)).__name__, type(style(w.HTML)).__name__
    ('TextStyle', 'HTMLStyle')
    """
    return _shared(of.class_traits()["style"].klass, attrs)


def html(value: str = "", *classes: str) -> w.HTML:
    """An HTML widget with the shared plain layout and style (not to be hidden later),
    and these CSS classes from the start (``add_class`` after it is made is one more
    message per widget)."""
    return w.HTML(value, layout=layout(), style=style(w.HTML), _dom_classes=classes)
