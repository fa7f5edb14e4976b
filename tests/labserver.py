"""Start a JupyterLab server for a test, wait until it answers, always stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest


def lab_command(root: Path, port: int, token: str) -> list[str]:
    """JupyterLab on 127.0.0.1 serving ``root``, with its settings and workspaces kept there."""
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={root / '.settings'}",
        f"--LabApp.workspaces_dir={root / '.workspaces'}",
    ]  # fmt: skip
    if os.geteuid() == 0:  # JupyterLab refuses root unless told
        command.append("--allow-root")
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(
    command: Sequence[str],
    *,
    port: int,
    token: str,
    log: Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Iterator[str]:
    """Run ``command`` (a JupyterLab server on ``port``) and yield its base URL once
    ``/api/status`` answers; fail the test with the server's log if it never does.
    The whole process group is stopped afterwards (``make lab`` starts a child)."""
    with log.open("w") as out:
        server = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    text = log.read_text(errors="replace")[-3000:]
                    pytest.fail(f"JupyterLab did not answer on {base}:\n{text}")
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
