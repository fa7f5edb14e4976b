"""The instructor's side of the quizzes: a class's results, read safely, summed up, exported.

Students' answers arrive as ``results/<student>.json`` (see
:mod:`parisbaku.quiz.store`); collect them into one folder (on a hub, copy each
user's file; elsewhere, ask students to hand in the file) and::

    from parisbaku import results
    r = results.load("results/")       # never changes or moves a file
    r.problems                          # files that could not be read, and why
    r.scores()                          # one row per student and quiz
    r.questions("02_karabakh_1988_2023")  # which questions the class found hard
    r.to_csv("class_answers.csv")       # every answer, one row each

Only answers given since a student's last Reset of a quiz count towards scores;
``to_csv`` keeps every answer ever given, with a column saying which count.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import InputError
from .quiz.model import Bank
from .quiz.printable import Printable
from .quiz.store import ResultsStore, read_results_file, results_dir

__all__ = ["Answer", "ClassResults", "example_class", "load"]

SCORE_COLUMNS = ("student", "quiz", "answered", "right", "points", "to_read")
CSV_COLUMNS = ("student", "quiz", "question", "attempt", "answer", "correct", "credit",
               "time", "counts", "graded")


@dataclass(frozen=True)
class Answer:
    """One answer as a student gave it."""

    student: str
    quiz: str
    question: str
    attempt: int
    answer: Any
    correct: bool
    credit: float
    time: str
    counts: bool  # given after the student's last reset of this quiz
    graded: bool = True  # False for free text an exercise check received but cannot grade


@dataclass
class ClassResults:
    """Every readable results file of a folder, and the files that were not readable."""

    folder: Path
    answers: list[Answer] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    students: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    # -- summaries ----------------------------------------------------------------
    def quizzes(self) -> list[str]:
        return sorted({a.quiz for a in self.answers})

    def _latest(self) -> dict[tuple[str, str, str], Answer]:
        """The last counting answer of each student to each question."""
        latest: dict[tuple[str, str, str], Answer] = {}
        for a in self.answers:
            if a.counts:
                latest[(a.student, a.quiz, a.question)] = a
        return latest

    def scores(self, quiz: str | None = None) -> list[dict[str, Any]]:
        """One row per student and quiz: points (sum of credit), questions answered and right."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for (student, q_id, _), a in sorted(self._latest().items()):
            if quiz is not None and q_id != quiz:
                continue
            row = rows.setdefault((student, q_id), {
                "student": student, "quiz": q_id, "answered": 0, "right": 0, "points": 0.0,
                "to_read": 0})
            row["answered"] += 1
            row["to_read"] += int(not a.graded)  # free text: the instructor reads it
            row["right"] += int(a.correct)
            row["points"] = round(row["points"] + a.credit, 2)
        return list(rows.values())

    def questions(self, quiz: str) -> list[dict[str, Any]]:
        """Per question of a quiz: how many answered, right first time, right in the end,
        mean credit, and the most common wrong answer (what to discuss in class)."""
        firsts: dict[str, dict[str, Answer]] = {}
        wrong: dict[str, Counter[str]] = {}
        for a in self.answers:
            if a.quiz != quiz or not a.counts:
                continue
            if a.attempt == 1:
                firsts.setdefault(a.question, {})[a.student] = a
            if a.graded and not a.correct:
                wrong.setdefault(a.question, Counter())[_text(a.answer)] += 1
        latest = [a for (_, q_id, _), a in self._latest().items() if q_id == quiz]
        rows = []
        for question in sorted({a.question for a in latest}):
            final = [a for a in latest if a.question == question]
            first = firsts.get(question, {})
            common = wrong.get(question, Counter()).most_common(1)
            rows.append({
                "question": question,
                "answered": len(final),
                "right_first_time": sum(1 for a in first.values() if a.correct),
                "right_in_the_end": sum(1 for a in final if a.correct),
                "mean_credit": round(sum(a.credit for a in final) / len(final), 3),
                "most_common_wrong_answer": f"{common[0][0]} ({common[0][1]}×)" if common else "",
            })
        return rows

    def table(self, rows: list[dict[str, Any]] | None = None) -> Any:
        """Rows (default: scores) as a pandas DataFrame for display in a notebook."""
        import pandas as pd

        if rows is None:
            return pd.DataFrame(self.scores(), columns=SCORE_COLUMNS)
        return pd.DataFrame(rows)

    def overview(self) -> Printable:
        """A few lines of Markdown: who handed in, which quizzes, which files were unreadable."""
        if not self.folder.is_dir():
            return Printable(f"No results folder at `{self.folder}` yet: collect the "
                             "students' `<name>.json` files there.\n")
        lines = [f"**{len(self.students)} students** in `{self.folder}`; "
                 f"quizzes: {', '.join(self.quizzes()) or 'none yet'}."]
        if self.problems:
            count = len(self.problems)
            noun = "file" if count == 1 else "files"
            lines += ["", f"**{count} {noun} could not be used** (left as they are):"]
            lines += [f"- `{name}`: {reason}" for name, reason in self.problems]
        return Printable("\n".join(lines) + "\n")

    # -- export -------------------------------------------------------------------
    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Every answer, one row each (lists and pairs as JSON); returns the path."""
        target = Path(path)
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for a in self.answers:
                writer.writerow([a.student, a.quiz, a.question, a.attempt, _text(a.answer),
                                 a.correct, a.credit, a.time, a.counts, a.graded])
        return target


def _text(answer: Any) -> str:
    return answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)


def _answers(student: str, content: dict[str, Any]) -> list[Answer]:
    found: list[Answer] = []
    for quiz, entry in content["quizzes"].items():
        events = entry["events"]
        resets = [n for n, e in enumerate(events) if isinstance(e, dict)
                  and e.get("event") == "reset"]
        last_reset = resets[-1] if resets else -1
        for n, e in enumerate(events):
            if not isinstance(e, dict) or e.get("event") != "answer":
                continue
            found.append(Answer(
                student=student, quiz=str(quiz), question=str(e.get("question", "?")),
                attempt=int(e.get("attempt", 0) or 0), answer=e.get("answer"),
                correct=bool(e.get("correct")), credit=float(e.get("credit", 0) or 0),
                time=str(e.get("time", "")), counts=n > last_reset,
                graded=e.get("status") != "received",
            ))
    return found


def load(folder: str | os.PathLike[str] | None = None, *, missing_ok: bool = False
         ) -> ClassResults:
    """Read every ``*.json`` results file in a folder (default: the students' results/).

    Nothing is changed, moved or deleted. A file that cannot be read, that is
    not a results file, or whose student does not match its name is listed in
    ``problems`` with the reason, and left out of the summaries. A missing
    folder is an error, or an empty class with ``missing_ok=True``.
    """
    where = results_dir(folder)
    if not where.is_dir() and missing_ok:
        return ClassResults(folder=where)
    if not where.is_dir():
        raise InputError(f"no results folder at {where}: collect the students' "
                         "results/<name>.json files into one folder and give its path")
    results = ClassResults(folder=where)
    for path in sorted(where.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            content = read_results_file(path)
            student = str(content.get("student", ""))
            if student != path.stem:
                raise ValueError(f"it says it belongs to {student!r}, not {path.stem!r}")
        except (ValueError, OSError) as exc:
            results.problems.append((path.name, str(exc)))
            continue
        results.students.append(student)
        results.answers += _answers(student, content)
        for quiz, entry in content["quizzes"].items():
            results.titles.setdefault(str(quiz), str(entry.get("title", quiz)))
    for path in sorted(where.glob("*.json.unreadable-*")):
        results.problems.append((path.name, "kept aside by the quiz: a damaged file the "
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
