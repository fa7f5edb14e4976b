"""Static HTML of the lessons, for a course website or a printed handout.

``make html`` (``parisbaku build-html``) executes every lesson in a fresh kernel
and writes ``build/html/<lesson>.html`` plus an ``index.html``. A static page
has no kernel, so interactive widgets cannot run there: each widget output is
replaced by its static fallback where it has one (every quiz shows its
questions as a printable student copy, without the answer key) or by a short
note saying the cell is interactive. Instructors print the answer keys with
``quiz.printable(lesson)`` or from ``build/html/answer-keys.html``.

Nothing is fetched while building; the pages name no CDN for widgets.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from . import glossary, notebook_run, pages, quiz
from .lessons import Lesson, catalogue

# nbconvert's lab template plus the module's accessibility CSS (templates/parisbaku/).
TEMPLATES = Path(__file__).parent / "templates"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: What a static page shows instead of a widget that has no static fallback.
INTERACTIVE_NOTE = pages.macro("interactive_note", template="html_build.html.j2")

__all__ = ["build", "staticize"]

_EMPTY_SCRIPT = re.compile(r'<script[^>]*\ssrc=""[^>]*>\s*</script>')


def staticize(nb) -> int:
    """Replace widget outputs with their static fallbacks; return how many were replaced.

    An output offering Markdown (quizzes do) keeps that; otherwise a short note
    says the control is interactive. Saved widget state is dropped, so the page
    asks for no widget JavaScript.
    """
    replaced = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            del data[WIDGET_VIEW]
            if "text/markdown" not in data:
                data.clear()
                data["text/html"] = INTERACTIVE_NOTE
            else:
                data.pop("text/plain", None)
            replaced += 1
    nb.metadata.pop("widgets", None)
    return replaced


def _execute(path: Path, timeout: int, env: dict[str, str]):
    """Run one lesson in a fresh kernel started in its folder, with ``env`` as the kernel's
    environment (``notebook_run``: no wait for the kernel can hang)."""
    nb = nbformat.read(path, as_version=4)
    # the kernel's own log lines (a TCP warning per start) are not the page's business;
    # an error in a cell still stops the build with the cell and its traceback
    return notebook_run.execute(nb, path.parent, timeout=timeout, env=env,
                                stderr=subprocess.DEVNULL)


def _export(nb, title: str) -> str:
    """HTML that names no CDN (offline always): MathJax, require.js, mermaid and the
    widget renderer are left out; with widgets made static the lessons need none.
    The ``parisbaku`` template is nbconvert's lab template with WCAG 2.1 AA contrast
    and visible focus (``templates/parisbaku/static/a11y.css``)."""
    no_cdn = {name: "" for name in HTMLExporter.class_trait_names() if name.endswith("_url")}
    exporter = HTMLExporter(
        template_name="parisbaku", extra_template_basedirs=[str(TEMPLATES)], **no_cdn
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return _EMPTY_SCRIPT.sub("", body)


def _index(lessons: Iterable[Lesson], keys: bool) -> str:
    return pages.render("lesson_index.html.j2", lessons=list(lessons), keys=keys)


def _answer_keys(bank_ids: list[str]) -> str:
    """Every quiz with its key, as one page (Markdown rendered by the same exporter)."""
    cells = [nbformat.v4.new_markdown_cell("# Quiz answer keys (for instructors)")]
    cells += [nbformat.v4.new_markdown_cell(str(quiz.printable(bank))) for bank in bank_ids]
    return _export(nbformat.v4.new_notebook(cells=cells), "Quiz answer keys")


def _glossary_page(out: Path) -> Path:
    page = out / "glossary.html"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(glossary.markdown())])
    page.write_text(_export(nb, "Glossary"), encoding="utf-8")
    return page


def build(
    out: Path, *, only: Iterable[str] = (), keys: bool = True, timeout: int = 300
) -> list[Path]:
    """Execute the ready lessons (or those whose id or file stem is in ``only``) and write
    their HTML, an index and (with ``keys``) the quiz answer keys into ``out``."""
    wanted = set(only)
    lessons = [
        lesson
        for lesson in catalogue()
        if lesson.ready and (not wanted or lesson.id in wanted or lesson.path.stem in wanted)
    ]
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    # Quiz answers given while executing go to a scratch folder, never to results/, and
    # under no student's name: the lessons' environment, not this process's, says so.
    with tempfile.TemporaryDirectory(prefix="parisbaku-html-results-") as scratch:
        env = {name: value for name, value in os.environ.items()
               if name != "PARISBAKU_STUDENT"}
        env["PARISBAKU_RESULTS"] = scratch
        for lesson in lessons:
            nb = _execute(lesson.path, timeout, env)
            staticize(nb)
            target = out / f"{lesson.path.stem}.html"
            target.write_text(_export(nb, lesson.title), encoding="utf-8")
            written.append(target)
    index = out / "index.html"
    index.write_text(_index(lessons, keys), encoding="utf-8")
    written.append(index)
    written.append(_glossary_page(out))
    if keys:
        banks = [lesson.path.stem for lesson in lessons if lesson.path.stem in quiz.bank_ids()]
        page = out / "answer-keys.html"
        page.write_text(_answer_keys(banks), encoding="utf-8")
        written.append(page)
    return written
