"""Quizzes in and out: jupyterquiz JSON in, Moodle GIFT and QTI (via text2qti) out.

- :func:`from_jupyterquiz` turns a jupyterquiz question list (types
  ``multiple_choice``, ``many_choice``, ``numeric``, and ``string``) into a
  :class:`Bank`; :func:`bank_to_yaml` writes it in the bank format.
  jupyterquiz has no explanations or sources, so you give the sources; the
  explanation is built from the right answers' feedback. Numeric answers
  take the first correct value or range ([A, B) becomes the middle ± half the
  width); feedback on wrong ranges is dropped.
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
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ..data import InputError, Source
from .model import DEFAULT_ATTEMPTS, Bank, Question, position

__all__ = ["bank_to_yaml", "from_jupyterquiz", "to_gift", "to_qti", "to_text2qti"]

_JQ_TYPES = ("multiple_choice", "many_choice", "numeric", "string")


# -- jupyterquiz -> bank ------------------------------------------------------------------

def _slug(text: str, taken: set[str]) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())[:5]
    base = "-".join(words) or "question"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _letters(n: int) -> list[str]:
    return [chr(ord("a") + i) if i < 26 else f"o{i + 1}" for i in range(n)]


def _jq_choices(number: int, item: dict[str, Any]) -> dict[str, Any]:
    answers = item.get("answers") or []
    if len(answers) < 2:
        raise InputError(f"jupyterquiz question {number}: needs at least 2 answers")
    ids = _letters(len(answers))
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


def _gift_answers(q: Question) -> tuple[list[str], list[str]]:
    """(answer lines, comments) for one question."""
    comments: list[str] = []
    if q.type == "single":
        lines = [("=" if o.id == q.correct_ids[0] else "~") + _gift(o.text)
                 + (f"#{_gift(o.feedback)}" if o.feedback else "") for o in q.options or []]
    elif q.type == "multiple":
        share = _fraction(len(q.correct_ids))
        lines = [f"~%{'' if o.id in q.correct_ids else '-'}{share}%{_gift(o.text)}"
                 + (f"#{_gift(o.feedback)}" if o.feedback else "") for o in q.options or []]
    elif q.type == "numeric":
        value, tolerance, _ = q.numeric
        lines = [f"#{value:g}:{tolerance:g}"]
    elif q.type == "ordering":
        texts = {i.id: i.text for i in q.items or []}
        n = len(q.correct_ids)
        lines = [f"={_gift(position(k, n))} -> {_gift(texts[i])}"
                 for k, i in enumerate(q.correct_ids, start=1)]
        comments.append("an ordering question, given to Moodle as matching: position -> item")
    elif q.type == "matching":
        lefts = {i.id: i.text for i in q.left or []}
        rights = {i.id: i.text for i in q.right or []}
        lines = [f"={_gift(lefts[k])} -> {_gift(rights[v])}" for k, v in q.pairs.items()]
        unused = [rights[r] for r in rights if r not in q.pairs.values()]
        if unused:
            comments.append(f"distractors left out (GIFT cannot hold them): {'; '.join(unused)}")
    else:
        lines = [f"={_gift(a)}" for a in q.accepted]
        comments.append("Moodle compares short answers ignoring case only, not accents")
    return lines, comments


def to_gift(bank: Bank | str) -> str:
    """The bank as Moodle GIFT text, in a category named after the lesson."""
    from .bank import load_bank

    b = load_bank(bank)
    out = [f"// {b.title}", "// exported by parisbaku.quiz.interop.to_gift", "",
           f"$CATEGORY: $course$/parisbaku/{b.key}", ""]
    for q in b.questions:
        lines, comments = _gift_answers(q)
        prompt = q.prompt.strip()
        if q.type == "numeric" and q.numeric[2]:
            prompt += f" (in {q.numeric[2]})"
        out += [f"// {c}" for c in comments]
        out.append(f"::{_gift(q.id)}::[markdown]{_gift(prompt)} {{")
        out += [f"\t{line}" for line in lines]
        out += [f"\t####{_gift(_why(q))}", "}", ""]
    return "\n".join(out)


# -- bank -> text2qti -> QTI --------------------------------------------------------------

def _indented(text: str, width: int = 4) -> str:
    lines = str(text).strip().splitlines() or [""]
    return "\n".join([lines[0], *[" " * width + line if line else "" for line in lines[1:]]])


def to_text2qti(bank: Bank | str) -> str:
    """The bank in text2qti's plain-text quiz format (ordering and matching left out)."""
    from .bank import load_bank

    b = load_bank(bank)
    out = [f"Quiz title: {b.title}", f"Quiz description: {b.key}", ""]
    number = 0
    for q in b.questions:
        if q.type in ("ordering", "matching"):
            out += [f"% {q.id}: {q.type} questions have no text2qti form; left out", ""]
            continue
        number += 1
        prompt = q.prompt.strip()
        if q.type == "numeric" and q.numeric[2]:
            prompt += f" (in {q.numeric[2]})"
        head = f"{number}."
        out.append(f"{head:<4}{_indented(prompt)}")
        out.append(f"... {_indented(_why(q))}")
        if q.type == "single":
            for letter, o in zip(_letters(len(q.options or [])), q.options or [], strict=True):
                mark = f"*{letter})" if o.id == q.correct_ids[0] else f"{letter})"
                out.append(f"{mark:<4}{_indented(o.text)}")
                if o.feedback:
                    out.append(f"... {_indented(o.feedback)}")
        elif q.type == "multiple":
            for o in q.options or []:
                out.append(f"{'[*]' if o.id in q.correct_ids else '[ ]'} {_indented(o.text)}")
                if o.feedback:
                    out.append(f"... {_indented(o.feedback)}")
        elif q.type == "numeric":
            value, tolerance, _ = q.numeric
            if tolerance:
                out.append(f"=   {value:g} +- {tolerance:g}")
            else:
                out.append(f"=   [{value:g}, {value:g}]")
        else:
            out += [f"*   {a}" for a in q.accepted]
        out.append("")
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
