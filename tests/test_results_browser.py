"""A hostile class's results, shown to the instructor in a real browser: all of it inert.

The instructor notebook is executed on a folder of crafted files (payloads in the
student value, quiz ids, question ids, version, file names and answers), exported
to HTML as it rendered, and opened in headless Chromium with every network request
recorded: no payload may become a link, an image, a script or a request.
Set ``PARISBAKU_SCREENSHOTS`` to a folder to keep the screenshot.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import ROOT
from test_browser import CHROMIUM, CHROMIUM_ARGS, browser_ready  # noqa: F401 (a fixture)

from parisbaku import html_build
from parisbaku.quiz.store import FORMAT, ResultsStore

PAYLOADS = ["[click me](http://evil.example/md)", "![x](http://evil.example/md.png)",
            "<img src=http://evil.example/img.png>", "<script>alert('xss')</script>",
            "<a href=http://evil.example/a>link</a>", "=HYPERLINK(\"http://evil.example/\")"]
FIND_LIVE = """() => [...document.querySelectorAll('a, img, script, iframe, object, embed')]
  .map(e => e.outerHTML).filter(h => h.includes('evil.example') || h.includes('xss'))"""


def _class(folder: Path) -> None:
    first = "01_reading_the_article"
    store = ResultsStore("ana", folder)
    for n, payload in enumerate(PAYLOADS, start=1):
        store.record_answer(first, "T", "no-such-question", payload, True, 1, n)
        event = {"event": "answer", "question": payload, "answer": payload, "correct": True,
                 "credit": 1.0, "attempt": 1, "time": "2026-11-29T08:00:00Z"}
        for name, student, quiz, version in [(f"s{n}", payload, first, 2),
                                             (f"q{n}", f"q{n}", payload, 2),
                                             (f"v{n}", f"v{n}", first, payload)]:
            content = {"format": FORMAT, "version": version, "student": student,
                       "quizzes": {quiz: {"title": payload, "events": [event]}}}
            (folder / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    (folder / "[x](http:evil.example).json").write_text("{", encoding="utf-8")


def test_the_class_results_notebook_shows_crafted_payloads_as_plain_text(
    browser_ready, tmp_path, monkeypatch  # noqa: F811
):
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "class"
    _class(folder)
    monkeypatch.setenv("PARISBAKU_RESULTS", str(folder))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the notebook exports the CSV there
    nb = html_build._execute(ROOT / "instructor" / "class_results.ipynb", timeout=600,
                             env=dict(os.environ))
    page_file = tmp_path / "class_results.html"
    page_file.write_text(html_build._export(nb, "Class results"), encoding="utf-8")
    shots = Path(os.environ.get("PARISBAKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.route("http*://**/*", lambda route: route.abort())  # offline, and recorded
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            live = page.evaluate(FIND_LIVE)
            text = page.inner_text("body")
            page.screenshot(path=str(shots / "class_results_hostile.png"), full_page=True)
        finally:
            browser.close()
    assert live == [], live
    assert dialogs == [] and not [url for url in requests if "evil.example" in url], requests
    assert "<img src=http://evil.example/img.png>" in text  # shown as text, to be read
    assert "[click me](http://evil.example/md)" in text
    assert "could not be used" in text and "not counted" in text
    assert (tmp_path / "home" / "class_answers.csv").exists()  # exported, outside the folder
