"""Every lesson has the house shape; the lesson plan, README and notebooks agree."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml
from conftest import HOSTILE, ROOT, assert_inert

from parisbaku import data, lessons

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_first_lesson():
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_has_the_house_shape(path):
    problems = lessons.check_shape(path)
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_is_in_the_lesson_plan(path):
    assert path.name in {lesson.file for lesson in lessons.catalogue()}, (
        f"{path.name} is not listed in data/lessons.yaml; add it there"
    )


def _write(tmp_path, cells):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in cells])
    path = tmp_path / "09_example.ipynb"
    nbformat.write(nb, path)
    return path


GOOD = [
    "# A lesson",
    "## Overview\nText.",
    "## Learning objectives\n- one\n- two\n- three",
    "## Time\nTeaching: 30 min. Exercises: 15 min.",
    "## Prerequisites\nNone.",
    "## Quiz\nBelow.",
    "## Key points\n- a",
    "## Sources\n- b",
    "## What's next\nc",
]


def test_shape_check_accepts_a_complete_lesson(tmp_path):
    path = _write(tmp_path, GOOD)
    assert lessons.check_shape(path) == []
    assert lessons.read_times(path) == lessons.LessonTimes(30, 15)


def test_shape_check_names_what_is_missing(tmp_path):
    cells = [c for c in GOOD if not c.startswith(("## Key points", "## Time"))]
    cells[0] = "A lesson without a title"
    cells[2] = "## Learning objectives\n- only one"
    problems = lessons.check_shape(_write(tmp_path, cells))
    text = "; ".join(problems)
    assert "no title" in text
    assert "no '## Key points' section" in text
    assert "no '## Time' section" in text
    assert "'Learning objectives' has 1 items; it needs 3 to 5" in text


def test_shape_check_wants_both_times_and_the_order(tmp_path):
    cells = list(GOOD)
    cells[3] = "## Time\nAbout an hour."
    cells[7], cells[8] = cells[8], cells[7]
    text = "; ".join(lessons.check_shape(_write(tmp_path, cells)))
    assert "'Time' must state both" in text
    assert "out of order" in text


def _readme_lesson_rows() -> dict[str, tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme.splitlines():
        match = re.match(r"\|\s*(\d\d)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|", line)
        if match:
            rows[match[1]] = (match[2], match[3])
    return rows


def test_readme_lists_every_lesson_with_its_title_and_times():
    rows = _readme_lesson_rows()
    for lesson in lessons.catalogue():
        assert lesson.id in rows, f"README has no row for lesson {lesson.id}"
        title, when = rows[lesson.id]
        assert lesson.file.removesuffix(".ipynb") in title or lesson.title in title
        times = lesson.times
        expected = f"{times.teaching} + {times.exercises} min" if times else "planned"
        assert when == expected, f"README row {lesson.id}: '{when}', expected '{expected}'"


def test_the_overview_shows_markup_in_a_lesson_title_or_summary_as_text(scratch_data):
    path = scratch_data / "lessons.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["lessons"][0].update(title=HOSTILE, about=HOSTILE)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data.clear_cache()
    assert_inert(lessons.overview()._repr_html_(), 2)


def test_overview_marks_written_and_planned_lessons():
    view = lessons.overview()
    html = view._repr_html_()
    for lesson in lessons.catalogue():
        assert lesson.title in html
        assert ("ready" if lesson.ready else "planned") in str(view).split(lesson.id, 1)[1]
