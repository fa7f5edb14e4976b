"""The instructor's side of the quizzes: a class's results, read safely, re-graded, exported.

Students' answers arrive as ``results/<key>.json`` (see :mod:`parisbaku.quiz.store`
and ``data/quizzes/README.md``, "The results file"); collect them into one folder
(on a hub, copy each user's file; elsewhere, ask students to hand in the file) and::

    from parisbaku import results
    r = results.load("results/")        # never changes or moves a file
    r.overview()                         # who handed in; files that could not be used, and why
    r.scores()                           # one row per student and quiz, RE-GRADED
    r.questions("02_karabakh_1988_2023") # which questions the class found hard
    r.disagreements()                    # answers whose stored score differs from the re-grade
    r.not_counted()                      # answers to questions no longer in the bank, ...
    r.to_csv("~/class_answers.csv")      # every answer, one row each, safe for a spreadsheet

A results file only testifies. Every answer is graded again against the current
bank (quizzes, the claim and forecast checks) or exercise check; the score the
student's notebook stored is shown only where it disagrees. Only answers given
since a student's last Reset of a quiz count towards scores; ``to_csv`` keeps
every answer ever given, with a column saying which count.

Reading is safe against a hostile class: only plain files (no symbolic links,
FIFOs or devices) under :data:`~parisbaku.quiz.resultsfile.MAX_FILE_BYTES` are
read; each is validated with one schema; a file that cannot be used becomes a
``problems`` entry (file, reason), never an exception, and the rest of the
class still loads. Everything a student controls is escaped in the HTML views
and neutralised in the CSV (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import InputError, ParisBakuError
from .quiz.model import Bank
from .quiz.resultsfile import KNOWN_KINDS, student_key
from .quiz.store import ResultsStore, read_results_file, results_dir

__all__ = ["Answer", "ClassResults", "View", "csv_cell", "example_class", "load",
           "load_from_service"]

SCORE_COLUMNS = ("student", "quiz", "answered", "right", "points", "to_read", "not_counted")
CSV_COLUMNS = ("student", "quiz", "question", "attempt", "answer", "correct", "credit",
               "claimed_correct", "claimed_credit", "counts", "graded", "note", "time")
#: A CSV cell is cut to this many characters (spreadsheets hold at most 32,767 per cell).
MAX_CELL_CHARS = 32_000
#: Views quote at most this many characters of an answer.
MAX_SHOWN_CHARS = 200
#: Cells starting with these are read as formulas by spreadsheets (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXERCISE_PREFIX = "exercise:"


@dataclass(frozen=True)
class Answer:
    """One answer as a student gave it, re-graded by the module."""

    student: str
    quiz: str
    question: str
    attempt: int
    answer: Any
    time: str
    counts: bool  # given after the student's last reset of this quiz
    correct: bool  # re-graded
    credit: float  # re-graded, 0..1
    claimed_correct: bool  # what the student's file says
    claimed_credit: float
    graded: bool = True  # False: free text to read, or nothing to grade it against
    note: str = ""  # why it is not graded or not counted

    @property
    def counted(self) -> bool:
        """Counts towards scores: after the last reset, and re-graded."""
        return self.counts and self.graded

    @property
    def disagrees(self) -> bool:
        return self.graded and (self.claimed_correct != self.correct
                                or abs(self.claimed_credit - self.credit) > 0.005)


def _short(value: Any, limit: int = MAX_SHOWN_CHARS) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _html(name: str, *args: Any) -> str:
    """The results template's macro ``name``, every value escaped."""
    from .pages import macro

    return str(macro(name, *args, template="results.html.j2"))


class View:
    """A view for a notebook: escaped HTML for Jupyter, plain text for print()."""

    def __init__(self, text: str, html_text: str):
        self.text, self.html = text, html_text

    def __str__(self) -> str:
        return self.text

    def __contains__(self, part: str) -> bool:
        return part in self.text

    def _repr_html_(self) -> str:
        return self.html


