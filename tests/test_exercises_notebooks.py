"""Exercise notebooks: one source, two generated versions that never drift or leak.

- the committed student and solution notebooks equal a fresh build into a temp folder;
- nothing from a solution cell, and no answer in clear text, is in a student notebook;
- the solution version executes and every check in it reports correct;
- the student version executes and every check reports "not answered yet".
"""

from __future__ import annotations

import json
import re
from functools import cache

import nbformat
import pytest
from conftest import ROOT

from parisbaku import exercise_build, exercises, notebook_run

SOURCES = sorted((ROOT / "exercises" / "source").glob("*.ipynb"))
STEMS = [p.stem for p in SOURCES]
FEEDBACK = re.compile(r"^\[(?P<id>[a-z0-9-]+)\] (?P<status>correct|close|wrong|not answered yet"
                      r"|received): (?P<message>.*)$", re.MULTILINE)


def test_there_are_at_least_six_exercises_mixing_the_five_skills():
    books = exercises.catalogue()
    assert len(SOURCES) >= 6, f"only {len(SOURCES)} exercise sources: {STEMS}"
    skills = {s for book in books.values() for s in book.skills}
    assert skills >= {"spatial", "data", "time", "text", "sources"}, skills
    assert set(books) == set(STEMS), "each source notebook has one data/exercises/*.yaml"


def test_generated_notebooks_are_up_to_date_with_their_sources(tmp_path):
    student, solution = tmp_path / "student", tmp_path / "solutions"
    written = exercise_build.build(student, solution)
    assert len(written) == 2 * len(SOURCES)
    for stem in STEMS:
        for fresh, committed in (
            (student / f"{stem}.ipynb", ROOT / "exercises" / f"{stem}.ipynb"),
            (solution / f"{stem}.ipynb", ROOT / "exercises" / "solutions" / f"{stem}.ipynb"),
        ):
            assert committed.exists(), f"{committed.relative_to(ROOT)} missing: run make exercises"
            assert fresh.read_text() == committed.read_text(), (
                f"{committed.relative_to(ROOT)} differs from its source: run make exercises"
            )
    assert exercise_build.stale() == []


def _cells(path):
    return nbformat.read(path, as_version=4)["cells"]


def _solution_lines(stem):
    """Every meaningful line of the source's solution and solution-only cells."""
    lines = set()
    for cell in _cells(ROOT / "exercises" / "source" / f"{stem}.ipynb"):
        tags = cell.get("metadata", {}).get("tags", [])
        if {"solution", "solution-only"} & set(tags):
            for line in cell["source"].splitlines():
                line = line.strip()
                # The variable names are in the stubs too; the values are what must not leak.
                if len(line) >= 6 and not re.fullmatch(r'\w+ = (\.\.\.|"""|\{|\[|\()', line):
                    lines.add(line)
    return lines


@pytest.mark.parametrize("stem", STEMS)
def test_no_solution_leaks_into_the_student_version(stem):
    student = _cells(ROOT / "exercises" / f"{stem}.ipynb")
    text = "\n".join(c["source"] for c in student)
    leaked = sorted(line for line in _solution_lines(stem) if line in text)
    assert not leaked, f"exercises/{stem}.ipynb shows solution lines: {leaked[:3]}"
    tagged = [c for c in student if {"solution", "solution-only"}
              & set(c.get("metadata", {}).get("tags", []))]
    assert not tagged, "the student version has cells tagged solution"


@pytest.mark.parametrize("stem", STEMS)
def test_no_answer_in_clear_text_in_the_student_version(stem):
    """Computed numeric answers appear neither in the student notebook nor in the
    exercise's definition file (which students also have)."""
    text = (ROOT / "exercises" / f"{stem}.ipynb").read_text()
    text += (ROOT / "data" / "exercises" / f"{stem}.yaml").read_text()
    book = exercises.catalogue()[stem]
    for chk in book.checks:
        if chk.kind != "number":
            continue
        value = float(exercises.COMPUTE[chk.compute](**chk.args))
        forms = {f"{value:.1f}", f"{value:.2f}", f"{value:,.0f}", f"{round(value)}"}
        # Short numbers (7, 12) occur everywhere; only distinctive ones can leak.
        forms = {f for f in forms if len(f.replace(",", "").replace(".", "")) >= 3}
        found = sorted(f for f in forms if re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", text))
        assert not found, f"{stem}: the answer to {chk.id} appears as {found}"


def test_categorical_answers_are_stored_only_as_hashes():
    for book in exercises.catalogue().values():
        for chk in book.checks:
            for digest in chk.hashes or []:
                assert re.fullmatch(r"[0-9a-f]{24}", digest), (chk.id, digest)


@cache
def _run(path_text):
    """Execute a notebook; return its check feedback lines and any error."""
    path = ROOT / path_text
    nb = nbformat.read(path, as_version=4)
    notebook_run.execute(nb, path.parent, timeout=120)
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("text") or out.get("data", {}).get("text/plain", "")
            found += [m.groupdict() for m in FEEDBACK.finditer(
                text if isinstance(text, str) else "".join(text))]
    return found


def _checks_in(stem):
    return {c.id for c in exercises.catalogue()[stem].checks}


@pytest.mark.parametrize("stem", STEMS)
def test_the_solution_version_executes_and_every_check_reports_correct(stem):
    results = _run(f"exercises/solutions/{stem}.ipynb")
    assert {r["id"] for r in results} == _checks_in(stem), "every check is used once"
    for r in results:
        if r["status"] == "received":  # free text: all rubric points touched
            assert re.search(r"touches (\d+) of its \1 points", r["message"]), r
        else:
            assert r["status"] == "correct", r


@pytest.mark.parametrize("stem", STEMS)
def test_the_student_version_executes_and_every_check_says_not_answered_yet(stem):
    results = _run(f"exercises/{stem}.ipynb")
    assert {r["id"] for r in results} == _checks_in(stem)
    assert {r["status"] for r in results} == {"not answered yet"}, results


def test_make_exercises_is_the_generator():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^exercises:.*\n\t.*build-exercises", makefile, re.MULTILINE)
    readme = (ROOT / "README.md").read_text()
    assert "make exercises" in readme


def test_generated_notebooks_carry_no_outputs_and_a_banner():
    for path in sorted((ROOT / "exercises").rglob("*.ipynb")):
        nb = json.loads(path.read_text())
        if path.parent.name != "source":
            assert "generated from `exercises/source/" in "".join(nb["cells"][0]["source"])
