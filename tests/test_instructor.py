"""Instructor material: run sheets that add up to 90 minutes, and an answer for every task.

A task is found in a lesson notebook by its bold label (parisbaku.teaching.TASK_LABELS);
its answer is a '### Answer: <key>' heading in a Markdown file under instructor/.
"""

from __future__ import annotations

import re
import shutil

from conftest import ROOT

from parisbaku import claims, lessons, teaching
from parisbaku.quiz import bank_ids, load_bank

SHEETS = teaching.run_sheets()


def test_every_run_sheet_adds_up_to_ninety_minutes_with_its_sections():
    assert len(SHEETS) >= 6
    problems = [f"{s.path.name}: {p}" for s in SHEETS for p in s.problems()]
    assert not problems, "\n".join(problems)


def test_every_lesson_is_in_a_run_sheet_and_every_quiz_has_its_block():
    covered = {lesson for s in SHEETS for lesson in s.lessons}
    ready = [lesson.id for lesson in lessons.catalogue() if lesson.ready]
    missing = [i for i in ready if i not in covered]
    assert not missing, f"lessons in no run sheet: {missing}"
    banks = set(bank_ids())
    for sheet in SHEETS:
        for lesson in lessons.catalogue():
            if lesson.id in sheet.lessons and lesson.path.stem in banks:
                quiz = [b for b in sheet.blocks if b.block.startswith(f"Quiz {lesson.id}")]
                assert quiz, f"{sheet.path.name} has no 'Quiz {lesson.id}' block"
                questions = len(load_bank(lesson.path.stem).questions)
                assert quiz[0].minutes >= questions, (
                    f"{sheet.path.name}: 'Quiz {lesson.id}' has {quiz[0].minutes} minutes for "
                    f"{questions} questions; give it at least a minute a question")
                stated = re.search(r"(\d+) questions", quiz[0].does)
                assert stated is None or int(stated[1]) == questions, (
                    f"{sheet.path.name}: 'Quiz {lesson.id}' says {stated[1]} questions; "
                    f"the bank has {questions}")


def _missing_answers(folder=None) -> list[str]:
    found = teaching.answers(folder)
    return [f"lesson {t.lesson} ({t.file}): task '{t.key}' has no answer in instructor/ "
            f"(add '### Answer: {t.key}' to the run sheet of its session)"
            for t in teaching.tasks() if len(found.get(t.key, ("", ""))[1].split()) < 12]


def test_every_task_in_the_lessons_has_an_answer_in_the_instructor_material():
    tasks = teaching.tasks()
    assert len(tasks) >= 30
    missing = _missing_answers()
    assert not missing, "\n".join(missing)


def test_no_answer_is_left_for_a_task_that_no_lesson_sets():
    from parisbaku import exercises

    keys = {t.key for t in teaching.tasks()}
    keys |= {c.id for book in exercises.catalogue().values() for c in book.checks}
    stale = sorted(k for k in teaching.answers() if k not in keys)
    assert not stale, f"answers for tasks no lesson sets (renamed or removed?): {stale}"


def test_deleting_one_answer_fails_naming_the_lesson_and_the_task(tmp_path):
    folder = tmp_path / "instructor"
    shutil.copytree(ROOT / "instructor", folder)
    sheet = folder / "run_sheets" / "session-2.md"
    text = sheet.read_text(encoding="utf-8")
    start = text.index("### Answer: 03 Exercise (1)")
    end = text.index("### Answer: 03 Exercise (2)")
    sheet.write_text(text[:start] + text[end:], encoding="utf-8")
    assert _missing_answers(folder) == [
        "lesson 03 (03_lachin_corridor.ipynb): task '03 Exercise (1)' has no answer in "
        "instructor/ (add '### Answer: 03 Exercise (1)' to the run sheet of its session)"]


def test_a_sheet_whose_minutes_do_not_add_up_is_named(tmp_path):
    text = (ROOT / "instructor" / "run_sheets" / "session-3.md").read_text(encoding="utf-8")
    bad = tmp_path / "session-x.md"
    bad.write_text(text.replace("| 45 | 8 | Quiz 04 |", "| 45 | 10 | Quiz 04 |"), encoding="utf-8")
    problems = teaching.read_run_sheet(bad).problems()
    assert "its blocks add up to 92 minutes, not 90" in problems
    assert "block 'Exercise 0: the primer' starts at 53, expected 55" in problems


def test_the_task_convention_finds_labels_and_numbered_parts(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("**Try it.** Do this."),
        nbformat.v4.new_markdown_cell("Prose with **bold** words.\n\n**Exercise (10 min).** In "
                                      "pairs:\n1. one\n2. two"),
        nbformat.v4.new_markdown_cell("**Try it.** Again, (1) inline is one part only."),
    ])
    path = tmp_path / "09_x.ipynb"
    nbformat.write(nb, path)
    keys = [t.key for t in teaching.tasks_in(path, "09")]
    assert keys == ["09 Try it", "09 Exercise (1)", "09 Exercise (2)", "09 Try it #2"]


def test_grading_setup_and_the_transfer_key_are_there_for_an_instructor():
    folder = ROOT / "instructor"
    grading = (folder / "grading.md").read_text(encoding="utf-8")
    for needed in ("## Weights", "## Debate rubric", "## Sample essay A", "## Sample essay B",
                   "## Opting out of a role card"):
        assert needed in grading, needed
    weights = [int(w) for w in __import__("re").findall(r"^\| [^|]+ \| (\d+) \|", grading,
                                                         __import__("re").MULTILINE)]
    assert sum(weights) == 100, weights
    setup = (folder / "setup.md").read_text(encoding="utf-8")
    for failure in ("No Python", "Old Python", "proxy", "kernel died", "moved aside"):
        assert failure in setup, failure
    from parisbaku import exercises

    found = teaching.answers()
    for check in exercises.catalogue()["ex7_another_camp"].checks:
        assert found.get(check.id, ("", ""))[0] == "transfer_key.md", check.id


def test_a_verdict_the_instructor_material_gives_a_claim_is_the_claim_checks():
    """'P1-03, **inaccurate**' in a run sheet or the guide must be data/claims.yaml's verdict."""
    verdict = {c.id: c.verdict for c in claims.claims()}
    pattern = re.compile(r"\b(P\d+-\d+)\b[,:]?(?: an?)? \*\*(\w+)\*\*")
    wrong = [f"{path.name}: {m[1]} is '{verdict[m[1]]}', the text says '{m[2]}'"
             for path in sorted((ROOT / "instructor").rglob("*.md"))
             for m in pattern.finditer(path.read_text(encoding="utf-8"))
             if m[2] in {"accurate", "inaccurate", "misleading", "opinion", "unverifiable"}
             and verdict.get(m[1]) != m[2]]
    assert not wrong, "\n".join(wrong)
