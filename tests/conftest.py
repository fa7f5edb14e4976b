"""Shared fixtures: the module's root, and a scratch copy of data/ to break safely."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from parisbaku import data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ that a test may edit; the module reads it instead of data/."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv(data.DATA_ENV, str(copy))
    data.clear_cache()
    yield copy
    data.clear_cache()
