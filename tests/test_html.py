"""`make html`: static lesson pages that work offline, keep every quiz readable and meet
WCAG 2.1 AA (axe-core in headless Chromium over every page)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace

import chromium
import nbformat
import pytest

from parisbaku import html_build, lessons, quiz


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Every page of `make html`, built once for all the tests here."""
    out = tmp_path_factory.mktemp("html")
    html_build.build(out)
    return out


def test_a_lesson_page_an_index_and_the_answer_keys_are_written(site):
    ready = [f"{lesson.path.stem}.html" for lesson in lessons.catalogue() if lesson.ready]
    assert sorted(p.name for p in site.iterdir()) == sorted(
        [*ready, "answer-keys.html", "glossary.html", "index.html"]
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "01_reading_the_article.html" in index and "make lab" in index
    assert "glossary.html" in index
    assert "Minsk Group" in (site / "glossary.html").read_text(encoding="utf-8")


def test_the_index_puts_a_lessons_words_in_as_text_never_as_markup():
    """The index comes from an autoescaped template (parisbaku.pages): a title or summary
    holding markup shows as those characters, and the answer-key link follows ``keys``."""
    hostile = SimpleNamespace(path=Path("notebooks/09_x.ipynb"), id="09",
                              title="<script>alert(1)</script>", about="Baku & 'Paris' <b>")
    page = html_build._index([hostile], keys=False)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Baku &amp; &#39;Paris&#39; &lt;b&gt;" in page
    assert "href='09_x.html'" in page and "answer-keys.html" not in page
    assert "answer-keys.html" in html_build._index([hostile], keys=True)


def test_pages_name_no_cdn_and_no_widget_script(site):
    for page in site.iterdir():
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://cdn", text), page.name
        assert "application/vnd.jupyter.widget-view+json" not in text, page.name
        assert not re.search(r'<script[^>]*src="https?://', text), page.name


def test_the_quiz_appears_as_printable_questions_without_the_key(site):
    page = (site / "01_reading_the_article.html").read_text(encoding="utf-8")
    bank = quiz.load_bank("01_reading_the_article")
    assert bank.title in page
    first_option = bank.questions[0].options[0].text
    assert first_option in page
    assert "Answer key" not in page
    keys = (site / "answer-keys.html").read_text(encoding="utf-8")
    assert f"Answer key: {bank.title}" in keys


def test_staticize_keeps_markdown_fallbacks_and_notes_other_widgets():
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "quiz.show('x')",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data",
                        data={
                            html_build.WIDGET_VIEW: view,
                            "text/markdown": "## Q",
                            "text/plain": "## Q",
                        },
                    )
                ],
            ),
            nbformat.v4.new_code_cell(
                "maps.karabakh_widget()",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data",
                        data={html_build.WIDGET_VIEW: view, "text/plain": "VBox(...)"},
                    )
                ],
            ),
            nbformat.v4.new_code_cell(
                "1 + 1",
                outputs=[
                    nbformat.v4.new_output(
                        "execute_result", data={"text/plain": "2"}, execution_count=1
                    )
                ],
            ),
        ]
    )
    nb.metadata["widgets"] = {"state": {}}
    assert html_build.staticize(nb) == 2
    assert nb.cells[0].outputs[0].data == {"text/markdown": "## Q"}
    assert "Interactive in JupyterLab" in nb.cells[1].outputs[0].data["text/html"]
    assert nb.cells[2].outputs[0].data == {"text/plain": "2"}
    assert "widgets" not in nb.metadata


def test_every_page_meets_wcag_2_1_aa_in_axe_core(site, tmp_path):
    """axe-core 4.14 (npm, tests/a11y) in headless Chromium: 0 violations of the WCAG 2.0
    and 2.1 A and AA rules on every page. Set PARISBAKU_SCREENSHOTS to keep screenshots."""
    from playwright.sync_api import sync_playwright

    chromium.require(axe=True)
    shots = os.environ.get("PARISBAKU_SCREENSHOTS")
    pages = sorted(site.glob("*.html"))
    found, report = {}, []
    with sync_playwright() as p:
        context = chromium.launch(p, tmp_path / "profile", viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            for html_file in pages:
                page.goto(html_file.as_uri())
                result = chromium.axe_run(page)
                checked = {r["id"] for r in result["passes"] + result["violations"]}
                assert "color-contrast" in checked, f"{html_file.name}: axe checked {checked}"
                report.append(f"{html_file.name}: {chromium.node_count(result['violations'])}")
                if result["violations"]:
                    found[html_file.name] = chromium.describe(result["violations"])
                if shots:
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(shots) / f"html_{html_file.stem}.png"))
        finally:
            context.close()
    print("axe-core violations per page: " + ", ".join(report))
    assert len(pages) >= 4
    assert not found, "axe-core found WCAG 2.1 AA violations:\n" + "\n".join(
        f"{name}:\n{text}" for name, text in found.items())
