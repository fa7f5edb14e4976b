"""Question types, their answers and how a response is scored.

Six types, one model. What each type needs besides ``id``, ``prompt``,
``explanation`` and ``sources``:

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

A response that cannot be scored (nothing chosen, not a number, an item used
twice) raises :class:`~parisbaku.data.InputError` and costs no attempt.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from ..data import InputError, Record, Source

__all__ = [
    "SKILLS",
    "TYPES",
    "Bank",
    "Grade",
    "Item",
    "Option",
    "Question",
    "normalise_text",
    "parse_number",
    "position",
    "question_problems",
]

TYPES = ("single", "multiple", "numeric", "ordering", "matching", "text")
QuestionType = Literal["single", "multiple", "numeric", "ordering", "matching", "text"]

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


def _text_id(value: Any) -> Any:
    """YAML reads ``id: 1`` as a number; ids are compared as text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Id = Annotated[str, BeforeValidator(_text_id), Field(min_length=1, max_length=80)]
Slug = Annotated[
    str,
    BeforeValidator(_text_id),
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


@dataclass(frozen=True)
class Grade:
    """The outcome of one response: credit 0..1, whether it is fully right, and why."""

    credit: float
    correct: bool
    feedback: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.correct:
            return "correct"
        return "partly correct" if self.credit > 0 else "incorrect"


def normalise_text(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'Step’anakert ' -> 'stepanakert'."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    no_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    no_punct = "".join(c if c.isalnum() or c.isspace() else "" for c in no_marks)
    return " ".join(no_punct.split())


def parse_number(value: Any) -> float:
    """A number typed by a student: '272', '272.5', '272,5', '1 200' all work."""
    if isinstance(value, bool):
        raise InputError(f"{value!r} is not a number; type digits, e.g. 272")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if re.fullmatch(r"[-+]?\d+,\d+", text):
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise InputError(
                f"{value!r} is not a number; type digits only, e.g. 272 or 2.5"
            ) from None
    if not math.isfinite(number):
        raise InputError(f"{value!r} is not a usable number; type digits, e.g. 272")
    return number


class Question(Record):
    """One question of a bank. Build it from YAML (see data/quizzes/README.md) or in code."""

    id: Slug
    type: QuestionType
    objectives: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    skill: Skill | None = None
    evidence: list[str] = Field(default_factory=list)
    prompt: str = Field(min_length=1)
    options: list[Option] | None = None
    items: list[Item] | None = None
    left: list[Item] | None = None
    right: list[Item] | None = None
    answer: Any
    explanation: str = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    attempts: int | None = Field(default=None, ge=1, le=10)

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        problems = question_problems(self)
        if problems:
            raise PydanticCustomError(
                "question_problems",
                "{summary}",
                {"summary": "; ".join(f"field '{f}': {m}" for f, m in problems),
                 "problems": problems},
            )
        return self

    # -- the answer key, typed -------------------------------------------------
    @property
    def correct_ids(self) -> list[str]:
        """single: [the option id]; multiple: the option ids; ordering: item ids in order."""
        if self.type in ("multiple", "ordering"):
            return [str(a) for a in self.answer]
        return [str(self.answer)]

    @property
    def numeric(self) -> tuple[float, float, str]:
        """(value, tolerance, unit) of a numeric question."""
        answer = self.answer if isinstance(self.answer, dict) else {"value": self.answer}
        return (
            float(answer["value"]),
            float(answer.get("tolerance", 0) or 0),
            str(answer.get("unit", "") or ""),
        )

    @property
    def accepted(self) -> list[str]:
        """text: the accepted answers as written by the author."""
        return [self.answer] if isinstance(self.answer, str) else [str(a) for a in self.answer]

    @property
    def pairs(self) -> dict[str, str]:
        """matching: left id -> right id."""
        return {str(k): str(v) for k, v in self.answer.items()}

    def option(self, option_id: str) -> Option:
        for option in self.options or []:
            if option.id == option_id:
                return option
        raise InputError(f"question {self.id!r} has no option {option_id!r}")

    def right_response(self) -> Any:
        """A right answer in the form a student's response takes (what the widget saves)."""
        if self.type == "single":
            return self.correct_ids[0]
        if self.type in ("multiple", "ordering"):
            return list(self.correct_ids)
        if self.type == "numeric":
            return _fmt(self.numeric[0])
        if self.type == "matching":
            return dict(self.pairs)
        return self.accepted[0]

    def answer_text(self) -> str:
        """The right answer in words, for the answer key and the explanation."""
        if self.type in ("single", "multiple"):
            return "; ".join(f"{i}) {self.option(i).text}" for i in self.correct_ids)
        if self.type == "numeric":
            value, tolerance, unit = self.numeric
            plus = f" (± {_fmt(tolerance)})" if tolerance else ""
            return f"{_fmt(value)}{plus} {unit}".strip()
        if self.type == "ordering":
            texts = {i.id: i.text for i in self.items or []}
            return " → ".join(texts[i] for i in self.correct_ids)
        if self.type == "matching":
            lefts = {i.id: i.text for i in self.left or []}
            rights = {i.id: i.text for i in self.right or []}
            return "; ".join(f"{lefts[k]} = {rights[v]}" for k, v in self.pairs.items())
        return " / ".join(self.accepted)

    # -- scoring ---------------------------------------------------------------
    def grade(self, response: Any) -> Grade:
        """Score a response (see the module doc for the rules)."""
        return getattr(self, f"_grade_{self.type}")(response)

    def _grade_single(self, response: Any) -> Grade:
        if response in (None, ""):
            raise InputError("choose one option, then press Check")
        chosen = self.option(str(response))
        right = chosen.id == self.correct_ids[0]
        return Grade(1.0 if right else 0.0, right, [chosen.feedback] if chosen.feedback else [])

    def _grade_multiple(self, response: Any) -> Grade:
        chosen = [str(r) for r in (response or [])]
        if not chosen:
            raise InputError("tick at least one option, then press Check")
        for option_id in chosen:
            self.option(option_id)
        right = set(self.correct_ids)
        picked = set(chosen)
        hits, wrong = len(picked & right), len(picked - right)
        credit = max(0.0, (hits - wrong) / len(right))
        notes = [self.option(i).feedback for i in chosen if self.option(i).feedback]
        missed = len(right - picked)
        if missed:
            notes.append(f"{missed} correct option{'s' if missed > 1 else ''} not ticked.")
        exact = picked == right
        return Grade(1.0 if exact else credit, exact, notes)

    def _grade_numeric(self, response: Any) -> Grade:
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

    def _grade_ordering(self, response: Any) -> Grade:
        order = [str(r) for r in (response or []) if r not in (None, "")]
        ids = [i.id for i in self.items or []]
        if len(order) != len(ids) or set(order) != set(ids):
            repeated = [i for i, n in Counter(order).items() if n > 1]
            hint = f" ({', '.join(repeated)} used twice)" if repeated else ""
            raise InputError(f"place every item exactly once{hint}, then press Check")
        rank = {item: n for n, item in enumerate(self.correct_ids)}
        pairs = list(combinations(order, 2))
        good = sum(1 for a, b in pairs if rank[a] < rank[b])
        credit = good / len(pairs)
        right = order == self.correct_ids
        notes = [] if right else [f"{good} of {len(pairs)} pairs are in the right order."]
        return Grade(1.0 if right else credit, right, notes)

    def _grade_matching(self, response: Any) -> Grade:
        given = {str(k): str(v) for k, v in (response or {}).items() if v not in (None, "")}
        missing = [i.text for i in self.left or [] if i.id not in given]
        if missing:
            raise InputError(f"pair every item (still open: {', '.join(missing)})")
        pairs = self.pairs
        good = sum(1 for k, v in pairs.items() if given.get(k) == v)
        right = good == len(pairs)
        notes = [] if right else [f"{good} of {len(pairs)} pairs are right."]
        return Grade(good / len(pairs), right, notes)

    def _grade_text(self, response: Any) -> Grade:
        if response is None or not normalise_text(str(response)):
            raise InputError("type an answer, then press Check")
        typed = normalise_text(str(response))
        right = typed in {normalise_text(a) for a in self.accepted}
        return Grade(1.0 if right else 0.0, right, [])


class Bank(Record):
    """A quiz: a title and its questions. ``id`` names it in the results (default: lesson)."""

    lesson: str = Field(min_length=1)
    title: str = Field(min_length=1)
    id: Slug | None = None
    attempts: int = Field(default=DEFAULT_ATTEMPTS, ge=1, le=10)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Bank:
        repeated = [i for i, n in Counter(q.id for q in self.questions).items() if n > 1]
        if repeated:
            raise PydanticCustomError(
                "duplicate_ids",
                "question ids must be unique; repeated: {repeated}",
                {"repeated": ", ".join(repeated)},
            )
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


def position(k: int, n: int) -> str:
    """The label of place k of n in an ordering question: '1st (earliest)', '2nd', ..."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    label = f"{k}{suffix}"
    return f"{label} (earliest)" if k == 1 else f"{label} (latest)" if k == n else label


def _fmt(number: float) -> str:
    return f"{number:g}"


def _ids(items: list[Option] | list[Item] | None) -> list[str]:
    return [i.id for i in items or []]


def _unique(field_name: str, items: list[Option] | list[Item] | None) -> list[tuple[str, str]]:
    repeated = [i for i, n in Counter(_ids(items)).items() if n > 1]
    if not repeated:
        return []
    return [(field_name, f"ids must be unique; repeated: {', '.join(repeated)}")]


_USES = {
    "single": {"options"},
    "multiple": {"options"},
    "numeric": set(),
    "ordering": {"items"},
    "matching": {"left", "right"},
    "text": set(),
}


def question_problems(q: Question) -> list[tuple[str, str]]:
    """Every inconsistency between a question's type, its fields and its answer.

    Returns (field, problem) pairs; an empty list means the question is sound.
    """
    problems: list[tuple[str, str]] = []
    uses = _USES[q.type]
    for name in ("options", "items", "left", "right"):
        given = getattr(q, name) is not None
        if name in uses and not given:
            problems.append((name, f"a {q.type} question needs it"))
        elif given and name not in uses:
            problems.append((name, f"a {q.type} question does not use it; remove it"))
    for name in uses:
        values = getattr(q, name)
        if values is not None and len(values) < 2 and name != "left":
            problems.append((name, "give at least 2"))
        problems += _unique(name, values)
    if problems:
        return problems
    return problems + _answer_problems(q)


def _answer_problems(q: Question) -> list[tuple[str, str]]:
    answer = q.answer
    if answer is None:
        return [("answer", "missing: give the right answer")]
    if q.type == "single":
        ids = _ids(q.options)
        if isinstance(answer, list | dict):
            return [("answer", "a single question has one answer: an option id")]
        if _text_id(answer) not in ids:
            return [("answer", f"{answer!r} is not among the options ({', '.join(ids)})")]
    elif q.type == "multiple":
        ids = _ids(q.options)
        given = answer if isinstance(answer, list) else [answer]
        given = [_text_id(a) for a in given]
        if not given:
            return [("answer", "give at least one correct option id")]
        strangers = [str(a) for a in given if a not in ids]
        if strangers:
            return [("answer", f"{', '.join(strangers)} not among the options ({', '.join(ids)})")]
        if len(set(given)) != len(given):
            return [("answer", "an option id is listed twice")]
        if not isinstance(answer, list):
            return [("answer", "a multiple question takes a list: [a, c]")]
    elif q.type == "numeric":
        if not isinstance(answer, dict | int | float) or isinstance(answer, bool):
            return [("answer", "give {value: 272, tolerance: 2, unit: days}")]
        if isinstance(answer, dict):
            unknown = set(answer) - {"value", "tolerance", "unit"}
            if unknown:
                return [("answer", f"unknown keys {sorted(unknown)}; use value, tolerance, unit")]
            if "value" not in answer:
                return [("answer", "no 'value': give {value: 272, tolerance: 2, unit: days}")]
            for key in ("value", "tolerance"):
                if key in answer and (
                    not isinstance(answer[key], int | float) or isinstance(answer[key], bool)
                ):
                    return [("answer", f"'{key}' must be a number, not {answer[key]!r}")]
            if answer.get("tolerance", 0) < 0:
                return [("answer", "'tolerance' cannot be negative")]
    elif q.type == "ordering":
        ids = _ids(q.items)
        given = [_text_id(a) for a in answer] if isinstance(answer, list) else None
        if given is None or sorted(given) != sorted(ids):
            listed = ", ".join(ids)
            return [("answer", f"list every item id exactly once, earliest first ({listed})")]
    elif q.type == "matching":
        lefts, rights = _ids(q.left), _ids(q.right)
        if not isinstance(answer, dict):
            return [("answer", "give {left id: right id, ...}")]
        given = {_text_id(k): _text_id(v) for k, v in answer.items()}
        problems = []
        if sorted(given) != sorted(lefts):
            problems.append(("answer", f"pair every left id exactly once ({', '.join(lefts)})"))
        strangers = [str(v) for v in given.values() if v not in rights]
        if strangers:
            problems.append(
                ("answer", f"{', '.join(strangers)} not among the right ids ({', '.join(rights)})")
            )
        return problems
    elif q.type == "text":
        given = [answer] if isinstance(answer, str) else answer
        if not isinstance(given, list) or not given or not all(
            isinstance(a, str | int | float) and normalise_text(str(a)) for a in given
        ):
            return [("answer", "give a list of accepted answers, e.g. [Stepanakert, Khankendi]")]
    return []
