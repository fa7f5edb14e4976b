"""Every lesson, run in JupyterLab, shows output in which axe-core finds no WCAG 2.1 AA fault.

One JupyterLab server and one headless Chromium go through the lesson notebooks in turn:
open, Run All, wait until every code cell has run, then run axe-core (WCAG 2.0/2.1 A and
AA rules) over the module's own output, the output areas: quizzes, the map and timeline
widgets, event and verdict cards, tables and figures. JupyterLab's own interface (menus,
toolbars, prompts, the editor) is JupyterLab's and is not measured. Every figure must also
reach the page with a non-empty alt text (axe accepts ``alt=""`` as decorative).

The kernels are started through the server's REST API before the browser opens a lesson,
so a lesson's kernel starts while the one before is measured. Set
``PARISBAKU_SCREENSHOTS`` to a folder to keep a screenshot of each lesson.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from pathlib import Path

import chromium
import pytest
from conftest import ROOT
from labserver import free_port, lab_command, serving

# PARISBAKU_A11Y_LESSONS="01 02" checks only those lessons (while writing one).
LESSONS = [
    path for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not os.environ.get("PARISBAKU_A11Y_LESSONS")
    or path.name[:2] in os.environ["PARISBAKU_A11Y_LESSONS"].split()
]
OUTPUTS = ".jp-OutputArea-output"
TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1280, "height": 1000}
# Done when the kernel is idle and every code cell shows its execution count.
RUN_FINISHED_JS = """() => {
  const status = [...document.querySelectorAll('.jp-StatusBar-Widget')].map(e => e.textContent);
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
  return status.some(t => t.includes('| Idle')) && prompts.length > 0
    && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
RUN_STARTED_JS = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
  .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
STATE_JS = """() => ({
  prompts: [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent),
  status: [...document.querySelectorAll('.jp-StatusBar-Widget')].map(e => e.textContent),
  errors: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type*="stderr"]')]
    .map(e => e.textContent.slice(0, 500))})"""
SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
FULL_HEIGHT_JS = f"""() => {{ const s = document.querySelector('{SCROLLER}');
  return Math.ceil(window.innerHeight + s.scrollHeight - s.clientHeight + 50); }}"""
FITS_JS = f"""() => {{ const s = document.querySelector('{SCROLLER}');
  return s.scrollHeight <= s.clientHeight + 1; }}"""
ALT_TEXTS_JS = """(sel) => [...document.querySelectorAll(sel + ' img')]
  .map(img => img.getAttribute('alt'))"""


def _api(lab: dict, path: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(
        f"{lab['base']}/api/{path}?token={lab['token']}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as reply:
        text = reply.read()
    return json.loads(text) if text else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    chromium.require(axe=True)
    root = tmp_path_factory.mktemp("a11y-lab")
    results = tmp_path_factory.mktemp("results")
    for lesson in LESSONS:  # Lab saves outputs: never let it touch the lessons
        shutil.copy(lesson, root / lesson.name)
    # Render every cell (not only those in view), so axe sees the whole notebook, and
    # add no blank space after the last cell, so the window can be made as tall as it.
    tracker = root / ".settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none", "scrollPastEnd": False}))
    env = {**os.environ, "PARISBAKU_RESULTS": str(results), "PARISBAKU_STUDENT": "a11y"}
    env.pop("JUPYTERHUB_USER", None)
    port, token = free_port(), "parisbaku-a11y-test"
    command = lab_command(root, port, token)
    with serving(command, port=port, token=token, log=root / "lab.log", env=env) as base:
        yield {"base": base, "token": token, "root": root}


def _start_kernel(lab: dict, lesson: Path) -> str:
    """A session (and kernel) for the lesson, which the notebook joins when it opens."""
    session = _api(lab, "sessions", "POST", {
        "path": lesson.name, "name": lesson.name, "type": "notebook",
        "kernel": {"name": "python3"}})  # fmt: skip
    return session["kernel"]["id"]


