"""The two-command set-up: re-running installs nothing unless pyproject.toml changed."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make_question(folder) -> int:
    """`make -q` exits 0 when the set-up stamp is up to date, 1 when it would reinstall."""
    return subprocess.run(
        ["make", "-q", "--no-print-directory", ".venv/.installed"], cwd=folder, check=False
    ).returncode


def _copy_setup(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap.py", tmp_path / "scripts" / "bootstrap.py")
    return tmp_path


def test_fresh_checkout_needs_the_install(tmp_path):
    assert _make_question(_copy_setup(tmp_path)) == 1


def test_nothing_reinstalls_until_pyproject_changes(tmp_path):
    folder = _copy_setup(tmp_path)
    stamp = folder / ".venv" / ".installed"
    stamp.parent.mkdir()
    stamp.touch()
    past = stamp.stat().st_mtime - 60
    for name in ("pyproject.toml", "scripts/bootstrap.py"):
        os.utime(folder / name, (past, past))
    assert _make_question(folder) == 0, "an unchanged set-up would reinstall"
    (folder / "pyproject.toml").touch()
    os.utime(stamp, (past + 1, past + 1))
    assert _make_question(folder) == 1, "a changed pyproject.toml would not reinstall"
