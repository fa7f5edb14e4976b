"""What a student gives, made comparable: typed numbers and text, and the Grade of a response."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..data import InputError
from ..text import key

__all__ = ["Grade", "normalise_text", "parse_number"]


@dataclass(frozen=True)
class Grade:
    """The outcome of one response: credit 0..1, whether it is fully right, and why."""

    credit: float
    correct: bool
    feedback: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.correct:
            return "correct"
        return "partly correct" if self.credit > 0 else "incorrect"


def normalise_text(text: str) -> str:
    """The form typed text answers are compared in: :func:`parisbaku.text.key`."""
    return key(text)


def parse_number(value: Any) -> float:
    """A number typed by a student: '272', '272.5', '272,5', '1 200' all work."""
    if isinstance(value, bool):
        raise InputError(f"{value!r} is not a number; type digits, e.g. 272")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if re.fullmatch(r"[-+]?\d+,\d+", text):
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise InputError(
                f"{value!r} is not a number; type digits only, e.g. 272 or 2.5"
            ) from None
    if not math.isfinite(number):
        raise InputError(f"{value!r} is not a usable number; type digits, e.g. 272")
    return number
