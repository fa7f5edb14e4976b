"""Quiz banks: ``data/quizzes/<lesson>.yaml`` read, validated and explained.

A bank with mistakes raises ONE :class:`~parisbaku.data.DataError` that lists
every problem with the file, the question id and the field, e.g.::

    data/quizzes/02_karabakh_1988_2023.yaml: 3 problems:
      - question 'shusha-2020', field 'answer': 'e' is not among the options (a, b, c)
      - question 'blockade-days', field 'type': must be one of single, multiple, ...
      - questions: question ids must be unique; repeated: lachin
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..data import DataError, Entries, data_dir, describe_error, load_yaml
from .model import Bank
from .question import Question, repeated
from .question_types import QUESTION_TYPES, TYPES

__all__ = ["bank_ids", "load_bank", "validate_bank"]

FOLDER = "quizzes"
FIX = "correct each problem listed above (data/quizzes/README.md shows every field)"
#: Fields that belong to some question types only (options, items, left, right).
_TYPE_FIELDS = {name for t in QUESTION_TYPES for name in t.model_fields} - set(
    Question.model_fields)
#: How messages name a bank's questions: ``question 'icj-vote'`` (the type tag skipped).
RECORDS = {"questions": Entries("question", "id", TYPES)}


def bank_ids() -> list[str]:
    """The ids of every bank in data/quizzes/, sorted."""
    folder = data_dir() / FOLDER
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_bank(bank_id: str | Bank) -> Bank:
    """The bank ``data/quizzes/<bank_id>.yaml``, validated (a Bank is returned as it is)."""
    if isinstance(bank_id, Bank):
        return bank_id
    name = str(bank_id).removesuffix(".yaml")
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise DataError(
            f"data/{FOLDER}/{name}.yaml", "not a quiz name", "give a lesson id such as "
            "'02_karabakh_1988_2023'"
        )
    relative = f"{FOLDER}/{name}.yaml"
    if not (data_dir() / relative).exists():
        known = ", ".join(bank_ids()) or "none yet"
        raise DataError(
            f"data/{relative}", "no such quiz bank", f"use one of: {known}"
        )
    return validate_bank(load_yaml(relative), f"data/{relative}", expect_lesson=name)


def validate_bank(raw: Any, file: str = "<bank>", expect_lesson: str | None = None) -> Bank:
    """Turn parsed YAML into a Bank, or raise one DataError listing every problem."""
    if not isinstance(raw, dict):
        raise DataError(file, "the file must hold a mapping with lesson, title and questions", FIX)
    problems: list[str] = []
    questions = raw.get("questions")
    duplicates = _duplicate_ids(questions)
    try:
        bank = Bank.model_validate(raw)
    except ValidationError as exc:
        bank = None
        for err in exc.errors():
            problems += _describe(err, raw)
        if duplicates and not any("must be unique; repeated" in p for p in problems):
            problems.append(f"field 'questions': question ids must be unique; repeated: "
                            f"{', '.join(duplicates)}")
    if expect_lesson is not None and raw.get("lesson") not in (None, expect_lesson):
        problems.append(
            f"field 'lesson': says {raw.get('lesson')!r} but the file is {expect_lesson}.yaml"
            " (they must agree)"
        )
    if problems or bank is None:
        raise DataError(file, problems, FIX)
    return bank


def _duplicate_ids(questions: Any) -> list[str]:
    if not isinstance(questions, list):
        return []
    return repeated(str(q.get("id")) for q in questions if isinstance(q, dict) and "id" in q)


def _describe(err: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    """A pydantic problem of a bank in words (:func:`~parisbaku.data.describe_error`), with
    the bank's own words where they say more: which type needs or refuses a field."""
    loc = tuple(err["loc"])
    inside = len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int)
    questions = raw.get("questions")
    question = questions[loc[1]] if inside and loc[1] < len(questions) else None
    kind = question.get("type") if isinstance(question, dict) else None
    rest = list(loc[3:] if len(loc) > 2 and loc[2] in TYPES else loc[2:]) if inside else []
    if err["type"] == "question_problems":
        return [describe_error({**err, "loc": (*loc, field)}, raw, RECORDS, message=problem)
                for field, problem in err["ctx"]["problems"]]
    message = None
    if err["type"] == "duplicate_ids":
        err = {**err, "loc": ("questions",)}
    elif err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        given = "missing" if kind is None else f"unknown type {kind!r}"
        err, message = {**err, "loc": (*loc, "type")}, f"{given}; use one of {', '.join(TYPES)}"
    elif err["type"] == "missing" and rest == ["answer"]:
        message = "missing: give the right answer"
    elif err["type"] == "missing" and inside and rest and rest[0] in _TYPE_FIELDS:
        message = f"a {kind} question needs it"
    elif err["type"] == "extra_forbidden" and inside and len(rest) == 1 and rest[0] in _TYPE_FIELDS:
        message = f"a {kind} question does not use it; remove it"
    return [describe_error(err, raw, RECORDS, message=message)]


def bank_file(bank_id: str) -> Path:
    """Where the bank lives on disk (for messages and the instructor)."""
    return data_dir() / FOLDER / f"{bank_id}.yaml"
