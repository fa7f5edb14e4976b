"""Answers are never lost: locked atomic saves, safe names, damaged files kept aside."""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ana.lock", "ana.json"]


def test_a_failed_write_keeps_the_previous_file_intact(tmp_path, monkeypatch):
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "q1", "a", correct=True, credit=1, attempt=1)
    before = (tmp_path / "ana.json").read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        s.record_answer("quiz", "Q", "q2", "b", correct=True, credit=1, attempt=1)
    assert (tmp_path / "ana.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ana.lock", "ana.json"]


@pytest.mark.parametrize(
    "name", ["../evil", "a/b", "..", ".hidden", "a\\b", "", "   ", "x" * 65, "a..b", "~root",
             "／etc", "a\u2024\u2024b", "<img src=x>", "ana\u0000"]
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


# -- several processes, failures, crashes -------------------------------------------
PROCESSES, ANSWERS = 3, 200


def _save_many(folder: str, worker: int, count: int, barrier) -> None:
    s = ResultsStore("ana", folder)
    barrier.wait()  # all start together, so their saves interleave
    for n in range(count):
        s.record_answer(f"quiz-{worker % 2}", "Q", f"w{worker}-q{n}", n, correct=False,
                        credit=0, attempt=1)


def test_several_processes_saving_for_one_student_lose_no_answer(tmp_path):
    context = multiprocessing.get_context("spawn")  # real, separate interpreters
    barrier = context.Barrier(PROCESSES)
    workers = [context.Process(target=_save_many, args=(str(tmp_path), w, ANSWERS, barrier))
               for w in range(PROCESSES)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=120)
    saved = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    questions = [e["question"] for q in saved["quizzes"].values() for e in q["events"]]
    expected = {f"w{w}-q{n}" for w in range(PROCESSES) for n in range(ANSWERS)}
    lost = expected - set(questions)
    assert not lost, f"{len(lost)} of {len(expected)} answers lost"
    assert [p.exitcode for p in workers] == [0] * PROCESSES
    assert len(questions) == len(expected)  # and none written twice
    assert not list(tmp_path.glob("*.tmp"))


def test_an_answer_held_after_a_failed_save_is_written_by_the_next_save(tmp_path, monkeypatch):
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "q1", "a", correct=True, credit=1, attempt=1)
    real_replace = os.replace

    def read_only_folder(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.os, "replace", read_only_folder)
    with pytest.raises(OSError, match="Permission denied"):
        s.record_answer("quiz", "Q", "q2", "held", correct=False, credit=0, attempt=1)
    assert [e["answer"] for e in s.current("quiz")["q2"]] == ["held"]  # kept in the session
    monkeypatch.setattr(store.os, "replace", real_replace)
    s.record_answer("quiz", "Q", "q3", "c", correct=True, credit=1, attempt=1)
    events = ResultsStore("ana", tmp_path).events("quiz")
    assert [e["question"] for e in events] == ["q1", "q2", "q3"]
    assert s.held == []
    s.append("quiz", "Q", events[1])  # the same event again (e.g. re-sent): not doubled
    assert len(ResultsStore("ana", tmp_path).events("quiz")) == 3


def _inode(path: Path) -> int | None:
    """Changes with every save (a save renames a new file into place)."""
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def test_saves_killed_midway_leave_no_temporary_files_and_a_valid_file(tmp_path):
    (tmp_path / ".ana.x1y2z3.tmp").write_text("{half", encoding="utf-8")  # as a kill leaves
    (tmp_path / ".bob.x1y2z3.tmp").write_text("{half", encoding="utf-8")  # someone else's
    script = ("import sys; from parisbaku.quiz.store import ResultsStore\n"
              "s = ResultsStore('ana', sys.argv[1])\n"
              "for n in range(10**6): s.record_answer('quiz', 'Q', f'q{n}', 'x' * 5000, "
              "correct=True, credit=1, attempt=1)\n")
    for _ in range(5):
        before = _inode(tmp_path / "ana.json")
        child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)])
        deadline = time.monotonic() + 60
        while _inode(tmp_path / "ana.json") == before and time.monotonic() < deadline:
            time.sleep(0.02)  # killed while saving, not while starting up
        time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        child.wait()
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "after", "a", correct=True, credit=1, attempt=1)
    assert [p.name for p in tmp_path.glob("*.tmp")] == [".bob.x1y2z3.tmp"]
    assert "after" in s.current("quiz") and len(s.current("quiz")) > 1


# -- names -----------------------------------------------------------------------------
def test_names_differing_only_by_case_or_width_are_one_student_with_one_file(tmp_path):
    for name, answer in [("Ana", "a"), ("ana", "b"), ("ＡＮＡ", "c"), ("Анна", "d"),
                         ("анна", "e")]:
        ResultsStore(name, tmp_path).record_answer("quiz", "Q", "q1", answer, correct=True,
                                                   credit=1, attempt=1)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["ana.json", "анна.json"]
    assert [e["answer"] for e in ResultsStore("ANA", tmp_path).events("quiz")] == ["a", "b", "c"]
    assert not list(tmp_path.glob("*.unreadable-*"))  # nobody's file was moved aside