@dataclass
class ClassResults:
    """Every usable results file of a folder, re-graded, and the files that were not usable."""

    folder: Path
    answers: list[Answer] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    students: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: Files that loaded, with a remark (unknown event kinds, a quiz with no bank ...).
    notes: list[tuple[str, str]] = field(default_factory=list)

    # -- summaries ----------------------------------------------------------------
    def quizzes(self) -> list[str]:
        return sorted({a.quiz for a in self.answers})

    def _latest(self) -> dict[tuple[str, str, str], Answer]:
        """The last answer since the reset of each student to each question."""
        latest: dict[tuple[str, str, str], Answer] = {}
        for a in self.answers:
            if a.counts:
                latest[(a.student, a.quiz, a.question)] = a
        return latest

    def scores(self, quiz: str | None = None) -> list[dict[str, Any]]:
        """One row per student and quiz, from the re-graded answers: questions answered,
        right, points (sum of credit); free texts to read; answers not counted (their
        question is no longer in the bank, or there is nothing to grade them against)."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for (student, q_id, _), a in sorted(self._latest().items()):
            if quiz is not None and q_id != quiz:
                continue
            row = rows.setdefault((student, q_id), {
                "student": student, "quiz": q_id, "answered": 0, "right": 0, "points": 0.0,
                "to_read": 0, "not_counted": 0})
            if a.graded:
                row["answered"] += 1
                row["right"] += int(a.correct)
                row["points"] = round(row["points"] + a.credit, 2)
            elif a.note == "to read":
                row["answered"] += 1
                row["to_read"] += 1
            else:
                row["not_counted"] += 1
        return list(rows.values())

    def questions(self, quiz: str) -> list[dict[str, Any]]:
        """Per question of a quiz: how many answered, right first time, right in the end,
        mean credit, and the most common wrong answer (what to discuss in class)."""
        firsts: dict[str, dict[str, Answer]] = {}
        wrong: dict[str, Counter[str]] = {}
        for a in self.answers:
            if a.quiz != quiz or not a.counted:
                continue
            if a.attempt == 1:
                firsts.setdefault(a.question, {})[a.student] = a
            if not a.correct:
                wrong.setdefault(a.question, Counter())[_short(a.answer, 80)] += 1
        latest = [a for (_, q_id, _), a in self._latest().items() if q_id == quiz]
        rows = []
        for question in sorted({a.question for a in latest if a.graded or a.note == "to read"}):
            final = [a for a in latest if a.question == question]
            graded = [a for a in final if a.graded]
            first = firsts.get(question, {})
            common = wrong.get(question, Counter()).most_common(1)
            rows.append({
                "question": question,
                "answered": len(final),
                "right_first_time": sum(1 for a in first.values() if a.correct),
                "right_in_the_end": sum(1 for a in graded if a.correct),
                "mean_credit": round(sum(a.credit for a in graded) / len(graded), 3)
                if graded else None,
                "most_common_wrong_answer": f"{common[0][0]} ({common[0][1]}×)" if common else "",
            })
        return rows

    def disagreements(self) -> list[dict[str, Any]]:
        """Answers whose stored score (the student's claim) differs from the re-grade."""
        return [{"student": a.student, "quiz": a.quiz, "question": a.question,
                 "attempt": a.attempt, "answer": _short(a.answer),
                 "claimed": f"{'right' if a.claimed_correct else 'not right'}, "
                            f"{a.claimed_credit:g}",
                 "re-graded": f"{'right' if a.correct else 'not right'}, {a.credit:g}"}
                for a in self.answers if a.disagrees]

    def not_counted(self) -> list[dict[str, Any]]:
        """Answers that count for nothing, and why (e.g. the question left the bank)."""
        return [{"student": a.student, "quiz": a.quiz, "question": a.question,
                 "attempt": a.attempt, "answer": _short(a.answer), "why": a.note}
                for a in self.answers if not a.graded and a.note != "to read"]

    def table(self, rows: list[dict[str, Any]] | None = None) -> Any:
        """Rows (default: scores) as a pandas DataFrame (its HTML escapes every cell)."""
        import pandas as pd

        if rows is None:
            return pd.DataFrame(self.scores(), columns=SCORE_COLUMNS)
        return pd.DataFrame(rows)

    def overview(self) -> View:
        """Who handed in, which quizzes, which files could not be used and why."""
        if not self.folder.is_dir():
            text = (f"No results folder at {self.folder} yet: collect the students' "
                    "<name>.json files there.")
            return View(text, _html("missing", text))
        quizzes = ", ".join(self.quizzes()) or "none yet"
        head = f"{len(self.students)} students in {self.folder}; quizzes: {quizzes}."
        lines, shown, groups = [head], [], []
        counts = [(len(self.disagreements()), "answers whose stored score differs from the "
                   "re-grade (re-graded scores count): see disagreements()"),
                  (len(self.not_counted()), "answers not counted (question no longer in the "
                   "bank, or nothing to grade them against): see not_counted()")]
        for count, what in counts:
            if count:
                lines.append(f"{count} {what}.")
                shown.append((count, what))
        for items, heading in ((self.problems, "could not be used (left as they are)"),
                               (self.notes, "were used, with a remark")):
            if not items:
                continue
            noun = "file" if len(items) == 1 else "files"
            lines += [f"{len(items)} {noun} {heading}:"]
            lines += [f"- {name}: {reason}" for name, reason in items]
            groups.append((f"{len(items)} {noun} {heading}", items))
        return View("\n".join(lines) + "\n", _html("overview", len(self.students), self.folder,
                                                    quizzes, shown, groups))

    # -- export -------------------------------------------------------------------
    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Every answer, one row each (lists and pairs as JSON); returns the path.

        Safe to open in a spreadsheet: every cell is quoted, and a cell starting with
        ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP, CSV
        injection). Written to a temporary file and renamed into place, so a symbolic
        link at ``path`` is replaced, never written through. Not inside the results
        folder: students may be able to write there.
        """
        target = Path(path).expanduser()
        where = target.parent.resolve()
        inside = self.folder.resolve()
        if where == inside or inside in where.parents:
            raise InputError(f"{target} is inside the students' results folder {self.folder}; "
                             "students may write there. Export to a folder of your own, "
                             "e.g. to_csv('~/class_answers.csv')")
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".class_answers.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, quoting=csv.QUOTE_ALL)
                writer.writerow(CSV_COLUMNS)
                for a in self.answers:
                    writer.writerow([csv_cell(v) for v in (
                        a.student, a.quiz, a.question, a.attempt, a.answer, a.correct, a.credit,
                        a.claimed_correct, a.claimed_credit, a.counts, a.graded, a.note, a.time)])
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, where / target.name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return where / target.name


def csv_cell(value: Any) -> str:
    """One value as a CSV cell that no spreadsheet runs as a formula (OWASP)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS] + "…"
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# -- re-grading ------------------------------------------------------------------------
Grader = Callable[[str, Any], tuple[bool, float, str]]


