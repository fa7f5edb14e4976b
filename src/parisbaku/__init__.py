"""Paris–Baku: a teaching module on France–Azerbaijan relations, 2020–2026.

The short public face. Submodules load on first use, so ``import parisbaku``
stays cheap and a notebook pays only for what it uses::

    from parisbaku import article
    article.excerpt(6, highlight=["Lachin"])
"""

from __future__ import annotations

import importlib
from typing import Any

from .data import DataError, InputError, ParisBakuError

__version__ = "0.1.0"
__all__ = [
    "DataError",
    "InputError",
    "ParisBakuError",
    "__version__",
    *sorted(["article", "data", "lessons"]),
]

_SUBMODULES = {
    "article", "data", "lessons", "cli", "quiz", "results", "timeline", "exercises",
    "exercise_build", "places", "maps", "geodata", "claims", "glossary", "guided", "origin",
    "teaching", "forecasts",
}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'parisbaku' has no attribute {name!r}")
