"""Exercise checks: ``check(exercise_id, answer)`` says right, close or wrong, with a hint.

Exercises are defined in ``data/exercises/*.yaml``. An expected answer is never
stored in clear text: numbers, orders and place-name answers are COMPUTED at
check time from the module's own data (the article, the timeline, the tables,
the gazetteer, the district map), and the few categorical answers that cannot
be computed are stored as salted hashes. Feedback says what kind of mistake it
looks like (units, counting both ends, a non-equal-area projection, ...) and
never prints the answer itself.

The package: ``schema`` (definitions, loading, sources), ``answers`` (the ``compute:``
registry; each computation lives in its domain module), ``grading`` (right, close or
wrong, with a hint), ``feedback`` (what a check says, and this session's state) and
``saving`` (``check``: count, keep and save an answer).

>>> from parisbaku import exercises
>>> print(exercises.check("text-loaded-count", ...))   # doctest: +SKIP
[text-loaded-count] not answered yet: replace the ... with your answer, then run the cell again.
"""

from __future__ import annotations

from ..tables import table
from .answers import COMPUTE
from .feedback import Feedback, history, reset
from .grading import MAX_QUOTE_CHARS, grade, hash_answer, normalise
from .grading import _expected as _expected  # the tests compare with it
from .saving import check
from .schema import (
    EXERCISE_DIR,
    PYTHON_SKILLS,
    Check,
    ExerciseFile,
    catalogue,
    definition,
    material,
    overview,
    sources,
    validate,
)
from .schema import _load_all as _load_all  # the tests read every check

__all__ = [
    "COMPUTE",
    "EXERCISE_DIR",
    "MAX_QUOTE_CHARS",
    "PYTHON_SKILLS",
    "Check",
    "ExerciseFile",
    "Feedback",
    "catalogue",
    "check",
    "definition",
    "grade",
    "hash_answer",
    "history",
    "material",
    "normalise",
    "overview",
    "reset",
    "sources",
    "table",
    "validate",
]
