"""The results file on disk: its schema, its limits, and reading it safely.

One file per student, ``<key>.json``, where the key is the student's name
normalised (NFKC) and case-folded, so ``Ana``, ``ana`` and ``ＡＮＡ`` are one
student on every operating system. The format is described for people in
``data/quizzes/README.md`` ("The results file"); this module is its only
definition in code. Both the student's store (:mod:`parisbaku.quiz.store`) and
the instructor's reader (:mod:`parisbaku.results`) read a file through
:func:`read_results_file`, so a file one side accepts the other accepts too.
"""

from __future__ import annotations

import json
import math
import os
import stat
import unicodedata
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    JsonValue,
    StrictBool,
    StrictInt,
    Tag,
    ValidationError,
)

from ..data import Entries, InputError, describe_error

__all__ = [
    "FORMAT",
    "MAX_ANSWER_CHARS",
    "MAX_FILE_BYTES",
    "READ_VERSIONS",
    "VERSION",
    "AnswerEvent",
    "OtherEvent",
    "ResetEvent",
    "ResultsFile",
    "SelfCheckEvent",
    "answer_event",
    "check_name",
    "dumps",
    "jsonable",
    "read_limited",
    "read_results_file",
    "reset_event",
    "since_last_reset",
    "student_key",
]

FORMAT = "parisbaku-quiz-results"
#: Written now: events carry an ``id``; ``student`` is the file key, ``name`` as typed.
VERSION = 2
#: Version 1 (before 2026-11-29: no event ids, ``student`` as typed) still loads.
READ_VERSIONS = (1, 2)
#: A results file larger than this is not read (a class's real files are < 1 MB).
MAX_FILE_BYTES = 8_000_000
#: An answer is stored up to this many characters of JSON; the rest is cut off and
#: the event says how long it was (``truncated``).
MAX_ANSWER_CHARS = 20_000
#: Lists and dicts nested deeper than this are stored as a short description.
MAX_ANSWER_DEPTH = 20
MAX_NAME_CHARS = 64
#: Names Windows keeps for devices: ``con.json`` cannot be a file there.
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
)
_NAME_CHARS = "letters, digits and _ . @ + -"


# -- names -------------------------------------------------------------------------
def check_name(name: Any) -> str:
    """The name as the student gave it, made safe (NFKC, spaces to ``_``), or an InputError.

    What is refused, and why: path separators and ``..`` (nothing may be written
    outside the results folder), names over 64 characters, characters other than
    letters, digits and ``_ . @ + -``, and Windows device names (``CON``, ``aux``,
    ``com1``...), which cannot be file names on Windows.
    """
    text = "_".join(unicodedata.normalize("NFKC", str(name or "")).split())
    if not text:
        raise InputError("give your name (letters and digits), e.g. ana_lopez")
    shown = str(name)[:80]
    if "/" in text or "\\" in text or ".." in text or len(text) > MAX_NAME_CHARS:
        raise InputError(
            f"{shown!r} cannot be used as a name: use {_NAME_CHARS} (no slashes, no '..', "
            f"at most {MAX_NAME_CHARS} characters), e.g. ana_lopez"
        )
    first, rest = text[0], text[1:]
    if not (first.isalnum() and all(c.isalnum() or c in "_.@+-" for c in rest)):
        raise InputError(
            f"{shown!r} cannot be used as a name: use {_NAME_CHARS}, starting with a letter "
            "or digit, e.g. ana_lopez"
        )
    if text.casefold().split(".")[0] in WINDOWS_DEVICES:
        raise InputError(
            f"{shown!r} cannot be used as a name: Windows keeps {text.split('.')[0]!r} for a "
            "device, so no file can have it. Add to it, e.g. ana_" + text.split(".")[0]
        )
    return text


def student_key(name: Any) -> str:
    """The file key of a name: checked, NFKC-normalised and case-folded.

    ``Ana``, ``ana``, ``ＡＮＡ`` give ``ana``; ``Анна`` and ``анна`` give ``анна``:
    names that differ only by case or by a compatibility form are one student,
    as they would be one file on macOS and Windows.
    """
    key = unicodedata.normalize("NFKC", check_name(name).casefold())
    return check_name(key)


# -- events ------------------------------------------------------------------------
def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return uuid.uuid4().hex


