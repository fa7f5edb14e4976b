"""The quiz's data model: a :class:`Bank` of questions, and every name of the model in one place.

The parts live in their own modules: what every question has in
:mod:`~parisbaku.quiz.question`, the six question types and their grading in
:mod:`~parisbaku.quiz.question_types`, the order things are shown in
:mod:`~parisbaku.quiz.order`, typed numbers and text and the :class:`Grade` in
:mod:`~parisbaku.quiz.scoring`. ``from parisbaku.quiz.model import X`` gives any of them.
"""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..data import InputError, Record
from .order import arranged, letters, position
from .question import DEFAULT_ATTEMPTS, SKILLS, Item, Option, Question, Slug, repeated
from .question_types import (
    QUESTION_TYPES,
    TYPES,
    AnyQuestion,
    Choice,
    Matching,
    MultipleChoice,
    Numeric,
    NumericAnswer,
    Ordering,
    SingleChoice,
    Text,
)
from .scoring import Grade, normalise_text, parse_number

__all__ = [
    "DEFAULT_ATTEMPTS",
    "QUESTION_TYPES",
    "SKILLS",
    "TYPES",
    "AnyQuestion",
    "Bank",
    "Choice",
    "Grade",
    "Item",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "NumericAnswer",
    "Option",
    "Ordering",
    "Question",
    "SingleChoice",
    "Text",
    "arranged",
    "letters",
    "normalise_text",
    "parse_number",
    "position",
]


class Bank(Record):
    """A quiz: a title and its questions. ``id`` names it in the results (default: lesson)."""

    lesson: str = Field(min_length=1)
    title: str = Field(min_length=1)
    id: Slug | None = None
    attempts: int = Field(default=DEFAULT_ATTEMPTS, ge=1, le=10)
    questions: list[AnyQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Bank:
        twice = repeated(q.id for q in self.questions)
        if twice:
            raise PydanticCustomError("duplicate_ids",
                                      "question ids must be unique; repeated: {repeated}",
                                      {"repeated": ", ".join(twice)})
        return self

    @property
    def key(self) -> str:
        """The name of this bank in a student's results file."""
        return self.id or self.lesson

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.id for q in self.questions)
        raise InputError(f"quiz {self.key!r} has no question {question_id!r}; it has {known}")

    def max_attempts(self, question: Question) -> int:
        return question.attempts or self.attempts
