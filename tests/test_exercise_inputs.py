"""exercises.check takes whatever a student passes: a message for each, never a traceback."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from parisbaku import exercises
from parisbaku.quiz import store


class Awkward:
    def __len__(self):
        raise RuntimeError("no length")


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


INPUTS = [np.array(272.0), np.float64(3.5), 10**400, "x" * 10_000_000, math.nan, math.inf,
          b"bytes", object(), (n for n in range(3)), {1, 2}, {"a": [1]}, Awkward(),
          nested(5000), np.array([1.0, 2.0]), complex(1, 2), True, "y" * 5000, ["z" * 5000] * 3]


@pytest.fixture
def saving(tmp_path, monkeypatch):
    monkeypatch.setenv(store.RESULTS_ENV, str(tmp_path))
    monkeypatch.setenv("PARISBAKU_STUDENT", "ana")
    store.forget_student()
    exercises.reset()
    yield tmp_path
    exercises.reset()


def test_every_input_type_gets_a_short_message_and_a_capped_standard_json_record(saving):
    kinds = {}
    for check_id, (_, chk) in exercises._load_all().items():
        kinds.setdefault(chk.kind, check_id)
    assert set(kinds) >= {"number", "choice", "set", "mapping", "ordering", "free"}
    for check_id in kinds.values():
        for value in INPUTS:
            feedback = exercises.check(check_id, value)
            assert feedback.status in ("correct", "close", "wrong", "received"), (check_id, value)
            assert len(str(feedback)) < 2 * exercises.MAX_QUOTE_CHARS + 1000, (check_id, value)
    assert "272" in str(exercises.check("text-loaded-count", np.array(272.0)))  # a 0-d array
    assert "too large" in str(exercises.check("text-loaded-count", 10**400))
    text = (saving / "ana.json").read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON: {c}"))
    answers = [e["answer"] for q in json.loads(text)["quizzes"].values() for e in q["events"]]
    assert len(answers) == len(kinds) * len(INPUTS) + 2
    assert max(len(json.dumps(a, ensure_ascii=False)) for a in answers) <= \
        store.MAX_ANSWER_CHARS + 2
