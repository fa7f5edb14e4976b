"""parisbaku.data: loaders, caching and errors that name the file, the record and the fix."""

from __future__ import annotations

import pytest

from parisbaku import DataError, article, data
from parisbaku.cli import main as cli_main


def test_loaders_are_cached():
    first = data.load_yaml("article/paragraphs.yaml")
    assert data.load_yaml("article/paragraphs.yaml") is first


def test_missing_file_names_it_and_says_how_to_restore(scratch_data):
    (scratch_data / "article" / "paragraphs.yaml").unlink()
    with pytest.raises(DataError) as info:
        article.paragraph(1)
    message = str(info.value)
    assert "data/article/paragraphs.yaml" in message
    assert "file not found" in message
    assert "Fix:" in message and "git checkout" in message


def test_missing_data_folder_says_how_to_point_to_it(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path / "nowhere"))
    data.clear_cache()
    with pytest.raises(DataError, match=r"PARISBAKU_DATA"):
        data.data_dir()
    data.clear_cache()


def test_yaml_syntax_error_gives_the_line(scratch_data):
    path = scratch_data / "article" / "paragraphs.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = "  text: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        article.paragraph(1)
    assert "data/article/paragraphs.yaml" in str(info.value)
    assert "line " in str(info.value)
    assert "not valid YAML" in str(info.value)


def test_every_validation_problem_is_listed_with_its_record(scratch_data):
    path = scratch_data / "article" / "metadata.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("paragraphs: 15", "paragraphs: fifteen")
    text = text.replace("    url: https://en.trend.az", "    url: en.trend.az")
    text = text.replace("language: English\n", "language: English\ncolour: blue\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        article.metadata()
    err = info.value
    assert err.file == "data/article/metadata.yaml"
    joined = "\n".join(err.problems)
    assert len(err.problems) == 3, joined
    assert "field 'paragraphs'" in joined and "'fifteen'" in joined
    assert "field 'sources', field 'trend-big-2023', field 'url'" in joined
    assert "http" in joined
    assert "field 'colour'" in joined and "Extra inputs" in joined
    assert "Fix:" in str(err)


def test_paragraph_records_are_named_by_number(scratch_data):
    path = scratch_data / "article" / "paragraphs.yaml"
    text = path.read_text(encoding="utf-8").replace("- n: 3\n  text:", "- n: 3\n  txt:")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        article.paragraphs()
    joined = "\n".join(info.value.problems)
    assert "record n=3, field 'text'" in joined
    assert "record n=3, field 'txt'" in joined


def test_paragraphs_out_of_order_are_refused(scratch_data):
    path = scratch_data / "article" / "paragraphs.yaml"
    text = path.read_text(encoding="utf-8").replace("- n: 2\n", "- n: 20\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"numbered 1, 2, 3"):
        article.count()


def test_metadata_citing_an_unlisted_source_is_refused(scratch_data):
    path = scratch_data / "article" / "metadata.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "sources: [commonspace-original]", "sources: [commonspace-orignal]"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"commonspace-orignal"):
        article.metadata()


def test_csv_with_a_ragged_row_names_the_line(scratch_data):
    (scratch_data / "table.csv").write_text("a,b\n1,2\n3\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/table.csv: line 3: wrong number of fields"):
        data.load_csv("table.csv")


def test_source_label():
    src = data.Source(url="https://example.org", outlet="RFI", published="2020-11-26")
    assert src.label() == "RFI, 2020-11-26"
    assert data.Source(url="https://example.org", outlet="RFI").label() == "RFI"


def test_check_data_command_passes_on_the_real_data(capsys):
    assert cli_main(["check-data"]) == 0
    assert "ok   article text" in capsys.readouterr().out


def test_check_data_command_reports_a_broken_file(scratch_data, capsys):
    (scratch_data / "lessons.yaml").write_text("lessons: [{id: 1}]\n", encoding="utf-8")
    assert cli_main(["check-data"]) == 1
    err = capsys.readouterr().err
    assert "FAIL lesson plan" in err and "data/lessons.yaml" in err
