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

import chromium
import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS
from conftest import ROOT
from labserver import free_port, lab_command, serving

from parisbaku import quiz

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
SAMPLE = ROOT / "tests" / "fixtures" / "quiz_sample.yaml"
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser_ready() -> None:
    chromium.require()  # skips locally without Chromium or Playwright; fails in CI


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
        SAMPLE.read_bytes())
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
    every_type = _every_type_notebook(root)
    port, token = free_port(), "parisbaku-browser-test"
    command = lab_command(root, port, token)
    with serving(command, port=port, token=token, log=root / "lab.log", env=env) as base:
        yield {"url": f"{base}/lab/tree/{notebook.name}?token={token}", "results": results,
               "bank": quiz.load_bank(bank_id) if found else None, "bank_id": bank_id,
               "root": root, "every_type_url":
               # its own workspace: the lesson opened by another test stays closed
               f"{base}/lab/workspaces/every-type/tree/{every_type.name}?token={token}&reset"}


def _every_type_notebook(folder: Path) -> Path:
    """A notebook showing the test bank (one question of each type), built in code."""
    import nbformat.v4 as v4

    (folder / "quiz_sample.yaml").write_bytes(SAMPLE.read_bytes())
    nb = v4.new_notebook(cells=[v4.new_code_cell(
        "import yaml\nfrom parisbaku import quiz\n"
        'quiz.show(quiz.validate_bank(yaml.safe_load(open("quiz_sample.yaml", encoding="utf-8"))))'
    )])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    path = folder / "every_type_quiz.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _first_single_choice(bank: quiz.Bank) -> quiz.Question:
    return next(q for q in bank.questions if isinstance(q, quiz.SingleChoice))


def _browser(p, profile: Path):
    return p.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 1000},
    )


def _run_all(context, url: str):
    """Open a notebook in JupyterLab and run every cell once the kernel is connected."""
    from playwright.sync_api import expect

    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for()
    # The toolbar says idle before the kernel is connected; the status bar does not.
    expect(page.locator(".jp-StatusBar-Widget", has_text="Python 3 (ipykernel) | Idle")
           .first).to_be_visible(timeout=2 * TIMEOUT_MS)  # a second kernel, on a busy machine
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    return page


