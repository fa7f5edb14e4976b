"""Notebooks: committed clean, all found by the test run, and a broken one fails loudly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT

NOTEBOOK_FOLDERS = ("notebooks", "exercises", "instructor")


def all_notebooks():
    found = []
    for folder in NOTEBOOK_FOLDERS:
        paths = sorted((ROOT / folder).rglob("*.ipynb"))
        found += [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    return found


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i + 1
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, (
        f"{path.relative_to(ROOT)} has stored outputs in cells {dirty}: clear them with "
        f"'jupyter nbconvert --clear-output --inplace {path.relative_to(ROOT)}'"
    )
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))


def test_every_notebook_is_collected_by_the_test_run():
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *NOTEBOOK_FOLDERS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    collected = {line.split("::")[0] for line in out.splitlines() if "::" in line}
    expected = {str(p.relative_to(ROOT)) for p in all_notebooks()}
    assert expected <= collected, f"not collected: {sorted(expected - collected)}"


def test_a_broken_notebook_fails_the_run_and_names_the_cell(tmp_path):
    """A new notebook is tested with no configuration change; an error names its cell."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("tests", *NOTEBOOK_FOLDERS):
        (tmp_path / folder).mkdir()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Broken on purpose"),
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell("1 / 0  # the broken cell"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, tmp_path / "notebooks" / "99_broken.ipynb")
    run = subprocess.run(
        [sys.executable, "-m", "pytest"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    report = run.stdout + run.stderr
    assert run.returncode == 1, report
    # nbval numbers code cells from 0: the second code cell is "Cell 1".
    assert "FAILED notebooks/99_broken.ipynb::Cell 1" in report, report
    assert "1 failed, 1 passed" in report
    assert "ZeroDivisionError" in report
