"""The glossary: any form finds its term, every lesson reaches it, bad entries are named."""

from __future__ import annotations

import html
import json
import re

import pytest
import yaml
from conftest import HOSTILE, HOSTILE_URL, ROOT, assert_inert

from parisbaku import data, glossary, html_build, lessons
from parisbaku.data import DataError, InputError

NEEDED = ["NKAO", "NKR", "Minsk Group", "Nouméa Accord", "frozen electoral roll", "Kanak",
          "loyalists", "Viginum", "Lachin corridor", "Baku Initiative Group"]


def test_the_terms_the_lessons_use_are_there_in_english_and_french():
    for name in NEEDED:
        entry = glossary.term(name).entry
        assert entry.en and entry.fr and entry.definition, name
        assert glossary.sources(entry), f"{name}: no source"


def test_any_form_finds_the_term_ignoring_case_and_accents():
    assert glossary.term("nkao").entry.id == "nkao"
    assert glossary.term("Noumea accord").entry.id == "noumea-accord"
    assert glossary.term("Artsakh").entry.id == "nkr"
    assert glossary.term("Groupe de Minsk de l'OSCE").entry.id == "minsk-group"
    text = str(glossary.term("NKAO"))
    assert "Dağlıq Qarabağ" in text and "Լեռնային Ղարաբաղ" in text


def test_html_marks_each_language_for_screen_readers():
    page = glossary.term("Minsk Group")._repr_html_()
    assert "lang='az'" in page and "lang='hy'" in page and "lang='fr'" in page


def test_a_term_shows_markup_in_its_entry_as_text(scratch_data, tmp_path):
    """Every form, the definition, whose term it is and a source holding markup show it as
    characters in the notebook display and in the static site's glossary page."""
    path = scratch_data / "glossary.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(t for t in raw["terms"] if t.get("whose") and t.get("az") and t.get("hy"))
    forms = {code: f"{HOSTILE} l'{code}" for code in ("en", "fr", "az", "hy")}  # ' ends a label
    entry.update(forms, definition=HOSTILE, whose=HOSTILE, events=[],
                 sources=[{"url": HOSTILE_URL, "outlet": HOSTILE, "published": "2024-05-17"}])
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data.clear_cache()
    page = glossary.term(forms["fr"])._repr_html_()
    # the heading, the four forms, definition, whose term, the source's text
    assert_inert(page, 8, links=1)
    label = re.search(r"<section aria-label='([^']*)'>", page)
    assert html.unescape(label.group(1)) == f"Glossary: {forms['en']}"
    # the static site's page, from the glossary's Markdown: its one cell, after the page's
    # own scripts (the address has spaces, so Markdown makes no link of it)
    site = html_build._glossary_page(tmp_path).read_text(encoding="utf-8")
    cell = site.split("<div class=\"jp-Cell jp-MarkdownCell", 1)[1]
    assert_inert(cell, 7)  # the heading, three forms, definition, whose term, the source


def test_an_unknown_term_gets_a_hint_not_a_traceback():
    with pytest.raises(InputError, match=r"Close: .*Karabakh.*glossary\.show"):
        glossary.term("Karabak")


def test_check_data_names_the_term_and_the_fix(tmp_path, monkeypatch):
    for item in (ROOT / "data").iterdir():
        (tmp_path / item.name).symlink_to(item)
    (tmp_path / "glossary.yaml").unlink()
    raw = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text())
    raw["terms"][0]["events"] = ["no-such-event"]
    raw["terms"][1]["aliases"].append("NKAO")
    (tmp_path / "glossary.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True))
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    data.clear_cache()
    try:
        with pytest.raises(DataError) as err:
            glossary.check()
    finally:
        monkeypatch.undo()
        data.clear_cache()
    message = str(err.value)
    assert "data/glossary.yaml" in message
    assert "['no-such-event'] are not in data/timeline.yaml" in message
    assert "'nkao' is also term 'nkao'" in message or "is also term" in message


def test_every_lesson_points_to_the_glossary():
    missing = []
    for lesson in lessons.catalogue():
        if not lesson.ready:
            continue
        cells = json.loads(lesson.path.read_text(encoding="utf-8"))["cells"]
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        if "glossary.term(" not in text:
            missing.append(lesson.file)
    assert not missing, f"these lessons do not show how to reach the glossary: {missing}"


def test_the_static_page_lists_every_term():
    page = glossary.markdown()
    for entry in glossary.entries():  # as the reader sees it (' and " are escaped in it)
        assert f"## {entry.en}" in html.unescape(page)
    assert '<span lang="hy">' in page and '<span lang="az">' in page