def jsonable(value: Any, depth: int = 0) -> Any:
    """Any Python value as standard JSON can hold it.

    Numbers that JSON cannot hold (NaN, infinities, integers beyond 2**53) and
    objects (a DataFrame, a figure) become short text; numpy scalars and 0-d
    arrays become their value; lists nested deeper than ``MAX_ANSWER_DEPTH``
    become a description.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 else f"<integer of {len(str(abs(value)))} digits>"
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        return jsonable(value.item(), depth)
    if depth >= MAX_ANSWER_DEPTH:
        return f"<{type(value).__name__} nested too deeply>"
    if isinstance(value, dict):
        return {str(k)[:200]: jsonable(v, depth + 1) for k, v in list(value.items())[:1000]}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [jsonable(v, depth + 1) for v in list(items)[:1000]]
    return f"<{type(value).__name__}>"


def dumps(value: Any, **options: Any) -> str:
    """Standard JSON (never NaN or Infinity), Unicode kept as it is."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, **options)


def capped(answer: Any) -> tuple[Any, int | None]:
    """The answer as stored (JSON, at most MAX_ANSWER_CHARS of it) and its full length if cut."""
    value = jsonable(answer)
    text = dumps(value)
    if len(text) <= MAX_ANSWER_CHARS:
        return value, None
    if isinstance(value, str):
        return value[:MAX_ANSWER_CHARS], len(value)
    return text[:MAX_ANSWER_CHARS], len(text)


def answer_event(question: str, answer: Any, correct: bool, credit: float,
                 attempt: int) -> dict[str, Any]:
    """One answer as saved: as given (capped), the score the student was shown, the attempt
    number, UTC time and a unique id. The score is the student's view; the instructor
    re-grades the answer (see :mod:`parisbaku.results`)."""
    stored, full_length = capped(answer)
    credit = float(credit) if math.isfinite(float(credit)) else 0.0
    event: dict[str, Any] = {
        "event": "answer",
        "id": new_id(),
        "question": str(question),
        "answer": stored,
        "correct": bool(correct),
        "credit": round(min(1.0, max(0.0, credit)), 4),
        "attempt": max(1, int(attempt)),
        "time": now(),
    }
    if full_length is not None:
        event["truncated"] = full_length
    return event


def reset_event() -> dict[str, Any]:
    return {"event": "reset", "id": new_id(), "time": now()}


