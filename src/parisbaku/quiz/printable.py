"""A quiz on paper: questions and options first, the answer key kept apart."""

from __future__ import annotations

import re

from .bank import load_bank
from .model import Bank, Question

__all__ = ["Printable", "printable"]

_HOW = {
    "single": "Choose one.",
    "multiple": "Choose all that apply.",
    "numeric": "Give a number.",
    "ordering": "Put in order, earliest first.",
    "matching": "Pair each item on the left with one on the right.",
    "text": "Write a short answer.",
}


class Printable(str):
    """Markdown text that Jupyter renders as Markdown (and prints as itself)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _labelled(key: str, text: str) -> str:
    """``**b)** text``; a text that already starts with its key as a word (``accurate:
    sources support it``) is not labelled twice. One-letter keys are always shown."""
    if len(key) > 1 and re.match(rf"{re.escape(key)}\b", text, re.IGNORECASE):
        return f"**{text[: len(key)]}**{text[len(key):]}"
    return f"**{key})** {text}"


def _question_md(number: int, q: Question, unit_hint: bool = True) -> list[str]:
    lines = [f"### {number}. {q.prompt.strip()}", "", f"*{_HOW[q.type]}*", ""]
    if q.type in ("single", "multiple"):
        box = "( )" if q.type == "single" else "[ ]"
        lines += [f"- {box} {_labelled(o.id, o.text)}" for o in q.options or []]
    elif q.type == "ordering":
        lines += [f"- ___ {i.text}" for i in q.items or []]
    elif q.type == "matching":
        lines += [f"- {i.text} → ____" for i in q.left or []]
        lines += ["", "Choose from: " + "; ".join(_labelled(i.id, i.text) for i in q.right or [])]
    elif q.type == "numeric":
        unit = q.numeric[2]
        lines.append(f"Answer: ________ {unit}".rstrip() if unit_hint else "Answer: ________")
    else:
        lines.append("Answer: ______________________")
    return [*lines, ""]


def _key_md(number: int, q: Question) -> list[str]:
    sources = "; ".join(f"[{s.label()}]({s.url})" for s in q.sources)
    return [
        f"**{number}.** {q.answer_text()}",
        "",
        f"{q.explanation.strip()}",
        "",
        f"Sources: {sources}",
        "",
    ]


def printable(bank: str | Bank, *, key: bool = True) -> Printable:
    """The quiz as Markdown: every question and option, then (if ``key``) the answer key.

    The key starts on a new page when printed, so a handout can be cut there;
    pass ``key=False`` for a student copy without it.
    """
    b = load_bank(bank)
    lines = [f"## {b.title}", ""]
    for number, q in enumerate(b.questions, start=1):
        lines += _question_md(number, q)
    if key:
        lines += [
            '<div style="page-break-before: always"></div>',
            "",
            f"## Answer key: {b.title}",
            "",
        ]
        for number, q in enumerate(b.questions, start=1):
            lines += _key_md(number, q)
    return Printable("\n".join(lines).rstrip() + "\n")
