"""The claim check: every paragraph covered, every verdict sourced, the key errors caught."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import HOSTILE, HOSTILE_URL, ROOT, assert_inert

from parisbaku import DataError, InputError, article, claims, data, quiz, timeline

RAW = yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8"))["claims"]


def test_claims_wording_and_role_cards_pass_their_checks():
    assert len(claims.check()) == len(RAW)


def test_every_article_paragraph_is_covered_by_a_claim():
    covered = {c["paragraph"] for c in RAW}
    assert covered == set(range(1, article.count() + 1))
    assert claims.uncovered_paragraphs() == []


def test_a_broken_claims_file_lists_every_problem_with_its_claim_and_field(scratch_data):
    """claims.check (what `parisbaku check-data` runs) validates the whole file at once:
    verdicts, sources, explanations, quotes and timeline links, each named by claim id."""
    path = scratch_data / "claims.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = raw["claims"]
    found[0]["verdict"] = "dubious"
    found[1]["sources"] = []
    found[2]["sources"][0]["url"] = "ftp://example.org"
    found[3]["sources"][0]["outlet"] = ""
    found[4]["explanation"] = " "
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        claims.check()
    problems = caught.value.problems
    expected = [(found[0], "field 'verdict'"), (found[1], "field 'sources'"),
                (found[2], "field 'url'"), (found[3], "field 'outlet'"),
                (found[4], "field 'explanation'")]
    for claim_, field in expected:
        assert any(f"id={claim_['id']!r}" in p and field in p for p in problems), (
            claim_["id"], field, problems)
    assert len(problems) == len(expected), problems
    # the record-level checks run once the schema holds: every wrong quote and event is listed
    raw = yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8"))
    for c in raw["claims"][:3]:
        c["quote"] = "Words the article never wrote."
    raw["claims"][3]["events"] = ["no-such-event"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data.clear_cache()
    with pytest.raises(DataError) as caught:
        claims.check()
    text = str(caught.value)
    assert all(f"id={c['id']!r}: the quote is not in paragraph" in text
               for c in raw["claims"][:3]), text
    assert f"id={raw['claims'][3]['id']!r}: events ['no-such-event']" in text


@pytest.mark.parametrize(
    ("claim_id", "must_say"),
    [
        ("P1-03", ["non-binding", "government refused"]),
        ("P3-03", ["16 April 2024"]),
        ("P1-06", ["government ruled them out"]),
        ("P6-03", ["summoned the French ambassador"]),
        ("P10-01", ["Armenia-Azerbaijan", "19 April 2024"]),
        ("P11-03", ["MEP", "Naturel"]),
        ("P4-07", ["Viginum", "17 May 2024"]),
    ],
)
def test_the_clearest_errors_are_caught_with_the_right_correction(claim_id, must_say):
    c = claims.claim(claim_id)
    assert c.key_error and c.verdict in ("inaccurate", "misleading")
    text = f"{c.correction} {c.explanation}"
    for words in must_say:
        assert words in text, f"{claim_id}: {words!r} missing"


def test_a_verdict_agrees_with_its_own_explanation():
    """An explanation that says a claim leaves something out, or that no source settles it,
    keys the verdict the module defines for that (misleading; unverifiable)."""
    leaves_out = re.compile(r"\b(leaves out|left out|omits|omission)\b")
    unsettled = re.compile(r"cannot be checked|no source (?:was )?found (?:that )?"
                           r"confirms or refutes")
    checked = 0
    for c in claims.claims():
        text = c.explanation.lower()
        if leaves_out.search(text):
            assert c.verdict == "misleading", f"{c.id}: the explanation names an omission"
            checked += 1
        if unsettled.search(text):
            assert c.verdict == "unverifiable", f"{c.id}: the explanation says nothing settles it"
            checked += 1
    assert checked >= 2


def test_the_clearest_errors_are_unambiguous_and_the_lesson_counts_them():
    """'Every reader should catch' them: no garbled sentence that can be read as accurate,
    and lesson 01 names as many as data/claims.yaml flags."""
    import json

    key = claims.claims(key_only=True)
    assert all(c.verdict in ("inaccurate", "misleading") for c in key)
    p304 = claims.claim("P3-04")
    assert not p304.key_error and p304.verdict == "accurate" and "Boillon" in p304.correction
    words = {5: "five", 6: "six", 7: "seven", 8: "eight"}
    cells = json.loads((ROOT / "notebooks" / "01_reading_the_article.ipynb").read_text("utf-8"))
    prose = " ".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown")
    assert f"the {words[len(key)]} claims every reader should catch" in prose
    assert f"here are the {words[len(key)]} claims of Exercise 1" in prose


def test_key_errors_are_exactly_the_flagged_ones():
    flagged = {r["id"] for r in RAW if r.get("key_error")}
    assert {c.id for c in claims.claims(key_only=True)} == flagged
    assert len(flagged) >= 6


def test_filters_and_bad_input():
    assert {c.paragraph for c in claims.claims(paragraph=[3, 4])} == {3, 4}
    assert all(c.verdict == "opinion" for c in claims.claims(verdict="opinion"))
    with pytest.raises(InputError, match="use one of"):
        claims.claims(verdict="false")
    with pytest.raises(InputError, match="paragraphs 1 to 15"):
        claims.claims(paragraph=16)
    with pytest.raises(InputError, match="Did you mean"):
        claims.claim("P3-3")


def test_the_classification_exercise_is_a_quiz_bank_with_the_modules_verdicts():
    bank = claims.check_bank(paragraph=[1, 3])
    assert isinstance(bank, quiz.Bank) and bank.lesson == "01_reading_the_article"
    assert [q.id for q in bank.questions] == [c.id for c in claims.claims([1, 3])]
    for q in bank.questions:
        c = claims.claim(q.id)
        assert q.grade(c.verdict).correct
        wrong = next(v for v in claims.VERDICTS if v != c.verdict)
        assert not q.grade(wrong).correct
        assert c.verdict in q.explanation and q.sources == c.sources
        assert bank.max_attempts(q) == 1


def test_the_exercise_saves_and_restores_answers_like_every_quiz(tmp_path):
    view = claims.show_check(key_only=True, student="tester", results=tmp_path)
    first = view.questions[0]
    wrong = next(v for v in claims.VERDICTS if v != claims.claim(first.question.id).verdict)
    first.set_response(wrong)
    assert first.submit() is not None and first.finished  # one attempt, then the verdict
    saved = list(tmp_path.glob("*.json"))
    assert saved and "01_claim_check_key" in saved[0].read_text(encoding="utf-8")
    again = claims.show_check(key_only=True, student="tester", results=tmp_path)
    assert again.questions[0].finished and not again.questions[1].finished


def test_verdicts_display_quote_verdict_and_sources():
    html = claims.verdicts(10)._repr_html_()
    for c in claims.claims(10):
        assert c.verdict in html and c.sources[0].url in html
    assert "the article, ¶10" in html
    picked = claims.verdicts(ids=["P4-07", "P1-03"]).shown
    assert [c.id for c in picked] == ["P4-07", "P1-03"]
    with pytest.raises(InputError, match="P4-07"):
        claims.verdicts(ids=["P4-7"])


def test_wording_gives_whose_vocabulary_and_other_terms():
    table = claims.wording()
    terms = {w.term for w in table.rows}
    assert "recently liberated territories" in terms and "separatists" in terms
    for w in table.rows:
        assert w.sources and w.other_terms and w.whose
        assert article.find(w.term.split(" ... ")[0].split(" / ")[0].strip("“”")) or w.id in (
            "artsakh", "mocked", "colonialism")
    assert "Armenian" in str(claims.wording(5))


def test_role_cards_cover_the_seven_sides_with_sourced_positions():
    ids = {p.id for p in claims.perspectives()}
    assert ids == {
        "azerbaijani-government", "armenian-government", "karabakh-armenians",
        "french-government", "french-critics", "kanak-independence", "nc-loyalists",
    }
    for p in claims.perspectives():
        assert p.positions and all(pos.sources for pos in p.positions)
    card = claims.role_card("nc-loyalists")
    assert "Role card" in card._repr_html_()
    with pytest.raises(InputError, match="Did you mean 'kanak-independence'"):
        claims.role_card("kanak")


def test_the_claim_displays_show_markup_in_a_data_value_as_text(scratch_data):
    """A quote, an explanation, a source, a role card's words or a loaded term holding markup
    show it as characters, and a link keeps its whole address (templates, autoescaped)."""
    bad_source = {"url": HOSTILE_URL, "outlet": HOSTILE}

    def edit(name, pick, **values):
        path = scratch_data / name
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        record = next(r for r in raw[name.removesuffix(".yaml")] if pick(r))
        record.update(values)
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        return record["id"]

    claim_id = edit("claims.yaml", lambda c: c.get("correction"), quote=HOSTILE,
                    correction=HOSTILE, explanation=HOSTILE, sources=[bad_source])
    card_id = edit("perspectives.yaml", bool, actor=HOSTILE, speakers=HOSTILE,
                   their_terms=[HOSTILE], prepare=[HOSTILE],
                   positions=[{"position": HOSTILE, "sources": [bad_source]}])
    edit("wording.yaml", bool, term=HOSTILE, whose=HOSTILE, sources=[bad_source],
         other_terms=[{"term": HOSTILE, "whose": HOSTILE}])
    card = claims.claim(claim_id)._repr_html_()
    assert_inert(card, 4, links=1)  # quote, correction, explanation, source
    assert claims.verdicts(ids=[claim_id])._repr_html_() == card
    assert_inert(claims.role_card(card_id)._repr_html_(), 6, links=1)
    assert_inert(claims.wording()._repr_html_(), 5, links=1)


def test_a_broken_claims_file_names_the_claim(scratch_data):
    path = scratch_data / "claims.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["claims"][0]["quote"] = "Words the article never wrote."
    raw["claims"] = [c for c in raw["claims"] if c["paragraph"] != 13]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        claims.check()
    text = str(caught.value)
    assert raw["claims"][0]["id"] in text and "not in paragraph" in text
    assert "paragraphs [13] have no claim" in text


def test_an_inaccurate_claim_without_a_correction_is_refused(scratch_data):
    path = scratch_data / "claims.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = next(c for c in raw["claims"] if c["verdict"] == "inaccurate")
    del target["correction"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="needs a 'correction'"):
        claims.claims()


def _discussed_in_lessons() -> set[str]:
    """Claims a lesson shows with its verdict and explanation (claims.verdicts / claims.claim)."""
    import ast
    import json
    import re

    shown: set[str] = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for code in ("".join(c["source"]) for c in cells if c["cell_type"] == "code"):
            for call in re.findall(r"claims\.(?:verdicts|claim)\(([^)]*)\)", code):
                tree = ast.parse(f"f({call})", mode="eval").body
                kwargs = {k.arg: ast.literal_eval(k.value) for k in tree.keywords}
                args = [ast.literal_eval(a) for a in tree.args]
                if "ids" in kwargs:
                    shown |= set(kwargs["ids"])
                elif args and isinstance(args[0], str):
                    shown.add(args[0])
                elif args:
                    wanted = args[0] if isinstance(args[0], list) else [args[0]]
                    shown |= {c.id for c in claims.claims(wanted)}
                elif kwargs.get("key_only"):
                    shown |= {c.id for c in claims.claims(key_only=True)}
    return shown


def test_claims_once_only_in_the_data_are_taught_where_they_belong():
    shown = _discussed_in_lessons()
    assert {"P5-01", "P5-02", "P10-02"} <= shown, sorted({"P5-01", "P5-02", "P10-02"} - shown)


def test_a_verdict_of_accurate_matches_the_strength_of_its_evidence():
    weak = []
    for c in claims.claims(verdict="accurate"):
        text = c.explanation.lower()
        thin = any(w in text for w in ("thinly sourced", "only one relayed", "one relayed report"))
        low = c.events and all(timeline.event(e).confidence == "low" for e in c.events)
        if thin or low:
            weak.append(c.id)
    assert not weak, f"rated accurate on thin or low-confidence evidence: {weak}"
    assert "work towards" in claims.claim("P14-01").explanation
    assert "uzbekistan-france-strategic-partnership-2025-03-12" in claims.claim("P14-01").events


# -- check a claim yourself before the verdict (issue 11, point 5) -----------------------
def fill(view, **fields):
    for name, value in fields.items():
        getattr(view, name).value = value


def test_a_student_checks_a_claim_before_seeing_the_verdict_and_may_differ(tmp_path):
    from parisbaku import results
    from parisbaku.quiz.resultsfile import read_results_file

    view = claims.self_check(["P3-03", "P12-02"], student="ana", results=tmp_path)
    view.item.value = "P3-03"
    assert "At the same time" in view.prompt.value and view.reveal_area.value == ""
    fill(view, evidence="france-recalls-ambassador-2024-4-16", justification="Too short")
    assert view.record() is None                      # incomplete: nothing saved, nothing shown
    said = view.feedback.value
    assert "Did you mean" in said and "france-recalls-ambassador-2024-04-16" in said
    assert "say what kind of source" in said and "choose your verdict" in said
    assert "at least five words" in said and "Nothing you typed is lost" in said
    assert view.reveal_area.value == "" and not list(tmp_path.glob("*.json"))
    assert view.evidence.value == "france-recalls-ambassador-2024-4-16"   # kept as typed

    fill(view, evidence="france-recalls-ambassador-2024-04-16", source_kind="official",
         reliability="high", verdict="misleading", confidence="fairly sure",
         justification="The recall happened, but months later than the article implies.")
    event = view.record()
    assert event["to_read"] and not event["agrees"] and event["module_verdict"] == "inaccurate"
    shown = view.reveal_area.value
    assert "not marked wrong" in shown and "inaccurate" in shown and "16 April 2024" in shown
    saved = read_results_file(tmp_path / "ana.json")["quizzes"][claims.SELF_CHECK_KEY]
    assert saved["events"][-1]["justification"].startswith("The recall happened")

    view.item.value = "P12-02"
    fill(view, evidence="IFRI memo, 22 October 2021", source_kind="reference",
         reliability="medium", verdict="unverifiable", confidence="unsure",
         justification="Strategic autonomy is documented but no 2024 rapprochement is.")
    assert view.record()["agrees"]
    assert "also <strong>unverifiable</strong>" in view.reveal_area.value

    again = claims.self_check(["P3-03", "P12-02"], student="ana", results=tmp_path)
    again.item.value = "P3-03"                        # restored from the file, verdict shown
    assert again.verdict.value == "misleading" and again.evidence.value.startswith("france")
    assert "differs" in again.reveal_area.value and "P3-03" in again.done.value

    loaded = results.load(tmp_path)
    assert loaded.problems == [] and not any("does not know" in n for _, n in loaded.notes)


def test_the_instructor_reads_justifications_per_claim_differing_first(tmp_path):
    for name, verdict, why in [
        ("ben", "inaccurate", "The ministry dated the recall 16 April 2024, not November."),
        ("cleo", "misleading", "A recall did happen <script>alert(1)</script> but later on."),
    ]:
        view = claims.self_check(["P3-03"], student=name, results=tmp_path)
        view.item.value = "P3-03"
        fill(view, evidence="French foreign ministry notice", source_kind="official",
             reliability="high", verdict=verdict, confidence="sure", justification=why)
        assert view.record() is not None
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    table = claims.justifications(tmp_path)
    assert [(r["student"], r["to_read"]) for r in table.item("P3-03")] == [
        ("cleo", True), ("ben", False)]
    assert table.problems and table.problems[0][0] == "broken.json"
    page = table._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "⚑ to read" in page
    assert "cleo: misleading (module: inaccurate" in str(table)


def test_the_self_check_takes_any_items_so_later_lessons_reuse_it(tmp_path):
    from parisbaku import selfcheck

    items = [selfcheck.Item(id="F1", label="F1: a forecast", prompt="Will it hold?",
                            verdict="held", explanation="It held.")]
    view = selfcheck.show(items, key="08_forecast_self_check", title="Forecast",
                          verdicts={"held": "came true", "did not hold": "did not"},
                          student="dan", results=tmp_path, known_evidence=[])
    view.item.value = "F1"
    fill(view, evidence="a news report of 2025", source_kind="news", reliability="medium",
         verdict="did not hold", confidence="unsure",
         justification="The later reports point the other way on this one.")
    assert view.record()["to_read"]
    rows = selfcheck.justifications("08_forecast_self_check", tmp_path).rows
    assert [(r["item"], r["verdict"]) for r in rows] == [("F1", "did not hold")]


def test_every_role_card_carries_the_2025_2026_facts_its_side_would_cite():
    later = {s.url for e in timeline.events(start="2025") for s in e.sources}
    for card in claims.perspectives():
        cited = {s.url for p in card.positions for s in p.sources}
        assert cited & later, f"{card.id}: no position cites an event of 2025-2026"


def test_each_side_speaks_through_its_own_sources():
    outlets = lambda card_id: " ".join(  # noqa: E731
        f"{s.outlet} {s.url}" for p in claims.role_card(card_id).positions for s in p.sources)
    armenian = outlets("armenian-government")
    assert "tass.com" not in armenian and "myboxingnews" not in armenian
    assert "Armenpress" in armenian and "Public Radio of Armenia" in armenian
    kanak = outlets("kanak-independence")
    assert "news.az" not in kanak and "NC la 1ère" in kanak


def test_the_self_check_shows_tags_in_names_records_and_items_as_text(tmp_path):
    """A refused name, a hand-edited record's verdict, an item's id, text and source: a tag
    in any of them is shown as text in the form, never run."""
    from parisbaku import selfcheck
    from parisbaku.data import Source
    from parisbaku.quiz.store import ResultsStore

    item = selfcheck.Item(
        id="F<b>1", label="F1", prompt="Will it hold? <script>alert('prompt')</script>",
        verdict="held", explanation="It held. <img src=x onerror=alert('why')>",
        sources=[Source(url="https://example.org/?a=1&b=2", outlet="<i>Outlet</i>")])
    forged = selfcheck.record_event(selfcheck.Entry(
        item.id, "a report <img src=x>", "news", "high", "held", "sure", "why"), item)
    forged["verdict"] = "<script>alert('verdict')</script>"  # as if the file were edited
    ResultsStore("dan", tmp_path).append("k", "T", forged)
    view = selfcheck.show([item], key="k", title="Check <script>alert('title')</script>",
                          verdicts={"held": "came true"}, results=tmp_path, known_evidence=[])
    view.set_student("<img src=x onerror=alert('name')>")
    refused = view.who.value
    view.set_student("dan")
    view.item.value = item.id
    shown = {"title": view.widget.children[2].value, "name refused": refused,
             "prompt": view.prompt.value, "verdict and sources": view.reveal_area.value,
             "checked": view.done.value}
    leaks = {where: html for where, html in shown.items()
             if re.search(r"<(script|img|[bi]>)", html)}
    assert not leaks, f"markup, not text, in: {sorted(leaks)}\n{leaks}"
    assert "&lt;img src=x onerror=alert(&#39;name&#39;)&gt;" in refused
    assert "Your verdict, <strong>&lt;script&gt;alert(" in shown["verdict and sources"]
    assert "&lt;i&gt;Outlet&lt;/i&gt;" in shown["verdict and sources"]
    assert 'href="https://example.org/?a=1&amp;b=2"' in shown["verdict and sources"]
    assert "F&lt;b&gt;1" in shown["checked"] and "&lt;script&gt;" in shown["prompt"]