def since_last_reset(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Answers after the last reset: question id -> its answer events, oldest first."""
    answers: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        if event.get("event") == "reset":
            answers = {}
        elif event.get("event") == "answer" and "question" in event:
            answers.setdefault(str(event["question"]), []).append(event)
    return answers


# -- the schema --------------------------------------------------------------------
Text = Annotated[str, Field(max_length=400)]
Credit = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]


class _Event(BaseModel):
    """What every event has. Unknown fields are ignored (a newer module may add some)."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[str, Field(max_length=64)] | None = None
    time: Annotated[str, Field(max_length=40)] = ""


class AnswerEvent(_Event):
    """An answer: ``correct`` and ``credit`` are what the student was told (a claim)."""

    event: Literal["answer"]
    question: Annotated[str, Field(min_length=1, max_length=200)]
    answer: JsonValue
    correct: StrictBool
    credit: Credit
    attempt: Annotated[StrictInt, Field(ge=1, le=10_000)]
    #: exercises: correct, close, wrong or received (free text the machine does not grade)
    status: Literal["correct", "close", "wrong", "received"] | None = None
    truncated: Annotated[StrictInt, Field(ge=0)] | None = None


class ResetEvent(_Event):
    """The student pressed Reset: earlier answers of that quiz no longer count."""

    event: Literal["reset"]


class OtherEvent(_Event):
    """An event of a kind this module does not know (written by a newer one): kept, not
    counted, reported."""

    model_config = ConfigDict(extra="allow")
    event: Annotated[str, Field(max_length=40)]


class SelfCheckEvent(_Event):
    """A student's own check of an item before seeing the module's verdict
    (:mod:`parisbaku.selfcheck`): evidence, source, verdict, confidence, justification."""

    event: Literal["self_check"]
    question: Annotated[str, Field(min_length=1, max_length=200)]
    evidence: Text
    source_kind: Annotated[str, Field(max_length=40)]
    reliability: Annotated[str, Field(max_length=40)]
    verdict: Annotated[str, Field(max_length=40)]
    confidence: Annotated[str, Field(max_length=40)]
    justification: Text
    module_verdict: Annotated[str, Field(max_length=40)]
    agrees: StrictBool
    to_read: StrictBool


#: Every event kind: add a new kind here (a model with ``event: Literal["kind"]``) and
#: in ``_kind``; files of an older module keep reading it as an :class:`OtherEvent`.
KNOWN_KINDS = ("answer", "reset", "self_check")


def _kind(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    kind = value.get("event")
    return kind if kind in KNOWN_KINDS else "other"


Event = Annotated[
    Annotated[AnswerEvent, Tag("answer")]
    | Annotated[ResetEvent, Tag("reset")]
    | Annotated[SelfCheckEvent, Tag("self_check")]
    | Annotated[OtherEvent, Tag("other")],
    Discriminator(_kind, custom_error_type="event_kind",
                  custom_error_message="an event must be an object with an 'event' field"),
]


class QuizEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: Text = ""
    events: list[Event]


QuizKey = Annotated[str, Field(min_length=1, max_length=200)]


class ResultsFile(BaseModel):
    """A whole results file (see data/quizzes/README.md, "The results file")."""

    model_config = ConfigDict(extra="ignore")

    format: Literal["parisbaku-quiz-results"]
    version: Literal[1, 2]
    student: Annotated[str, Field(min_length=1, max_length=200)]
    name: Annotated[str, Field(max_length=200)] | None = None
    quizzes: dict[QuizKey, QuizEntry]


# -- reading -----------------------------------------------------------------------
def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ValueError saying why not.

    Never follows a symbolic link, never opens a FIFO or a device (which could
    hang the reader or feed it without end), never reads more than ``limit``.
    """
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        raise ValueError("the file is gone") from None
    if stat.S_ISLNK(before.st_mode):
        raise ValueError("a symbolic link (not followed: results files must be plain files)")
    if not stat.S_ISREG(before.st_mode):
        raise ValueError("not a plain file (a folder, FIFO or device): not read")
    if before.st_size > limit:
        raise ValueError(f"{before.st_size:,} bytes, more than the limit of {limit:,}")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise ValueError(f"cannot be opened ({exc.strerror})") from None
    with os.fdopen(handle, "rb") as stream:
        opened = os.fstat(stream.fileno())
        if not stat.S_ISREG(opened.st_mode) or (opened.st_ino, opened.st_dev) != (
            before.st_ino, before.st_dev
        ):
            raise ValueError("replaced by something else while being read: not read")
        content = stream.read(limit + 1)
    if len(content) > limit:
        raise ValueError(f"more than the limit of {limit:,} bytes")
    return content


def _no_constants(name: str) -> Any:
    raise ValueError(f"not standard JSON ({name})")


def parse(content: bytes) -> Any:
    """JSON text as Python; ValueError (never another exception) saying what is wrong."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not a text file (not UTF-8)") from None
    try:
        return json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise ValueError("not usable JSON (nested too deeply)") from None


#: How messages name a results file's entries: ``quiz 'sample', event 2`` (kinds skipped).
RECORDS = {"quizzes": Entries("quiz", None),
           "events": Entries("event", None, (*KNOWN_KINDS, "other"))}


def describe(exc: ValidationError, content: Any, limit: int = 3) -> str:
    """A pydantic error in words (:func:`~parisbaku.data.describe_error`): where (quiz,
    event number, field), what and the value found; the first ``limit`` problems."""
    errors = exc.errors()
    parts = [describe_error(err, content, RECORDS) for err in errors[:limit]]
    more = len(errors) - limit
    return "; ".join(parts) + (f"; and {more} more problem(s)" if more > 0 else "")


def read_results_file(path: Path, limit: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """Read, parse and validate a results file; ValueError saying what is wrong with it.

    Returns the file's content as plain data (checked against :class:`ResultsFile`).
    """
    content = parse(read_limited(path, limit))
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ValueError(f"not a results file of this module (no 'format': '{FORMAT}')")
    if content.get("version") not in READ_VERSIONS:
        raise ValueError(f"results format version {content.get('version')!r}; "
                         f"this module reads versions {', '.join(map(str, READ_VERSIONS))}")
    try:
        ResultsFile.model_validate(content)
    except ValidationError as exc:
        raise ValueError(f"damaged or edited: {describe(exc, content)}") from None
    except RecursionError:
        raise ValueError("damaged: nested too deeply") from None
    return content
