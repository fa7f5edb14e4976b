"""A real browser: a student checks a claim in JupyterLab from the keyboard, and sees the
module's verdict only after recording their own (issue 11, point 5).

Same set-up as tests/test_browser.py (Debian's chromium driven by Playwright; skipped
with a reason locally when either is missing, failed in CI). Set
``PARISBAKU_SCREENSHOTS`` to a folder to keep the screenshot.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from labserver import free_port, lab_command, serving
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, browser_ready  # noqa: F401

from parisbaku.quiz.resultsfile import read_results_file

STUDENT = "selfcheck_student"


def test_a_student_records_a_check_from_the_keyboard_then_sees_the_verdict(
        browser_ready, tmp_path):  # noqa: F811
    import nbformat.v4 as v4
    from playwright.sync_api import expect, sync_playwright

    root, results = tmp_path / "lab", tmp_path / "results"
    root.mkdir()
    nb = v4.new_notebook(cells=[v4.new_code_cell(
        'from parisbaku import claims\nclaims.self_check(["P3-03", "P12-02"])')])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    (root / "check.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    env = {**os.environ, "PARISBAKU_RESULTS": str(results), "PARISBAKU_STUDENT": STUDENT}
    env.pop("JUPYTERHUB_USER", None)
    port, token = free_port(), "parisbaku-selfcheck-test"
    shots = Path(os.environ.get("PARISBAKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with serving(lab_command(root, port, token), port=port, token=token,
                 log=root / "lab.log", env=env) as base, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 1100})
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)  # a kernel starts slowly on a loaded machine
            page.goto(f"{base}/lab/tree/check.ipynb?token={token}")
            expect(page.locator(".jp-StatusBar-Widget", has_text="Python 3 (ipykernel) | Idle")
                   .first).to_be_visible()
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            form = page.locator(".widget-vbox", has_text="Check a claim yourself").last
            expect(form.get_by_text("Record my check")).to_be_visible()

            def pick(label: str, value: str) -> None:
                """Choose, in the native select labelled ``label``, the option starting
                with ``value`` (ipywidgets keys options by their text)."""
                select = form.locator(".widget-dropdown", has_text=label).locator("select")
                texts = select.evaluate("s => [...s.options].map(o => o.textContent)")
                found = [t for t in texts if t.replace("\xa0", " ").startswith(value)]
                assert found, (label, texts)
                select.select_option(label=found[0])

            pick("What you check:", "P3-03")
            expect(form).to_contain_text("At the same time")
            expect(form).not_to_contain_text("Module's verdict")
            evidence = form.locator(".widget-text", has_text="Evidence you found:") \
                .locator("input")
            evidence.focus()
            page.keyboard.type("france-recalls-ambassador-2024-04-16")
            for label, value in [("Kind of source:", "an official record"),
                                 ("How reliable:", "high"), ("Your verdict:", "misleading"),
                                 ("How confident:", "fairly sure")]:
                pick(label, value)
            form.locator("textarea").focus()
            page.keyboard.type("The recall happened, but months after the flags, not with them.")
            button = form.locator("button", has_text="Record my check")
            button.focus()
            page.keyboard.press("Enter")
            expect(form.locator("[role=status]", has_text="Recorded.")).to_be_visible()
            expect(form).to_contain_text("not marked wrong")
            expect(form).to_contain_text("Module's verdict: inaccurate")
            form.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "selfcheck_in_jupyterlab.png"), full_page=True)
        finally:
            context.close()
    saved = read_results_file(results / f"{STUDENT}.json")["quizzes"]["01_self_check"]
    event = saved["events"][-1]
    assert (event["question"], event["verdict"], event["to_read"]) == (
        "P3-03", "misleading", True)
    assert event["evidence"] == "france-recalls-ambassador-2024-04-16"
