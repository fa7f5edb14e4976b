"""Where things appear: each student's order of options, letters on paper, place labels."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["arranged", "letters", "position"]


class _HasId(Protocol):
    id: str


Entry = TypeVar("Entry", bound=_HasId)


def arranged(entries: Sequence[Entry], student: str | None, question_id: str,
             column: str = "") -> list[Entry]:
    """``entries`` in the order one student sees them: stable per (student, question).

    The order sorts the entries by a SHA-256 of (student, question id, column,
    entry id): the same on every machine and Python version, independent of
    the order the author wrote, and different from one student to the next.
    ``student=None`` gives the fixed order of the static pages and answer keys.
    """
    seed = f"{student or ''}\x1f{question_id}\x1f{column}\x1f"
    return sorted(entries, key=lambda e: hashlib.sha256(f"{seed}{e.id}".encode()).digest())


def position(k: int, n: int) -> str:
    """The label of place k of n in an ordering question: '1st (earliest)', '2nd', ..."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    label = f"{k}{suffix}"
    return f"{label} (earliest)" if k == 1 else f"{label} (latest)" if k == n else label


def letters(n: int) -> list[str]:
    """Labels for n options on paper: a, b, ..., z, then o27, o28, ..."""
    return [chr(ord("a") + i) if i < 26 else f"o{i + 1}" for i in range(n)]
