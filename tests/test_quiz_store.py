"""Answers are never lost: atomic saves, safe names, damaged files kept aside."""

from __future__ import annotations

import json

import pytest

from parisbaku import InputError
from parisbaku.quiz import store
from parisbaku.quiz.store import ResultsStore, check_name


@pytest.fixture(autouse=True)
def no_name(monkeypatch):
    for variable in store.STUDENT_ENVS:
        monkeypatch.delenv(variable, raising=False)
    store.forget_student()
    yield
    store.forget_student()


def test_answers_round_trip_with_id_answer_correctness_attempt_and_time(tmp_path):
    s = ResultsStore("ana", tmp_path)
    s.record_answer("02_k", "Quiz 2", "q1", "a", correct=False, credit=0, attempt=1)
    s.record_answer("02_k", "Quiz 2", "q1", "b", correct=True, credit=1, attempt=2)
    saved = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    assert saved["student"] == "ana" and saved["format"] == store.FORMAT
    first, second = saved["quizzes"]["02_k"]["events"]
    assert (first["question"], first["answer"], first["correct"], first["attempt"]) == (
        "q1", "a", False, 1)
    assert second["correct"] is True and second["time"].endswith("Z")
    again = ResultsStore("ana", tmp_path)  # a new session reads what was saved
    assert [e["answer"] for e in again.current("02_k")["q1"]] == ["a", "b"]


def test_a_reset_starts_afresh_but_keeps_the_earlier_answers_in_the_file(tmp_path):
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "q1", "a", correct=True, credit=1, attempt=1)
    s.record_reset("quiz", "Q")
    s.record_answer("quiz", "Q", "q2", "7", correct=False, credit=0, attempt=1)
    assert list(ResultsStore("ana", tmp_path).current("quiz")) == ["q2"]
    assert len(ResultsStore("ana", tmp_path).events("quiz")) == 3


def test_saving_leaves_no_temporary_files_and_replaces_the_file_whole(tmp_path):
    s = ResultsStore("ana", tmp_path)
    for n in range(5):
        s.record_answer("quiz", "Q", f"q{n}", n, correct=True, credit=1, attempt=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.json"]


def test_a_failed_write_keeps_the_previous_file_intact(tmp_path, monkeypatch):
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "q1", "a", correct=True, credit=1, attempt=1)
    before = (tmp_path / "ana.json").read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.json, "dump", full_disk)
    with pytest.raises(OSError, match="No space left"):
        s.record_answer("quiz", "Q", "q2", "b", correct=True, credit=1, attempt=1)
    assert (tmp_path / "ana.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.json"]


@pytest.mark.parametrize(
    "name", ["../evil", "a/b", "..", ".hidden", "a\\b", "", "   ", "x" * 65, "a..b", "~root"]
)
def test_a_name_cannot_escape_the_results_folder(tmp_path, name):
    with pytest.raises(InputError):
        ResultsStore(name, tmp_path / "results")
    assert not (tmp_path / "evil.json").exists()
    assert not (tmp_path / "results").exists() or not any((tmp_path / "results").iterdir())


def test_ordinary_names_are_accepted_and_spaces_become_underscores():
    assert check_name("Ana López") == "Ana_López"
    assert check_name("jdoe@example.org") == "jdoe@example.org"
    assert check_name("student-07") == "student-07"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"grades": [1, 2]}', "not a results file of this module"),
        (b"\xff\xfe\x00binary", "not a text file"),
        (json.dumps({"format": store.FORMAT, "version": 1, "student": "bob",
                     "quizzes": {}}).encode(), "it belongs to 'bob'"),
        (json.dumps({"format": store.FORMAT, "version": 9, "student": "ana",
                     "quizzes": {}}).encode(), "version 9"),
    ],
)
def test_a_damaged_or_foreign_file_is_reported_and_kept_aside_never_overwritten(
    tmp_path, content, reason
):
    (tmp_path / "ana.json").write_bytes(content)
    s = ResultsStore("ana", tmp_path)
    assert len(s.notices) == 1 and reason in s.notices[0]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("ana.json.unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert aside[0].name in s.notices[0]
    s.record_answer("quiz", "Q", "q1", "a", correct=True, credit=1, attempt=1)
    assert aside[0].read_bytes() == content
    assert json.loads((tmp_path / "ana.json").read_text())["student"] == "ana"


def test_a_file_damaged_during_a_session_is_kept_aside_and_nothing_is_lost(tmp_path):
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "q1", "a", correct=True, credit=1, attempt=1)
    (tmp_path / "ana.json").write_text("oops", encoding="utf-8")
    s.record_answer("quiz", "Q", "q2", "b", correct=True, credit=1, attempt=1)
    assert set(ResultsStore("ana", tmp_path).current("quiz")) == {"q1", "q2"}
    assert any(p.read_text() == "oops" for p in tmp_path.glob("ana.json.unreadable-*"))


def test_two_notebooks_of_one_student_do_not_overwrite_each_other(tmp_path):
    first, second = ResultsStore("ana", tmp_path), ResultsStore("ana", tmp_path)
    first.record_answer("02", "Q2", "q1", "a", correct=True, credit=1, attempt=1)
    second.record_answer("03", "Q3", "q1", "b", correct=True, credit=1, attempt=1)
    saved = json.loads((tmp_path / "ana.json").read_text())
    assert set(saved["quizzes"]) == {"02", "03"}


def test_the_name_and_folder_come_from_the_environment(tmp_path, monkeypatch):
    assert store.current_student() is None
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert store.current_student() == "hub-user"
    monkeypatch.setenv("PARISBAKU_STUDENT", "given")
    assert store.current_student() == "given"
    store.remember_student("typed")
    assert store.current_student() == "typed"
    monkeypatch.setenv(store.RESULTS_ENV, str(tmp_path / "elsewhere"))
    assert store.results_dir() == tmp_path / "elsewhere"
    assert store.results_dir(tmp_path) == tmp_path
    store.forget_student()
    monkeypatch.setenv("PARISBAKU_STUDENT", "../bad")
    assert store.current_student() == "hub-user"  # an unusable name is skipped
