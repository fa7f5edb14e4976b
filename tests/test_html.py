"""`make html`: static lesson pages that work offline and keep every quiz readable."""

from __future__ import annotations

import re

import nbformat
import pytest

from parisbaku import html_build, quiz


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    html_build.build(out, only=["01"])
    return out


def test_a_lesson_page_an_index_and_the_answer_keys_are_written(site):
    assert sorted(p.name for p in site.iterdir()) == [
        "01_reading_the_article.html",
        "answer-keys.html",
        "glossary.html",
        "index.html",
    ]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "01_reading_the_article.html" in index and "make lab" in index
    assert "glossary.html" in index
    assert "Minsk Group" in (site / "glossary.html").read_text(encoding="utf-8")


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