def _code_banks() -> dict[str, Callable[[], Bank]]:
    """Banks built in code (not in data/quizzes/), by the key their answers are saved under."""
    from . import claims, forecasts

    return {"01_claim_check": lambda: claims.check_bank(),
            "01_claim_check_key": lambda: claims.check_bank(key_only=True),
            "08_forecast_check": lambda: forecasts.check_bank()}


class Regrader:
    """Grades stored answers against the current banks and exercise checks (cached)."""

    def __init__(self, extra: Iterable[Bank] = ()) -> None:
        self.extra = {bank.key: bank for bank in extra}
        self.banks: dict[str, Bank | str] = {}
        self.cache: dict[tuple[str, str, str], tuple[bool, float, str]] = {}
        self.exercise_checks: dict[str, set[str]] | str | None = None

    def bank(self, quiz: str) -> Bank | str:
        """The bank of a quiz key, or why there is none."""
        if not self.banks:
            from .quiz import bank_ids, load_bank

            for bank_id in bank_ids():
                try:
                    bank = load_bank(bank_id)
                except ParisBakuError as exc:
                    self.banks[bank_id] = f"its bank data/quizzes/{bank_id}.yaml has errors ({exc})"
                    continue
                self.banks[bank.key] = bank
            for key, build in _code_banks().items():
                try:
                    self.banks.setdefault(key, build())
                except ParisBakuError as exc:
                    self.banks[key] = f"its bank could not be built ({exc})"
            self.banks.update(self.extra)
        return self.banks.get(quiz, f"no quiz {quiz!r} in this module")

    def _exercise(self, notebook: str, question: str, answer: Any) -> tuple[bool, float, str]:
        from . import exercises

        if self.exercise_checks is None:
            try:
                self.exercise_checks = {name: {c.id for c in book.checks}
                                        for name, book in exercises.catalogue().items()}
            except ParisBakuError as exc:
                self.exercise_checks = f"the exercise definitions have errors ({exc})"
        if isinstance(self.exercise_checks, str):
            return False, 0.0, f"not graded: {self.exercise_checks}"
        if question not in self.exercise_checks.get(notebook, set()):
            return False, 0.0, f"not counted: exercise {notebook!r} has no check {question!r}"
        if exercises.definition(question).kind == "figure":
            return False, 0.0, "not graded: a figure is stored as a description; see it " \
                               "in the student's notebook"
        verdict = exercises.grade(question, answer)
        if verdict.status == "received":
            return False, 0.0, "to read"
        return verdict.correct, 1.0 if verdict.correct else 0.0, ""

    def grade(self, quiz: str, question: str, answer: Any) -> tuple[bool, float, str]:
        """(correct, credit, note): note is empty for a graded answer, else why not graded."""
        memo = (quiz, question, json.dumps(answer, sort_keys=True, ensure_ascii=False))
        if memo not in self.cache:
            self.cache[memo] = self._grade(quiz, question, answer)
        return self.cache[memo]

    def _grade(self, quiz: str, question: str, answer: Any) -> tuple[bool, float, str]:
        if quiz.startswith(EXERCISE_PREFIX):
            return self._exercise(quiz.removeprefix(EXERCISE_PREFIX), question, answer)
        bank = self.bank(quiz)
        if isinstance(bank, str):
            return False, 0.0, f"not counted: {bank}"
        try:
            q = bank.question(question)
        except InputError:
            return False, 0.0, "not counted: this question is no longer in the bank"
        try:
            grade = q.grade(answer)
        except (InputError, TypeError, ValueError, AttributeError, KeyError) as exc:
            return False, 0.0, f"graded 0: the stored answer cannot be scored ({exc})"
        return bool(grade.correct), min(1.0, max(0.0, float(grade.credit))), ""


