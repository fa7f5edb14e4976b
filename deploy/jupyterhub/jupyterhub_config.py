# JupyterHub configuration for the Paris-Baku module: a class on one machine.
#
# `make hub` runs it on 127.0.0.1 for an instructor to try the module as a class would;
# `make hub-bench` and tests/test_hub.py run it with more or fewer students. The launcher
# (src/parisbaku/hub/local.py) passes what changes from run to run in PARISBAKU_HUB_*
# variables; an administrator adapting this file for a real server replaces those
# lines with fixed values and changes the three parts marked ADAPT.
#
# What this local set-up does NOT isolate (read before using it with real students):
# every user's server runs as the same Unix user as the hub, in its own home folder
# (build/hub/homes/<login>). The hub and the results service keep students apart (each
# answer is stored under the login the hub vouches for; a student cannot read another's
# results through the service), but code a student runs in a kernel could read another
# home's files. A real deployment gives each student a Unix user (LocalProcessSpawner
# with system users, SystemdSpawner) or a container (DockerSpawner, or KubeSpawner as in
# deploy/kubernetes/), and a real authenticator (your university's SSO / LDAP).
# ruff: noqa: F821  (`c` is JupyterHub's config object)
import asyncio
import os
import sys
import tempfile
from pathlib import Path

from parisbaku.hub.client import SERVICE_NAME
from parisbaku.hub.distribute import student_copy
from parisbaku.hub.local import seed_font_cache

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the module's repository
STATE = Path(os.environ.get("PARISBAKU_HUB_STATE", ROOT / "build" / "hub"))
HOMES = STATE / "homes"
PYTHON_BIN = Path(sys.executable).parent  # the project's .venv/bin
SERVICE = SERVICE_NAME


def _env_list(name, default=""):
    return [n for n in os.environ.get(name, default).split(",") if n]


PORT = int(os.environ.get("PARISBAKU_HUB_PORT", "8000"))
STUDENTS = _env_list("PARISBAKU_HUB_STUDENTS", "student01,student02,student03")
INSTRUCTORS = _env_list("PARISBAKU_HUB_INSTRUCTORS", "instructor")

# --- Network: loopback only ----------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("PARISBAKU_HUB_API_PORT", "8081"))
PROXY_API_PORT = os.environ.get("PARISBAKU_HUB_PROXY_PORT", "8001")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
# configurable-http-proxy from npm, installed by the Makefile into deploy/jupyterhub/node_modules.
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.auth_token = os.environ.get("PARISBAKU_HUB_PROXY_TOKEN", "")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stop every student's server and the proxy when the hub stops (Ctrl-C).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- Who may log in (ADAPT: your university's authenticator) -----------------------
# One shared password for the demo logins, printed by `make hub`; nobody else can log in.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("PARISBAKU_HUB_PASSWORD")
c.Authenticator.allowed_users = set(STUDENTS + INSTRUCTORS)
# The instructors group reads the whole class through the results service.
c.JupyterHub.load_groups = {"instructors": {"users": INSTRUCTORS}}

# --- Each user's server (ADAPT: a spawner with real isolation, see the top) ------------
c.JupyterHub.spawner_class = "simple"
# JupyterHub's jupyterhub-singleuser, without the node child process JupyterLab runs at
# each start to read a yarn registry students never use (src/parisbaku/hub/singleuser.py).
c.Spawner.cmd = [sys.executable, "-m", "parisbaku.hub.singleuser"]
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.notebook_dir = str(HOMES / "{username}")
c.Spawner.default_url = "/lab/tree/parisbaku/notebooks/00_start_here.ipynb"
# Kernels talk to their server over Unix sockets in the user's runtime folder: with TCP,
# thirty servers starting kernels at once picked the same random ports (measured: kernels
# died with "Address already in use" in make hub-bench). The extension manager is read-only:
# students install no JupyterLab extensions, and the server does not look for them on PyPI.
# jupyter_lsp is off: no language server is installed, and looking for its 19 known ones
# at each start took 0.15 CPU-seconds of child processes (ADAPT: turn it back on if you
# install python-lsp-server for students).
c.Spawner.args = ["--ServerApp.terminals_enabled=False", "--KernelManager.transport=ipc",
                 "--LabApp.extension_manager=readonly",
                 "--ServerApp.jpserver_extensions=jupyter_lsp=False"]
if os.getuid() == 0:
    c.Spawner.args.append("--allow-root")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def put_module_in_home(spawner):
    """The module in the user's home, once: students get the copy without solutions.
    Copied in a thread, so the hub keeps serving the rest of the class meanwhile.

    (A real hub gives students the nbgitpuller link instead: see the README.)"""
    home = Path(spawner.home_dir)

    def copy():
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not (home / "parisbaku").exists():
            student_copy(home / "parisbaku", instructor=spawner.user.name in INSTRUCTORS,
                         root=ROOT)
        seed_font_cache(home, STATE)  # matplotlib's font list, built once for the hub

    return asyncio.to_thread(copy)


c.Spawner.pre_spawn_hook = put_module_in_home
# Values here are not {username}-expanded: callables receive the spawner.
def runtime_dir(spawner):
    """A short private folder for the kernels' sockets (a socket path has at most 107 bytes)."""
    base = STATE / "run"
    if len(str(base)) > 48:
        base = Path(tempfile.gettempdir()) / f"parisbaku-hub-{PORT}"
    return str(base / spawner.user.name)


c.Spawner.environment = {
    "JUPYTER_RUNTIME_DIR": runtime_dir,
    # the student's answers stay in their own home (files private to the student) ...
    "PARISBAKU_RESULTS": lambda spawner: str(Path(spawner.home_dir) / "parisbaku" / "results"),
    # ... and each one is also sent to the results service, through the proxy.
    "PARISBAKU_RESULTS_SERVICE": f"http://127.0.0.1:{PORT}/services/{SERVICE}/",
    "PATH": f"{PYTHON_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
}
# The server's $JUPYTERHUB_API_TOKEN may reach the results service (and nothing more than
# the default: report activity, be the user's server).
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server", f"access:services!service={SERVICE}",
]

# --- The results service ----------------------------------------------------------
c.JupyterHub.services = [{
    "name": SERVICE,
    "url": f"http://127.0.0.1:{os.environ.get('PARISBAKU_HUB_SERVICE_PORT', '10101')}",
    "command": [sys.executable, "-m", "parisbaku.hub.service",
                "--folder", str(STATE / "service")],
    "environment": {"PARISBAKU_INSTRUCTOR_GROUP": "instructors"},
    "display": False,
}]
c.JupyterHub.load_roles = [
    # every user may call the service; the service decides what each may read
    {"name": "user", "scopes": ["self", f"access:services!service={SERVICE}"]},
]

# --- For the bench and the tests only: an admin token to create users and start servers.
ADMIN_TOKEN = os.environ.get("PARISBAKU_HUB_ADMIN_TOKEN")
if ADMIN_TOKEN:
    c.JupyterHub.services.append({"name": "parisbaku-admin", "api_token": ADMIN_TOKEN})
    c.JupyterHub.load_roles.append({
        "name": "parisbaku-admin", "services": ["parisbaku-admin"],
        "scopes": ["admin:users", "admin:servers", "access:servers", "tokens"],
    })