def test_an_older_file_saved_under_another_case_is_merged_not_moved_aside(tmp_path):
    old = {"format": store.FORMAT, "version": 1, "student": "Ana", "quizzes": {"quiz": {
        "title": "Q", "events": [{"event": "answer", "question": "q0", "answer": "a",
                                  "correct": True, "credit": 1.0, "attempt": 1,
                                  "time": "2026-11-01T10:00:00Z"}]}}}
    (tmp_path / "Ana.json").write_text(json.dumps(old), encoding="utf-8")
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "q1", "b", correct=True, credit=1, attempt=1)
    assert set(ResultsStore("Ana", tmp_path).current("quiz")) == {"q0", "q1"}
    assert not (tmp_path / "Ana.json").exists() and list(tmp_path.glob("Ana.json.merged-*"))
    assert any("merged" in notice for notice in s.notices)


@pytest.mark.parametrize("name", ["CON", "aux", "Nul.txt", "com1", "LPT9", "com¹"])
def test_windows_device_names_are_refused_with_a_reason(tmp_path, name):
    with pytest.raises(InputError, match="Windows keeps"):
        ResultsStore(name, tmp_path)
    assert check_name("con_ana") == "con_ana" and check_name("console") == "console"


# -- hostile files where the student's file should be ----------------------------------
def test_a_symlink_or_fifo_in_place_of_the_file_is_kept_aside_never_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "ana.json").symlink_to(secret)
    os.mkfifo(folder / "bob.json")
    for name in ("ana", "bob"):
        s = ResultsStore(name, folder)  # a FIFO would hang a plain open(): not here
        s.record_answer("quiz", "Q", "q1", "a", correct=True, credit=1, attempt=1)
        assert "not a plain file" in s.notices[0] or "symbolic link" in s.notices[0]
        assert (folder / f"{name}.json").is_file() and not (folder / f"{name}.json").is_symlink()
    assert secret.read_text(encoding="utf-8") == "private"
    (folder / ".cy.lock").symlink_to(secret)
    with pytest.raises(OSError, match="not a plain file"):
        ResultsStore("cy", folder).record_answer("quiz", "Q", "q1", "a", correct=True,
                                                 credit=1, attempt=1)
    assert secret.read_text(encoding="utf-8") == "private"


def test_answers_are_stored_as_standard_json_and_capped(tmp_path):
    s = ResultsStore("ana", tmp_path)
    s.record_answer("quiz", "Q", "q1", math.nan, correct=False, credit=math.nan, attempt=1)
    s.record_answer("quiz", "Q", "q2", "x" * 10_000_000, correct=False, credit=0, attempt=1)
    s.record_answer("quiz", "Q", "q3", 10**400, correct=False, credit=0, attempt=1)
    text = (tmp_path / "ana.json").read_text(encoding="utf-8")
    assert "NaN" not in text and len(text) < 2 * store.MAX_ANSWER_CHARS
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON: {c}"))
    events = {e["question"]: e for e in s.events("quiz")}
    assert events["q1"]["answer"] == "nan" and events["q1"]["credit"] == 0
    assert len(events["q2"]["answer"]) == store.MAX_ANSWER_CHARS
    assert events["q2"]["truncated"] == 10_000_000
    assert events["q3"]["answer"] == "<integer of 401 digits>"


def test_a_version_1_file_of_the_previous_module_still_loads(tmp_path):
    old = Path(__file__).parent / "fixtures" / "results_v1.json"
    (tmp_path / "ana.json").write_bytes(old.read_bytes())
    s = ResultsStore("ana", tmp_path)
    assert not s.notices and "shusha-2020" in s.current("02_karabakh_1988_2023")
    s.record_reset("02_karabakh_1988_2023", "Quiz 2")
    saved = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    assert saved["version"] == 2 and len(saved["quizzes"]["02_karabakh_1988_2023"]["events"]) == 3


def test_the_quiz_writes_the_answer_it_kept_after_a_failed_save(tmp_path, monkeypatch):
    import yaml
    from conftest import ROOT

    from parisbaku import quiz

    bank = quiz.validate_bank(yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "quiz_sample.yaml").read_text(encoding="utf-8")))
    view = quiz.show(bank, student="ana", results=tmp_path)
    real_replace = os.replace

    def read_only_folder(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.os, "replace", read_only_folder)
    first = view.question("icj-vote")
    first.radio.value = "a"
    first.check.click()
    assert "kept in this session" in view.notice.value
    monkeypatch.setattr(store.os, "replace", real_replace)
    second = view.question("ecoprotest-year")
    second.number_box.value = "2022"
    second.check.click()
    saved = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    events = saved["quizzes"]["sample"]["events"]
    assert [(e["question"], e["answer"]) for e in events] == [("icj-vote", "a"),
                                                              ("ecoprotest-year", "2022")]
