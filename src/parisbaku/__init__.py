"""Paris–Baku: a teaching module on France–Azerbaijan relations, 2020–2026.

The short public face. Submodules load on first use, so ``import parisbaku``
stays cheap and a notebook pays only for what it uses::

    from parisbaku import article
    article.excerpt(6, highlight=["Lachin"])
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

# In a Jupyter kernel the module is imported by a lesson's first cell, after the kernel
# has built everything it keeps for its life. Frozen, those objects are never walked
# again by Python's cycle collector, which otherwise went through them at each full
# collection while the module's imports (matplotlib, pydantic models) ran. Lesson 02 and
# its quiz in a fresh kernel: 1.87 to 1.79 CPU-seconds (median of five runs each), which
# a class of 30 starting at once feels. Objects nothing refers to are still freed.
if "ipykernel" in sys.modules:
    gc.freeze()

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
