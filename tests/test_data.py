"""parisbaku.data: loaders, caching and errors that name the file, the record and the fix."""

from __future__ import annotations

import json

import pytest
import yaml

from parisbaku import DataError, article, data, forecasts, quiz, results
from parisbaku.cli import main as cli_main
from parisbaku.quiz import resultsfile


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
    assert "field 'colour': not a known field" in joined
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


def test_a_key_given_twice_is_refused_with_both_lines(scratch_data):
    bank = scratch_data / "quizzes" / "01_reading_the_article.yaml"
    text = bank.read_text(encoding="utf-8")
    (scratch_data / "twice.yaml").write_text("a: 1\nb:\n  answer: x\n  answer: y\n",
                                             encoding="utf-8")
    with pytest.raises(DataError, match=r"data/twice.yaml: line 4, column 3: .*'answer' is "
                                        r"given twice \(first on line 3\)"):
        data.load_yaml("twice.yaml")
    bank.write_text(text + "questions: []\n", encoding="utf-8")  # a second questions: block
    with pytest.raises(DataError, match=r"'questions' is given twice"):
        data.load_yaml("quizzes/01_reading_the_article.yaml")


def test_non_utf8_and_deeply_nested_files_name_the_file_and_the_line(scratch_data):
    places = scratch_data / "places.csv"
    text = places.read_text(encoding="utf-8")
    places.write_bytes(text.encode("utf-8") + "x,Gäncä\n".encode("latin-1"))
    line = text.count("\n") + 1
    with pytest.raises(DataError, match=rf"data/places.csv: line {line}: not UTF-8"):
        data.load_csv("places.csv")
    (scratch_data / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(DataError, match=r"data/deep.yaml: .*nested more than 50 levels"):
        data.load_yaml("deep.yaml")
    # the limit itself, below libyaml's own (1,000): 50 levels load, 51 do not, and an
    # alias to a deep anchor does not count again where it is used
    (scratch_data / "fifty.yaml").write_text("a: " + "[" * 49 + "]" * 49, encoding="utf-8")
    nested, lists = data.load_yaml("fifty.yaml")["a"], 1
    while nested:
        nested, lists = nested[0], lists + 1
    assert lists == 49
    (scratch_data / "fifty1.yaml").write_text("a: " + "[" * 50 + "]" * 50, encoding="utf-8")
    with pytest.raises(DataError, match=r"line 1, column 53: .*nested more than 50 levels"):
        data.load_yaml("fifty1.yaml")
    alias = "a: &deep " + "[" * 40 + "]" * 40 + "\nb: [[[[[[[[[[*deep]]]]]]]]]]\n"
    (scratch_data / "alias.yaml").write_text(alias, encoding="utf-8")
    assert data.load_yaml("alias.yaml")["b"]
    (scratch_data / "cp.yaml").write_bytes("title: “quoted”\n".encode("cp1252"))
    with pytest.raises(DataError, match=r"data/cp.yaml: line 1: not UTF-8.*cp1252"):
        data.load_yaml("cp.yaml")


def test_check_data_fails_one_part_per_broken_file_and_goes_on(scratch_data, capsys,
                                                               monkeypatch):
    from parisbaku import cli

    def buggy() -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(cli.CHECKS, "a check with a bug", buggy)
    (scratch_data / "lessons.yaml").write_bytes("lessons: “x”\n".encode("cp1252"))
    places = scratch_data / "places.csv"
    places.write_bytes(places.read_bytes() + "x,Gäncä\n".encode("latin-1"))
    bank = scratch_data / "quizzes" / "02_karabakh_1988_2023.yaml"
    bank.write_text("questions: " + "[" * 3000 + "]" * 3000, encoding="utf-8")
    assert cli_main(["check-data"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    fails = [line for line in captured.err.splitlines() if line.startswith("FAIL ")]
    assert fails[:1] == ["FAIL lesson plan"] and "FAIL gazetteer" in fails
    assert "FAIL quiz 02_karabakh_1988_2023" in fails and "FAIL a check with a bug" in fails
    assert "data/places.csv: line" in captured.err and "data/lessons.yaml: line 1" in captured.err
    assert "ok   quiz 03_lachin_corridor" in captured.out  # the later files are still checked


def test_the_same_mistake_reads_the_same_in_a_bank_a_data_record_and_a_results_file(
        scratch_data, tmp_path):
    """One formatter (data.describe_error): a value of the wrong type, short or thousands of
    characters long, is reported as '<item>, field '<name>': <what> (got <value>)' whether a
    quiz bank, a data record or a student's results file holds it, beside the file's name."""
    bank_file = scratch_data / "quizzes" / "02_karabakh_1988_2023.yaml"
    bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    forecasts_file = scratch_data / "forecasts.yaml"
    records = yaml.safe_load(forecasts_file.read_text(encoding="utf-8"))
    folder = tmp_path / "class"
    folder.mkdir()

    def reports(value) -> dict[str, tuple[str, str, str]]:
        """Where the value is put -> (file named, the message line, the item it names)."""
        bank["questions"][0]["attempts"] = value
        bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
        records["forecasts"][0]["paragraph"] = value
        forecasts_file.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
        event = {"event": "answer", "question": "q1", "answer": "a", "correct": True,
                 "credit": 1.0, "attempt": value, "time": "2026-11-29T08:00:00Z"}
        (folder / "ana.json").write_text(json.dumps({
            "format": resultsfile.FORMAT, "version": resultsfile.VERSION, "student": "ana",
            "quizzes": {"02_karabakh_1988_2023": {"title": "Lesson 2", "events": [event]}}}))
        data.clear_cache()
        found = {}
        for name, load, item in (
                ("attempts", lambda: quiz.load_bank("02_karabakh_1988_2023"),
                 f"question '{bank['questions'][0]['id']}'"),
                ("paragraph", forecasts.forecasts, "record id='F01'")):
            with pytest.raises(DataError) as caught:
                load()
            assert "\nFix: " in str(caught.value)
            [line] = [p for p in caught.value.problems if f"field '{name}'" in p]
            found[name] = (caught.value.file, line, item)
        [(file, reason)] = results.load(folder).problems
        assert reason.startswith("damaged or edited: ")
        found["attempt"] = (file, reason, "quiz '02_karabakh_1988_2023', event 1")
        return found

    for value, shown in (("many", "'many'"),
                         ("x" * 5000, f"'{'x' * data.SHOWN_CHARS}'… (5,000 characters)")):
        found = reports(value)
        assert [file for file, _, _ in found.values()] == [
            "data/quizzes/02_karabakh_1988_2023.yaml", "data/forecasts.yaml", "ana.json"]
        for field, (_, line, item) in found.items():
            assert f"{item}, field '{field}': Input should be a valid integer" in line, line
            assert line.endswith(f" (got {shown})"), line
            assert len(line) < 2 * data.SHOWN_CHARS + 150, line
