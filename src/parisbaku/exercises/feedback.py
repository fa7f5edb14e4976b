"""What a check says (Feedback), and this session's state: attempts per check (the
next wrong answer gets the next hint) and the feedback given so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from .schema import Status


@dataclass(frozen=True)
class Feedback:
    """What a check says. ``status`` is one of: correct, close, wrong, not answered yet,
    received (free text: not auto-graded)."""

    exercise_id: str
    status: Status
    message: str
    hint: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        text = f"[{self.exercise_id}] {self.status}: {self.message}"
        return f"{text}\nHint: {self.hint}" if self.hint else text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {
            "correct": "#1a7f37",
            "close": "#9a6700",
            "wrong": "#cf222e",
            "received": "#0969da",
        }.get(self.status, "#57606a")
        mark = {"correct": "✔", "close": "≈", "wrong": "✘", "received": "✎"}.get(self.status, "…")
        from ..pages import macro

        return str(macro("feedback", self, colour, mark, template="exercises_feedback.html.j2"))


@dataclass
class _Session:
    attempts: dict[str, int] = field(default_factory=dict)
    log: list[Feedback] = field(default_factory=list)


_SESSION = _Session()


def reset() -> None:
    """Forget attempts and history of this session (hints start again from the first)."""
    _SESSION.attempts.clear()
    _SESSION.log.clear()


def history() -> list[Feedback]:
    """Every feedback given in this session, oldest first."""
    return list(_SESSION.log)