# -- loading ---------------------------------------------------------------------------
def _answers(student: str, content: dict[str, Any], regrader: Regrader) -> list[Answer]:
    found: list[Answer] = []
    for quiz, entry in content["quizzes"].items():
        events = entry["events"]
        resets = [n for n, e in enumerate(events) if e.get("event") == "reset"]
        last_reset = resets[-1] if resets else -1
        for n, e in enumerate(events):
            if e.get("event") != "answer":
                continue
            correct, credit, note = regrader.grade(quiz, e["question"], e["answer"])
            found.append(Answer(
                student=student, quiz=quiz, question=e["question"], attempt=e["attempt"],
                answer=e["answer"], time=e.get("time", ""), counts=n > last_reset,
                correct=correct, credit=credit, claimed_correct=e["correct"],
                claimed_credit=float(e["credit"]), graded=not note, note=note,
            ))
    return found


def _unknown_kinds(content: dict[str, Any]) -> Counter[str]:
    return Counter(str(e.get("event"))[:40] for entry in content["quizzes"].values()
                   for e in entry["events"] if e.get("event") not in KNOWN_KINDS)


def load(folder: str | os.PathLike[str] | None = None, *, missing_ok: bool = False,
         banks: Iterable[Bank] = ()) -> ClassResults:
    """Read and re-grade every ``*.json`` results file in a folder (default: results/).

    Nothing is changed, moved or deleted. A file that cannot be used (not a plain
    file, too large, not valid JSON, not a results file, damaged or edited, or whose
    student does not match its name) is listed in ``problems`` with the reason and
    left out. A missing folder is an error, or an empty class with ``missing_ok=True``.
    ``banks``: banks built in code (not in data/quizzes/) to re-grade their answers against.
    """
    where = results_dir(folder)
    if not where.is_dir() and missing_ok:
        return ClassResults(folder=where)
    if not where.is_dir():
        raise InputError(f"no results folder at {where}: collect the students' "
                         "results/<name>.json files into one folder and give its path")
    results = ClassResults(folder=where)
    regrader = Regrader(banks)
    seen: dict[str, str] = {}
    names = sorted(os.listdir(where))
    for name in names:
        if name.startswith(".") or not name.endswith(".json"):
            continue
        path = where / name
        try:
            content = read_results_file(path)
            try:
                student = student_key(content["student"])
            except InputError:
                raise ValueError(f"its 'student' value {content['student'][:64]!r} is not a "
                                 "name the quiz accepts (edited by hand?)") from None
            if student != student_key(path.stem):
                raise ValueError(f"it says it belongs to {content['student'][:64]!r}, "
                                 f"not {path.stem[:64]!r}")
        except (ValueError, OSError) as exc:  # InputError is a ValueError
            results.problems.append((name, str(exc)[:600]))
            continue
        if student in seen:
            results.notes.append((name, f"the same student as {seen[student]} (names differ "
                                        "only by case); counted together"))
        else:
            seen[student] = name
            results.students.append(student)
        results.answers += _answers(student, content, regrader)
        for kind, count in _unknown_kinds(content).items():
            results.notes.append((name, f"{count} event(s) of a kind this module does not "
                                        f"know ({kind!r}): kept, not counted"))
        for quiz, entry in content["quizzes"].items():
            bank = regrader.bank(quiz) if not quiz.startswith(EXERCISE_PREFIX) else None
            title = bank.title if isinstance(bank, Bank) else entry.get("title") or quiz
            results.titles.setdefault(quiz, title)
    for name in names:
        if ".json.unreadable-" in name:
            results.problems.append((name, "kept aside by the quiz: a damaged file the "
                                     "student's notebook could not read"))
    return results


