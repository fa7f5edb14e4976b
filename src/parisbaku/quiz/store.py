"""Every answer a student gives, saved at once: ``results/<key>.json``.

- The folder is ``results/`` at the top of the module, or ``$PARISBAKU_RESULTS``,
  or the ``folder`` given.
- The file key is the name normalised and case-folded (``Ana``, ``ana`` and
  ``ＡＮＡ`` are one student, one file): see :func:`~.resultsfile.student_key`.
- Every event (an answer, a reset) passes through :meth:`ResultsStore.append`.
  It takes a lock (``.<key>.lock`` beside the file, with :mod:`filelock`), reads
  the file as it is now, adds the event, writes a temporary file, flushes it to
  disk and renames it over the old one, then releases the lock. Any number of
  notebooks, tabs or processes saving for one student therefore lose nothing,
  and a crash leaves the old file or the new one, never half of one.
- If a save fails (folder not writable, disk full), the event is held in memory
  and written, before the next one, by the next save that succeeds.
- A file that is not a valid results file, or belongs to another student, is
  renamed aside (``<key>.json.unreadable-<time>``) and reported in
  :attr:`ResultsStore.notices`; it is never overwritten.
- :data:`LISTENERS`: functions called with every event after it is saved (a
  hub service may send it on).

The file format is defined in :mod:`parisbaku.quiz.resultsfile` and described in
``data/quizzes/README.md`` ("The results file").
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from ..data import InputError, project_root
from ..hub import client as hub
from .resultsfile import (
    FORMAT,
    MAX_ANSWER_CHARS,
    MAX_FILE_BYTES,
    VERSION,
    answer_event,
    check_name,
    dumps,
    new_id,
    read_results_file,
    reset_event,
    since_last_reset,
    student_key,
)

__all__ = [
    "FORMAT",
    "LISTENERS",
    "LOCK_TIMEOUT",
    "MAX_ANSWER_CHARS",
    "MAX_FILE_BYTES",
    "RESULTS_ENV",
    "STUDENT_ENVS",
    "ResultsStore",
    "answer_event",
    "check_name",
    "current_student",
    "forget_student",
    "read_results_file",
    "remember_student",
    "reset_event",
    "results_dir",
    "since_last_reset",
    "student_key",
]

RESULTS_ENV = "PARISBAKU_RESULTS"
#: Where a student's name is found when none was given (first set wins).
STUDENT_ENVS = ("PARISBAKU_STUDENT", "JUPYTERHUB_USER")
#: Seconds a save waits for another notebook of the same student to finish its save.
LOCK_TIMEOUT = 30.0
#: Called as ``listener(store, quiz, title, event)`` after each event is saved.
LISTENERS: list[Callable[[ResultsStore, str, str, dict[str, Any]], None]] = []

_session: dict[str, str] = {}


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
    return Path(override) if override else project_root() / "results"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _aside(path: Path, label: str) -> Path:
    """Rename a file to ``<name>.<label>-<time>`` (never over another file)."""
    stamp = _stamp()
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while os.path.lexists(target):
        number += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    os.replace(path, target)
    return target


class ResultsStore:
    """One student's results file: read it, add events under a lock, write it atomically."""

    def __init__(self, student: str, folder: str | os.PathLike[str] | None = None):
        self.name = check_name(student)
        self.student = student_key(student)
        self.folder = results_dir(folder)
        self.path = self.folder / f"{self.student}.json"
        if self.path.parent.resolve() != self.folder.resolve():
            raise InputError(f"{student!r} would be saved outside {self.folder}; "
                             "choose a plain name")
        self.lock_path = self.folder / f".{self.student}.lock"
        #: Messages for the student (e.g. an unreadable file was kept aside).
        self.notices: list[str] = []
        #: Events whose save failed, written first by the next save that succeeds.
        self.held: list[tuple[str, str, dict[str, Any]]] = []
        self._data = self._empty()
        if self.folder.is_dir():
            self._open()
        self.send_unsent()  # on a hub: what a lost connection kept back goes now

    # -- reading ---------------------------------------------------------------
    def _empty(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "student": self.student,
                "name": self.name, "quizzes": {}}

    def _lock(self) -> FileLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.path.islink(self.lock_path) or (
            os.path.lexists(self.lock_path)
            and not stat.S_ISREG(os.lstat(self.lock_path).st_mode)
        ):
            raise OSError(f"{self.lock_path} is not a plain file (someone placed it there); "
                          "ask your instructor to delete it")
        return FileLock(self.lock_path, timeout=LOCK_TIMEOUT)

    def _open(self) -> None:
        """Read the file; fold in files of the same student saved under another case."""
        try:
            with self._lock():
                self._merge_in(self._same_student_elsewhere())
        except OSError:  # a folder the student may read but not write: read only
            latest = self._read(move_aside=False)
            self._data = latest if latest is not None else self._empty()

    def _same_student_elsewhere(self) -> list[Path]:
        """Files of this student written under a name differing by case (older versions)."""
        found = []
        for path in sorted(self.folder.glob("*.json")):
            if path.name == self.path.name or path.name.startswith("."):
                continue
            try:
                key = student_key(path.stem)
            except InputError:
                continue
            if key == self.student and not self._is_our_file(path):
                found.append(path)
        return found

    def _is_our_file(self, path: Path) -> bool:
        """On macOS and Windows ``Ana.json`` may be our ``ana.json`` itself."""
        try:
            return os.path.samefile(path, self.path)
        except OSError:
            return False

    def _merge_in(self, others: list[Path]) -> None:
        merged = self._read() or self._empty()
        self._data = merged
        for path in others:
            try:
                content = read_results_file(path)
            except ValueError:
                continue  # the instructor's reader lists it; not ours to move
            if student_key(content.get("student", "")) != self.student:
                continue
            for quiz, entry in content["quizzes"].items():
                self._add(merged, quiz, entry.get("title", quiz), entry["events"])
            self._save(merged)
            aside = _aside(path, "merged")
            self.notices.append(f"Your answers saved as {path.name} were merged into "
                                f"{self.path.name} (the old file is kept as {aside.name}).")

    def _read(self, move_aside: bool = True) -> dict[str, Any] | None:
        """The file as it is now, or None if there is none or it is unusable (then it is
        renamed aside: only ever under the lock)."""
        if not os.path.lexists(self.path):
            return None
        try:
            content = read_results_file(self.path)
            owner = content.get("student")
            if owner != self.student and student_key(str(owner)) != self.student:
                raise ValueError(f"it belongs to {str(owner)[:64]!r}")
        except (ValueError, InputError, OSError) as exc:
            if not move_aside:
                self.notices.append(f"Your results file {self.path.name} could not be read "
                                    f"({exc}). Tell your instructor.")
                return None
            aside = _aside(self.path, "unreadable")
            self.notices.append(
                f"Your results file {self.path.name} could not be read ({exc}); it was kept "
                f"as {aside.name} and a new file was started. Tell your instructor."
            )
            return None
        content["version"] = VERSION
        content["student"] = self.student
        content.setdefault("name", self.name)
        return content

    def events(self, quiz: str) -> list[dict[str, Any]]:
        """Every event of one quiz, oldest first (answers and resets), unsaved ones included."""
        saved = list(self._data["quizzes"].get(quiz, {}).get("events", []))
        return saved + [e for q, _, e in self.held if q == quiz]

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
        """Save one event: THE path every event takes (answers, resets, exercise checks).

        Under the student's lock: re-read the file, add the held events and this one
        (an event whose ``id`` is already there is not added twice), write atomically.
        On failure (OSError) the event is held and the error raised; the next save
        that succeeds writes it first. After a save, every :data:`LISTENERS` is called.
        """
        event.setdefault("id", new_id())
        hub.mark(event)  # on a hub: saved as unsent until the results service holds it
        pending = [*self.held, (quiz, title, event)]
        pending = [p for n, p in enumerate(pending)
                   if all(p[2]["id"] != q[2]["id"] for q in pending[:n])]
        try:
            with self._lock():
                self._clean_temporary_files()
                latest = self._read()  # another notebook may have saved meanwhile
                if latest is not None:
                    self._data = latest
                for q, t, e in pending:
                    self._add(self._data, q, t, [e])
                self._save(self._data)
        except OSError:
            self.held = pending
            self._forget(pending)
            raise
        self.held = []
        for q, t, e in pending:
            for listener in list(LISTENERS):
                try:
                    listener(self, q, t, e)
                except Exception as exc:  # a listener must never cost the student an answer
                    self.notices.append(f"Saved, but not passed on ({type(exc).__name__}: "
                                        f"{exc}).")
        self.send_unsent()

    def send_unsent(self) -> int:
        """On a hub, send the events marked unsent to the results service (see
        :mod:`parisbaku.hub.client`); those it now holds lose the mark. Elsewhere: 0."""
        if not hub.on_hub():
            return 0
        sent = hub.flush((q, entry.get("title", q), e) for q, entry in self._data["quizzes"].items()
                         for e in entry["events"] if e.get(hub.UNSENT))
        if sent:
            try:
                with self._lock():
                    self._data = self._read() or self._data
                    for entry in self._data["quizzes"].values():
                        for e in entry["events"]:
                            if e.get("id") in sent:
                                e.pop(hub.UNSENT, None)
                    self._save(self._data)
            except OSError:
                return 0  # still marked: sent again next time, stored once (same id)
        return len(sent)

    @staticmethod
    def _add(data: dict[str, Any], quiz: str, title: str, events: list[dict[str, Any]]) -> None:
        entry = data["quizzes"].setdefault(quiz, {"title": title, "events": []})
        entry["title"] = title or entry.get("title", quiz)
        known = {e.get("id") for e in entry["events"]} - {None}
        for event in events:
            if event.get("id") is None or event["id"] not in known:
                entry["events"].append(event)
                known.add(event.get("id"))

    def _forget(self, pending: list[tuple[str, str, dict[str, Any]]]) -> None:
        """After a failed save: the held events are not in the saved data (they are held)."""
        ids = {e["id"] for _, _, e in pending}
        for entry in self._data["quizzes"].values():
            entry["events"] = [e for e in entry["events"] if e.get("id") not in ids]

    def _clean_temporary_files(self) -> None:
        """Temporary files of this student left by a save that was killed (we hold the lock,
        so no save of ours is under way)."""
        for leftover in self.folder.glob(f".{self.student}.*.tmp"):
            try:
                if stat.S_ISREG(os.lstat(leftover).st_mode) or leftover.is_symlink():
                    leftover.unlink()
            except OSError:
                continue

    def _save(self, data: dict[str, Any]) -> None:
        text = dumps(data, indent=1) + "\n"
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise OSError(f"the results file would grow past {MAX_FILE_BYTES:,} bytes; "
                          "tell your instructor")
        handle, temporary = tempfile.mkstemp(
            dir=self.folder, prefix=f".{self.student}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
