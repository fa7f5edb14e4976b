"""The lesson plan and the shape every lesson notebook must have.

``data/lessons.yaml`` lists the lessons in teaching order. Each lesson notebook
states its own times in a "Time" section; :func:`check_shape` reads a notebook
and lists what is missing from the house shape (see docs in the README).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import pages
from .data import Record, load_model, project_root

__all__ = [
    "Lesson",
    "LessonTimes",
    "catalogue",
    "check_shape",
    "overview",
    "read_objectives",
    "read_times",
]

#: Sections every lesson (except 00) has, in this order, as level-2 headings.
REQUIRED_SECTIONS = (
    "Overview",
    "Learning objectives",
    "Time",
    "Prerequisites",
    "Quiz",
    "Key points",
    "Sources",
    "What's next",
)
OBJECTIVES_RANGE = (3, 5)
_TIME = re.compile(
    r"teaching:?\s*(?P<teach>\d+)\s*min.*?exercises?:?\s*(?P<ex>\d+)\s*min",
    re.IGNORECASE | re.DOTALL,
)


class LessonEntry(Record):
    id: str
    file: str
    title: str
    about: str


class LessonPlan(Record):
    lessons: list[LessonEntry]


@dataclass(frozen=True)
class LessonTimes:
    teaching: int
    exercises: int

    @property
    def total(self) -> int:
        return self.teaching + self.exercises


@dataclass(frozen=True)
class Lesson:
    id: str
    file: str
    title: str
    about: str
    path: Path

    @property
    def ready(self) -> bool:
        return self.path.exists()

    @property
    def times(self) -> LessonTimes | None:
        return read_times(self.path) if self.ready else None


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def catalogue() -> list[Lesson]:
    """The lessons in teaching order; ``ready`` says whether the notebook exists yet."""
    plan = load_model("lessons.yaml", LessonPlan)
    folder = notebooks_dir()
    return [Lesson(**entry.model_dump(), path=folder / entry.file) for entry in plan.lessons]


def _cells(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell. Plain JSON: nbformat costs a second to import."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (
            cell["cell_type"],
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"],
        )
        for cell in nb["cells"]
    ]


def _sections(cells: list[tuple[str, str]]) -> dict[str, str]:
    """Level-2 sections of a notebook: heading -> the Markdown under it."""
    sections: dict[str, str] = {}
    current: str | None = None
    for kind, source in cells:
        if kind != "markdown":
            continue
        for line in source.splitlines():
            if line.startswith("## "):
                current = line[3:].strip()
                sections.setdefault(current, "")
            elif current is not None:
                sections[current] += line + "\n"
    return sections


def read_times(path: Path) -> LessonTimes | None:
    """Teaching and exercise minutes from the notebook's "Time" section."""
    match = _TIME.search(_sections(_cells(path)).get("Time", ""))
    if not match:
        return None
    return LessonTimes(int(match["teach"]), int(match["ex"]))


_BULLET = re.compile(r"\s*(?:[-*]|\d+\.)\s+(\S.*)")


def read_objectives(path: Path) -> list[str]:
    """The notebook's learning objectives in order; quiz banks number them from 1."""
    text = _sections(_cells(path)).get("Learning objectives", "")
    return [m[1].strip() for line in text.splitlines() if (m := _BULLET.match(line))]


def check_shape(path: Path) -> list[str]:
    """What the notebook lacks of the lesson shape; an empty list means none."""
    cells = _cells(path)
    problems: list[str] = []
    if not cells or cells[0][0] != "markdown" or not cells[0][1].startswith("# "):
        problems.append("no title: the first cell must be Markdown starting with '# '")
    if path.name.startswith("00_"):
        return problems
    sections = _sections(cells)
    for name in REQUIRED_SECTIONS:
        if name not in sections:
            problems.append(f"no '## {name}' section")
    found = [name for name in sections if name in REQUIRED_SECTIONS]
    expected = [name for name in REQUIRED_SECTIONS if name in sections]
    if found != expected:
        problems.append(f"sections out of order: {found}; expected {expected}")
    if "Learning objectives" in sections:
        bullets = [
            line
            for line in sections["Learning objectives"].splitlines()
            if re.match(r"\s*([-*]|\d+\.)\s+\S", line)
        ]
        low, high = OBJECTIVES_RANGE
        if not low <= len(bullets) <= high:
            problems.append(
                f"'Learning objectives' has {len(bullets)} items; it needs {low} to {high}"
            )
    if "Time" in sections and not _TIME.search(sections["Time"]):
        problems.append("'Time' must state both, e.g. 'Teaching: 30 min' and 'Exercises: 20 min'")
    for name in ("Key points", "Sources"):
        if name in sections and not sections[name].strip():
            problems.append(f"'{name}' is empty")
    return problems


class Overview:
    """The lesson map as a table (HTML in Jupyter, text elsewhere)."""

    def __init__(self, lessons: list[Lesson]):
        self.lessons = lessons

    def _rows(self) -> list[tuple[str, str, str, str]]:
        rows = []
        for lesson in self.lessons:
            times = lesson.times
            when = f"{times.teaching} + {times.exercises} min" if times else "—"
            status = "ready" if lesson.ready else "planned"
            rows.append((lesson.id, lesson.title, when, status))
        return rows

    def __str__(self) -> str:
        return "\n".join(f"{i}  {t:<34} {w:<16} {s}" for i, t, w, s in self._rows())

    def _repr_html_(self) -> str:
        rows = [(*row, lesson.about)
                for row, lesson in zip(self._rows(), self.lessons, strict=True)]
        return pages.macro("overview", ("Lesson", "Title", "Teaching + exercises", "Status",
                                        "About"), rows, template="lessons.html.j2")


def overview() -> Overview:
    """The lesson map: every lesson, its times (when written) and its status."""
    return Overview(catalogue())
