"""Build the student and solution versions of each exercise from ONE source notebook.

``exercises/source/<name>.ipynb`` is the only place an exercise is written.
Cell tags decide what each version gets:

- ``solution`` on a code cell: the solution version keeps it; the student
  version gets a stub that sets each answer variable the later cells use to
  ``...`` under a "# your answer here" comment.
- ``solution`` on a Markdown cell: replaced by a prompt to write one's own answer.
- ``solution-only`` (rubrics, instructor notes): dropped from the student version.

Both versions are written without outputs and with a banner naming the source,
so ``make exercises`` (``parisbaku build-exercises``) regenerates them exactly
and a test can prove they are up to date.
"""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import nbformat

from .data import InputError, project_root

__all__ = ["SOLUTION_TAG", "build", "build_one", "stale", "stub_for"]

SOLUTION_TAG = "solution"
SOLUTION_ONLY_TAG = "solution-only"
STUB_COMMENT = "# your answer here"
ANSWER_PROMPT = (
    "**Your answer** (double-click this cell and write here; "
    "your instructor compares it with a rubric):\n\n…"
)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _assigned(source: str) -> list[str]:
    """Names a cell assigns at top level, in order of first assignment."""
    names: list[str] = []
    for node in ast.parse(source).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            elts = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
            names += [e.id for e in elts if isinstance(e, ast.Name) and e.id not in names]
    return names


def _used(sources: list[str]) -> set[str]:
    used: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return used


def stub_for(solution_source: str, later_sources: list[str]) -> str:
    """The student's stub for a solution cell: its answer variables set to ``...``."""
    try:
        assigned = _assigned(solution_source)
    except SyntaxError as exc:
        raise InputError(
            f"a solution cell is not valid Python ({exc}); fix it in the source notebook"
        ) from None
    used = _used(later_sources)
    answers = [name for name in assigned if name in used]
    if not answers:
        return f"...  {STUB_COMMENT}"
    return "\n".join([STUB_COMMENT, *(f"{name} = ..." for name in answers)])


def _clean(cell):
    cell = copy.deepcopy(cell)
    tags = _tags(cell)
    cell["metadata"] = {"tags": tags} if tags else {}
    if cell["cell_type"] == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    cell.pop("attachments", None)
    return cell


def _banner(kind: str, source_rel: str):
    if kind == "student":
        text = (
            f"*Student version, generated from `{source_rel}` by `make exercises`. "
            "Replace each `...` with your answer and run the cell after it: the check says "
            "right, close or wrong, with a hint. Edit the source, not this file.*"
        )
    else:
        text = (
            f"*SOLUTION version for instructors, generated from `{source_rel}` by "
            "`make exercises`. Cells tagged `solution` hold the answers; rubrics for free "
            "text are tagged `solution-only`. Edit the source, not this file.*"
        )
    cell = nbformat.v4.new_markdown_cell(text)
    cell["id"] = f"generated-{kind}-banner"
    return cell


def build_one(source: Path) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """The (student, solution) notebooks made from one source notebook."""
    nb = nbformat.read(source, as_version=4)
    root = project_root()
    rel = source.relative_to(root).as_posix() if source.is_relative_to(root) else source.name
    student = copy.deepcopy(nb)
    solution = copy.deepcopy(nb)
    student["cells"], solution["cells"] = [_banner("student", rel)], [_banner("solution", rel)]
    cells = [_clean(c) for c in nb["cells"]]
    for i, cell in enumerate(cells):
        solution["cells"].append(cell)
        tags = _tags(cell)
        if SOLUTION_ONLY_TAG in tags:
            continue
        if SOLUTION_TAG not in tags:
            student["cells"].append(cell)
            continue
        stub = copy.deepcopy(cell)
        stub["metadata"] = {}
        if cell["cell_type"] == "code":
            later = [c["source"] for c in cells[i + 1 :]
                     if c["cell_type"] == "code" and SOLUTION_TAG not in _tags(c)]
            stub["source"] = stub_for(cell["source"], later)
        else:
            stub["source"] = ANSWER_PROMPT
        student["cells"].append(stub)
    for version in (student, solution):
        version["metadata"] = {k: v for k, v in nb["metadata"].items()
                               if k in ("kernelspec", "language_info")}
        version["metadata"].pop("language_info", None)
        nbformat.validate(version)
    return student, solution


def _text(nb) -> str:
    return nbformat.writes(nb) + "\n"


def _targets(source: Path, student_dir: Path, solution_dir: Path) -> tuple[Path, Path]:
    return student_dir / source.name, solution_dir / source.name


def sources(base: Path | None = None) -> list[Path]:
    base = base or project_root()
    return sorted((base / "exercises" / "source").glob("*.ipynb"))


def build(student_dir: Path | None = None, solution_dir: Path | None = None) -> list[Path]:
    """Write every student and solution notebook; returns the paths written."""
    base = project_root()
    student_dir = student_dir or base / "exercises"
    solution_dir = solution_dir or base / "exercises" / "solutions"
    student_dir.mkdir(parents=True, exist_ok=True)
    solution_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources(base):
        student, solution = build_one(source)
        for nb, path in zip((student, solution), _targets(source, student_dir, solution_dir),
                            strict=True):
            path.write_text(_text(nb), encoding="utf-8")
            written.append(path)
    return written


def stale() -> list[str]:
    """Generated notebooks that differ from what their sources make now (or are missing)."""
    base = project_root()
    problems = []
    expected: set[Path] = set()
    for source in sources(base):
        student, solution = build_one(source)
        for nb, path in zip((student, solution),
                            _targets(source, base / "exercises", base / "exercises" / "solutions"),
                            strict=True):
            expected.add(path)
            rel = path.relative_to(base).as_posix()
            if not path.exists():
                problems.append(f"{rel} is missing")
            elif path.read_text(encoding="utf-8") != _text(nb):
                problems.append(f"{rel} differs from its source")
    generated = set((base / "exercises").glob("*.ipynb"))
    generated |= set((base / "exercises" / "solutions").glob("*.ipynb"))
    problems += [f"{p.relative_to(base).as_posix()} has no source in exercises/source/"
                 for p in sorted(generated - expected)]
    return problems