def test_a_student_answers_wrongly_then_rightly_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    bank = lab["bank"]
    if bank is None:
        import yaml

        from parisbaku.quiz import validate_bank

        bank = validate_bank(yaml.safe_load(SAMPLE.read_text(encoding="utf-8")))
    question = _first_single_choice(bank)
    wrong = next(o for o in question.options if o.id != question.answer)
    right = question.option(question.answer)
    shots = Path(os.environ.get("PARISBAKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        context = _browser(p, tmp_path / "profile")
        try:
            page = _run_all(context, lab["url"])

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


# In the focused element: its outline (focus must be visible) and what it is.
FOCUSED_JS = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return {tag: e.tagName, type: e.type || '', text: (e.textContent || '').trim(),
          label: e.labels && e.labels.length ? e.labels[0].textContent.trim() : '',
          outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth)}; }"""


def test_every_question_type_is_answered_from_the_keyboard_and_named_for_a_screen_reader(
        lab, tmp_path):
    """One question of each type, with Tab, arrows, Space, Enter and typing only; every group
    is named by its question, every control by its own text, the verdict is announced."""
    import yaml
    from playwright.sync_api import expect, sync_playwright

    bank = quiz.validate_bank(yaml.safe_load(SAMPLE.read_text(encoding="utf-8")))
    q = {question.id: question for question in bank.questions}
    single, multiple, ordering, matching = (q[i] for i in (
        "icj-vote", "big-members", "order-2022-2023", "two-names"))
    shots = Path(os.environ.get("PARISBAKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        context = _browser(p, tmp_path / "profile")
        try:
            page = _run_all(context, lab["every_type_url"])
            keys = page.keyboard

            def question(item: quiz.Question):
                box = page.locator(".parisbaku-question", has_text=item.prompt[:50])
                # the answer group is named after the question, as a screen reader says it
                role = "radiogroup" if isinstance(item, quiz.SingleChoice) else "group"
                group = page.get_by_role(role, name=item.prompt[:50])
                expect(group).to_have_count(1, timeout=TIMEOUT_MS)  # the kernel may be slow
                expect(box.get_by_role("button", name="Check", exact=True)).to_have_count(1)
                return box, group

            def focused() -> dict:
                return page.evaluate(FOCUSED_JS)

            def check_by_keyboard(box, verdict: str) -> None:
                # a person's pause: ipywidgets sends a burst of changes to one control as
                # two messages, and a Check pressed within the kernel's round trip (a few
                # ms, as only a script can) would overtake the second
                page.wait_for_timeout(300)
                keys.press("Tab")
                now = focused()
                assert (now["tag"], now["text"]) == ("BUTTON", "Check"), now
                assert now["outline"] >= 2, f"focus is not visible on Check: {now}"
                keys.press("Enter")
                expect(box.get_by_role("status").first).to_contain_text(verdict,
                                                                         timeout=TIMEOUT_MS)

            # single choice: arrows move the choice inside the radio group, as in any form
            box, group = question(single)
            shown = [o.id for o in single.shown_options(STUDENT)]
            for option in single.options:
                expect(group.get_by_role("radio", name=option.text, exact=True)).to_have_count(1)
            group.get_by_role("radio").first.focus()  # arriving by Tab, as a student would
            keys.press("Space")
            for _ in range(shown.index(single.answer)):
                keys.press("ArrowDown")
            assert focused()["label"] == single.option(single.answer).text
            expect(group.get_by_role("radio", name=single.option(single.answer).text,
                                     exact=True)).to_be_checked()
            check_by_keyboard(box, "✔ Correct.")

            # multiple choice: Tab from box to box, Space ticks; two of three right ones
            box, group = question(multiple)
            ticks = [o for o in multiple.shown_options(STUDENT)]
            for option in ticks:
                expect(group.get_by_role("checkbox", name=option.text, exact=True)
                       ).to_have_count(1)
            group.get_by_role("checkbox").first.focus()
            for n, option in enumerate(ticks):
                assert focused()["label"] == option.text
                if option.id in ("a", "b"):
                    keys.press("Space")
                if n + 1 < len(ticks):
                    keys.press("Tab")
            check_by_keyboard(box, "◑ Partly correct.")
            box.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "quiz_keyboard_focus.png"))  # focus on Check

            # a number: wrong, then right
            box, group = question(q["ecoprotest-year"])
            group.get_by_role("textbox", name="Your answer:").focus()
            keys.type("2021")
            check_by_keyboard(box, "✘ Not correct.")
            keys.press("Shift+Tab")
            assert (focused()["tag"], focused()["label"]) == ("INPUT", "Your answer:")
            for _ in "2021":
                keys.press("Backspace")
            keys.type("2022")
            check_by_keyboard(box, "✔ Correct.")

            # ordering and matching: one menu per place or row, each named by its label
            for item, rows, choices, answer in (
                (ordering, [quiz.model.position(k, 3) for k in (1, 2, 3)],
                 [i.id for i in ordering.shown_items(STUDENT)], ordering.answer),
                (matching, [i.text for i in matching.shown_left(STUDENT)],
                 [i.id for i in matching.shown_right(STUDENT)],
                 [matching.answer[i.id] for i in matching.shown_left(STUDENT)]),
            ):
                box, group = question(item)
                menus = group.get_by_role("combobox")
                expect(menus).to_have_count(len(rows))
                for row in rows:
                    expect(group.get_by_role("combobox", name=row)).to_have_count(1)
                menus.first.focus()
                for n, wanted in enumerate(answer):
                    for _ in range(choices.index(wanted) + 1):  # past "— choose —"
                        keys.press("ArrowDown")
                    if n + 1 < len(answer):
                        keys.press("Tab")
                check_by_keyboard(box, "✔ Correct.")

            # a short text
            box, group = question(q["capital-name"])
            group.get_by_role("textbox", name="Your answer:").focus()
            keys.type("stepanakert")
            check_by_keyboard(box, "✔ Correct.")

            expect(page.get_by_role("button", name="Reset quiz", exact=True)).to_have_count(1)
            expect(page.get_by_role("status").filter(has_text="Score:")).to_contain_text(
                "Score: 5.7 of 6")
        finally:
            context.close()

    saved = json.loads((lab["results"] / f"{STUDENT}.json").read_text(encoding="utf-8"))
    answers = {e["question"]: e["answer"] for e in saved["quizzes"][bank.key]["events"]}
    assert answers["icj-vote"] == "b" and sorted(answers["big-members"]) == ["a", "b"]
    assert answers["order-2022-2023"] == ordering.answer  # ids, whatever the order shown
    assert answers["two-names"] == matching.answer
