"""A real browser: JupyterLab, headless Chromium, a lesson's quiz answered by clicking.

Debian's ``chromium`` driven by Playwright (``executable_path=/usr/bin/chromium``;
no browser download). ``.ci/run`` installs chromium; locally the test skips with
a reason when chromium or Playwright is missing, but with ``CI=true`` it fails.
Set ``PARISBAKU_SCREENSHOTS`` to a folder to keep the screenshot of the quiz.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from labserver import free_port, lab_command, serving

from parisbaku import quiz

CHROMIUM = os.environ.get("PARISBAKU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# For every radio group: options that overlap the next one, and how many wrapped.
RADIO_LAYOUT_JS = """() => {
  const overlaps = []; let wrapped = 0;
  for (const group of document.querySelectorAll('.widget-radio-box')) {
    const labels = [...group.querySelectorAll('label')]
      .map(l => [l.textContent, l.getBoundingClientRect()]).filter(([, r]) => r.height > 0);
    for (const [, r] of labels) {
      const line = parseFloat(getComputedStyle(group).fontSize) * 1.35;
      if (r.height > 1.8 * line) wrapped += 1;
    }
    for (let i = 0; i + 1 < labels.length; i++) {
      if (labels[i][1].bottom > labels[i + 1][1].top + 1) overlaps.push(labels[i][0]);
    }
  }
  return {overlaps, wrapped};
}"""
STUDENT = "browser_student"
TIMEOUT_MS = 60_000


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser_ready() -> None:
    reason = _missing()
    if reason and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the browser test must run in CI: {reason}")
    if reason:
        pytest.skip(reason)


def lesson_with_quiz() -> tuple[Path, str] | None:
    """The first lesson notebook whose Quiz cell shows its bank, if any is written yet."""
    for path in sorted((ROOT / "notebooks").glob("0[1-7]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        call = f'quiz.show("{path.stem}")'
        if path.stem in quiz.bank_ids() and any(
            call in "".join(c["source"]) for c in cells if c["cell_type"] == "code"
        ):
            return path, path.stem
    return None


def _sample_notebook(folder: Path) -> tuple[Path, str]:
    """A notebook showing the test bank, for when no lesson has a quiz yet."""
    import nbformat.v4 as v4

    (folder / "data").mkdir()
    shutil.copytree(ROOT / "data", folder / "data", dirs_exist_ok=True)
    (folder / "data" / "quizzes" / "sample.yaml").write_bytes(
        (ROOT / "tests" / "fixtures" / "quiz_sample.yaml").read_bytes())
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# A quiz"),
        v4.new_code_cell('from parisbaku import quiz\nquiz.show("sample")'),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    path = folder / "sample_quiz.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path, "sample"


@pytest.fixture(scope="module")
def lab(browser_ready, tmp_path_factory) -> Iterator[dict]:
    """JupyterLab on 127.0.0.1 with a token, serving a copy of a lesson that has a quiz."""
    root = tmp_path_factory.mktemp("lab")
    results = tmp_path_factory.mktemp("results")
    env = {**os.environ, "PARISBAKU_RESULTS": str(results), "PARISBAKU_STUDENT": STUDENT}
    env.pop("JUPYTERHUB_USER", None)
    found = lesson_with_quiz()
    if found:
        source, bank_id = found
        notebook = root / source.name
        shutil.copy(source, notebook)  # Lab saves outputs: never let it touch the lesson
    else:
        notebook, bank_id = _sample_notebook(root)
        env["PARISBAKU_DATA"] = str(root / "data")
    port, token = free_port(), "parisbaku-browser-test"
    command = lab_command(root, port, token)
    with serving(command, port=port, token=token, log=root / "lab.log", env=env) as base:
        yield {"url": f"{base}/lab/tree/{notebook.name}?token={token}", "results": results,
               "bank": quiz.load_bank(bank_id) if found else None, "bank_id": bank_id,
               "root": root}


def _first_single_choice(bank: quiz.Bank) -> quiz.Question:
    return next(q for q in bank.questions if q.type == "single")


def test_a_student_answers_wrongly_then_rightly_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    bank = lab["bank"]
    if bank is None:
        import yaml

        from parisbaku.quiz import validate_bank

        bank = validate_bank(yaml.safe_load(
            (ROOT / "tests" / "fixtures" / "quiz_sample.yaml").read_text(encoding="utf-8")))
    question = _first_single_choice(bank)
    wrong = next(o for o in question.options or [] if o.id != question.correct_ids[0])
    right = question.option(question.correct_ids[0])
    shots = Path(os.environ.get("PARISBAKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 1000},
        )
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(lab["url"])
            page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for()
            # The toolbar says idle before the kernel is connected; the status bar does not.
            expect(page.locator(".jp-StatusBar-Widget", has_text="Python 3 (ipykernel) | Idle")
                   .first).to_be_visible()
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            box = page.locator(".widget-vbox", has=page.get_by_text(question.prompt.strip()[:60])
                               ).last
            box.scroll_into_view_if_needed()
            check = box.locator("button.jupyter-button", has_text="Check")
            feedback = box.locator("[role=status]").first

            box.locator(".widget-radio-box label", has_text=wrong.text).click()
            check.click()
            expect(box).to_contain_text("✘ Not correct.")
            expect(box).to_contain_text("1 more attempt")
            page.screenshot(path=str(shots / "quiz_wrong_answer.png"))
            # the second answer with the keyboard only: Space picks a radio, Enter presses Check
            box.locator(".widget-radio-box label", has_text=right.text).locator("input").focus()
            page.keyboard.press("Space")
            check.focus()
            page.keyboard.press("Enter")
            expect(feedback).to_contain_text("✔ Correct.")
            expect(box).to_contain_text("Why")
            expect(check).to_be_disabled()
            box.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "quiz_in_jupyterlab.png"))
            # On a narrow screen long options wrap; none may overlap the next one.
            page.set_viewport_size({"width": 760, "height": 1000})
            page.wait_for_timeout(300)
            layout = page.evaluate(RADIO_LAYOUT_JS)
            assert layout["wrapped"] > 0, "no option wrapped: the overlap check proves nothing"
            assert layout["overlaps"] == [], layout["overlaps"]
        finally:
            context.close()

    saved = json.loads((lab["results"] / f"{STUDENT}.json").read_text(encoding="utf-8"))
    events = [e for e in saved["quizzes"][bank.key]["events"] if e["question"] == question.id]
    assert [(e["answer"], e["correct"], e["attempt"]) for e in events] == [
        (wrong.id, False, 1), (right.id, True, 2)]
