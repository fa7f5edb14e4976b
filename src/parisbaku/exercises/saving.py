"""Checking an answer in a student's session: count the attempt, keep the feedback,
and save the answer in the student's results file when the student has given a name."""

from __future__ import annotations

from typing import Any

from ..data import ParisBakuError
from ..quiz import store
from .feedback import _SESSION, Feedback
from .grading import _plain, grade
from .schema import _load_all


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and say whether it is right, close or wrong, with a hint.

    An unanswered stub (``...``, ``None`` or empty) gets "not answered yet".
    The expected answer is computed from the module's data, or compared through
    a salted hash; it is never printed. Any input type gets a clear message; the
    answer is saved (capped, see :mod:`parisbaku.quiz.resultsfile`) when the
    student has given a name.
    """
    result = grade(exercise_id, answer)
    if result.status == "wrong":  # the next wrong answer gets the next hint
        _SESSION.attempts[result.exercise_id] = _SESSION.attempts.get(result.exercise_id, 0) + 1
    _SESSION.log.append(result)
    return _record(result, _plain(answer))


def _record(result: Feedback, answer: Any) -> Feedback:
    """Save the answer in the student's results file (the quiz results store), when the
    student has given a name (``quiz`` asks for it, or $PARISBAKU_STUDENT is set), so
    the instructor sees exercises and quizzes in one place."""
    if result.status == "not answered yet":
        return result
    student = store.current_student()
    if not student:
        return result
    exfile = _load_all()[result.exercise_id][0]
    event = store.answer_event(  # stores the answer as standard JSON, capped
        result.exercise_id, answer, result.correct, 1.0 if result.correct else 0.0,
        sum(1 for f in _SESSION.log if f.exercise_id == result.exercise_id
            and f.status != "not answered yet"),
    )
    event["status"] = result.status
    try:
        store.ResultsStore(student).append(f"exercise:{exfile.notebook}", exfile.title, event)
    except (OSError, ParisBakuError) as exc:
        return Feedback(result.exercise_id, result.status,
                        f"{result.message} (Not saved to your results file: {exc})", result.hint)
    return result
