"""A quiz on paper: questions and options first, the answer key kept apart.

Every text from a bank is put in with its ``<`` escaped: Markdown passes raw HTML
through (and ``make html`` publishes it), so a tag in a bank would be live on the
page, as it can never be in the quiz itself (its Markdown escapes raw HTML too).

Options, ordering items and matching columns are printed in the order the
student sees on screen (:func:`parisbaku.quiz.order.arranged`): a student's copy
(``student=name``) in that student's order, the shared copy (static pages,
answer keys) in the fixed order drawn from each question's id alone. Options
are lettered by their place on the page, and the key names those letters.
"""

from __future__ import annotations

from functools import singledispatch

from .bank import load_bank
from .model import Bank
from .order import letters
from .question import Question
from .question_types import Choice, Matching, Numeric, Ordering, SingleChoice, Text

__all__ = ["Printable", "printable"]


class Printable(str):
    """Markdown text that Jupyter renders as Markdown (and prints as itself)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _safe(text: str) -> str:
    """Bank text for Markdown: no HTML tag can start (``<`` is written ``&lt;``), and
    Markdown itself (bold, links) still works.

    >>> _safe("**Shusha** <img src=x onerror=alert(1)>")
    '**Shusha** &lt;img src=x onerror=alert(1)>'
    """
    return text.replace("<", "&lt;")


@singledispatch
def _body(q: Question, student: str | None) -> list[str]:
    """The lines a student fills in, one form per question type."""
    raise NotImplementedError(f"no printed form for {type(q).__name__}")


@_body.register
def _(q: Choice, student: str | None) -> list[str]:
    # "☐", not "[ ]": Markdown turns "- [ ]" into a checkbox with no label, which a screen
    # reader announces as an unnamed control on a page where nothing can be ticked.
    box = "( )" if isinstance(q, SingleChoice) else "☐"
    shown = q.shown_options(student)
    return [f"- {box} **{letter})** {_safe(o.text)}"
            for letter, o in zip(letters(len(shown)), shown, strict=True)]


@_body.register
def _(q: Ordering, student: str | None) -> list[str]:
    return [f"- ___ {_safe(i.text)}" for i in q.shown_items(student)]


@_body.register
def _(q: Matching, student: str | None) -> list[str]:
    right = q.shown_right(student)
    choices = "; ".join(f"**{letter})** {_safe(i.text)}"
                        for letter, i in zip(letters(len(right)), right, strict=True))
    return [*[f"- {_safe(i.text)} → ____" for i in q.shown_left(student)], "",
            f"Choose from: {choices}"]


@_body.register
def _(q: Numeric, student: str | None) -> list[str]:
    return [f"Answer: ________ {_safe(q.numeric[2])}".rstrip()]


@_body.register
def _(q: Text, student: str | None) -> list[str]:
    return ["Answer: ______________________"]


def _question_md(number: int, q: Question, student: str | None) -> list[str]:
    return [f"### {number}. {_safe(q.prompt.strip())}", "", f"*{_safe(q.how)}*", "",
            *_body(q, student), ""]


def _key_md(number: int, q: Question, student: str | None) -> list[str]:
    sources = "; ".join(f"[{_safe(s.label())}](<{s.url.replace('>', '%3E')}>)"
                        for s in q.sources)
    return [
        f"**{number}.** {_safe(q.answer_text(student))}",
        "",
        f"{_safe(q.explanation.strip())}",
        "",
        f"Sources: {sources}",
        "",
    ]


def printable(bank: str | Bank, *, key: bool = True, student: str | None = None) -> Printable:
    """The quiz as Markdown: every question and option, then (if ``key``) the answer key.

    ``student``: print that student's order (the one their quiz shows); without it,
    the fixed order of the static pages. The key starts on a new page when
    printed, so a handout can be cut there; pass ``key=False`` for a copy without it.
    """
    b = load_bank(bank)
    lines = [f"## {_safe(b.title)}", ""]
    for number, q in enumerate(b.questions, start=1):
        lines += _question_md(number, q, student)
    if key:
        whose = f" (copy of {student})" if student else ""
        lines += [
            '<div style="page-break-before: always"></div>',
            "",
            f"## Answer key: {_safe(b.title)}{_safe(whose)}",
            "",
        ]
        for number, q in enumerate(b.questions, start=1):
            lines += _key_md(number, q, student)
    return Printable("\n".join(lines).rstrip() + "\n")
