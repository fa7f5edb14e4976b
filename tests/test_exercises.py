"""exercises.check: right, close with a specific hint, wrong with a hint, never the answer."""

from __future__ import annotations

import re
import textwrap

import matplotlib
import pytest

from parisbaku import DataError, InputError, data, exercise_build, exercises
from parisbaku.cli import main

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SALT = "0123456789abcdef"


@pytest.fixture
def exdata(scratch_data, monkeypatch):
    """A scratch data/exercises/ holding one test file; 'fixed' computes a given value."""
    monkeypatch.setitem(exercises.COMPUTE, "fixed", lambda value: value)
    monkeypatch.setitem(exercises.COMPUTE, "degrees_instead", lambda value: value / 12345)
    exercises.reset()
    folder = scratch_data / "exercises"

    def write(body: str, name: str = "zz_test.yaml"):
        head = f"notebook: zz_test\ntitle: Test\nskills: [text]\nsalt: '{SALT}'\n"
        (folder / name).write_text(head + textwrap.dedent(body), encoding="utf-8")
        data.clear_cache()

    yield write
    exercises.reset()


AREA = """
checks:
  - id: t-area
    kind: number
    prompt: area
    compute: fixed
    args: {value: 1835.4}
    tolerance: 0.02
    relative: true
    unit: km²
    close:
      - factor: 1000000
        hint: "check your units: km², not m²"
      - compute: degrees_instead
        args: {value: 1835.4}
        tolerance: 0.001
        hint: "you measured in degrees: project to an equal-area CRS first"
    hints: [first hint, second hint]
"""


@pytest.mark.parametrize("stub", [..., None, "", "   ", [], {}])
def test_an_unanswered_stub_says_not_answered_yet(exdata, stub):
    exdata(AREA)
    result = exercises.check("t-area", stub)
    assert result.status == "not answered yet"
    assert "replace the ..." in result.message


def test_a_number_within_tolerance_is_correct(exdata):
    exdata(AREA)
    assert exercises.check("t-area", 1835).correct
    assert exercises.check("t-area", 1835.4 * 1.019).correct


def test_square_metres_get_the_units_hint_not_the_answer(exdata):
    exdata(AREA)
    result = exercises.check("t-area", 1835.4e6)
    assert result.status == "close"
    assert "km², not m²" in result.hint
    assert "1835" not in str(result) and "1,835" not in str(result)


def test_a_typical_wrong_method_is_named(exdata):
    exdata(AREA)
    result = exercises.check("t-area", 1835.4 / 12345)
    assert result.status == "close"
    assert "equal-area" in result.hint


def test_wrong_answers_get_successive_hints_and_never_the_answer(exdata):
    exdata(AREA)
    first = exercises.check("t-area", 500)
    second = exercises.check("t-area", 5000)
    third = exercises.check("t-area", 5000)
    assert first.status == second.status == "wrong"
    assert "too low" in first.message and "too high" in second.message
    assert "first hint" in first.hint and "second hint" in second.hint
    assert "second hint" in third.hint  # the last hint stays
    for result in (first, second, third):
        assert "1835" not in str(result) + result._repr_html_()


def test_text_where_a_number_is_expected_says_so(exdata):
    exdata(AREA)
    result = exercises.check("t-area", "1835 km2")
    assert result.status == "wrong"
    assert "should be a number" in result.message
    assert "1835" not in result.hint


def test_near_misses_outside_the_margin_are_close(exdata):
    exdata(AREA)
    result = exercises.check("t-area", 1835.4 * 1.06)
    assert result.status == "close" and "margin" in result.message


HASHED = f"""
checks:
  - id: t-set
    kind: set
    prompt: which
    hashes: [{exercises.hash_answer(SALT, "t-set", 7)}, {exercises.hash_answer(SALT, "t-set", 13)}]
    hints: [look at the short paragraphs]
  - id: t-map
    kind: mapping
    prompt: whose
    options: [azerbaijani-government, armenian]
    hashes: [{exercises.hash_answer(SALT, "t-map", "artsakh=armenian")}]
    hints: [think about it]
  - id: t-choice
    kind: choice
    prompt: district
    hashes: [{exercises.hash_answer(SALT, "t-choice", "Khojavend")}]
    hints: [look at the map]
"""


def test_hashed_answers_compare_without_being_stored(exdata, scratch_data):
    exdata(HASHED)
    stored = (scratch_data / "exercises" / "zz_test.yaml").read_text()
    assert "Khojavend" not in stored and "armenian\n" not in stored.split("options")[0]
    assert exercises.check("t-set", [13, 7]).correct
    assert exercises.check("t-choice", "khojavènd").correct  # case and accents ignored
    assert exercises.check("t-map", {"Artsakh": "armenian"}).correct
    assert exercises.check("t-set", [7]).status == "close"
    partial = exercises.check("t-set", [7, 8])
    assert partial.status == "wrong"
    assert partial.message == "1 of your 2 is right; 1 should not be there; 1 is missing."
    assert exercises.check("t-choice", "Shusha").status == "wrong"


