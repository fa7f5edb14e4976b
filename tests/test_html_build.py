"""make html executes lessons in kernels that get their own environment: quiz answers
go to a scratch results folder under no student's name, and the building process's
environment is left as it was."""

from __future__ import annotations

import os

import nbformat

from parisbaku import html_build


def test_the_kernel_gets_the_environment_it_is_given_and_ours_is_untouched(tmp_path, monkeypatch):
    monkeypatch.setenv("PARISBAKU_STUDENT", "ada")
    monkeypatch.setenv("PARISBAKU_RESULTS", str(tmp_path / "real-results"))
    probe = "import os; print(*(os.environ.get(f'PARISBAKU_{n}') for n in ('RESULTS', 'STUDENT')))"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(probe)])
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    env = {"PATH": os.environ["PATH"], "PARISBAKU_RESULTS": str(tmp_path / "scratch")}
    ran = html_build._execute(path, 120, env)
    assert ran.cells[0].outputs[0]["text"].split() == [str(tmp_path / "scratch"), "None"]
    assert os.environ["PARISBAKU_STUDENT"] == "ada"
    assert os.environ["PARISBAKU_RESULTS"] == str(tmp_path / "real-results")


def test_build_runs_lessons_with_a_scratch_results_folder_and_no_student(tmp_path, monkeypatch):
    monkeypatch.setenv("PARISBAKU_STUDENT", "ada")
    monkeypatch.setenv("PARISBAKU_RESULTS", str(tmp_path / "real-results"))
    given = []

    def execute(path, timeout, env):
        assert os.environ["PARISBAKU_STUDENT"] == "ada"  # ours, unchanged while lessons run
        given.append(env)
        return nbformat.read(path, as_version=4)

    monkeypatch.setattr(html_build, "_execute", execute)
    html_build.build(tmp_path / "html", only=["00_start_here"], keys=False)
    (env,) = given
    assert "PARISBAKU_STUDENT" not in env
    assert "parisbaku-html-results-" in env["PARISBAKU_RESULTS"]
    assert env["PATH"] == os.environ["PATH"]
    assert os.environ["PARISBAKU_RESULTS"] == str(tmp_path / "real-results")
