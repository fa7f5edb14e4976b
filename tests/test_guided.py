"""The path for students who do not program: a primer, guided variants, easiest first."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from parisbaku import data, exercises, guided
from parisbaku.data import DataError, InputError

PRIMER_TEACHES = set(exercises.PYTHON_SKILLS[:5])


def test_overview_lists_every_exercise_easiest_first_with_the_python_it_needs():
    rows = exercises.overview()
    ranks = [max(exercises.PYTHON_SKILLS.index(p) for p in r["python"].split(", ")) for r in rows]
    assert ranks == sorted(ranks), [r["notebook"] for r in rows]
    assert rows[0]["notebook"] in {"ex0_python_primer", "ex2_two_sources"}
    assert all(r["python"] for r in rows)


def test_guided_variants_need_only_what_the_primer_teaches_and_share_the_checks():
    books = exercises.catalogue()
    variants = {stem: b for stem, b in books.items() if b.variant_of}
    assert set(variants) == {"ex4_nc_referendums_guided", "ex5_distances_guided",
                             "ex6_districts_guided"}
    for stem, book in variants.items():
        assert set(book.python) <= PRIMER_TEACHES, (stem, book.python)
        assert [c.id for c in book.checks] == [c.id for c in books[book.variant_of].checks]
        assert not {"loops", "filter rows", "projections"} & set(book.python)


def test_a_variant_with_checks_of_its_own_is_refused_with_the_file_named(tmp_path, monkeypatch):
    for item in (ROOT / "data").iterdir():
        (tmp_path / item.name).symlink_to(item)
    (tmp_path / "exercises").unlink()
    (tmp_path / "exercises").mkdir()
    for item in (ROOT / "data" / "exercises").iterdir():
        (tmp_path / "exercises" / item.name).symlink_to(item)
    target = tmp_path / "exercises" / "ex5_distances_guided.yaml"
    raw = yaml.safe_load(target.read_text())
    target.unlink()
    raw["variant_of"] = "ex5_nowhere"
    target.write_text(yaml.safe_dump(raw))
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    data.clear_cache()
    try:
        with pytest.raises(DataError, match=r"ex5_distances_guided\.yaml.*ex5_nowhere"):
            exercises.catalogue()
    finally:
        monkeypatch.undo()
        data.clear_cache()


def test_a_value_left_blank_is_named_with_its_choices_not_an_error(capsys):
    table = exercises.table("nc_referendums")
    shown = guided.rows(table, area="nc", measure=...)
    assert "Fill in measure: one of" in capsys.readouterr().out
    assert set(shown.area) == {"nc"}
    assert guided.area_km2(["lachin"], ...) is None
    assert "'EPSG:6933'" in capsys.readouterr().out
    assert guided.chart(table, ..., title="t", ylabel="y") is None
    assert guided.distance_km("baku", "noumea", ...) is None


def test_the_method_and_the_projection_the_student_types_change_the_answer():
    true = guided.distance_km("baku", "noumea", "ellipsoid")
    flat = guided.distance_km("baku", "noumea", "flat degrees")
    assert abs(true - flat) / true > 0.05
    assert exercises.check("spatial-baku-noumea-km", true).status == "correct"
    assert exercises.check("spatial-baku-noumea-km", flat).status != "correct"
    equal_area = guided.area_km2(["lachin"], "EPSG:6933")
    mercator = guided.area_km2(["lachin"], "EPSG:3857")
    assert exercises.check("spatial-lachin-area", equal_area).status == "correct"
    assert mercator > 1.3 * equal_area
    with pytest.raises(InputError, match="ellipsoid"):
        guided.distance_km("baku", "noumea", "as the crow flies")
    with pytest.raises(InputError, match="aghdam"):
        guided.area_km2(["Lachin"], "EPSG:6933")
