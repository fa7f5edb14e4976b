"""Quiz banks: ``data/quizzes/<lesson>.yaml`` read, validated and explained.

A bank with mistakes raises ONE :class:`~parisbaku.data.DataError` that lists
every problem with the file, the question id and the field, e.g.::

    data/quizzes/02_karabakh_1988_2023.yaml: 3 problems:
      - question 'shusha-2020', field 'answer': 'e' is not among the options (a, b, c)
      - question 'blockade-days', field 'type': must be one of single, multiple, ...
      - questions: question ids must be unique; repeated: lachin
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..data import DataError, data_dir, load_yaml
from .model import QUESTION_TYPES, TYPES, Bank, Question

__all__ = ["bank_ids", "load_bank", "validate_bank"]

FOLDER = "quizzes"
FIX = "correct each problem listed above (data/quizzes/README.md shows every field)"
#: Fields that belong to some question types only (options, items, left, right).
_TYPE_FIELDS = {name for t in QUESTION_TYPES for name in t.model_fields} - set(
    Question.model_fields)


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
    ids = [str(q.get("id")) for q in questions if isinstance(q, dict) and "id" in q]
    return [i for i, n in Counter(ids).items() if n > 1]


def _where(raw: Any, loc: tuple[Any, ...]) -> tuple[str, list[Any]]:
    """'question <id>' for a location inside questions, plus the rest of the location."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = raw.get("questions") or []
        item = questions[loc[1]] if loc[1] < len(questions) else None
        rest = list(loc[3:] if len(loc) > 2 and loc[2] in TYPES else loc[2:])  # the union's tag
        if isinstance(item, dict) and "id" in item:
            return f"question {str(item['id'])!r}", rest
        return f"question number {loc[1] + 1} (no id)", rest
    return "", list(loc)


def _field_words(rest: list[Any], node: Any) -> str:
    words = []
    for key in rest:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if key < len(node) else None
            label = f"id={item['id']!r}" if isinstance(item, dict) and "id" in item else ""
            words.append(f"item {key + 1}" + (f" ({label})" if label else ""))
            node = item
        elif isinstance(key, str):
            words.append(f"field '{key}'")
            node = node.get(key) if isinstance(node, dict) else None
    return ", ".join(words)


def _describe(err: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    loc = tuple(err["loc"])
    who, rest = _where(raw, loc)
    node: Any = raw
    if who:
        node = (raw.get("questions") or [])[loc[1]]
    if err["type"] == "question_problems":
        return [f"{who}, field '{f}': {m}" for f, m in err["ctx"]["problems"]]
    if err["type"] == "duplicate_ids":
        return [f"field 'questions': {err['msg']}"]
    kind = node.get("type") if isinstance(node, dict) else None
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        given = "missing" if kind is None else f"unknown type {kind!r}"
        return [f"{who}, field 'type': {given}; use one of {', '.join(TYPES)}"]
    where = _field_words(rest, node)
    message = err["msg"]
    if err["type"] == "missing":
        message = "missing" + (": give the right answer" if rest == ["answer"] else "")
        if who and rest and rest[0] in _TYPE_FIELDS:
            message = f"a {kind} question needs it"
    elif err["type"] == "extra_forbidden":
        message = "not a known field (a typo?)"
        if who and len(rest) == 1 and rest[0] in _TYPE_FIELDS:
            message = f"a {kind} question does not use it; remove it"
    elif isinstance(err.get("input"), str | int | float) and len(repr(err["input"])) <= 60:
        message += f" (got {err['input']!r})"
    return [", ".join(p for p in (who, where) if p) + f": {message}"]


def bank_file(bank_id: str) -> Path:
    """Where the bank lives on disk (for messages and the instructor)."""
    return data_dir() / FOLDER / f"{bank_id}.yaml"
