"""The instructor reads a class's results: safely, summed up, exported."""

from __future__ import annotations

import csv
import json

import pytest

from parisbaku import InputError, results
from parisbaku.quiz.store import ResultsStore, answer_event


@pytest.fixture
def folder(tmp_path):
    """Three students' files written by the quiz's own store, plus three bad files."""
    ana = ResultsStore("ana", tmp_path)
    ana.record_answer("02", "Quiz 2", "q1", "a", correct=False, credit=0, attempt=1)
    ana.record_answer("02", "Quiz 2", "q1", "b", correct=True, credit=1, attempt=2)
    ana.record_answer("02", "Quiz 2", "q2", ["a", "b"], correct=False, credit=0.5, attempt=1)
    bob = ResultsStore("bob", tmp_path)
    bob.record_answer("02", "Quiz 2", "q1", "a", correct=False, credit=0, attempt=1)
    bob.record_reset("02", "Quiz 2")
    bob.record_answer("02", "Quiz 2", "q1", "b", correct=True, credit=1, attempt=1)
    bob.record_answer("03", "Quiz 3", "q9", "272", correct=True, credit=1, attempt=1)
    cy = ResultsStore("cy", tmp_path)
    cy.record_answer("02", "Quiz 2", "q1", "a", correct=False, credit=0, attempt=1)
    cy.record_answer("02", "Quiz 2", "q1", "a", correct=False, credit=0, attempt=2)
    (tmp_path / "broken.json").write_text("{oops", encoding="utf-8")
    (tmp_path / "notes.json").write_text('{"todo": 1}', encoding="utf-8")
    renamed = json.loads((tmp_path / "cy.json").read_text())
    (tmp_path / "dan.json").write_text(json.dumps(renamed), encoding="utf-8")  # cy's, renamed
    (tmp_path / "eve.json.unreadable-20261127T000000Z").write_text("x", encoding="utf-8")
    return tmp_path


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_reading_a_folder_changes_nothing_and_reports_every_bad_file(folder):
    before = snapshot(folder)
    r = results.load(folder)
    assert snapshot(folder) == before
    assert r.students == ["ana", "bob", "cy"]
    reasons = dict(r.problems)
    assert "not valid JSON" in reasons["broken.json"]
    assert "not a results file" in reasons["notes.json"]
    assert "belongs to 'cy', not 'dan'" in reasons["dan.json"]
    assert "kept aside by the quiz" in reasons["eve.json.unreadable-20261127T000000Z"]


def test_scores_count_the_last_answer_since_the_last_reset(folder):
    r = results.load(folder)
    scores = {(row["student"], row["quiz"]): row for row in r.scores()}
    assert scores[("ana", "02")] == {"student": "ana", "quiz": "02", "answered": 2, "right": 1,
                                     "points": 1.5, "to_read": 0}
    assert scores[("bob", "02")]["points"] == 1 and scores[("bob", "02")]["answered"] == 1
    assert scores[("cy", "02")]["points"] == 0
    assert [row["student"] for row in r.scores("03")] == ["bob"]
    assert r.quizzes() == ["02", "03"] and r.titles["03"] == "Quiz 3"


def test_the_question_summary_shows_what_the_class_found_hard(folder):
    r = results.load(folder)
    q1 = next(row for row in r.questions("02") if row["question"] == "q1")
    assert q1["answered"] == 3
    assert q1["right_first_time"] == 1  # bob, after his reset
    assert q1["right_in_the_end"] == 2
    assert q1["mean_credit"] == pytest.approx(0.667)
    assert q1["most_common_wrong_answer"] == "a (3×)"


def test_every_answer_ever_given_goes_to_the_csv(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "class.csv"
    results.load(folder).to_csv(out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 8
    assert tuple(rows[0]) == results.CSV_COLUMNS
    bob_before_reset = next(r for r in rows if r["student"] == "bob" and r["answer"] == "a")
    assert bob_before_reset["counts"] == "False"
    assert any(r["answer"] == '["a", "b"]' for r in rows)


def test_a_table_for_the_notebook_and_a_clear_error_for_a_wrong_folder(folder, tmp_path):
    frame = results.load(folder).table()
    assert list(frame.columns) == ["student", "quiz", "answered", "right", "points", "to_read"]
    assert len(frame) == 4
    with pytest.raises(InputError, match="no results folder"):
        results.load(tmp_path / "nowhere")
    empty = results.load(tmp_path / "nowhere", missing_ok=True)
    assert empty.students == [] and "No results folder" in empty.overview()


def test_an_example_class_is_written_through_the_store_and_reads_back(tmp_path):
    import yaml
    from conftest import ROOT

    from parisbaku import quiz

    bank = quiz.validate_bank(yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "quiz_sample.yaml").read_text(encoding="utf-8")))
    r = results.load(results.example_class(tmp_path, bank, students=5, seed=3))
    assert len(r.students) == 5
    assert [name for name, _ in r.problems] == ["example_student_99.json"]
    assert "**5 students**" in r.overview() and "1 file could not be used" in r.overview()
    rows = r.questions("sample")
    assert {row["question"] for row in rows} <= {q.id for q in bank.questions}
    assert all(0 <= row["right_in_the_end"] <= row["answered"] <= 5 for row in rows)
    assert any(a.correct for a in r.answers) and any(not a.correct for a in r.answers)


def test_free_text_an_exercise_received_is_to_read_not_wrong(tmp_path):
    store = ResultsStore("dee", tmp_path)
    essay = answer_event("ex2-reading", "It cannot say who organised it.", False, 0.0, 1)
    essay["status"] = "received"  # as parisbaku.exercises records free text
    store.append("exercise:ex2_two_sources", "Exercise 2", essay)
    store.record_answer("exercise:ex2_two_sources", "Exercise 2", "ex2-outlet", "b", False, 0.0,
                        1)
    r = results.load(tmp_path)
    row = r.scores()[0]
    assert row["answered"] == 2 and row["to_read"] == 1 and row["right"] == 0
    wrong = {q["question"]: q["most_common_wrong_answer"]
             for q in r.questions("exercise:ex2_two_sources")}
    assert wrong["ex2-reading"] == "" and wrong["ex2-outlet"].startswith("b")
