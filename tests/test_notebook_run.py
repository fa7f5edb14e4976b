"""Headless execution that cannot hang on a missed wake-up (parisbaku.notebook_run)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

LESSON = ROOT / "notebooks" / "07_debate_and_synthesis.ipynb"
# No cell timeout: a wait that misses its message would wait for ever, as nbclient's did.
RUN = ("import nbformat, subprocess, pathlib; from parisbaku import notebook_run; "
       f"p = pathlib.Path({str(LESSON)!r}); "
       "notebook_run.execute(nbformat.read(p, 4), p.parent, timeout=None, "
       "stderr=subprocess.DEVNULL)")


def test_a_lesson_with_a_redrawing_widget_runs_four_at_a_time_without_hanging():
    """Lesson 07's timeline filter redraws into an Output widget. Run four at a time with
    nbclient's own kernel client, its cell hung in 9 of 16 runs (the reply was in the
    socket, the wait never woke); here eight runs must all finish."""
    for _ in range(2):
        runs = [subprocess.Popen([sys.executable, "-c", RUN], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True) for _ in range(4)]
        try:
            for run in runs:
                _, err = run.communicate(timeout=120)
                assert run.returncode == 0, err[-2000:]
        except subprocess.TimeoutExpired:
            raise AssertionError("a run hung: a wait for the kernel missed its message") \
                from None
        finally:
            for run in runs:
                run.kill()


@pytest.mark.skipif(sys.platform != "linux", reason="Unix sockets are used on Linux only")
def test_kernels_use_unix_sockets_unless_the_path_would_be_too_long(monkeypatch, tmp_path):
    """A Unix socket's path holds 107 bytes: a deep home folder (a test's, a student's)
    must fall back to TCP rather than fail ("File name too long", as it did in CI)."""
    from parisbaku.notebook_run import SOCKET_PATH_MAX, SlicedKernelManager

    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", "/tmp/rt")
    short = SlicedKernelManager()
    assert short.transport == "ipc" and short.ip.startswith("/tmp/rt/parisbaku-")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / ("d" * SOCKET_PATH_MAX)))
    deep = SlicedKernelManager()
    assert deep.transport == "tcp" and deep.ip == "127.0.0.1"