def _run_all(page, url: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page.goto(url)
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for()
    # The toolbar says idle before the kernel is connected; the status bar does not.
    expect(page.locator(".jp-StatusBar-Widget", has_text="Python 3 (ipykernel) | Idle")
           .first).to_be_visible(timeout=TIMEOUT_MS)  # fmt: skip
    # A kernel that joins as the page loads can report idle before it takes requests;
    # Run All then does nothing, so it is pressed again until a cell starts.
    for _ in range(5):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(RUN_STARTED_JS, polling=100, timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    try:
        page.wait_for_function(RUN_FINISHED_JS, polling=250)
    except PlaywrightTimeout:
        pytest.fail(f"{url.split('?')[0]} did not finish running: {page.evaluate(STATE_JS)}")
    page.wait_for_timeout(300)  # widget views render after their comm messages


def test_every_lesson_output_in_jupyterlab_has_no_wcag_violation(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    assert LESSONS, "no lesson notebooks found"
    shots = os.environ.get("PARISBAKU_SCREENSHOTS")
    report, failures, no_alt = [], [], {}
    kernels = {LESSONS[0]: _start_kernel(lab, LESSONS[0])}
    with sync_playwright() as p:
        context = chromium.launch(p, tmp_path / "profile",
                                  viewport=VIEWPORT)  # fmt: skip
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            for i, lesson in enumerate(LESSONS):
                started = time.monotonic()
                # A workspace per lesson, so Lab does not reopen the lessons before it.
                _run_all(page, f"{lab['base']}/lab/workspaces/{lesson.stem}/tree/{lesson.name}"
                               f"?token={lab['token']}")  # fmt: skip
                if i + 1 < len(LESSONS):
                    kernels[LESSONS[i + 1]] = _start_kernel(lab, LESSONS[i + 1])
                outputs = page.locator(OUTPUTS).count()
                # axe-core skips what it takes for clipped: JupyterLab's <body> is 0 px high
                # (its one child is absolutely placed), and cells scrolled out of the
                # notebook's view. So the body gets its height and the window the notebook's.
                page.add_style_tag(content="html, body { height: 100%; }")
                page.set_viewport_size({"width": 1280, "height": page.evaluate(FULL_HEIGHT_JS)})
                page.wait_for_function(FITS_JS)
                result = chromium.axe_run(page, OUTPUTS)
                violations = result["violations"]
                checked = {r["id"] for r in result["passes"] + violations}
                assert "color-contrast" in checked, f"{lesson.stem}: axe checked {checked}"
                unsure = [(r["id"], n["target"], " ".join(n["any"][0]["message"].split()[:12]))
                          for r in result["incomplete"] for n in r["nodes"][:1] if n["any"]]
                alts = page.evaluate(ALT_TEXTS_JS, OUTPUTS)
                if any(not (alt or "").strip() for alt in alts):
                    no_alt[lesson.stem] = alts
                if shots:  # the first widget, or else the first output
                    widgets = page.locator(f"{OUTPUTS} .jupyter-widgets")
                    shown = widgets if widgets.count() else page.locator(OUTPUTS)
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    shown.first.screenshot(path=str(Path(shots) / f"lab_{lesson.stem}.png"))
                _api(lab, f"kernels/{kernels[lesson]}", "DELETE")  # frees the CPU
                page.set_viewport_size(VIEWPORT)
                nodes = chromium.node_count(violations)
                report.append((lesson.stem, outputs, len(alts), nodes))
                print(f"{lesson.stem}: {outputs} outputs, {len(alts)} images, {nodes} axe "
                      f"violations, undecided {unsure} ({time.monotonic() - started:.1f} s)")
                if violations:
                    failures.append(f"{lesson.stem}:\n{chromium.describe(violations)}")
        finally:
            context.close()
    assert all(outputs for _, outputs, _, _ in report), f"a lesson showed no output: {report}"
    assert sum(images for _, _, images, _ in report) > 0, "no figure reached the page"
    assert not failures, "axe-core found WCAG 2.1 AA violations in the module's output:\n" + (
        "\n".join(failures))
    assert not no_alt, f"figures without alt text: {no_alt}"
