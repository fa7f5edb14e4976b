"""`make lab` (the README's first command) serves JupyterLab on the first lesson."""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.request

import pytest
from conftest import ROOT
from labserver import free_port, serving

TOKEN = "lab-test-token"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_the_module_and_opens_lesson_00(tmp_path):
    port = free_port()
    flags = (
        f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
        f"--IdentityProvider.token={TOKEN}"
    )
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    command = ["make", "--no-print-directory", "lab", f"LABFLAGS={flags}"]
    with serving(
        command, port=port, token=TOKEN, log=tmp_path / "lab.log", cwd=ROOT, env=env
    ) as base:
        # The landing page is lesson 00 ...
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"{base}/?token={TOKEN}", timeout=5)
        assert redirect.value.code == 302
        assert redirect.value.headers["Location"].startswith(
            "/lab/tree/notebooks/00_start_here.ipynb"
        )
        # ... the file browser shows the whole module, not just notebooks/ ...
        with urllib.request.urlopen(f"{base}/api/contents?token={TOKEN}", timeout=5) as reply:
            names = {item["name"] for item in json.load(reply)["content"]}
        assert {"notebooks", "exercises", "data", "README.md"} <= names
        # ... and the notebook opens as a notebook.
        url = f"{base}/api/contents/notebooks/00_start_here.ipynb?token={TOKEN}"
        with urllib.request.urlopen(url, timeout=5) as reply:
            model = json.load(reply)
        assert model["type"] == "notebook"
        assert model["content"]["cells"][0]["source"].startswith("# Start here")
        # Offline classroom: the environment switches off news and update checks.
        url = f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={TOKEN}"
        with urllib.request.urlopen(url, timeout=5) as reply:
            schema = json.load(reply)["schema"]["properties"]
        assert schema["fetchNews"]["default"] == "false"
        assert schema["checkForUpdates"]["default"] is False
