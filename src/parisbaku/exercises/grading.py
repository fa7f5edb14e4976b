"""Grading: whether an answer is right, close or wrong, with a hint, for every kind of
check. An expected answer is computed (``answers.COMPUTE``) or compared through a salted
hash; it is never printed."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from typing import Any

from ..data import DataError
from ..quiz.resultsfile import MAX_ANSWER_CHARS
from ..text import key
from .answers import COMPUTE
from .feedback import _SESSION, Feedback
from .schema import Check, Status, _salt, definition


def _unanswered(answer: Any) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and (not answer.strip() or answer.strip() == "..."):
        return True
    return isinstance(answer, list | tuple | set | dict) and len(answer) == 0


def normalise(value: Any) -> str:
    """Text for comparing and hashing: :func:`parisbaku.text.key` (the one form every
    typed answer is compared in)."""
    return key(value)


def hash_answer(salt: str, exercise_id: str, value: Any) -> str:
    """The salted hash stored in data/exercises for one accepted answer (or set item)."""
    digest = hashlib.sha256(f"{salt}|{exercise_id}|{normalise(value)}".encode()).hexdigest()
    return digest[:24]


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int | float):
        return float(answer)
    try:  # numpy scalars, pandas values
        return float(answer)
    except (TypeError, ValueError):
        return None


def _next_hint(chk: Check) -> str:
    n = _SESSION.attempts.get(chk.id, 0)
    hint = chk.hints[min(n, len(chk.hints) - 1)]
    if len(chk.hints) > 1:
        hint = f"({min(n, len(chk.hints) - 1) + 1}/{len(chk.hints)}) {hint}"
    return hint


#: Feedback quotes at most this many characters of an answer.
MAX_QUOTE_CHARS = 200
_CANNOT_CHECK = (ArithmeticError, TypeError, ValueError, AttributeError, RuntimeError)


def _plain(answer: Any) -> Any:
    """numpy 0-d arrays and scalars as their Python value; anything else as it is."""
    if getattr(answer, "ndim", None) == 0 and callable(getattr(answer, "item", None)):
        try:
            return answer.item()
        except _CANNOT_CHECK:
            return answer
    return answer


def _quoted_briefly(result: Feedback, answer: Any) -> Feedback:
    """Feedback that quotes at most MAX_QUOTE_CHARS of the answer (a 10 MB paste is not
    echoed back)."""
    limit = MAX_QUOTE_CHARS + 400
    if len(result.message) <= limit and len(result.hint) <= limit:
        return result
    message = result.message
    for quoted in {repr(answer), str(answer)}:
        if len(quoted) > MAX_QUOTE_CHARS and quoted in message:
            message = message.replace(quoted, f"{quoted[:MAX_QUOTE_CHARS]}… "
                                              f"({len(quoted):,} characters)")
    message, hint = (t if len(t) <= limit else t[:limit] + "…" for t in (message, result.hint))
    return Feedback(result.exercise_id, result.status, message, hint)


def grade(exercise_id: str, answer: Any) -> Feedback:
    """What :func:`check` says of an answer, without counting an attempt or saving it
    (the instructor's re-grade uses this). Every input type gets a Feedback, never an
    exception (except an unknown ``exercise_id``)."""
    chk = definition(exercise_id)
    answer = _plain(answer)
    if _unanswered(answer):
        return Feedback(
            chk.id, "not answered yet", "replace the ... with your answer, then run the cell again."
        )
    if isinstance(answer, str | bytes) and len(answer) > MAX_ANSWER_CHARS:
        return Feedback(chk.id, "wrong", f"your answer is {len(answer):,} characters long; "
                        f"a check reads at most {MAX_ANSWER_CHARS:,}.",
                        "give just the answer the task asks for.")
    try:
        result = _GRADERS[chk.kind](chk, answer)
    except DataError:
        raise  # the module's data is wrong: not the student's answer
    except Exception as exc:  # an object of any type: say so, never a traceback
        kind = type(answer).__name__
        result = Feedback(chk.id, "wrong", f"this answer (of type {kind}) cannot be checked: "
                          f"{type(exc).__name__}: {str(exc)[:MAX_QUOTE_CHARS]}.",
                          "give a plain number, text or list, as the task asks.")
    return _quoted_briefly(result, answer)


def _expected(chk: Check) -> Any:
    return COMPUTE[chk.compute](**chk.args) if chk.compute else None


def _grade_number(chk: Check, answer: Any) -> Feedback:
    unit = f" {chk.unit}" if chk.unit else ""
    if hasattr(answer, "__len__") and not isinstance(answer, str | bytes):
        kind = type(answer).__name__
        size = len(answer)
        how = ("use .sum() or .iloc[0] to get the number itself" if size == 1
               else "combine them into one number (e.g. .sum()), or pick the one asked for")
        return Feedback(chk.id, "close" if size == 1 else "wrong",
                        f"that is a {kind} holding {size} value{'s' * (size != 1)}, "
                        f"not a single number: {how}.", "assign one number to the variable.")
    value = _as_number(answer)
    if value is None or math.isnan(value):
        return Feedback(
            chk.id,
            "wrong",
            f"the answer should be a number{(' in' + unit) if unit else ''}, such as 12.5, "
            f"not {type(answer).__name__} {answer!r}.",
            "assign the number itself, without quotes or units.",
        )
    expected = float(_expected(chk))
    tol = chk.tolerance * abs(expected) if chk.relative else chk.tolerance
    tol = max(tol, 1e-9)
    if abs(value - expected) <= tol:
        return Feedback(chk.id, "correct", f"{_fmt(value)}{unit} is right.")
    for rule in chk.close:
        if rule.factor is not None:
            target, rtol = expected * rule.factor, tol * abs(rule.factor)
        elif rule.offset is not None:
            target, rtol = expected + rule.offset, tol
        else:
            target = float(COMPUTE[rule.compute](**rule.args))
            rtol = tol
        rtol = rule.tolerance if rule.tolerance is not None else rtol
        if abs(value - target) <= max(rtol, 1e-9):
            return Feedback(chk.id, "close", "this looks like a common slip.", rule.hint)
    if abs(value - expected) <= 5 * tol:
        return Feedback(
            chk.id,
            "close",
            f"near, but outside the accepted margin (±{_fmt(tol)}{unit}).",
            "check rounding and that you used exactly the data named in the task.",
        )
    side = "too high" if value > expected else "too low"
    return Feedback(chk.id, "wrong", f"{_fmt(value)}{unit} is {side}.", _next_hint(chk))


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def _items(answer: Any) -> list[Any] | None:
    if isinstance(answer, str | bytes | dict) or not isinstance(answer, Iterable):
        return None
    return list(answer)


def _matches(chk: Check, value: Any, expected: Any) -> bool:
    if chk.hashes is not None:
        return hash_answer(_salt(chk.id), chk.id, value) in chk.hashes
    return normalise(value) == normalise(expected)


def _grade_choice(chk: Check, answer: Any) -> Feedback:
    if hasattr(answer, "__len__") and not isinstance(answer, str):
        kind, size = type(answer).__name__, len(answer)
        if size == 0:
            return Feedback(chk.id, "wrong", f"your {kind} is empty: the selection matched "
                            "nothing; check the filter (or the coordinates) that made it.",
                            _next_hint(chk))
        if size == 1 and hasattr(answer, "iloc"):
            return Feedback(chk.id, "close", f"that is a {kind} holding one value, not the "
                            "value itself: take it out with .iloc[0].", "give one text value.")
        return Feedback(chk.id, "wrong", f"give one answer, not a {kind} of {size}.",
                        _next_hint(chk))
    if chk.options and normalise(answer) not in {normalise(o) for o in chk.options}:
        listed = ", ".join(repr(o) for o in chk.options)
        return Feedback(chk.id, "wrong", f"{answer!r} is not one of the options: {listed}.",
                        "copy one option exactly.")
    if _matches(chk, answer, _expected(chk)):
        return Feedback(chk.id, "correct", f"{answer!r} is right.")
    return Feedback(chk.id, "wrong", f"{answer!r} is not it.", _next_hint(chk))


def _grade_set(chk: Check, answer: Any) -> Feedback:
    items = _items(answer)
    if items is None:
        return Feedback(chk.id, "wrong", "give a list of items, e.g. [1, 2].", _next_hint(chk))
    if chk.hashes is not None:
        salt = _salt(chk.id)
        chosen = {hash_answer(salt, chk.id, i) for i in items}
        expected_hashes = set(chk.hashes)
    else:
        chosen = {normalise(i) for i in items}
        expected_hashes = {normalise(i) for i in _expected(chk)}
    right = len(chosen & expected_hashes)
    extra = len(chosen - expected_hashes)
    missing = len(expected_hashes - chosen)
    if not extra and not missing:
        items = f"{right} item{'s' * (right != 1)}"
        return Feedback(chk.id, "correct", f"right: {items}, none missing.")
    parts = [f"{right} of your {len(chosen)} {'is' if right == 1 else 'are'} right"]
    if extra:
        parts.append(f"{extra} should not be there")
    if missing:
        parts.append(f"{missing} {'is' if missing == 1 else 'are'} missing")
    status: Status = "close" if right and (extra + missing) <= 1 else "wrong"
    return Feedback(chk.id, status, "; ".join(parts) + ".", _next_hint(chk))


def _grade_mapping(chk: Check, answer: Any) -> Feedback:
    if not isinstance(answer, dict):
        return Feedback(chk.id, "wrong", "give a dictionary {item: answer, ...}.", _next_hint(chk))
    answer = {k: v for k, v in answer.items() if not _unanswered(v)}
    if not answer:
        return Feedback(chk.id, "not answered yet", "fill in at least one value, then run again.")
    if chk.options:
        allowed = {normalise(o) for o in chk.options}
        odd = [v for v in answer.values() if not _unanswered(v) and normalise(v) not in allowed]
        if odd:
            listed = ", ".join(repr(o) for o in chk.options)
            return Feedback(chk.id, "wrong", f"{odd[0]!r} is not one of the options: {listed}.",
                            "copy each option exactly as it is written.")
    expected = _expected(chk) if chk.compute else None
    wanted = len(chk.hashes) if chk.hashes is not None else len(expected)
    wrong_keys = []
    for given, value in answer.items():
        pair = f"{normalise(given)}={normalise(value)}"
        if chk.hashes is not None:
            ok = hash_answer(_salt(chk.id), chk.id, pair) in chk.hashes
        else:
            ok = pair in {f"{normalise(k)}={normalise(v)}" for k, v in expected.items()}
        if not ok:
            wrong_keys.append(str(given))
    right = len(answer) - len(wrong_keys)
    if right == wanted and not wrong_keys:
        return Feedback(chk.id, "correct", f"all {wanted} are right.")
    msg = f"{right} of {wanted} right"
    if wrong_keys:
        msg += "; look again at " + ", ".join(repr(k) for k in wrong_keys)
    if len(answer) < wanted:
        msg += f"; {wanted - len(answer)} not answered"
    status: Status = "close" if right >= wanted - 1 else "wrong"
    return Feedback(chk.id, status, msg + ".", _next_hint(chk))


def _grade_ordering(chk: Check, answer: Any) -> Feedback:
    items = _items(answer)
    expected = list(_expected(chk))
    if items is None:
        return Feedback(chk.id, "wrong", "give a list, earliest first.", _next_hint(chk))
    norm = [normalise(i) for i in items]
    exp = [normalise(i) for i in expected]
    if sorted(norm) != sorted(exp):
        unknown = sorted(set(norm) - set(exp))
        msg = f"the list should hold exactly these {len(exp)} items, each once"
        if unknown:
            msg += f"; not one of them: {', '.join(repr(u) for u in unknown)}"
        return Feedback(chk.id, "wrong", msg + ".", "copy the ids from the task.")
    if norm == exp:
        return Feedback(chk.id, "correct", "the order is right.")
    in_place = sum(a == b for a, b in zip(norm, exp, strict=True))
    status: Status = "close" if in_place >= len(exp) - 2 else "wrong"
    return Feedback(chk.id, status, f"{in_place} of {len(exp)} are in the right place.",
                    _next_hint(chk))


def _grade_free(chk: Check, answer: Any) -> Feedback:
    if not isinstance(answer, str):
        return Feedback(chk.id, "wrong", "write your answer as text between triple quotes.",
                        chk.hints[0])
    text = normalise(answer)
    words = len(text.split())
    missing = [c.point for c in chk.rubric if not any(normalise(w) in text for w in c.any_of)]
    done = len(chk.rubric) - len(missing)
    msg = (
        f"saved ({words} words). Free text is not auto-graded: your instructor uses a rubric. "
        f"Your text touches {done} of its {len(chk.rubric)} points."
    )
    hint = ("Have you covered: " + " / ".join(missing)) if missing else ""
    return Feedback(chk.id, "received", msg, hint)


def _figure_values(answer: Any) -> tuple[list[float], list[Any]] | None:
    """The y values plotted (bars and lines) and the axes, from a Figure or Axes."""
    # Lazy: matplotlib is loaded only to check a figure (the student's plot loaded it).
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(answer, Axes):
        axes = [answer]
    elif isinstance(answer, Figure) and answer.axes:
        axes = list(answer.axes)
    else:
        return None
    values: list[float] = []
    for ax in axes:
        for container in ax.containers:
            values += [float(p.get_height()) for p in container.patches]
        for line in ax.get_lines():
            values += [float(v) for v in line.get_ydata()]
    return values, axes


def _grade_figure(chk: Check, answer: Any) -> Feedback:
    found = _figure_values(answer)
    if found is None:
        return Feedback(chk.id, "wrong", "pass the figure (fig) or axes (ax) you drew.",
                        "e.g. fig, ax = plt.subplots(); ...; check(..., fig)")
    values, axes = found
    problems = []
    expected = [float(v) for v in _expected(chk)]
    tol = chk.tolerance or 0.05
    missing = [e for e in expected if not any(abs(v - e) <= tol for v in values)]
    if missing:
        problems.append(
            f"{len(missing)} of the {len(expected)} values asked for are not on the chart"
        )
    if not any(ax.get_title() for ax in axes) and not getattr(answer, "_suptitle", None):
        problems.append("it has no title")
    if not any(ax.get_ylabel() for ax in axes):
        problems.append("the value axis has no label (say what and in which unit)")
    if not problems:
        return Feedback(chk.id, "correct", "the chart shows the right values, with title and "
                        "labelled axis. Now add alt text under it.")
    status: Status = "close" if not missing else "wrong"
    return Feedback(chk.id, status, "; ".join(problems) + ".", _next_hint(chk))


_GRADERS: dict[str, Callable[[Check, Any], Feedback]] = {
    "number": _grade_number,
    "choice": _grade_choice,
    "set": _grade_set,
    "mapping": _grade_mapping,
    "ordering": _grade_ordering,
    "free": _grade_free,
    "figure": _grade_figure,
}
