"""The question types: one pydantic model per type, each with its own grading and order.

What each type needs besides ``id``, ``prompt``, ``explanation`` and ``sources``:

==========  ===============================  ====================================
type        extra fields                     ``answer``
==========  ===============================  ====================================
single      ``options`` (2 or more)          one option id
multiple    ``options`` (2 or more)          a list of option ids (one or more)
numeric     (none)                           ``{value, tolerance, unit}``
ordering    ``items`` (2 or more)            every item id once, earliest first
matching    ``left`` and ``right``           ``{left id: right id}`` for every left
text        (none)                           a list of accepted answers
==========  ===============================  ====================================

The types form one discriminated union on ``type`` (:data:`AnyQuestion`);
``Question(type="single", ...)`` builds the right one. A new type is one class
here (added to :data:`AnyQuestion`; what every type has is in
:mod:`~parisbaku.quiz.question`), one input class in ``inputs.py``, one printed
form in ``printable.py`` and one export in ``interop.py``.

Scoring (credit between 0 and 1 per question; the rules students are told):

- single, numeric, text: all or nothing. A number counts when it lies within
  ``tolerance`` of ``value``. A text answer counts when it equals an accepted
  answer once case, accents, punctuation and spacing are ignored.
- multiple: each correct option ticked earns 1/k (k = number of correct
  options), each wrong option ticked takes 1/k away, never below 0. Full marks
  only for exactly the right set.
- ordering: the share of pairs of items that are in the right order relative
  to each other (one item out of place costs little; a reversed list scores 0).
- matching: the share of left-hand items paired correctly.

A response is stored as ids (option, item, left and right ids), never as a
position on screen, so a shuffled display and today's results files grade the
same. A response that cannot be scored (nothing chosen, not a number, an item
used twice) raises :class:`~parisbaku.data.InputError` and costs no attempt.

Order on screen and on paper (:func:`arranged`): options, ordering items and
both matching columns appear in an order drawn from a seed of (student,
question id), so one student sees the same order after a restart, a restore
and on their printed copy, while two students see different ones. With no
student (static pages, answer keys) the seed is the question id alone: a fixed
order, the same on every build. Ordering items are never shown in the right
order, nor a matching straight across (every row's answer in its own row).
"""

from __future__ import annotations

from itertools import combinations
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, TypeAdapter, field_validator, model_validator

from ..data import InputError, Record
from ..text import counted as plural  # (the questions have a counted() method of their own)
from .computed import compute
from .order import arranged, letters
from .question import (
    Id,
    Item,
    Items,
    Option,
    Options,
    Question,
    answer_form,
    refuse,
    repeated,
    text_id,
    unique_ids,
)
from .scoring import Grade, normalise_text, parse_number

__all__ = [
    "BY_TYPE",
    "QUESTION_TYPES",
    "TYPES",
    "AnyQuestion",
    "Choice",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "NumericAnswer",
    "Ordering",
    "SingleChoice",
    "Text",
]


def _fmt(number: float) -> str:
    return f"{number:g}"


# -- choices --------------------------------------------------------------------------------

class Choice(Question):
    """What single and multiple choice share: options, shown in each student's order."""

    options: Options

    @property
    def correct_ids(self) -> list[str]:
        raise NotImplementedError

    def option(self, option_id: Any) -> Option:
        for option in self.options:
            if option.id == str(text_id(option_id)):
                return option
        raise InputError(f"question {self.id!r} has no option {option_id!r}")

    def shown_options(self, student: str | None = None) -> list[Option]:
        """The options in the order this student sees them."""
        return arranged(self.options, student, self.id)

    def letter(self, option_id: str, student: str | None = None) -> str:
        """The letter an option carries on this student's paper copy (a, b, c, ...)."""
        shown = [o.id for o in self.shown_options(student)]
        return letters(len(shown))[shown.index(option_id)]

    def answer_text(self, student: str | None = None) -> str:
        return "; ".join(f"{self.letter(i, student)}) {self.option(i).text}"
                         for i in self.correct_ids)

    def _strangers(self, ids: list[str]) -> str:
        known = [o.id for o in self.options]
        strangers = [i for i in ids if i not in known]
        if strangers:
            return f"{', '.join(strangers)} not among the options ({', '.join(known)})"
        return ""


