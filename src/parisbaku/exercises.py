"""Exercise checks: ``check(exercise_id, answer)`` says right, close or wrong, with a hint.

Exercises are defined in ``data/exercises/*.yaml``. An expected answer is never
stored in clear text: numbers, orders and place-name answers are COMPUTED at
check time from the module's own data (the article, the timeline, the tables,
the gazetteer, the district map), and the few categorical answers that cannot
be computed are stored as salted hashes. Feedback says what kind of mistake it
looks like (units, counting both ends, a non-equal-area projection, ...) and
never prints the answer itself.

>>> from parisbaku import exercises
>>> print(exercises.check("text-loaded-count", ...))   # doctest: +SKIP
[text-loaded-count] not answered yet: replace the ... with your answer, then run the cell again.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import math
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from .data import DataError, InputError, ParisBakuError, Record, Source, data_dir, load_model
from .text import fold, key

__all__ = [
    "COMPUTE",
    "Feedback",
    "catalogue",
    "check",
    "definition",
    "grade",
    "hash_answer",
    "history",
    "material",
    "overview",
    "reset",
    "sources",
    "table",
    "validate",
]

EXERCISE_DIR = "exercises"

Status = Literal["correct", "close", "wrong", "not answered yet", "received"]
Kind = Literal["number", "choice", "set", "mapping", "ordering", "free", "figure"]


# --------------------------------------------------------------------------- models


class CloseRule(Record):
    """An answer that is wrong in a recognisable way, and the hint it deserves.

    ``factor``: the answer equals the expected value times this (units: 1e6 for m²).
    ``offset``: the answer equals the expected value plus this (off by one day).
    ``compute``: the answer equals what this other computation gives (a wrong method).
    """

    hint: str
    factor: float | None = None
    offset: float | None = None
    compute: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    tolerance: float | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> CloseRule:
        given = [x for x in (self.factor, self.offset, self.compute) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of factor, offset or compute")
        return self


class Criterion(Record):
    """One point of a free-text rubric, and words that show it is addressed."""

    point: str
    any_of: list[str]


class Check(Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Kind
    prompt: str
    compute: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    hashes: list[str] | None = None
    tolerance: float = 0.0
    relative: bool = False
    unit: str = ""
    close: list[CloseRule] = Field(default_factory=list)
    hints: list[str] = Field(min_length=1)
    rubric: list[Criterion] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    #: Timeline events the task rests on (their sources are listed with the exercise's).
    events: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Check:
        if self.kind in ("number", "ordering", "figure") and not self.compute:
            raise ValueError(f"a {self.kind} check needs 'compute' (its answer is computed)")
        if self.kind in ("choice", "set", "mapping") and not (self.compute or self.hashes):
            raise ValueError(f"a {self.kind} check needs 'compute' or 'hashes'")
        if self.compute and self.hashes:
            raise ValueError("give 'compute' or 'hashes', not both")
        if self.kind == "free" and not self.rubric:
            raise ValueError("a free-text check needs a 'rubric'")
        return self


class Material(Record):
    """Reading matter an exercise shows (e.g. two reports of one event), with sources."""

    id: str
    title: str
    text: str
    sources: list[Source] = Field(min_length=1)


#: The Python an exercise asks of a student, easiest first; the primer (ex0) teaches the
#: first five. ``exercises.overview()`` orders the exercises by the hardest they need.
PYTHON_SKILLS = ("type values", "call a function", "read a table", "filter rows", "plot",
                 "dates", "loops", "projections")
PythonSkill = Literal["type values", "call a function", "read a table", "filter rows", "plot",
                      "dates", "loops", "projections"]


class ExerciseFile(Record):
    notebook: str
    title: str
    #: The Python a student needs to finish it (see PYTHON_SKILLS).
    python: list[PythonSkill] = Field(default_factory=list)
    #: A guided variant names the exercise whose checks (and skills, salt) it shares.
    variant_of: str | None = None
    skills: list[Literal["spatial", "data", "time", "text", "sources"]] = Field(
        default_factory=list)
    salt: str = ""
    material: list[Material] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete_or_variant(self) -> ExerciseFile:
        if self.variant_of:
            if self.checks or self.salt or self.skills:
                raise ValueError("a variant shares the checks, salt and skills of the exercise "
                                 "it names in variant_of: give none of its own")
        elif not (self.checks and self.skills and len(self.salt) >= 8):
            raise ValueError("an exercise needs checks, skills and a salt of 8+ characters "
                             "(or variant_of naming the exercise it varies)")
        return self


# --------------------------------------------------------------------------- loading


def _files() -> list[str]:
    folder = data_dir() / EXERCISE_DIR
    return sorted(f"{EXERCISE_DIR}/{p.name}" for p in folder.glob("*.yaml"))


def _load_all() -> dict[str, tuple[ExerciseFile, Check]]:
    """Every check by id, with the file it belongs to; duplicate ids are errors."""
    found: dict[str, tuple[ExerciseFile, Check]] = {}
    where: dict[str, str] = {}
    for rel in _files():
        exfile = load_model(rel, ExerciseFile)
        for chk in exfile.checks:
            if chk.id in found:
                raise DataError(
                    f"data/{rel}",
                    f"check id {chk.id!r} is also used in data/{where[chk.id]}",
                    "give every check an id used nowhere else",
                )
            found[chk.id] = (exfile, chk)
            where[chk.id] = rel
            unknown = [c for c in [chk.compute, *(r.compute for r in chk.close)] if c]
            unknown = [c for c in unknown if c not in COMPUTE]
            if unknown:
                raise DataError(
                    f"data/{rel}",
                    f"check {chk.id!r}: unknown compute {unknown[0]!r}",
                    f"use one of: {', '.join(sorted(COMPUTE))}",
                )
    return found


def catalogue() -> dict[str, ExerciseFile]:
    """Every exercise file, keyed by notebook stem (validates all of them); a guided
    variant carries the checks, skills and salt of the exercise it varies."""
    _load_all()
    files = {f.notebook: f for f in (load_model(rel, ExerciseFile) for rel in _files())}
    for stem, exfile in files.items():
        if not exfile.variant_of:
            continue
        base = files.get(exfile.variant_of)
        if base is None or base.variant_of:
            raise DataError(f"data/{EXERCISE_DIR}/{stem}.yaml",
                            f"variant_of {exfile.variant_of!r} is not an exercise with checks",
                            "name the stem of a full exercise, e.g. ex4_nc_referendums")
        files[stem] = exfile.model_copy(
            update={"checks": base.checks, "skills": base.skills, "salt": base.salt})
    return files


def _difficulty(book: ExerciseFile) -> tuple[int, int]:
    """Unmarked exercises sort last."""
    ranks = [PYTHON_SKILLS.index(p) for p in book.python]
    return max(ranks, default=len(PYTHON_SKILLS)), len(ranks)


def validate() -> dict[str, ExerciseFile]:
    """Load every exercise file AND compute every expected answer once.

    A renamed timeline event or a missing table row then fails ``parisbaku
    check-data`` with the check's id, instead of failing in a student's notebook.
    """
    books = catalogue()
    for rel in _files():
        for chk in load_model(rel, ExerciseFile).checks:
            try:
                _derived_sources(chk)
            except ParisBakuError as exc:
                raise DataError(f"data/{rel}", f"check {chk.id!r}: {exc}",
                                "name events and rows that data/ has") from None
            calls = [(chk.compute, chk.args)] + [(r.compute, r.args) for r in chk.close]
            for name, args in calls:
                if not name:
                    continue
                try:
                    COMPUTE[name](**args)
                except (ParisBakuError, TypeError, KeyError, ValueError) as exc:
                    raise DataError(
                        f"data/{rel}",
                        f"check {chk.id!r}: computing {name}({args}) failed: {exc}",
                        "correct the ids or arguments under 'args' to match data/",
                    ) from None
    return books


def definition(exercise_id: str) -> Check:
    """The definition of one check; an InputError naming close ids if unknown."""
    checks = _load_all()
    if not isinstance(exercise_id, str) or exercise_id not in checks:
        known = sorted(checks)
        near = [k for k in known if isinstance(exercise_id, str) and exercise_id[:6] in k]
        raise InputError(
            f"There is no exercise check called {exercise_id!r}. "
            + (f"Did you mean {near[0]!r}? " if near else "")
            + "Copy the id exactly from the exercise notebook."
        )
    return checks[exercise_id][1]


def _salt(exercise_id: str) -> str:
    return _load_all()[exercise_id][0].salt


def material(material_id: str) -> MaterialView:
    """Show one piece of reading matter (text plus its sources) in a notebook."""
    for exfile in catalogue().values():
        for item in exfile.material:
            if item.id == material_id:
                return MaterialView(item)
    raise InputError(f"No exercise material called {material_id!r}; copy the id from the notebook.")


@dataclass(frozen=True)
class MaterialView:
    item: Material

    def __str__(self) -> str:
        cites = "\n".join(f"  - {s.label()}: {s.url}" for s in self.item.sources)
        return f"{self.item.title}\n\n{self.item.text}\n\nSources:\n{cites}"

    def _repr_html_(self) -> str:
        cites = "".join(
            f'<li>{html.escape(s.label())}: <a href="{html.escape(s.url)}">'
            f"{html.escape(s.url)}</a></li>"
            for s in self.item.sources
        )
        return (
            f"<div style='border:1px solid #999;padding:0.5em 1em'>"
            f"<strong>{html.escape(self.item.title)}</strong>"
            f"<p>{html.escape(self.item.text)}</p><small>Sources:<ul>{cites}</ul></small></div>"
        )


def _derived_sources(chk: Check) -> list[Source]:
    """Sources of the data an expected answer is computed from (timeline events, table rows)."""
    from . import timeline

    found = [s for i in chk.events for s in timeline.event(i).sources]
    calls = [(chk.compute, chk.args)] if chk.compute else []
    for name, args in calls:
        if name in ("days_between", "timeline_order"):
            ids = args.get("events") or [args["start"], args["end"]]
            found += [s for i in ids for s in timeline.event(i).sources]
        elif name and name.startswith("table_"):
            from .geodata import parse_sources

            wheres = [args[k] for k in ("where", "first", "second") if k in args]
            for where in wheres:
                for row in _table_rows(args["name"], where):
                    found += parse_sources(row.get("sources", ""))
    return found


def sources(notebook: str) -> SourceList:
    """Every source an exercise rests on: its readings, its checks, and the timeline
    events and table rows its expected answers are computed from (each listed once)."""
    books = catalogue()
    if notebook not in books:
        raise InputError(f"No exercise {notebook!r}; use one of: {', '.join(sorted(books))}.")
    book = books[notebook]
    found = [s for m in book.material for s in m.sources]
    for chk in book.checks:
        found += list(chk.sources) + _derived_sources(chk)
    unique: dict[str, Source] = {}
    for source in found:
        unique.setdefault(source.url, source)
    return SourceList(book.title, tuple(unique.values()))


@dataclass(frozen=True)
class SourceList:
    title: str
    items: tuple[Source, ...]

    def __str__(self) -> str:
        lines = [f"Sources of {self.title}:"]
        lines += [f"- {s.label()}: {s.url}" for s in self.items]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {s.label()}: <{s.url}>" for s in self.items)


def overview() -> list[dict[str, Any]]:
    """One row per exercise, easiest first (by the hardest Python it needs): notebook,
    title, the Python it needs, skills, and what its checks ask."""
    books = sorted(catalogue().items(), key=lambda item: (_difficulty(item[1]), item[0]))
    return [
        {"notebook": stem, "title": book.title, "python": ", ".join(book.python),
         "guided_version_of": book.variant_of or "", "skills": ", ".join(book.skills),
         "checks": len(book.checks),
         "free_text": sum(c.kind == "free" for c in book.checks)}
        for stem, book in books
    ]


# --------------------------------------------------------------------------- feedback


@dataclass(frozen=True)
class Feedback:
    """What a check says. ``status`` is one of: correct, close, wrong, not answered yet,
    received (free text: not auto-graded)."""

    exercise_id: str
    status: Status
    message: str
    hint: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        text = f"[{self.exercise_id}] {self.status}: {self.message}"
        return f"{text}\nHint: {self.hint}" if self.hint else text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {
            "correct": "#1a7f37",
            "close": "#9a6700",
            "wrong": "#cf222e",
            "received": "#0969da",
        }.get(self.status, "#57606a")
        mark = {"correct": "✔", "close": "≈", "wrong": "✘", "received": "✎"}.get(self.status, "…")
        hint = f"<br><em>Hint:</em> {html.escape(self.hint)}" if self.hint else ""
        return (
            f"<div style='border-left:4px solid {colour};padding:0.2em 0.8em'>"
            f"<strong style='color:{colour}'>{mark} {html.escape(self.status)}</strong> "
            f"<code>{html.escape(self.exercise_id)}</code>: {html.escape(self.message)}{hint}"
            "</div>"
        )


@dataclass
class _Session:
    attempts: dict[str, int] = field(default_factory=dict)
    log: list[Feedback] = field(default_factory=list)


_SESSION = _Session()


def reset() -> None:
    """Forget attempts and history of this session (hints start again from the first)."""
    _SESSION.attempts.clear()
    _SESSION.log.clear()


def history() -> list[Feedback]:
    """Every feedback given in this session, oldest first."""
    return list(_SESSION.log)


# --------------------------------------------------------------------------- answers


def _unanswered(answer: Any) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and (not answer.strip() or answer.strip() == "..."):
        return True
    return isinstance(answer, list | tuple | set | dict) and len(answer) == 0


def normalise(value: Any) -> str:
    """Text for comparing and hashing: :func:`parisbaku.text.key` (the one form every
    typed answer is compared in)."""
    return key(value)


def hash_answer(salt: str, exercise_id: str, value: Any) -> str:
    """The salted hash stored in data/exercises for one accepted answer (or set item)."""
    digest = hashlib.sha256(f"{salt}|{exercise_id}|{normalise(value)}".encode()).hexdigest()
    return digest[:24]


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int | float):
        return float(answer)
    try:  # numpy scalars, pandas values
        return float(answer)
    except (TypeError, ValueError):
        return None


def _next_hint(chk: Check) -> str:
    n = _SESSION.attempts.get(chk.id, 0)
    hint = chk.hints[min(n, len(chk.hints) - 1)]
    if len(chk.hints) > 1:
        hint = f"({min(n, len(chk.hints) - 1) + 1}/{len(chk.hints)}) {hint}"
    return hint


#: Feedback quotes at most this many characters of an answer.
MAX_QUOTE_CHARS = 200
_CANNOT_CHECK = (ArithmeticError, TypeError, ValueError, AttributeError, RuntimeError)


def _plain(answer: Any) -> Any:
    """numpy 0-d arrays and scalars as their Python value; anything else as it is."""
    if getattr(answer, "ndim", None) == 0 and callable(getattr(answer, "item", None)):
        try:
            return answer.item()
        except _CANNOT_CHECK:
            return answer
    return answer


def _quoted_briefly(result: Feedback, answer: Any) -> Feedback:
    """Feedback that quotes at most MAX_QUOTE_CHARS of the answer (a 10 MB paste is not
    echoed back)."""
    limit = MAX_QUOTE_CHARS + 400
    if len(result.message) <= limit and len(result.hint) <= limit:
        return result
    message = result.message
    for quoted in {repr(answer), str(answer)}:
        if len(quoted) > MAX_QUOTE_CHARS and quoted in message:
            message = message.replace(quoted, f"{quoted[:MAX_QUOTE_CHARS]}… "
                                              f"({len(quoted):,} characters)")
    message, hint = (t if len(t) <= limit else t[:limit] + "…" for t in (message, result.hint))
    return Feedback(result.exercise_id, result.status, message, hint)


def grade(exercise_id: str, answer: Any) -> Feedback:
    """What :func:`check` says of an answer, without counting an attempt or saving it
    (the instructor's re-grade uses this). Every input type gets a Feedback, never an
    exception (except an unknown ``exercise_id``)."""
    chk = definition(exercise_id)
    answer = _plain(answer)
    if _unanswered(answer):
        return Feedback(
            chk.id, "not answered yet", "replace the ... with your answer, then run the cell again."
        )
    from .quiz.resultsfile import MAX_ANSWER_CHARS

    if isinstance(answer, str | bytes) and len(answer) > MAX_ANSWER_CHARS:
        return Feedback(chk.id, "wrong", f"your answer is {len(answer):,} characters long; "
                        f"a check reads at most {MAX_ANSWER_CHARS:,}.",
                        "give just the answer the task asks for.")
    try:
        result = _GRADERS[chk.kind](chk, answer)
    except DataError:
        raise  # the module's data is wrong: not the student's answer
    except Exception as exc:  # an object of any type: say so, never a traceback
        kind = type(answer).__name__
        result = Feedback(chk.id, "wrong", f"this answer (of type {kind}) cannot be checked: "
                          f"{type(exc).__name__}: {str(exc)[:MAX_QUOTE_CHARS]}.",
                          "give a plain number, text or list, as the task asks.")
    return _quoted_briefly(result, answer)


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and say whether it is right, close or wrong, with a hint.

    An unanswered stub (``...``, ``None`` or empty) gets "not answered yet".
    The expected answer is computed from the module's data, or compared through
    a salted hash; it is never printed. Any input type gets a clear message; the
    answer is saved (capped, see :mod:`parisbaku.quiz.resultsfile`) when the
    student has given a name.
    """
    result = grade(exercise_id, answer)
    if result.status == "wrong":  # the next wrong answer gets the next hint
        _SESSION.attempts[result.exercise_id] = _SESSION.attempts.get(result.exercise_id, 0) + 1
    _SESSION.log.append(result)
    return _record(result, _plain(answer))


def _record(result: Feedback, answer: Any) -> Feedback:
    """Save the answer in the student's results file (the quiz results store), when the
    student has given a name (``quiz`` asks for it, or $PARISBAKU_STUDENT is set), so
    the instructor sees exercises and quizzes in one place."""
    if result.status == "not answered yet":
        return result
    from .quiz import store

    student = store.current_student()
    if not student:
        return result
    exfile = _load_all()[result.exercise_id][0]
    event = store.answer_event(  # stores the answer as standard JSON, capped
        result.exercise_id, answer, result.correct, 1.0 if result.correct else 0.0,
        sum(1 for f in _SESSION.log if f.exercise_id == result.exercise_id
            and f.status != "not answered yet"),
    )
    event["status"] = result.status
    try:
        store.ResultsStore(student).append(f"exercise:{exfile.notebook}", exfile.title, event)
    except (OSError, ParisBakuError) as exc:
        return Feedback(result.exercise_id, result.status,
                        f"{result.message} (Not saved to your results file: {exc})", result.hint)
    return result


def _expected(chk: Check) -> Any:
    return COMPUTE[chk.compute](**chk.args) if chk.compute else None


def _grade_number(chk: Check, answer: Any) -> Feedback:
    unit = f" {chk.unit}" if chk.unit else ""
    if hasattr(answer, "__len__") and not isinstance(answer, str | bytes):
        kind = type(answer).__name__
        size = len(answer)
        how = ("use .sum() or .iloc[0] to get the number itself" if size == 1
               else "combine them into one number (e.g. .sum()), or pick the one asked for")
        return Feedback(chk.id, "close" if size == 1 else "wrong",
                        f"that is a {kind} holding {size} value{'s' * (size != 1)}, "
                        f"not a single number: {how}.", "assign one number to the variable.")
    value = _as_number(answer)
    if value is None or math.isnan(value):
        return Feedback(
            chk.id,
            "wrong",
            f"the answer should be a number{(' in' + unit) if unit else ''}, such as 12.5, "
            f"not {type(answer).__name__} {answer!r}.",
            "assign the number itself, without quotes or units.",
        )
    expected = float(_expected(chk))
    tol = chk.tolerance * abs(expected) if chk.relative else chk.tolerance
    tol = max(tol, 1e-9)
    if abs(value - expected) <= tol:
        return Feedback(chk.id, "correct", f"{_fmt(value)}{unit} is right.")
    for rule in chk.close:
        if rule.factor is not None:
            target, rtol = expected * rule.factor, tol * abs(rule.factor)
        elif rule.offset is not None:
            target, rtol = expected + rule.offset, tol
        else:
            target = float(COMPUTE[rule.compute](**rule.args))
            rtol = tol
        rtol = rule.tolerance if rule.tolerance is not None else rtol
        if abs(value - target) <= max(rtol, 1e-9):
            return Feedback(chk.id, "close", "this looks like a common slip.", rule.hint)
    if abs(value - expected) <= 5 * tol:
        return Feedback(
            chk.id,
            "close",
            f"near, but outside the accepted margin (±{_fmt(tol)}{unit}).",
            "check rounding and that you used exactly the data named in the task.",
        )
    side = "too high" if value > expected else "too low"
    return Feedback(chk.id, "wrong", f"{_fmt(value)}{unit} is {side}.", _next_hint(chk))


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def _items(answer: Any) -> list[Any] | None:
    if isinstance(answer, str | bytes | dict) or not isinstance(answer, Iterable):
        return None
    return list(answer)


def _matches(chk: Check, value: Any, expected: Any) -> bool:
    if chk.hashes is not None:
        return hash_answer(_salt(chk.id), chk.id, value) in chk.hashes
    return normalise(value) == normalise(expected)


def _grade_choice(chk: Check, answer: Any) -> Feedback:
    if hasattr(answer, "__len__") and not isinstance(answer, str):
        kind, size = type(answer).__name__, len(answer)
        if size == 0:
            return Feedback(chk.id, "wrong", f"your {kind} is empty: the selection matched "
                            "nothing; check the filter (or the coordinates) that made it.",
                            _next_hint(chk))
        if size == 1 and hasattr(answer, "iloc"):
            return Feedback(chk.id, "close", f"that is a {kind} holding one value, not the "
                            "value itself: take it out with .iloc[0].", "give one text value.")
        return Feedback(chk.id, "wrong", f"give one answer, not a {kind} of {size}.",
                        _next_hint(chk))
    if chk.options and normalise(answer) not in {normalise(o) for o in chk.options}:
        listed = ", ".join(repr(o) for o in chk.options)
        return Feedback(chk.id, "wrong", f"{answer!r} is not one of the options: {listed}.",
                        "copy one option exactly.")
    if _matches(chk, answer, _expected(chk)):
        return Feedback(chk.id, "correct", f"{answer!r} is right.")
    return Feedback(chk.id, "wrong", f"{answer!r} is not it.", _next_hint(chk))


def _grade_set(chk: Check, answer: Any) -> Feedback:
    items = _items(answer)
    if items is None:
        return Feedback(chk.id, "wrong", "give a list of items, e.g. [1, 2].", _next_hint(chk))
    if chk.hashes is not None:
        salt = _salt(chk.id)
        chosen = {hash_answer(salt, chk.id, i) for i in items}
        expected_hashes = set(chk.hashes)
    else:
        chosen = {normalise(i) for i in items}
        expected_hashes = {normalise(i) for i in _expected(chk)}
    right = len(chosen & expected_hashes)
    extra = len(chosen - expected_hashes)
    missing = len(expected_hashes - chosen)
    if not extra and not missing:
        items = f"{right} item{'s' * (right != 1)}"
        return Feedback(chk.id, "correct", f"right: {items}, none missing.")
    parts = [f"{right} of your {len(chosen)} {'is' if right == 1 else 'are'} right"]
    if extra:
        parts.append(f"{extra} should not be there")
    if missing:
        parts.append(f"{missing} {'is' if missing == 1 else 'are'} missing")
    status: Status = "close" if right and (extra + missing) <= 1 else "wrong"
    return Feedback(chk.id, status, "; ".join(parts) + ".", _next_hint(chk))


def _grade_mapping(chk: Check, answer: Any) -> Feedback:
    if not isinstance(answer, dict):
        return Feedback(chk.id, "wrong", "give a dictionary {item: answer, ...}.", _next_hint(chk))
    answer = {k: v for k, v in answer.items() if not _unanswered(v)}
    if not answer:
        return Feedback(chk.id, "not answered yet", "fill in at least one value, then run again.")
    if chk.options:
        allowed = {normalise(o) for o in chk.options}
        odd = [v for v in answer.values() if not _unanswered(v) and normalise(v) not in allowed]
        if odd:
            listed = ", ".join(repr(o) for o in chk.options)
            return Feedback(chk.id, "wrong", f"{odd[0]!r} is not one of the options: {listed}.",
                            "copy each option exactly as it is written.")
    expected = _expected(chk) if chk.compute else None
    wanted = len(chk.hashes) if chk.hashes is not None else len(expected)
    wrong_keys = []
    for given, value in answer.items():
        pair = f"{normalise(given)}={normalise(value)}"
        if chk.hashes is not None:
            ok = hash_answer(_salt(chk.id), chk.id, pair) in chk.hashes
        else:
            ok = pair in {f"{normalise(k)}={normalise(v)}" for k, v in expected.items()}
        if not ok:
            wrong_keys.append(str(given))
    right = len(answer) - len(wrong_keys)
    if right == wanted and not wrong_keys:
        return Feedback(chk.id, "correct", f"all {wanted} are right.")
    msg = f"{right} of {wanted} right"
    if wrong_keys:
        msg += "; look again at " + ", ".join(repr(k) for k in wrong_keys)
    if len(answer) < wanted:
        msg += f"; {wanted - len(answer)} not answered"
    status: Status = "close" if right >= wanted - 1 else "wrong"
    return Feedback(chk.id, status, msg + ".", _next_hint(chk))


def _grade_ordering(chk: Check, answer: Any) -> Feedback:
    items = _items(answer)
    expected = list(_expected(chk))
    if items is None:
        return Feedback(chk.id, "wrong", "give a list, earliest first.", _next_hint(chk))
    norm = [normalise(i) for i in items]
    exp = [normalise(i) for i in expected]
    if sorted(norm) != sorted(exp):
        unknown = sorted(set(norm) - set(exp))
        msg = f"the list should hold exactly these {len(exp)} items, each once"
        if unknown:
            msg += f"; not one of them: {', '.join(repr(u) for u in unknown)}"
        return Feedback(chk.id, "wrong", msg + ".", "copy the ids from the task.")
    if norm == exp:
        return Feedback(chk.id, "correct", "the order is right.")
    in_place = sum(a == b for a, b in zip(norm, exp, strict=True))
    status: Status = "close" if in_place >= len(exp) - 2 else "wrong"
    return Feedback(chk.id, status, f"{in_place} of {len(exp)} are in the right place.",
                    _next_hint(chk))


def _grade_free(chk: Check, answer: Any) -> Feedback:
    if not isinstance(answer, str):
        return Feedback(chk.id, "wrong", "write your answer as text between triple quotes.",
                        chk.hints[0])
    text = normalise(answer)
    words = len(text.split())
    missing = [c.point for c in chk.rubric if not any(normalise(w) in text for w in c.any_of)]
    done = len(chk.rubric) - len(missing)
    msg = (
        f"saved ({words} words). Free text is not auto-graded: your instructor uses a rubric. "
        f"Your text touches {done} of its {len(chk.rubric)} points."
    )
    hint = ("Have you covered: " + " / ".join(missing)) if missing else ""
    return Feedback(chk.id, "received", msg, hint)


def _figure_values(answer: Any) -> tuple[list[float], list[Any]] | None:
    """The y values plotted (bars and lines) and the axes, from a Figure or Axes."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(answer, Axes):
        axes = [answer]
    elif isinstance(answer, Figure) and answer.axes:
        axes = list(answer.axes)
    else:
        return None
    values: list[float] = []
    for ax in axes:
        for container in ax.containers:
            values += [float(p.get_height()) for p in container.patches]
        for line in ax.get_lines():
            values += [float(v) for v in line.get_ydata()]
    return values, axes


def _grade_figure(chk: Check, answer: Any) -> Feedback:
    found = _figure_values(answer)
    if found is None:
        return Feedback(chk.id, "wrong", "pass the figure (fig) or axes (ax) you drew.",
                        "e.g. fig, ax = plt.subplots(); ...; check(..., fig)")
    values, axes = found
    problems = []
    expected = [float(v) for v in _expected(chk)]
    tol = chk.tolerance or 0.05
    missing = [e for e in expected if not any(abs(v - e) <= tol for v in values)]
    if missing:
        problems.append(
            f"{len(missing)} of the {len(expected)} values asked for are not on the chart"
        )
    if not any(ax.get_title() for ax in axes) and not getattr(answer, "_suptitle", None):
        problems.append("it has no title")
    if not any(ax.get_ylabel() for ax in axes):
        problems.append("the value axis has no label (say what and in which unit)")
    if not problems:
        return Feedback(chk.id, "correct", "the chart shows the right values, with title and "
                        "labelled axis. Now add alt text under it.")
    status: Status = "close" if not missing else "wrong"
    return Feedback(chk.id, status, "; ".join(problems) + ".", _next_hint(chk))


_GRADERS: dict[str, Callable[[Check, Any], Feedback]] = {
    "number": _grade_number,
    "choice": _grade_choice,
    "set": _grade_set,
    "mapping": _grade_mapping,
    "ordering": _grade_ordering,
    "free": _grade_free,
    "figure": _grade_figure,
}


# --------------------------------------------------------------------------- computed answers
# Each function computes an expected answer (or a typical wrong one) from data/.


def _article_paragraphs_with(term: str) -> list[int]:
    from . import article

    return article.find(term)


def _article_occurrences(terms: list[str]) -> int:
    from . import article

    texts = [fold(t) for t in article.paragraphs().values()]
    return sum(t.count(fold(term)) for t in texts for term in terms)


def _article_paragraphs_with_any(terms: list[str]) -> int:
    from . import article

    return len({n for term in terms for n in article.find(term)})


def _opinion_only_paragraphs() -> list[int]:
    """Paragraphs whose every checked claim is opinion (data/claims.yaml)."""
    from . import claims

    verdicts: dict[int, set[str]] = {}
    for claim in claims.claims():
        verdicts.setdefault(claim.paragraph, set()).add(claim.verdict)
    return sorted(n for n, found in verdicts.items() if found == {"opinion"})


def _event_date(event_id: str) -> date:
    from . import timeline

    found = timeline.event(event_id)
    if found.precision != "day":
        raise DataError(
            "data/exercises",
            f"event {event_id!r} is dated only to the {found.precision}",
            "count days only between events dated to the day",
        )
    return timeline.parse_date(found.date)


def _days_between(start: str, end: str) -> int:
    return (_event_date(end) - _event_date(start)).days


def _timeline_order(events: list[str]) -> list[str]:
    return sorted(events, key=_event_date)


def table(name: str):
    """A sourced table from data/tables/ as a pandas DataFrame (numbers as numbers)."""
    import pandas as pd

    from .data import load_csv

    frame = pd.DataFrame(list(load_csv(f"tables/{name}.csv")))
    for column in frame.columns:
        converted = pd.to_numeric(frame[column], errors="coerce")
        if converted.notna().all():
            frame[column] = converted
    return frame


def _table_rows(name: str, where: dict[str, Any]) -> list[dict[str, str]]:
    """Rows whose columns equal the given values (a list means any of them), in order."""
    from .data import load_csv

    def wanted(row: dict[str, str], key: str, value: Any) -> bool:
        accepted = value if isinstance(value, list) else [value]
        return row.get(key) in {str(v) for v in accepted}

    rows = [r for r in load_csv(f"tables/{name}.csv")
            if all(wanted(r, k, v) for k, v in where.items())]
    if not rows:
        raise DataError(f"data/tables/{name}.csv", f"no row matches {where}",
                        "the exercise definition names rows that the table no longer has")
    return rows


def _table_value(name: str, where: dict[str, Any], column: str) -> float:
    rows = _table_rows(name, where)
    if len(rows) != 1:
        raise DataError(f"data/tables/{name}.csv", f"{len(rows)} rows match {where}, not one",
                        "name the row exactly in the exercise definition")
    return float(rows[0][column])


def _table_values(name: str, where: dict[str, Any], column: str) -> list[float]:
    return [float(r[column]) for r in _table_rows(name, where)]


def _table_difference(name: str, first: dict[str, Any], second: dict[str, Any],
                      column: str) -> float:
    return _table_value(name, second, column) - _table_value(name, first, column)


def _table_relative_change(name: str, first: dict[str, Any], second: dict[str, Any],
                           column: str, sign: int = 1) -> float:
    """Percent change from ``first`` to ``second`` (``sign=-1``: the same, sign flipped)."""
    a = _table_value(name, first, column)
    return sign * 100 * (_table_value(name, second, column) - a) / a


# Spatial answers: computed from data/places.csv and data/geo/ at check time.
_KM_PER_DEGREE = 111.32


def _point(place_id: str) -> tuple[float, float]:
    from . import places

    found = places.place(place_id)
    if found.lat is None or found.lon is None:
        raise DataError("data/places.csv", f"place {place_id!r} has no coordinates",
                        "give it lat and lon, or use another place in the exercise")
    return found.lon, found.lat


def _path_km(points: list[str]) -> float:
    """Geodesic length (WGS 84 ellipsoid) of the line through the places, in km."""
    from pyproj import Geod

    lons, lats = zip(*(_point(p) for p in points), strict=True)
    return Geod(ellps="WGS84").line_length(lons, lats) / 1000


def _mercator_path_km(points: list[str]) -> float:
    """The same line measured flat on a Web Mercator map (a typical mistake)."""
    from pyproj import Transformer

    to_merc = Transformer.from_crs(4326, 3857, always_xy=True)
    xy = [to_merc.transform(*_point(p)) for p in points]
    return sum(math.dist(a, b) for a, b in itertools.pairwise(xy)) / 1000


def _degrees_path_km(points: list[str]) -> float:
    """The line measured in degrees as if they were flat, times 111.32 km (a mistake)."""
    xy = [_point(p) for p in points]
    return sum(math.dist(a, b) for a, b in itertools.pairwise(xy)) * _KM_PER_DEGREE


def _districts(codes: list[str]):
    from . import geodata

    frame = geodata.layer("karabakh_districts")
    chosen = frame[frame["adm1_code"].isin(codes)]
    missing = sorted(set(codes) - set(chosen["adm1_code"]))
    if missing:
        raise DataError("data/geo/karabakh_districts.geojson", f"no unit {missing}",
                        "use adm1_code values that the layer has")
    return chosen


def _area_km2(codes: list[str], crs: str = "equal-area") -> float:
    """Area of the units, in km² in an equal-area projection (or a typical wrong CRS)."""
    chosen = _districts(codes)
    if crs == "degrees":  # square degrees, as if unprojected
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return float(chosen.geometry.area.sum())
    if crs == "equal-area":
        centre = chosen.geometry.union_all().centroid
        crs = f"+proj=laea +lat_0={centre.y:.4f} +lon_0={centre.x:.4f} +datum=WGS84 +units=m"
    return float(chosen.to_crs(crs).geometry.area.sum() / 1e6)


def _containing_district(place_id: str) -> str:
    """The district whose polygon contains the place's point (point in polygon)."""
    from . import places

    return places.containing_district(place_id)


def _expected_district(place_id: str) -> str:
    from . import places

    return places.place(place_id).district_expected


def _misplaced(towns: list[str]) -> list[str]:
    """Towns whose point falls in another district than the one they belong to."""
    from . import places

    return places.misplaced(towns)


COMPUTE: dict[str, Callable[..., Any]] = {
    "article_paragraphs_with": _article_paragraphs_with,
    "article_occurrences": _article_occurrences,
    "article_paragraphs_with_any": _article_paragraphs_with_any,
    "opinion_only_paragraphs": _opinion_only_paragraphs,
    "days_between": _days_between,
    "timeline_order": _timeline_order,
    "table_value": _table_value,
    "table_values": _table_values,
    "table_difference": _table_difference,
    "table_relative_change": _table_relative_change,
    "path_km": _path_km,
    "mercator_path_km": _mercator_path_km,
    "degrees_path_km": _degrees_path_km,
    "area_km2": _area_km2,
    "containing_district": _containing_district,
    "expected_district": _expected_district,
    "misplaced": _misplaced,
}
