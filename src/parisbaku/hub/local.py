"""A JupyterHub for one class on this machine, on 127.0.0.1: ``make hub``.

Starts ``jupyterhub`` with ``deploy/jupyterhub/jupyterhub_config.py`` on free
loopback ports, with demo logins (students and one instructor sharing a password
made up for this run), prints the address and the logins, and on Ctrl-C stops
the hub, every server it started, the proxy and the results service.
:class:`LocalHub` is what ``make hub-bench`` and ``tests/test_hub.py`` start too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil

from ..data import project_root

__all__ = ["LocalHub", "free_port", "main", "seed_font_cache"]

CONFIG = Path("deploy") / "jupyterhub" / "jupyterhub_config.py"
PROXY = Path("deploy") / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"


_FONTS = threading.Lock()


def seed_font_cache(home: Path, state: Path) -> None:
    """Give a new home matplotlib's font list, built once for the whole hub.

    Matplotlib builds the list of the machine's fonts the first time it is imported in a
    home (0.12 CPU-seconds here, in every student's first kernel of the term). On this
    machine every student's kernel runs the same Python with the same fonts, so the hub
    builds the list once, in ``state/matplotlib``, and copies it into each new home's
    ``~/.cache/matplotlib``; matplotlib rebuilds it anyway if its version or the fonts
    change. (Copied as the hub's user: a hub with a Unix user per student would have to
    give the copy to the student.)
    """
    target = home / ".cache" / "matplotlib"
    if target.exists():
        return
    built = state / "matplotlib"
    with _FONTS:  # the hub prepares several homes at once, in threads
        if not any(built.glob("fontlist-*.json")):
            built.mkdir(parents=True, exist_ok=True)
            try:
                subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                               env={**os.environ, "MPLCONFIGDIR": str(built)}, check=True,
                               timeout=120, capture_output=True)
            except (OSError, subprocess.SubprocessError):
                return  # only a saving: the student's first kernel builds its own list
    target.mkdir(parents=True, mode=0o700)
    for font_list in built.glob("fontlist-*.json"):
        shutil.copy2(font_list, target / font_list.name)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalHub:
    """One hub process with its proxy, results service and users' servers."""

    def __init__(self, state: str | os.PathLike[str], students: list[str],
                 instructors: list[str] = ("instructor",), *, port: int | None = None,
                 admin_token: str | None = None, fresh: bool = False, log: Any = None):
        self.root = project_root()
        self.state = Path(state).resolve()
        if fresh and self.state.exists():
            shutil.rmtree(self.state)
        self.students = list(students)
        self.instructors = list(instructors)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(9)
        self.admin_token = admin_token
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.service_folder = self.state / "service"
        self.homes = self.state / "homes"

    # -- start and stop -------------------------------------------------------------
    def start(self, timeout: float = 90) -> LocalHub:
        proxy = self.root / PROXY
        if not proxy.exists():
            raise FileNotFoundError(f"{proxy} is missing: run `make hub-deps` (npm install of "
                                    "configurable-http-proxy into deploy/jupyterhub/)")
        self.state.mkdir(parents=True, exist_ok=True, mode=0o700)
        env = dict(os.environ,
                   PARISBAKU_HUB_STATE=str(self.state), PARISBAKU_HUB_PORT=str(self.port),
                   PARISBAKU_HUB_API_PORT=str(free_port()),
                   PARISBAKU_HUB_PROXY_PORT=str(free_port()),
                   PARISBAKU_HUB_SERVICE_PORT=str(free_port()),
                   PARISBAKU_HUB_PROXY_TOKEN=secrets.token_hex(16),
                   PARISBAKU_HUB_STUDENTS=",".join(self.students),
                   PARISBAKU_HUB_INSTRUCTORS=",".join(self.instructors),
                   PARISBAKU_HUB_PASSWORD=self.password)
        for name in ("JUPYTERHUB_API_TOKEN", "PARISBAKU_RESULTS", "PARISBAKU_RESULTS_SERVICE"):
            env.pop(name, None)
        if self.admin_token:
            env["PARISBAKU_HUB_ADMIN_TOKEN"] = self.admin_token
        out = self.log if self.log is not None else open(self.state / "jupyterhub.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(self.root / CONFIG)],
            cwd=self.state, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited ({self.process.returncode}); see "
                                   f"{self.state / 'jupyterhub.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2):
                    return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"the hub did not answer on {self.url} within {timeout:.0f} s")

    def processes(self) -> list[psutil.Process]:
        """The hub and everything it started (proxy, service, servers, kernels)."""
        if self.process is None:
            return []
        try:
            hub = psutil.Process(self.process.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: float = 40) -> list[int]:
        """Stop the hub (it stops its servers, proxy and service); kill what remains.
        Returns the pids that had to be killed (none when the hub stopped cleanly)."""
        if self.process is None:
            return []
        started = self.processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        _, alive = psutil.wait_procs(started, timeout=10)
        for proc in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        self.process = None
        return [p.pid for p in alive]

    def __enter__(self) -> LocalHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the REST API ---------------------------------------------------------------
    def api(self, method: str, path: str, body: Any = None, *, token: str | None = None,
            timeout: float = 30) -> Any:
        """Call the hub's REST API (``path`` after /hub/api/) with a token (default: admin)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/hub/api/{path.lstrip('/')}", data=data, method=method,
            headers={"Authorization": f"token {token or self.admin_token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            text = reply.read()
        return json.loads(text) if text else None

    def user_token(self, name: str, note: str = "parisbaku") -> str:
        """Log a user in through the REST API: a token of that user (created if needed)."""
        try:
            self.api("GET", f"users/{name}")
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                raise
            self.api("POST", f"users/{name}")
        return self.api("POST", f"users/{name}/tokens", {"note": note})["token"]

    def start_servers(self, tokens: dict[str, str], timeout: float = 180) -> dict[str, float]:
        """Start users' servers together, each with the user's own token; wait until all are
        ready. Returns the seconds from the request until each was ready."""
        asked = time.monotonic()
        for name, token in tokens.items():
            try:
                self.api("POST", f"users/{name}/server", token=token)
            except urllib.error.HTTPError as exc:
                if exc.code != 400:  # 400: already running
                    raise
        ready: dict[str, float] = {}
        for name, token in tokens.items():
            self.wait_ready(name, token, max(1.0, asked + timeout - time.monotonic()))
            ready[name] = time.monotonic() - asked
        return ready

    def wait_ready(self, name: str, token: str, timeout: float = 180) -> None:
        """Follow the hub's spawn progress stream (one request, no polling) until ready."""
        request = urllib.request.Request(
            f"{self.url}/hub/api/users/{name}/server/progress",
            headers={"Authorization": f"token {token}", "Accept": "text/event-stream"})
        with urllib.request.urlopen(request, timeout=timeout) as stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("failed"):
                    raise RuntimeError(f"the server of {name} failed: {event.get('message')}")
                if event.get("ready"):
                    return
        model = self.api("GET", f"users/{name}", token=token)  # stream ended: check once
        if not model.get("servers", {}).get("", {}).get("ready"):
            raise TimeoutError(f"the server of {name} did not become ready")

    def server_token(self, name: str) -> str:
        """The $JUPYTERHUB_API_TOKEN the hub gave a user's running server (what the
        student's notebook sends answers with)."""
        for proc in self.processes():
            try:
                env = proc.environ()
            except (psutil.AccessDenied, psutil.NoSuchProcess):
                continue
            if env.get("JUPYTERHUB_USER") == name and "JUPYTERHUB_API_TOKEN" in env:
                return env["JUPYTERHUB_API_TOKEN"]
        raise LookupError(f"no running server for {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=3, help="demo students (default 3)")
    parser.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    parser.add_argument("--state", default=None, help="hub state folder (default build/hub)")
    args = parser.parse_args(argv)
    students = [f"student{n:02d}" for n in range(1, args.students + 1)]
    state = Path(args.state) if args.state else project_root() / "build" / "hub"
    hub = LocalHub(state, students, port=args.port)
    print(f"Starting JupyterHub on 127.0.0.1 (state in {hub.state}) ...", flush=True)
    # Ctrl-C is caught from the moment the hub starts: a Ctrl-C pressed right after the
    # "Press Ctrl-C" line (before the waiting loop) must stop the hub too, not kill us.
    try:
        hub.start()
        _announce(hub, students)
        while hub.process is not None and hub.process.poll() is None:
            time.sleep(1)
        print("The hub stopped on its own; see", hub.state / "jupyterhub.log")
        return 1
    except KeyboardInterrupt:
        print("\nStopping the hub and every server it started ...", flush=True)
        killed = hub.stop()
        print("Stopped." + (f" (had to kill {len(killed)} processes)" if killed else ""))
        return 0


def _announce(hub: LocalHub, students: list[str]) -> None:
    print(f"\n  Open {hub.url}/ and log in as one of:\n"
          f"    students:   {', '.join(students)}\n"
          f"    instructor: {', '.join(hub.instructors)}  (reads the class's answers)\n"
          f"  password (all of them, this run only): {hub.password}\n\n"
          f"  Each user works in their own home, {hub.homes}/<login>; answers are sent to "
          f"the results service ({hub.service_folder}).\n"
          "  Press Ctrl-C to stop the hub and every server it started.\n", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