def example_class(folder: str | os.PathLike[str], bank: str | Bank | None = None,
                  students: int = 8, seed: int = 1) -> Path:
    """Write a made-up class's results for a quiz into ``folder`` (to practise on).

    The answers are invented (a seeded random choice of right and wrong answers),
    written through the quiz's own store, plus one damaged file, so an instructor
    can try this notebook before the class has answered.
    """
    import random

    from .quiz import bank_ids, load_bank

    if bank is None:
        ids = bank_ids()
        if not ids:
            raise InputError("no quiz bank in data/quizzes/ to invent answers for")
        bank = ids[0]
    chosen = load_bank(bank)
    rng = random.Random(seed)
    where = Path(folder)
    for n in range(1, students + 1):
        store = ResultsStore(f"example_student_{n:02d}", where)
        skill = rng.random()
        for q in chosen.questions:
            if rng.random() < 0.1:
                continue  # not every student answers everything
            for attempt in range(1, chosen.max_attempts(q) + 1):
                right = rng.random() < 0.35 + 0.6 * skill
                answer = q.right_response() if right else q.wrong_response(rng)
                grade = q.grade(answer)
                store.record_answer(chosen.key, chosen.title, q.id, answer, grade.correct,
                                    grade.credit, attempt)
                if grade.correct:
                    break
    (where / "example_student_99.json").write_text('{"format": "parisbaku-quiz-res',
                                                   encoding="utf-8")
    return where


def load_from_service(folder: str | os.PathLike[str] | None = None, *,
                      banks: Iterable[Bank] = ()) -> ClassResults:
    """On a JupyterHub: the whole class from the results service, then :func:`load`.

    Only members of the hub's instructors group may read the class (the service
    checks the hub login of this server's token). The files are copied first into
    ``folder`` (default ``class-from-hub/`` in this user's results folder), a
    private snapshot that :func:`load` reads and the CSV export can sit beside.
    """
    from .hub import client

    fetched = client.fetch()
    where = Path(folder) if folder is not None else results_dir() / "class-from-hub"
    where.mkdir(parents=True, exist_ok=True, mode=0o700)
    for old in where.glob("*.json"):
        old.unlink()
    for key, content in fetched.get("students", {}).items():
        target = where / f"{student_key(key)}.json"
        with open(target, "x", encoding="utf-8") as out:  # never through a planted link
            json.dump(content, out, ensure_ascii=False)
    loaded = load(where, banks=banks)
    loaded.problems += [(f"service: {name}", str(reason)[:600])
                        for name, reason in fetched.get("problems", {}).items()]
    return loaded