def test_a_mapping_value_outside_the_options_is_named(exdata):
    exdata(HASHED)
    result = exercises.check("t-map", {"Artsakh": "armenians"})
    assert result.status == "wrong" and "'armenians' is not one of the options" in result.message


def test_a_clear_text_answer_field_is_refused(exdata):
    exdata("""
    checks:
      - id: t-leak
        kind: choice
        prompt: leak
        answer: Khojavend
        hashes: [abc]
        hints: [h]
    """)
    with pytest.raises(DataError, match=r"t-leak.*answer"):
        exercises.catalogue()


def test_unknown_id_and_unknown_compute_speak_to_the_reader(exdata):
    exdata(AREA)
    with pytest.raises(InputError, match="Did you mean 't-area'"):
        exercises.check("t-are", 3)
    exdata(AREA.replace("compute: fixed", "compute: nowhere"))
    with pytest.raises(DataError, match=r"zz_test.yaml.*unknown compute 'nowhere'"):
        exercises.check("t-area", 3)


def test_duplicate_check_ids_are_refused_naming_both_files(exdata):
    exdata(AREA)
    exdata(AREA, name="zz_again.yaml")
    with pytest.raises(DataError, match=r"zz_test.yaml.*also used in data/exercises/zz_again"):
        exercises.catalogue()


def test_check_data_reports_a_broken_exercise_file(exdata, capsys):
    exdata("checks: []\n")
    assert main(["check-data"]) == 1
    assert "FAIL exercise definitions" in capsys.readouterr().err


def test_ordering_says_how_many_are_in_place(exdata):
    exdata("""
    checks:
      - id: t-order
        kind: ordering
        prompt: order
        compute: fixed
        args: {value: [a, b, c, d]}
        hints: [look at the dates]
    """)
    assert exercises.check("t-order", ["a", "b", "c", "d"]).correct
    swapped = exercises.check("t-order", ["a", "b", "d", "c"])
    assert swapped.status == "close" and swapped.message.startswith("2 of 4")
    assert "'x'" in exercises.check("t-order", ["a", "b", "c", "x"]).message


def test_free_text_is_received_and_names_missing_rubric_points(exdata):
    exdata("""
    checks:
      - id: t-free
        kind: free
        prompt: compare
        rubric:
          - {point: "who published it", any_of: [pro-government, state]}
          - {point: "the dates covered", any_of: [january, "2024"]}
        hints: [write a few sentences]
    """)
    result = exercises.check("t-free", "Source A is pro-government.")
    assert result.status == "received"
    assert "1 of its 2 points" in result.message and "the dates covered" in result.hint


def test_a_chart_is_checked_for_its_values_title_and_label(exdata):
    exdata("""
    checks:
      - id: t-chart
        kind: figure
        prompt: chart
        compute: fixed
        args: {value: [81.0, 85.7, 43.9]}
        tolerance: 0.1
        hints: [plot turnout]
    """)
    fig, ax = plt.subplots()
    ax.bar(["2018", "2020", "2021"], [81.0, 85.7, 43.9])
    bare = exercises.check("t-chart", fig)
    assert bare.status == "close" and "no title" in bare.message and "label" in bare.message
    ax.set_title("Turnout")
    ax.set_ylabel("turnout (%)")
    assert exercises.check("t-chart", ax).correct
    fig2, ax2 = plt.subplots()
    ax2.plot([1, 2, 3], [56.7, 53.3, 96.5])
    ax2.set_title("No vote")
    ax2.set_ylabel("%")
    wrong = exercises.check("t-chart", fig2)
    assert wrong.status == "wrong" and "3 of the 3 values" in wrong.message
    plt.close("all")


def test_the_stub_keeps_only_the_answer_variables():
    solution = "gdf = load()\narea_km2 = gdf.area.sum() / 1e6\nx, y = 1, 2\n"
    later = ['exercises.check("a", area_km2)', "print(y)"]
    assert exercise_build.stub_for(solution, later) == (
        "# your answer here\narea_km2 = ...\ny = ..."
    )
    assert exercise_build.stub_for("print(1)", []) == "...  # your answer here"


