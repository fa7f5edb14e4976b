"""Quizzes that teach and keep every answer.

In a lesson notebook::

    from parisbaku import quiz
    quiz.show("02_karabakh_1988_2023")

- :func:`show` renders a bank (a lesson id or a :class:`Bank` built in code) as
  ipywidgets: Check, feedback in words and icon, the explanation with its
  sources, attempts, a running score, Reset. Every answer is saved as it is
  given to ``results/<student>.json``.
- :func:`load_bank` reads and validates ``data/quizzes/<id>.yaml``.
- :func:`printable` gives the quiz as Markdown for a handout, answer key apart
  (``student=name``: in the order that student's quiz shows).
- :class:`Question` builds any type (``Question(type="single", ...)``); the types
  are :class:`SingleChoice`, :class:`MultipleChoice`, :class:`Numeric`,
  :class:`Ordering`, :class:`Matching` and :class:`Text`, each with its own
  ``grade(answer)``.
- :func:`set_student` gives the student's name once for the session.

The bank format is described in ``data/quizzes/README.md``.
"""

from __future__ import annotations

from typing import Any

from .bank import bank_ids, load_bank, validate_bank
from .model import (
    Bank,
    Choice,
    Grade,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    Option,
    Ordering,
    Question,
    SingleChoice,
    Text,
)
from .printable import printable

__all__ = [
    "Bank",
    "Choice",
    "Grade",
    "Item",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Option",
    "Ordering",
    "Question",
    "SingleChoice",
    "Text",
    "bank_ids",
    "load_bank",
    "printable",
    "set_student",
    "show",
    "validate_bank",
]


def show(bank: str | Bank, *, student: str | None = None, results: Any = None,
         one_at_a_time: bool = False) -> Any:
    """Render a quiz (a lesson id such as "02_karabakh_1988_2023", or a Bank).

    ``student``: the name to save answers under (otherwise the one given with
    :func:`set_student`, or $PARISBAKU_STUDENT, or $JUPYTERHUB_USER, or asked for).
    ``results``: the folder for results (otherwise $PARISBAKU_RESULTS or results/).
    ``one_at_a_time``: show one question with Previous/Next instead of all.
    """
    from .widgets import QuizView

    return QuizView(load_bank(bank), student=student, results=results,
                    one_at_a_time=one_at_a_time)


def set_student(name: str) -> str:
    """Give the student's name once; every quiz shown afterwards saves under it."""
    from .store import remember_student

    return remember_student(name)
