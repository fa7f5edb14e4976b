"""The primary source: paragraphs, sentences, excerpts, search, highlighting."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import HOSTILE, HOSTILE_URL, assert_inert

from parisbaku import DataError, InputError, article, data, origin

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"


def test_fifteen_paragraphs_numbered_from_one():
    assert article.count() == 15
    assert list(article.paragraphs()) == list(range(1, 16))
    assert article.paragraph(2).startswith("Last July, the Baku Initiative Group")
    assert article.paragraph(15).startswith("The integration of Azerbaijan with Central Asia")


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside this checkout")
def test_text_is_the_seed_verbatim():
    seed = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    assert list(article.paragraphs().values()) == seed


@pytest.mark.parametrize("bad", [0, 16, -1, 100])
def test_wrong_paragraph_number_states_the_valid_range(bad):
    with pytest.raises(InputError, match=r"paragraphs 1 to 15") as info:
        article.paragraph(bad)
    assert str(bad) in str(info.value)


@pytest.mark.parametrize("bad", ["3", 2.0, None, True])
def test_non_integer_paragraph_is_refused_with_an_example(bad):
    with pytest.raises(InputError, match=r"whole number from 1 to 15.*article\.paragraph\(3\)"):
        article.paragraph(bad)


def test_input_error_is_also_a_value_error():
    with pytest.raises(ValueError):
        article.paragraph(99)


def test_sentences_do_not_split_on_abbreviations():
    fifth = article.sentences(5)
    assert len(fifth) == 2
    assert "U.S. Ambassador’s visit to Shusha" in fifth[1]
    assert article.sentences(11)[0] == "Many in France mocked Mr. Darmanin’s comments."
    # Sentences rejoin into the paragraph: nothing is lost or invented.
    for n in range(1, 16):
        assert " ".join(article.sentences(n)).split() == article.paragraph(n).split()


def test_whole_paragraph_excerpt_is_attributed_with_its_number():
    ex = article.excerpt(6)
    html = ex._repr_html_()
    assert "¶6" in html
    assert "paragraph 6" in html
    assert "not the module" in html
    assert "Lachin road" in html
    assert str(ex).startswith("“The importance of the Karabakh town")
    assert "paragraph 6" in ex._repr_markdown_()


def test_chosen_sentences_mark_the_gap():
    ex = article.excerpt(4, [1, 5])
    assert ex.text == (
        "In May, riots erupted on the island that caused many people to die. […] "
        "It attributes the violence to French colonialism and backing the Kanaky people."
    )
    contiguous = article.excerpt(4, [1, 2])
    assert "[…]" not in contiguous.text
    assert contiguous.text.startswith("In May, riots erupted")
    assert contiguous.text.endswith("announced a state of emergency.")


def test_wrong_sentence_number_states_the_range_for_that_paragraph():
    with pytest.raises(InputError, match=r"Paragraph 7 has sentences 1 to 1"):
        article.excerpt(7, [2])
    with pytest.raises(InputError, match=r"sentences 1 to 4"):
        article.excerpt(6, [])


def test_highlight_marks_terms_and_escapes_html():
    marked = article.highlight("a <b> Lachin and lachin", ["Lachin"])
    assert marked == "a &lt;b&gt; <mark>Lachin</mark> and <mark>lachin</mark>"
    assert article.highlight("Lachin road", "Lachin road", html_output=False) == "**Lachin road**"
    overlapping = article.highlight("liberated territories", ["liberated", "liberated territories"])
    assert overlapping == "<mark>liberated territories</mark>"


def test_excerpt_highlights_in_rich_display():
    ex = article.excerpt(5, highlight=["recently liberated territories"])
    assert "<mark>recently liberated territories</mark>" in ex._repr_html_()
    assert "**recently liberated territories**" in ex._repr_markdown_()


def test_find_ignores_case_and_accents():
    assert article.find("Lachin") == [6]
    assert article.find("new caledonia") == [1, 3, 4]
    assert article.find("KANAKY") == [4]
    assert article.find("Nouméa") == []
    assert 12 in article.find("Ankara")


@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_find_needs_a_term(bad):
    with pytest.raises(InputError, match="find\\(\\) needs a word"):
        article.find(bad)


def test_metadata_dates_the_text_with_sourced_evidence():
    meta = article.metadata()
    assert meta.paragraphs == article.count()
    assert meta.written.estimate.startswith("2024")
    assert len(meta.written.evidence) >= 3
    for item in meta.written.evidence:
        assert item.sources, item.point
        for key in item.sources:
            assert meta.sources[key].url.startswith("http")
    wrong = {m.as_written: m.correct for m in meta.known_misspellings}
    assert wrong["Bouillon"] == "Boillon"


def test_a_source_excerpt_citing_an_unknown_claim_names_the_pair_and_the_file(scratch_data):
    path = scratch_data / "article" / "source_excerpts.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["pairs"][1]["claims"] = ["no-such-claim"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data.clear_cache()
    with pytest.raises(DataError) as caught:
        origin.check()
    text = str(caught.value)
    assert "data/article/source_excerpts.yaml" in text
    assert "pair 2: claims ['no-such-claim'] are not in data/claims.yaml" in text


def _edit(path: Path, change) -> dict:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return raw


def test_an_excerpt_shows_markup_in_the_text_or_citation_as_text_and_still_highlights(
        scratch_data):
    folder = scratch_data / "article"
    _edit(folder / "paragraphs.yaml",
          lambda raw: raw["paragraphs"][0].update(text=f"Baku said {HOSTILE}"))
    _edit(folder / "metadata.yaml", lambda raw: raw.update(citation=HOSTILE))
    page = article.excerpt(1, highlight=["Baku", "<script>"])._repr_html_()  # a typed term
    assert_inert(page, 2)  # the paragraph and its attribution
    assert page.count("<mark>") == 2  # "Baku", and "<script>" marked as text
    assert_inert(origin.whole()._repr_html_(), 1 + article.count())


def test_the_article_beside_its_source_shows_markup_in_a_value_as_text(scratch_data):
    folder = scratch_data / "article"
    _edit(folder / "paragraphs.yaml", lambda raw: raw["paragraphs"][0].update(text=HOSTILE))
    raw = _edit(folder / "source_excerpts.yaml", lambda raw: (
        raw.update(source={"url": HOSTILE_URL, "outlet": HOSTILE}, not_read=HOSTILE),
        raw["pairs"][0].update(source_text=HOSTILE, changed=HOSTILE, claims=[])))
    beside_1 = sum(p["paragraph"] == 1 for p in raw["pairs"])
    # the source's name (a link), its excerpt, what changed, what was not read, and ¶1
    assert_inert(origin.beside()._repr_html_(), 4 + beside_1, links=1)
