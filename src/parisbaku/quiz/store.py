"""Every answer a student gives, saved at once: ``results/<student>.json``.

- The folder is ``results/`` at the top of the module, or ``$PARISBAKU_RESULTS``,
  or the ``folder`` given.
- A save rewrites the whole file atomically: a temporary file in the same
  folder, flushed to disk, then renamed over the old one. A crash leaves the
  old file or the new one, never half of one.
- The name must be a plain name (letters, digits, ``_ . @ + -``; spaces become
  ``_``): no path separators, no ``..``, so nothing is written outside the folder.
- A file that is not valid JSON, or not a results file of this module, or
  belongs to another student, is renamed aside (``<name>.json.unreadable-<time>``)
  and reported in :attr:`ResultsStore.notices`; it is never overwritten.

File layout (``version`` 1)::

    {"format": "parisbaku-quiz-results", "version": 1, "student": "ana",
     "quizzes": {"02_karabakh_1988_2023": {"title": "...", "events": [
        {"event": "answer", "question": "shusha-2020", "answer": "b",
         "correct": false, "credit": 0.0, "attempt": 1, "time": "2026-...Z"},
        {"event": "reset", "time": "..."}]}}}
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..data import InputError, data_dir

__all__ = [
    "FORMAT",
    "RESULTS_ENV",
    "STUDENT_ENVS",
    "ResultsStore",
    "answer_event",
    "check_name",
    "current_student",
    "read_results_file",
    "remember_student",
    "results_dir",
    "since_last_reset",
]

FORMAT = "parisbaku-quiz-results"
VERSION = 1
RESULTS_ENV = "PARISBAKU_RESULTS"
#: Where a student's name is found when none was given (first set wins).
STUDENT_ENVS = ("PARISBAKU_STUDENT", "JUPYTERHUB_USER")
_NAME = re.compile(r"^[^\W_][\w.@+\-]{0,63}$")

_session: dict[str, str] = {}


def check_name(name: Any) -> str:
    """A student name that is safe as a file name, or an InputError saying why not."""
    text = "_".join(str(name or "").split())
    if not text:
        raise InputError("give your name (letters and digits), e.g. ana_lopez")
    if "/" in text or "\\" in text or ".." in text or not _NAME.match(text):
        raise InputError(
            f"{str(name)!r} cannot be used as a name: use letters, digits and _ . @ + - "
            "(no slashes, no '..', at most 64 characters), e.g. ana_lopez"
        )
    return text


def remember_student(name: str) -> str:
    """Remember the student's name for every quiz shown in this session."""
    _session["student"] = check_name(name)
    return _session["student"]


def current_student() -> str | None:
    """The name given in this session, else $PARISBAKU_STUDENT, else $JUPYTERHUB_USER."""
    if "student" in _session:
        return _session["student"]
    for variable in STUDENT_ENVS:
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return check_name(value)
            except InputError:
                continue
    return None


def forget_student() -> None:
    """Forget the session's name (tests; a shared computer)."""
    _session.pop("student", None)


def results_dir(folder: str | os.PathLike[str] | None = None) -> Path:
    """The results folder: the one given, else $PARISBAKU_RESULTS, else results/ by data/."""
    if folder is not None:
        return Path(folder)
    override = os.environ.get(RESULTS_ENV)
    return Path(override) if override else data_dir().parent / "results"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def answer_event(question: str, answer: Any, correct: bool, credit: float,
                 attempt: int) -> dict[str, Any]:
    """One answer as saved: as given, with its score, attempt number and UTC time."""
    return {
        "event": "answer",
        "question": question,
        "answer": answer,
        "correct": bool(correct),
        "credit": round(float(credit), 4),
        "attempt": int(attempt),
        "time": _now(),
    }


def since_last_reset(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Answers after the last reset: question id -> its answer events, oldest first."""
    answers: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        if event.get("event") == "reset":
            answers = {}
        elif event.get("event") == "answer" and "question" in event:
            answers.setdefault(str(event["question"]), []).append(event)
    return answers


def reset_event() -> dict[str, Any]:
    return {"event": "reset", "time": _now()}


def _empty(student: str) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "student": student, "quizzes": {}}


def read_results_file(path: Path) -> dict[str, Any]:
    """Parse and check a results file; ValueError saying what is wrong with it."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not a text file") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ValueError("not a results file of this module (no 'format': "
                         f"'{FORMAT}')")
    if content.get("version") != VERSION:
        raise ValueError(f"results format version {content.get('version')!r}; "
                         f"this module reads version {VERSION}")
    quizzes = content.get("quizzes")
    if not isinstance(quizzes, dict) or not all(
        isinstance(q, dict) and isinstance(q.get("events"), list) for q in quizzes.values()
    ):
        raise ValueError("its 'quizzes' part is damaged")
    return content


class ResultsStore:
    """One student's results file: read it, append answers, write it atomically."""

    def __init__(self, student: str, folder: str | os.PathLike[str] | None = None):
        self.student = check_name(student)
        self.folder = results_dir(folder)
        self.path = self.folder / f"{self.student}.json"
        if self.path.resolve().parent != self.folder.resolve():
            raise InputError(f"{student!r} would be saved outside {self.folder}; "
                             "choose a plain name")
        #: Messages for the student (e.g. an unreadable file was kept aside).
        self.notices: list[str] = []
        self._data = self._read()

    # -- reading ---------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return _empty(self.student)
        try:
            content = read_results_file(self.path)
            if content.get("student") != self.student:
                raise ValueError(f"it belongs to {content.get('student')!r}")
        except (ValueError, OSError) as exc:
            aside = self._keep_aside()
            self.notices.append(
                f"Your results file {self.path.name} could not be read ({exc}); it was kept "
                f"as {aside.name} and a new file was started. Tell your instructor."
            )
            return _empty(self.student)
        return content

    def _keep_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}-{number}")
        os.replace(self.path, aside)
        return aside

    def events(self, quiz: str) -> list[dict[str, Any]]:
        """Every event of one quiz, oldest first (answers and resets)."""
        return list(self._data["quizzes"].get(quiz, {}).get("events", []))

    def current(self, quiz: str) -> dict[str, list[dict[str, Any]]]:
        """Answers since the last reset: question id -> its answer events, oldest first."""
        return since_last_reset(self.events(quiz))

    # -- writing ---------------------------------------------------------------
    def record_answer(self, quiz: str, title: str, question: str, answer: Any,
                      correct: bool, credit: float, attempt: int) -> dict[str, Any]:
        """Save one answer as given, with its score, attempt number and time."""
        event = answer_event(question, answer, correct, credit, attempt)
        self.append(quiz, title, event)
        return event

    def record_reset(self, quiz: str, title: str) -> None:
        """Start a quiz again; earlier answers stay in the file, marked as before the reset."""
        self.append(quiz, title, reset_event())

    def append(self, quiz: str, title: str, event: dict[str, Any]) -> None:
        """Add one event (see :func:`answer_event`) to a quiz and save the file."""
        self._append(quiz, title, event)

    def _append(self, quiz: str, title: str, event: dict[str, Any]) -> None:
        # Re-read first: another notebook of the same student may have saved meanwhile.
        if self.path.exists():
            latest = self._read()
            if latest["quizzes"] or not self._data["quizzes"]:
                self._data = latest
        entry = self._data["quizzes"].setdefault(quiz, {"title": title, "events": []})
        entry["title"] = title
        entry["events"].append(event)
        self._write()

    def _write(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=self.folder, prefix=f".{self.student}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self._data, out, ensure_ascii=False, indent=1)
                out.write("\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
