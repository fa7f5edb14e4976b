"""Quizzes in and out: jupyterquiz JSON in, Moodle GIFT and QTI (via text2qti) out.

- :func:`from_jupyterquiz` turns a jupyterquiz question list (types
  ``multiple_choice``, ``many_choice``, ``numeric``, and ``string``) into a
  :class:`Bank`; :func:`bank_to_yaml` writes it in the bank format.
  jupyterquiz has no explanations or sources, so you give the sources; the
  explanation is built from the right answers' feedback. Numeric answers
  take the first correct value or range ([A, B) becomes the middle ± half the
  width); feedback on wrong ranges is dropped.
- Exports write choices and pairs in the module's fixed shuffled order (never the
  author's order, never the key order) and switch the LMS's own shuffle on where
  the format has a flag (text2qti's ``Shuffle answers: true``); GIFT has none, so
  its header says to keep Moodle's "Shuffle within questions" on.
- :func:`to_gift` writes Moodle GIFT. Moodle has no ordering type: an ordering
  question becomes a matching question (position -> item). Matching
  distractors and the accent-insensitivity of text answers have no GIFT form;
  a ``//`` comment says so.
- :func:`to_text2qti` writes text2qti's plain-text format and :func:`to_qti`
  a QTI zip for Canvas and other LMSs (needs the ``text2qti`` package).
  text2qti has no ordering or matching questions; they are left out with a
  comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import singledispatch
from pathlib import Path
from typing import Any

import yaml

from ..data import InputError, Source
from ..text import slug
from .model import Bank
from .order import letters, position
from .question import DEFAULT_ATTEMPTS, Option, Question
from .question_types import Matching, MultipleChoice, Numeric, Ordering, SingleChoice, Text

__all__ = ["bank_to_yaml", "from_jupyterquiz", "to_gift", "to_qti", "to_text2qti"]

_JQ_TYPES = ("multiple_choice", "many_choice", "numeric", "string")


# -- jupyterquiz -> bank ------------------------------------------------------------------

def _slug(text: str, taken: set[str]) -> str:
    base = slug(text) or "question"
    made, n = base, 1
    while made in taken:
        n += 1
        made = f"{base}-{n}"
    taken.add(made)
    return made


def _jq_choices(number: int, item: dict[str, Any]) -> dict[str, Any]:
    answers = item.get("answers") or []
    if len(answers) < 2:
        raise InputError(f"jupyterquiz question {number}: needs at least 2 answers")
    ids = letters(len(answers))
    options = []
    for option_id, a in zip(ids, answers, strict=True):
        text = a.get("answer") or a.get("code")
        if not text:
            raise InputError(f"jupyterquiz question {number}: an answer has no text")
        options.append({"id": option_id, "text": str(text), "feedback": a.get("feedback", "")})
    right = [i for i, a in zip(ids, answers, strict=True) if a.get("correct")]
    if not right:
        raise InputError(f"jupyterquiz question {number}: no answer is marked correct")
    fields: dict[str, Any] = {"options": options}
    if item["type"] == "multiple_choice":
        if len(right) > 1:
            fields["type"] = "multiple"
            fields["answer"] = right
        else:
            fields["type"] = "single"
            fields["answer"] = right[0]
    else:
        fields["type"] = "multiple"
        fields["answer"] = right
    notes = [o["feedback"] for o in options if o["id"] in right and o["feedback"]]
    texts = "; ".join(o["text"] for o in options if o["id"] in right)
    fields["explanation"] = " ".join([f"The right answer: {texts}.", *notes])
    return fields


def _jq_numeric(number: int, item: dict[str, Any]) -> dict[str, Any]:
    for a in item.get("answers") or []:
        if not a.get("correct"):
            continue
        if a.get("type") == "value":
            value, tolerance = float(a["value"]), 0.0
        elif a.get("type") == "range":
            low, high = (float(x) for x in a["range"])
            value, tolerance = (low + high) / 2, (high - low) / 2
        else:
            continue
        shown = f"{value:g}" + (f" (± {tolerance:g})" if tolerance else "")
        feedback = a.get("feedback", "")
        return {
            "type": "numeric",
            "answer": {"value": value, "tolerance": tolerance, "unit": ""},
            "explanation": f"The right answer: {shown}. {feedback}".strip(),
        }
    raise InputError(f"jupyterquiz question {number}: no correct value or range")


def _jq_string(number: int, item: dict[str, Any]) -> dict[str, Any]:
    accepted = [str(a["answer"]) for a in item.get("answers") or []
                if a.get("correct") and a.get("answer")]
    if not accepted:
        raise InputError(f"jupyterquiz question {number}: no correct answer")
    return {"type": "text", "answer": accepted,
            "explanation": f"Accepted: {', '.join(accepted)}."}


def from_jupyterquiz(
    questions: str | Path | list[dict[str, Any]],
    *,
    lesson: str,
    title: str,
    sources: Iterable[Source | dict[str, str]],
    objectives: Iterable[int] = (),
    bank_id: str | None = None,
) -> Bank:
    """A Bank from jupyterquiz questions (a JSON file, JSON text or the parsed list)."""
    if isinstance(questions, Path) or (
        isinstance(questions, str) and not questions.lstrip().startswith(("[", "{"))
    ):
        try:
            questions = Path(questions).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read the jupyterquiz file: {exc}") from None
    if isinstance(questions, str):
        try:
            questions = json.loads(questions)
        except json.JSONDecodeError as exc:
            raise InputError(f"not jupyterquiz JSON: line {exc.lineno}: {exc.msg}") from None
    if not isinstance(questions, list):
        raise InputError("jupyterquiz JSON is a list of questions")
    given_sources = [s if isinstance(s, Source) else Source(**s) for s in sources]
    if not given_sources:
        raise InputError("give at least one source for the imported questions")
    taken: set[str] = set()
    converted = []
    for number, item in enumerate(questions, start=1):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in _JQ_TYPES:
            raise InputError(f"jupyterquiz question {number}: type {kind!r} is not one of "
                             f"{', '.join(_JQ_TYPES)}")
        prompt = str(item.get("question") or "").strip()
        if item.get("code"):
            prompt += f"\n\n```python\n{item['code']}\n```"
        if not prompt:
            raise InputError(f"jupyterquiz question {number}: no question text")
        convert = {"numeric": _jq_numeric, "string": _jq_string}.get(kind, _jq_choices)
        converted.append(Question(
            id=_slug(prompt, taken), prompt=prompt, objectives=list(objectives),
            sources=given_sources, **convert(number, item),
        ))
    return Bank(lesson=lesson, title=title, id=bank_id, questions=converted)


def bank_to_yaml(bank: Bank) -> str:
    """The bank in the YAML format of data/quizzes/ (see its README)."""
    raw = bank.model_dump(mode="json", exclude_none=True)
    if raw.get("attempts") == DEFAULT_ATTEMPTS:
        del raw["attempts"]
    first = ("id", "type", "objectives", "prompt", "options", "items", "left", "right", "answer")
    raw["questions"] = [{**{k: q[k] for k in first if k in q}, **q} for q in raw["questions"]]
    for q in raw["questions"]:
        for option in q.get("options", []):
            if not option.get("feedback"):
                option.pop("feedback", None)
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=100)


# -- bank -> Moodle GIFT ------------------------------------------------------------------

def _gift(text: str) -> str:
    escaped = re.sub(r"([\\~=#{}:])", r"\\\1", str(text).strip())
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def _why(q: Question) -> str:
    cited = "; ".join(f"{s.label()} {s.url}" for s in q.sources)
    return f"{q.explanation.strip()}\n\nSources: {cited}"


def _fraction(n: int) -> str:
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


@singledispatch
def _gift_answers(q: Question) -> tuple[list[str], list[str]]:
    """(answer lines, comments) for one question, one form per question type."""
    raise NotImplementedError(f"no GIFT form for {type(q).__name__}")


def _feedback(o: Option) -> str:
    return f"#{_gift(o.feedback)}" if o.feedback else ""


@_gift_answers.register
def _(q: SingleChoice) -> tuple[list[str], list[str]]:
    return [("=" if o.id == q.answer else "~") + _gift(o.text) + _feedback(o)
            for o in q.shown_options()], []


@_gift_answers.register
def _(q: MultipleChoice) -> tuple[list[str], list[str]]:
    share = _fraction(len(q.answer))
    return [f"~%{'' if o.id in q.answer else '-'}{share}%{_gift(o.text)}{_feedback(o)}"
            for o in q.shown_options()], []


@_gift_answers.register
def _(q: Numeric) -> tuple[list[str], list[str]]:
    value, tolerance, _ = q.numeric
    return [f"#{value:g}:{tolerance:g}"], []


@_gift_answers.register
def _(q: Ordering) -> tuple[list[str], list[str]]:
    texts = {i.id: i.text for i in q.items}
    n = len(q.answer)
    return ([f"={_gift(position(k, n))} -> {_gift(texts[i])}"
             for k, i in enumerate(q.answer, start=1)],
            ["an ordering question, given to Moodle as matching: position -> item"])


@_gift_answers.register
def _(q: Matching) -> tuple[list[str], list[str]]:
    rights = {i.id: i.text for i in q.right}
    lines = [f"={_gift(i.text)} -> {_gift(rights[q.answer[i.id]])}" for i in q.shown_left()]
    unused = [i.text for i in q.shown_right() if i.id not in q.answer.values()]
    comments = ([f"distractors left out (GIFT cannot hold them): {'; '.join(unused)}"]
                if unused else [])
    return lines, comments


@_gift_answers.register
def _(q: Text) -> tuple[list[str], list[str]]:
    return ([f"={_gift(a)}" for a in q.answer],
            ["Moodle compares short answers ignoring case only, not accents"])


def _prompt(q: Question) -> str:
    """The prompt, with the unit a number is asked in."""
    unit = q.numeric[2] if isinstance(q, Numeric) else ""
    return q.prompt.strip() + (f" (in {unit})" if unit else "")


def to_gift(bank: Bank | str) -> str:
    """The bank as Moodle GIFT text, in a category named after the lesson."""
    from .bank import load_bank

    b = load_bank(bank)
    out = [f"// {b.title}", "// exported by parisbaku.quiz.interop.to_gift",
           "// Choices and pairs are written in the module's fixed shuffled order; GIFT has no",
           "// shuffle flag: keep 'Shuffle within questions' on in the Moodle quiz settings.",
           "", f"$CATEGORY: $course$/parisbaku/{b.key}", ""]
    for q in b.questions:
        lines, comments = _gift_answers(q)
        out += [f"// {c}" for c in comments]
        out.append(f"::{_gift(q.id)}::[markdown]{_gift(_prompt(q))} {{")
        out += [f"\t{line}" for line in lines]
        out += [f"\t####{_gift(_why(q))}", "}", ""]
    return "\n".join(out)


# -- bank -> text2qti -> QTI --------------------------------------------------------------

def _indented(text: str, width: int = 4) -> str:
    lines = str(text).strip().splitlines() or [""]
    return "\n".join([lines[0], *[" " * width + line if line else "" for line in lines[1:]]])


@singledispatch
def _text2qti_answers(q: Question) -> list[str] | None:
    """The answer lines of one question in text2qti's format; None: it has no form there."""
    return None


