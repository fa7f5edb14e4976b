"""make hub-bench, run small: two students through the whole measured path."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from test_hub import QUIZ

from parisbaku.quiz import load_bank

BENCH = [sys.executable, str(ROOT / "scripts" / "hub_bench.py")]


def test_two_students_are_measured_and_nothing_is_lost_or_left_running(tmp_path):
    report = tmp_path / "report.json"
    done = subprocess.run([*BENCH, "--students", "2", "--state", str(tmp_path / "hub"),
                           "--report", str(report), "--timeout", "240"],
                          capture_output=True, text=True, timeout=420)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    figures = json.loads(report.read_text())
    questions = len(load_bank(QUIZ).questions)
    assert figures["lesson"] == QUIZ and figures["executed"] == 2 and not figures["failed"]
    assert figures["answers_given"] == 2 * questions and figures["answers_lost"] == 0
    assert figures["answer_submission_ms"]["count"] == 2 * questions
    # in the quiz the lesson showed (a second quiz would cost what no student pays)
    assert figures["quizzes_answered_on_the_page"] == 2
    assert figures["processes_killed_at_stop"] == 0
    assert 0 < figures["first_login_to_all_ready_s"] <= figures["first_login_to_all_executed_s"]
    assert figures["peak_rss_per_student_server_mb"]["max"] > 50  # a server and a kernel
    roles = figures["cpu_s_by_role"]
    assert roles["servers"] > 0 and roles["kernels"] > 0 and roles["hub"] > 0


@pytest.mark.parametrize("students", ["0", "61"])
def test_the_class_size_is_bounded(students):
    done = subprocess.run([*BENCH, "--students", students], capture_output=True, text=True)
    assert done.returncode == 2 and "--students must be 1 to 60" in done.stderr