class SingleChoice(Choice):
    """One right option among two or more."""

    type: Literal["single"]
    answer: Annotated[Id, answer_form(lambda value: not isinstance(value, list | dict),
                                      "a single question has one answer: an option id")]
    how: ClassVar[str] = "Choose one."

    def answer_problem(self) -> str:
        if self._strangers([self.answer]):
            return (f"{self.answer!r} is not among the options "
                    f"({', '.join(o.id for o in self.options)})")
        return ""

    @property
    def correct_ids(self) -> list[str]:
        return [self.answer]

    def grade(self, response: Any) -> Grade:
        if response in (None, "", []):
            raise InputError("choose one option, then press Check")
        chosen = self.option(response)
        right = chosen.id == self.answer
        return Grade(1.0 if right else 0.0, right, [chosen.feedback] if chosen.feedback else [])

    def right_response(self) -> str:
        return self.answer

    def wrong_response(self, rng: Any) -> Any:
        return rng.choice([o.id for o in self.options if o.id != self.answer])


class MultipleChoice(Choice):
    """One or more right options; partial credit per tick."""

    type: Literal["multiple"]
    answer: Annotated[list[Id], Field(min_length=1), answer_form(
        lambda value: isinstance(value, list), "a multiple question takes a list: [a, c]")]
    how: ClassVar[str] = "Choose all that apply."

    def answer_problem(self) -> str:
        if len(set(self.answer)) != len(self.answer):
            return "an option id is listed twice"
        return self._strangers(self.answer)

    @property
    def correct_ids(self) -> list[str]:
        return list(self.answer)

    def grade(self, response: Any) -> Grade:
        chosen = [str(text_id(r)) for r in (response or [])]
        if not chosen:
            raise InputError("tick at least one option, then press Check")
        notes = [self.option(i).feedback for i in chosen if self.option(i).feedback]
        right, picked = set(self.answer), set(chosen)
        hits, wrong = len(picked & right), len(picked - right)
        credit = max(0.0, (hits - wrong) / len(right))
        missed = len(right - picked)
        if missed:
            notes.append(f"{plural(missed, 'correct option')} not ticked.")
        exact = picked == right
        return Grade(1.0 if exact else credit, exact, notes)

    def counted(self) -> tuple[int, str]:
        return len(self.correct_ids), "right options"

    def layout_giveaway(self) -> str:
        if self.correct_ids == [o.id for o in self.options][:-1]:
            return "the key is every option but the last"
        return ""

    def right_response(self) -> list[str]:
        return list(self.answer)

    def wrong_response(self, rng: Any) -> Any:
        ids = [o.id for o in self.options]
        return sorted(rng.sample(ids, k=max(1, len(ids) // 2)))


# -- a number -------------------------------------------------------------------------------

class NumericAnswer(Record):
    """``{value, tolerance, unit}``: NaN and infinity are refused in both numbers."""

    value: float = Field(allow_inf_nan=False)
    tolerance: float = Field(default=0.0, ge=0, allow_inf_nan=False)
    unit: str = ""

    @model_validator(mode="before")
    @classmethod
    def _computed(cls, raw: Any) -> Any:
        """``{compute: name, args: {...}}`` instead of ``value``: computed from data/."""
        if not isinstance(raw, dict) or "compute" not in raw:
            return raw
        if "value" in raw:
            raise refuse("give 'value' or 'compute', not both")
        rest = {k: v for k, v in raw.items() if k not in ("compute", "args")}
        try:
            return {**rest, "value": compute(raw["compute"], raw.get("args") or {})}
        except ValueError as exc:
            raise refuse("{problem}", problem=str(exc)) from None

    @field_validator("value", "tolerance", mode="before")
    @classmethod
    def _not_text(cls, value: Any) -> Any:
        if isinstance(value, str | bool):
            raise refuse("must be a number")
        return value

    @field_validator("unit", mode="before")
    @classmethod
    def _no_unit(cls, value: Any) -> Any:
        return "" if value is None else value


class Numeric(Question):
    """A number within a tolerance."""

    type: Literal["numeric"]
    answer: NumericAnswer
    how: ClassVar[str] = "Give a number."

    @field_validator("answer", mode="before")
    @classmethod
    def _bare_number(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"value": value}
        if not isinstance(value, dict | NumericAnswer):
            raise refuse("give {value: 272, tolerance: 2, unit: days}")
        return value

    @property
    def numeric(self) -> tuple[float, float, str]:
        """(value, tolerance, unit)."""
        return self.answer.value, self.answer.tolerance, self.answer.unit

    def grade(self, response: Any) -> Grade:
        if response is None or str(response).strip() == "":
            raise InputError("type a number, then press Check")
        number = parse_number(response)
        value, tolerance, unit = self.numeric

        def near(x: float) -> bool:
            # a little slack for binary rounding, so 0.1 + 0.2 counts as 0.3
            return abs(x - value) <= tolerance + 1e-9 * max(1.0, abs(value))

        right = near(number)
        notes = []
        if not right and unit.strip() == "%" and near(number * 100):
            notes.append("Check the unit: the answer is a percentage, so 0.75 is written 75.")
        elif not right:
            notes.append(f"Your number is too {'high' if number > value else 'low'}.")
        return Grade(1.0 if right else 0.0, right, notes)

    def right_response(self) -> str:
        return _fmt(self.answer.value)

    def wrong_response(self, rng: Any) -> Any:
        value, tolerance, _ = self.numeric
        return f"{value + tolerance + max(1.0, abs(value) * 0.1):g}"

    def answer_text(self, student: str | None = None) -> str:
        value, tolerance, unit = self.numeric
        plus = f" (± {_fmt(tolerance)})" if tolerance else ""
        return f"{_fmt(value)}{plus} {unit}".strip()


# -- order and pairs ------------------------------------------------------------------------

class Ordering(Question):
    """Items to put in order; credit for each pair in the right relative order."""

    type: Literal["ordering"]
    items: Items
    answer: list[Id]
    how: ClassVar[str] = "Put in order, earliest first."

    def answer_problem(self) -> str:
        ids = [i.id for i in self.items]
        if sorted(self.answer) != sorted(ids):
            return f"list every item id exactly once, earliest first ({', '.join(ids)})"
        return ""

    @property
    def correct_ids(self) -> list[str]:
        return list(self.answer)

    def shown_items(self, student: str | None = None) -> list[Item]:
        """The items in this student's order: never the right order (then rotated by one)."""
        shown = arranged(self.items, student, self.id)
        if [i.id for i in shown] == self.answer:
            shown = shown[1:] + shown[:1]
        return shown

    def grade(self, response: Any) -> Grade:
        order = [str(text_id(r)) for r in (response or []) if r not in (None, "")]
        ids = [i.id for i in self.items]
        if len(order) != len(ids) or set(order) != set(ids):
            twice = repeated(order)
            hint = f" ({', '.join(twice)} used twice)" if twice else ""
            raise InputError(f"place every item exactly once{hint}, then press Check")
        rank = {item: n for n, item in enumerate(self.answer)}
        pairs = list(combinations(order, 2))
        good = sum(1 for a, b in pairs if rank[a] < rank[b])
        right = order == self.answer
        notes = [] if right else [f"{good} of {len(pairs)} pairs are in the right order."]
        return Grade(1.0 if right else good / len(pairs), right, notes)

    def counted(self) -> tuple[int, str]:
        return len(self.items), "items"

    def layout_giveaway(self) -> str:
        if self.correct_ids == [i.id for i in self.items]:
            return "the items are written in the answer's order"
        return ""

    def right_response(self) -> list[str]:
        return list(self.answer)

    def wrong_response(self, rng: Any) -> Any:
        return list(reversed(self.answer))

    def answer_text(self, student: str | None = None) -> str:
        texts = {i.id: i.text for i in self.items}
        return " → ".join(texts[i] for i in self.answer)


class Matching(Question):
    """Pair each left item with one on the right (the right may hold distractors)."""

    type: Literal["matching"]
    left: Annotated[list[Item], Field(min_length=1), AfterValidator(unique_ids)]
    right: Items
    answer: Annotated[dict[Id, Id], answer_form(lambda value: isinstance(value, dict),
                                                "give {left id: right id, ...}")]
    how: ClassVar[str] = "Pair each item on the left with one on the right."

    def answer_problem(self) -> str:
        lefts, rights = [i.id for i in self.left], [i.id for i in self.right]
        problems = []
        if sorted(self.answer) != sorted(lefts):
            problems.append(f"pair every left id exactly once ({', '.join(lefts)})")
        strangers = [v for v in self.answer.values() if v not in rights]
        if strangers:
            problems.append(f"{', '.join(strangers)} not among the right ids "
                            f"({', '.join(rights)})")
        return "; ".join(problems)

    @property
    def pairs(self) -> dict[str, str]:
        """left id -> right id."""
        return dict(self.answer)

    def shown_left(self, student: str | None = None) -> list[Item]:
        return arranged(self.left, student, self.id, "left")

    def shown_right(self, student: str | None = None) -> list[Item]:
        """The right column in this student's order: never matched straight across
        (row n's answer in place n for every row; then rotated by one)."""
        shown = arranged(self.right, student, self.id, "right")
        lefts = self.shown_left(student)
        if all(self.answer[left.id] == right.id for left, right in zip(lefts, shown,
                                                                         strict=False)):
            shown = shown[1:] + shown[:1]
        return shown

    def grade(self, response: Any) -> Grade:
        given = {str(text_id(k)): str(text_id(v)) for k, v in (response or {}).items()
                 if v not in (None, "")}
        missing = [i.text for i in self.left if i.id not in given]
        if missing:
            raise InputError(f"pair every item (still open: {', '.join(missing)})")
        good = sum(1 for k, v in self.answer.items() if given.get(k) == v)
        right = good == len(self.answer)
        notes = [] if right else [f"{good} of {len(self.answer)} pairs are right."]
        return Grade(good / len(self.answer), right, notes)

    def counted(self) -> tuple[int, str]:
        return len(self.left), "items"

    def layout_giveaway(self) -> str:
        rights = [r.id for r in self.right]
        if list(self.pairs.values()) == rights[:len(self.pairs)]:
            return "each row is matched to the same row"
        return ""

    def right_response(self) -> dict[str, str]:
        return dict(self.answer)

    def wrong_response(self, rng: Any) -> Any:
        rights = list(self.answer.values())
        return dict(zip(self.answer, rights[1:] + rights[:1], strict=True))

    def answer_text(self, student: str | None = None) -> str:
        lefts = {i.id: i.text for i in self.left}
        rights = {i.id: i.text for i in self.right}
        return "; ".join(f"{lefts[i.id]} = {rights[self.answer[i.id]]}"
                         for i in self.shown_left(student))


# -- a short text ---------------------------------------------------------------------------

class Text(Question):
    """A short text, compared without case, accents, punctuation or extra spaces."""

    type: Literal["text"]
    answer: Annotated[list[str], Field(min_length=1)]
    how: ClassVar[str] = "Write a short answer."

    @field_validator("answer", mode="before")
    @classmethod
    def _accepted(cls, value: Any) -> Any:
        given = [value] if isinstance(value, str | int | float) else value
        if not isinstance(given, list) or not given or not all(
            isinstance(a, str | int | float) and not isinstance(a, bool)
            and normalise_text(str(a)) for a in given
        ):
            raise refuse("give a list of accepted answers, e.g. [Stepanakert, Khankendi]")
        return [str(a) for a in given]

    @property
    def accepted(self) -> list[str]:
        """The accepted answers as written by the author."""
        return list(self.answer)

    def grade(self, response: Any) -> Grade:
        if response is None or not normalise_text(str(response)):
            raise InputError("type an answer, then press Check")
        right = normalise_text(str(response)) in {normalise_text(a) for a in self.answer}
        return Grade(1.0 if right else 0.0, right, [])

    def right_response(self) -> str:
        return self.answer[0]

    def wrong_response(self, rng: Any) -> Any:
        return "I do not know"

    def answer_text(self, student: str | None = None) -> str:
        return " / ".join(self.answer)


#: Every question type, in the order the bank format lists them.
QUESTION_TYPES: tuple[type[Question], ...] = (
    SingleChoice, MultipleChoice, Numeric, Ordering, Matching, Text)
TYPES = tuple(t.model_fields["type"].annotation.__args__[0] for t in QUESTION_TYPES)
AnyQuestion = Annotated[
    SingleChoice | MultipleChoice | Numeric | Ordering | Matching | Text,
    Field(discriminator="type"),
]
#: Validates a question of any type (what ``Question(type=...)`` uses).
BY_TYPE: TypeAdapter[Question] = TypeAdapter(AnyQuestion)
