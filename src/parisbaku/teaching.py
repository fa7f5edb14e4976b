"""The instructor's side of the lessons: the tasks a lesson sets, and the run sheets.

**Tasks.** A task in a lesson notebook is a Markdown paragraph that opens with one of
the bold labels in :data:`TASK_LABELS`, e.g. ``**Try it.**``, ``**Exercise (15 min).**``,
``**Discuss (5 min).**``, ``**Read the map.**``. Numbered parts under the label (a list
``1.``, ``2.`` or inline ``(1)``, ``(2)``) are tasks of their own. Each task has a key:
the lesson id, the label, and the part: ``02 Exercise (1)``, ``05 Try it``, ``01 Exercise 1``.
A label used twice in one lesson gets ``#2`` on its second use.

**Answers.** Each task's expected answer is a heading ``### Answer: <key>`` followed by
text, in any Markdown file under ``instructor/`` (the run sheets hold them).

**Run sheets.** ``instructor/run_sheets/*.md``: a ``Lessons:`` line, then a table whose
rows are ``| start | minutes | block | what the instructor does and says |``; the
minutes of a session add up to :data:`SESSION_MINUTES`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .data import project_root
from .lessons import catalogue

__all__ = ["SESSION_MINUTES", "TASK_LABELS", "Block", "RunSheet", "Task", "answers",
           "run_sheets", "tasks"]

SESSION_MINUTES = 90
TASK_LABELS = ("Exercise", "Try it", "Discuss", "Read the map", "Read the table",
               "Look closely", "Step through it", "Where do they meet", "Task")
_LABEL = re.compile(
    r"^\*\*(?P<label>(?:" + "|".join(re.escape(x) for x in TASK_LABELS) + r")(?: \d+)?)"
    r"(?=[\s.?:(*])", re.MULTILINE)
_PARTS = re.compile(r"^\s*(\d+)\.\s|\((\d)\)\s", re.MULTILINE)
_ANSWER = re.compile(r"^#{2,5} Answer: (?P<key>.+?)\s*$", re.MULTILINE)
_ROW = re.compile(r"^\|\s*(?P<start>\d+)\s*\|\s*(?P<minutes>\d+)\s*\|\s*(?P<block>[^|]+?)\s*\|"
                  r"\s*(?P<does>.+?)\s*\|\s*$", re.MULTILINE)


def instructor_dir() -> Path:
    return project_root() / "instructor"


@dataclass(frozen=True)
class Task:
    lesson: str
    file: str
    key: str
    text: str


def _markdown(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "markdown"]


def tasks_in(path: Path, lesson_id: str) -> list[Task]:
    """The tasks one lesson notebook sets, in order."""
    found: list[Task] = []
    seen: dict[str, int] = {}
    for cell in _markdown(path):
        marks = list(_LABEL.finditer(cell))
        for i, mark in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(cell)
            text = cell[mark.start():end].split("\n\n#", 1)[0].strip()
            label = mark["label"]
            seen[label] = seen.get(label, 0) + 1
            base = f"{lesson_id} {label}" + (f" #{seen[label]}" if seen[label] > 1 else "")
            parts = sorted({int(m[1] or m[2]) for m in _PARTS.finditer(text)})
            if len(parts) > 1:
                found += [Task(lesson_id, path.name, f"{base} ({n})", text) for n in parts]
            else:
                found.append(Task(lesson_id, path.name, base, text))
    return found


def tasks() -> list[Task]:
    """Every task of every lesson on the lesson plan whose notebook exists."""
    return [t for lesson in catalogue() if lesson.ready for t in tasks_in(lesson.path, lesson.id)]


def answers(folder: Path | None = None) -> dict[str, tuple[str, str]]:
    """Answer key -> (file, answer text), from every Markdown file under ``instructor/``."""
    folder = folder or instructor_dir()
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        heads = list(_ANSWER.finditer(text))
        for i, head in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            body = re.split(r"^#{1,5} ", text[head.end():end], maxsplit=1, flags=re.MULTILINE)[0]
            found[head["key"]] = (path.relative_to(folder).as_posix(), body.strip())
    return found


@dataclass(frozen=True)
class Block:
    start: int
    minutes: int
    block: str
    does: str


@dataclass(frozen=True)
class RunSheet:
    path: Path
    title: str
    lessons: tuple[str, ...]
    blocks: tuple[Block, ...]
    sections: dict

    @property
    def minutes(self) -> int:
        return sum(b.minutes for b in self.blocks)

    def problems(self) -> list[str]:
        """What is wrong with the sheet's timing and shape; empty if nothing."""
        found = []
        if self.minutes != SESSION_MINUTES:
            found.append(f"its blocks add up to {self.minutes} minutes, not {SESSION_MINUTES}")
        clock = 0
        for b in self.blocks:
            if b.start != clock:
                found.append(f"block '{b.block}' starts at {b.start}, expected {clock}")
            clock = b.start + b.minutes
        for name in ("Misconceptions to watch for", "If you run late"):
            if not self.sections.get(name, "").strip():
                found.append(f"no '## {name}' section")
        return found


def read_run_sheet(path: Path) -> RunSheet:
    text = path.read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("# ").strip() if text else path.stem
    lessons_line = re.search(r"^Lessons:\s*(.+)$", text, re.MULTILINE)
    lessons = tuple(re.findall(r"\b\d\d\b", lessons_line[1])) if lessons_line else ()
    blocks = tuple(Block(int(m["start"]), int(m["minutes"]), m["block"], m["does"])
                   for m in _ROW.finditer(text))
    sections = {}
    for part in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        head, _, body = part.partition("\n")
        sections[head.strip()] = body
    return RunSheet(path, title, lessons, blocks, sections)


def run_sheets(folder: Path | None = None) -> list[RunSheet]:
    folder = folder or instructor_dir() / "run_sheets"
    return [read_run_sheet(p) for p in sorted(folder.glob("*.md")) if p.name != "README.md"]
