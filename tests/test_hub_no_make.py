"""A laptop without make: `python scripts/bootstrap.py --lab` sets up and opens the first lesson.

Run here with a PATH that holds a Python and nothing else (no make, no jupyter).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from urllib.parse import urlparse

from conftest import ROOT
from labserver import free_port, serving


def test_one_python_command_opens_the_first_lesson_without_make(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("PATH", "VIRTUAL_ENV")}
    env["PATH"] = str(bare)
    assert shutil.which("make", path=env["PATH"]) is None
    port, token = free_port(), "bootstrap-test"
    command = ["python", str(ROOT / "scripts" / "bootstrap.py"), "--lab", "--no-browser",
               "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}"]
    with serving([str(bare / "python"), *command[1:]], port=port, token=token, env=env,
                 log=tmp_path / "lab.log", cwd=tmp_path, timeout=300) as base:
        with urllib.request.urlopen(f"{base}/?token={token}", timeout=30) as page:
            assert urlparse(page.url).path == "/lab/tree/notebooks/00_start_here.ipynb", page.url
        lesson = f"{base}/api/contents/notebooks/00_start_here.ipynb?token={token}&content=0"
        with urllib.request.urlopen(lesson, timeout=30) as reply:
            assert reply.status == 200


def test_arguments_for_jupyterlab_need_lab():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bootstrap.py"), "--port=1"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "unrecognized arguments: --port=1" in done.stderr