def _text2qti_feedback(o: Option) -> list[str]:
    return [f"... {_indented(o.feedback)}"] if o.feedback else []


@_text2qti_answers.register
def _(q: SingleChoice) -> list[str]:
    shown = q.shown_options()
    out = []
    for letter, o in zip(letters(len(shown)), shown, strict=True):
        mark = f"*{letter})" if o.id == q.answer else f"{letter})"
        out += [f"{mark:<4}{_indented(o.text)}", *_text2qti_feedback(o)]
    return out


@_text2qti_answers.register
def _(q: MultipleChoice) -> list[str]:
    out = []
    for o in q.shown_options():
        out += [f"{'[*]' if o.id in q.answer else '[ ]'} {_indented(o.text)}",
                *_text2qti_feedback(o)]
    return out


@_text2qti_answers.register
def _(q: Numeric) -> list[str]:
    value, tolerance, _ = q.numeric
    return [f"=   {value:g} +- {tolerance:g}" if tolerance else f"=   [{value:g}, {value:g}]"]


@_text2qti_answers.register
def _(q: Text) -> list[str]:
    return [f"*   {a}" for a in q.answer]


def to_text2qti(bank: Bank | str) -> str:
    """The bank in text2qti's plain-text quiz format, with the LMS's answer shuffle on
    (questions text2qti cannot hold, ordering and matching, are left out with a note)."""
    from .bank import load_bank

    b = load_bank(bank)
    out = [f"Quiz title: {b.title}", f"Quiz description: {b.key}", "Shuffle answers: true", ""]
    number = 0
    for q in b.questions:
        answers = _text2qti_answers(q)
        if answers is None:
            out += [f"% {q.id}: {q.type} questions have no text2qti form; left out", ""]
            continue
        number += 1
        head = f"{number}."
        out += [f"{head:<4}{_indented(_prompt(q))}", f"... {_indented(_why(q))}", *answers, ""]
    return "\n".join(out)


def to_qti(bank: Bank | str, path: str | Path) -> Path:
    """Write a QTI zip (for Canvas and other LMSs) through the text2qti package."""
    try:
        from text2qti.config import Config
        from text2qti.qti import QTI
        from text2qti.quiz import Quiz
    except ImportError:  # pragma: no cover - text2qti is a dev dependency
        raise InputError("QTI export needs text2qti: pip install text2qti") from None
    target = Path(path)
    quiz = Quiz(to_text2qti(bank), config=Config(), source_name=target.stem)
    QTI(quiz).save(target)
    return target
