"""One-sided words stay attributed: the module's voice uses data/wording.yaml's neutral wording."""

from __future__ import annotations

import shutil

import nbformat
import pytest
import yaml
from conftest import ROOT

from parisbaku import DataError, attribution, claims

#: Where the module speaks in its own voice: lessons, exercises, quiz banks, the tables that map
#: captions and labels are built from, and the verdicts of the claim and forecast checks.
#: (Role cards in data/perspectives.yaml are each side's own voice by design.)
VOICE = [
    *sorted((ROOT / "notebooks").glob("*.ipynb")),
    *sorted((ROOT / "exercises" / "source").glob("*.ipynb")),
    *sorted((ROOT / "data" / "quizzes").glob("*.yaml")),
    *sorted((ROOT / "data" / "exercises").glob("*.yaml")),
    *sorted((ROOT / "data" / "tables").glob("*.csv")),
    ROOT / "data" / "claims.yaml",
    ROOT / "data" / "forecasts.yaml",
]


def test_the_modules_voice_attributes_every_one_sided_term():
    hits = [str(h) for path in VOICE for h in attribution.scan_file(path, ROOT)]
    assert not hits, "one side's word used as the module's own:\n" + "\n".join(hits)


def test_the_list_names_each_term_with_its_sides_and_a_neutral_wording():
    found = {t.id: t for t in attribution.terms()}
    assert {"blockade", "offensive", "liberated", "separatists"} <= set(found)
    assert "Azerbaijani" in found["blockade"].others and "France" in found["blockade"].whose
    assert claims.wording()  # the same file still loads for the wording table


@pytest.mark.parametrize("sentence, flagged", [
    ("The blockade lasted nine months.", True),
    ("Azerbaijan's offensive began on 19 September.", True),
    ("Azerbaijan's offensive, in Baku's view, was short.", True),
    ("Armenia called it a blockade.", False),
    ("It was a “blockade” for Yerevan.", False),
    ("For Baku it was an eco-protest, not a blockade.", False),
    ("See `lachin-blockade-2022-12-12` for the sources.", False),
    ("Baku spoke of anti-terrorist measures, France of an offensive.", False),
    ("What the 2020 statement said about it, how it was moved in August 2022, the blockade.",
     True),
])
def test_attribution_is_read_from_the_sentence(sentence, flagged):
    assert bool(attribution.scan_text("x.md", sentence)) is flagged


def test_a_term_put_back_unattributed_fails_naming_file_and_line(tmp_path):
    (tmp_path / "notebooks").mkdir()
    lesson = tmp_path / "notebooks" / "03_lachin_corridor.ipynb"
    shutil.copy(ROOT / "notebooks" / lesson.name, lesson)
    nb = nbformat.read(lesson, as_version=4)
    cell = next(c for c in nb.cells if c.source.startswith("## The road closed"))
    cell.source = cell.source.replace(
        "From 12 December 2022 the road was blocked",
        "The blockade began on 12 December 2022. From then the road was blocked")
    nbformat.write(nb, lesson)
    hits = attribution.scan_file(lesson, tmp_path)
    assert len(hits) == 1
    line = lesson.read_text(encoding="utf-8").splitlines()[hits[0].line - 1]
    assert "The blockade began" in line
    assert str(hits[0]).startswith(f"notebooks/03_lachin_corridor.ipynb:{hits[0].line}: 'blockade'")
    assert "stoppage" in hits[0].fix  # says what to write instead


def test_a_broken_term_list_names_the_record_and_the_fix(scratch_data):
    path = scratch_data / "wording.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["attributed_terms"][1]["pattern"] = r"\beco-(protest"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=r"record id='eco-protest', field 'pattern'.*regular"):
        attribution.terms()
