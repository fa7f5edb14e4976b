"""What every quiz question has: its fields, the ids it uses, and the methods each type
gives (grading, the right answer in words, ...).

The types themselves, one pydantic model each, are in :mod:`parisbaku.quiz.question_types`;
``Question(type="single", ...)`` builds the model of the type it is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError

from ..data import Record, Source
from .scoring import Grade

__all__ = [
    "DEFAULT_ATTEMPTS",
    "SKILLS",
    "Id",
    "Item",
    "Items",
    "Option",
    "Options",
    "Question",
    "Slug",
    "answer_form",
    "refuse",
    "repeated",
    "text_id",
    "unique_ids",
]

#: What a question asks the student to do (``skill:`` in a bank; see data/quizzes/README.md).
#: ``recall`` is a bare date, number, name or order; every other skill applies something.
SKILLS: dict[str, str] = {
    "recall": "give a bare date, number, name or order",
    "apply": "use a method, a table or the timeline on a case and draw what follows",
    "classify": "put a claim or a text in a category (accurate, opinion, ...)",
    "justify": "pick the source or evidence that settles a claim",
    "explain": "give the reason why something is so",
    "locate": "place something on a map, or say what a map can and cannot show",
    "attribute": "say whose wording, statement or position it is",
    "compare": "set figures or positions side by side and say where they differ",
}
Skill = Literal[tuple(SKILLS)]  # type: ignore[valid-type]

#: How many tries a question allows when neither the question nor the bank says.
DEFAULT_ATTEMPTS = 2


def text_id(value: Any) -> Any:
    """YAML reads ``id: 1`` as a number; ids are compared as text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Id = Annotated[str, BeforeValidator(text_id), Field(min_length=1, max_length=80)]
Slug = Annotated[
    str,
    BeforeValidator(text_id),
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80),
]


class Option(Record):
    """A choice in a single or multiple choice question."""

    id: Id
    text: str = Field(min_length=1)
    feedback: str = ""


class Item(Record):
    """An item to put in order, or one side of a matching pair."""

    id: Id
    text: str = Field(min_length=1)


Entry = TypeVar("Entry", Option, Item)


def repeated(ids: Iterable[str]) -> list[str]:
    """The ids given more than once, in the order first seen.

    >>> repeated(["a", "b", "a", "c", "b"])
    ['a', 'b']
    """
    return [i for i, n in Counter(ids).items() if n > 1]


def unique_ids(entries: list[Entry]) -> list[Entry]:
    """For validators: the entries (options, items), or an error naming the ids repeated."""
    twice = repeated(e.id for e in entries)
    if twice:
        raise PydanticCustomError("unique_ids", "ids must be unique; repeated: {repeated}",
                                  {"repeated": ", ".join(twice)})
    return entries


Options = Annotated[list[Option], Field(min_length=2), AfterValidator(unique_ids)]
Items = Annotated[list[Item], Field(min_length=2), AfterValidator(unique_ids)]


def refuse(message: str, **context: Any) -> PydanticCustomError:
    """An answer written in a form its type does not take (the message says the right form)."""
    return PydanticCustomError("answer_form", message, context or None)


def answer_form(fits: Callable[[Any], bool], hint: str) -> BeforeValidator:
    """For an ``answer`` annotation: refuse an answer whose form does not fit the type (a list
    where one id is wanted, ...) before anything else is checked, saying how to write it."""

    def check(value: Any) -> Any:
        if not fits(value):
            raise refuse(hint)
        return value

    return BeforeValidator(check)


def _by_type() -> TypeAdapter[Question]:
    # Deliberately lazy: the types subclass Question, so their module imports this one.
    from .question_types import BY_TYPE

    return BY_TYPE


class _ByType(type(Record)):  # type: ignore[misc]
    """``Question(type="single", ...)`` builds the model of that type."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is Question:
            return _by_type().validate_python(kwargs)
        return super().__call__(*args, **kwargs)


class Question(Record, metaclass=_ByType):
    """What every question has. Build one from YAML (see data/quizzes/README.md) or in
    code with ``Question(type=..., ...)``, which returns the model of that type."""

    id: Slug
    type: str
    objectives: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    skill: Skill | None = None
    evidence: list[str] = Field(default_factory=list)
    prompt: str = Field(min_length=1)
    answer: Any
    explanation: str = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    attempts: int | None = Field(default=None, ge=1, le=10)

    #: What a student is told to do, on screen and on paper.
    how: ClassVar[str] = ""

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if cls is Question:
            return _by_type().validate_python(obj, **kwargs)
        return super().model_validate(obj, **kwargs)

    @model_validator(mode="after")
    def _answer_fits(self) -> Question:
        problem = self.answer_problem()
        if problem:
            raise PydanticCustomError("question_problems", "field 'answer': {problem}",
                                      {"problem": problem, "problems": [("answer", problem)]})
        return self

    def answer_problem(self) -> str:
        """Why the answer does not fit the rest of the question ('' when it does)."""
        return ""

    def grade(self, response: Any) -> Grade:
        """Score a response, in the stored form (ids; see the module doc for the rules)."""
        raise NotImplementedError

    def right_response(self) -> Any:
        """A right answer in the form a student's response takes (what the widget saves)."""
        raise NotImplementedError

    def answer_text(self, student: str | None = None) -> str:
        """The right answer in words, for the answer key and the explanation."""
        raise NotImplementedError

    def wrong_response(self, rng: Any) -> Any:
        """A plausible wrong answer, in the stored form (for made-up practice results)."""
        raise NotImplementedError

    def counted(self) -> tuple[int, str] | None:
        """What an explanation may count ("the three right options"): how many, of what;
        None when the type has nothing to count."""
        return None

    def layout_giveaway(self) -> str:
        """How the way the question is written gives its answer away ('' when it does not)."""
        return ""
