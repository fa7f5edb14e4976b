"""The students' server launcher (parisbaku.hub.singleuser): the same server, without
the node child process JupyterLab runs at import to read a yarn registry.

The hub's own tests (tests/test_hub.py) start every server through this launcher, so a
launcher that broke the server fails them; this file checks what it saves."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("jupyterhub", reason="the hub extra is not installed (make hub-deps)")

# Records every process JupyterLab starts while it is imported, as a server start does.
PROBE = """
import json, subprocess, sys
started = []
_popen = subprocess.Popen.__init__
def record(self, args, *a, **k):
    started.append([str(x) for x in args] if isinstance(args, (list, tuple)) else [str(args)])
    _popen(self, args, *a, **k)
subprocess.Popen.__init__ = record
if sys.argv[1] == "launcher":
    from parisbaku.hub.singleuser import prepare
    assert prepare(), "jupyterlab.commands has no _yarn_config any more"
import jupyterlab.labapp
print(json.dumps(started))
"""


def _started(how: str) -> list[list[str]]:
    run = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True,
                         text=True, timeout=120, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(shutil.which("node") is None, reason="JupyterLab runs yarn only with node")
def test_the_launcher_spares_each_server_start_the_yarn_child_process():
    def yarn(started):
        return [cmd for cmd in started if any(part.endswith("yarn.js") for part in cmd)]

    # JupyterLab alone asks yarn (if it no longer does, the launcher can go) ...
    assert yarn(_started("plain")), "JupyterLab no longer runs yarn at import"
    # ... and through the launcher no process at all is started
    assert _started("launcher") == []