def test_the_build_replaces_solutions_and_drops_rubrics(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [
        new_markdown_cell("# Ex"),
        new_code_cell("answer = 42 * 2", metadata={"tags": ["solution"]}),
        new_code_cell('check("x", answer)'),
        new_markdown_cell("The reason is X.", metadata={"tags": ["solution"]}),
        new_markdown_cell("Rubric: 3 points.", metadata={"tags": ["solution-only"]}),
    ]
    path = tmp_path / "ex9.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    student, solution = exercise_build.build_one(path)
    text = "\n".join(c.source for c in student.cells)
    assert "42" not in text and "Rubric" not in text and "The reason" not in text
    assert "answer = ..." in text and "**Your answer**" in text
    assert [c.source for c in solution.cells[1:]] == [c.source for c in cells]


def test_a_series_where_a_number_is_expected_is_explained(exdata):
    import pandas as pd

    exdata(AREA)
    one = exercises.check("t-area", pd.Series([1835.4]))
    assert one.status == "close" and ".iloc[0]" in one.message
    assert exercises.check("t-area", pd.Series([1.0, 2.0])).status == "wrong"


def test_answers_are_saved_with_the_quiz_results_when_a_student_is_named(
    exdata, tmp_path, monkeypatch
):
    from parisbaku.quiz import store

    monkeypatch.setenv(store.RESULTS_ENV, str(tmp_path / "results"))
    store.forget_student()
    exdata(AREA)
    exercises.check("t-area", 500)
    assert not (tmp_path / "results").exists(), "no name given: nothing is written"
    store.remember_student("ana")
    try:
        exercises.check("t-area", ...)  # not answered: not recorded
        exercises.check("t-area", 500)
        exercises.check("t-area", 1835)
        saved = store.ResultsStore("ana").events("exercise:zz_test")
    finally:
        store.forget_student()
    assert [(e["question"], e["answer"], e["correct"], e["status"]) for e in saved] == [
        ("t-area", 500, False, "wrong"), ("t-area", 1835, True, "correct")]
    assert [e["attempt"] for e in saved] == [2, 3]


def test_a_selection_instead_of_a_value_is_explained(exdata):
    import pandas as pd

    exdata(HASHED)
    empty = exercises.check("t-choice", pd.Series([], dtype=str))
    assert empty.status == "wrong" and "empty" in empty.message
    one = exercises.check("t-choice", pd.Series(["khojavend"]))
    assert one.status == "close" and ".iloc[0]" in one.message
    assert "khojavend" not in str(exercises.check("t-choice", "shusha")).lower()


def test_a_hand_edited_generated_notebook_is_reported_stale(scratch_data, capsys):
    import shutil

    from conftest import ROOT

    copy = scratch_data.parent / "exercises"
    shutil.copytree(ROOT / "exercises", copy)
    assert main(["build-exercises", "--check"]) == 0
    edited = copy / "ex3_timeline.ipynb"
    edited.write_text(edited.read_text().replace("timeline", "timeline (edited)", 1))
    (copy / "solutions" / "ex9_orphan.ipynb").write_text("{}")
    assert main(["build-exercises", "--check"]) == 1
    err = capsys.readouterr().err
    assert "STALE exercises/ex3_timeline.ipynb differs from its source" in err
    assert "exercises/solutions/ex9_orphan.ipynb has no source" in err
    assert "make exercises" in err
    assert main(["build-exercises"]) == 0
    assert exercise_build.stale() == ["exercises/solutions/ex9_orphan.ipynb has no source in "
                                      "exercises/source/"]


def test_each_exercise_lists_the_sources_its_answers_rest_on():
    from parisbaku import timeline

    for stem in exercises.catalogue():
        listed = exercises.sources(stem)
        assert listed.items, f"{stem} lists no source"
        assert len({s.url for s in listed.items}) == len(listed.items)
    ex3 = {s.url for s in exercises.sources("ex3_timeline").items}
    assert {s.url for s in timeline.event("lachin-blockade-2022-12-12").sources} <= ex3
    ex4 = exercises.sources("ex4_nc_referendums")._repr_markdown_()
    assert "interieur.gouv.fr" in ex4  # the table rows' own sources
    with pytest.raises(InputError, match="ex3_timeline"):
        exercises.sources("ex3")


def test_a_tag_in_an_answer_or_in_reading_matter_shows_as_text(exdata):
    """Feedback quotes what the student gave; material shows data text: both as text."""
    from parisbaku.data import Source
    from parisbaku.exercises.schema import Material, MaterialView

    exdata(HASHED)
    said = exercises.check("t-choice", "<script>alert('answer')</script>")._repr_html_()
    odd = exercises.check("t-map", {"<img src=x onerror=alert(1)>": "armenian"})._repr_html_()
    matter = MaterialView(Material(
        id="m", title="Two reports <script>alert('title')</script>", text="<img src=x> & more",
        sources=[Source(url="https://example.org/?a=1&b=2", outlet="<b>Outlet</b>")]))
    shown = {"wrong answer": said, "odd key": odd, "material": matter._repr_html_()}
    leaks = {where: html for where, html in shown.items() if re.search(r"<(script|img|b>)", html)}
    assert not leaks, f"markup, not text, in: {sorted(leaks)}\n{leaks}"
    assert "&lt;script&gt;alert(" in said and "is not it" in said and "look at the map" in said
    assert "&lt;img src=x onerror=alert(1)&gt;" in odd
    assert "&lt;img src=x&gt; &amp; more" in shown["material"]
    assert "&lt;b&gt;Outlet&lt;/b&gt;: <a href=\"https://example.org/?a=1&amp;b=2\"" in \
        shown["material"]
