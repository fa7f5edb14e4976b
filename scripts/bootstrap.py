"""Create the project's virtual environment and install the module into it.

Called by the Makefile (``make lab``, ``make test``, ...) when ``.venv`` is
missing or pyproject.toml changed. Standard library only: it runs before
anything is installed.

Without make (a Windows or macOS laptop), one command sets up and opens the
first lesson::

    python scripts/bootstrap.py --lab

It installs only when the environment is missing or older than pyproject.toml
(the Makefile's rule); arguments it does not know go to JupyterLab
(e.g. ``--no-browser --port=8899``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_PYTHON = (3, 11)
STAMP = ".installed"  # the Makefile's mark of an installed environment
FIRST_LESSON = "/lab/tree/notebooks/00_start_here.ipynb"


def _venv_python(env_dir: Path) -> Path:
    if os.name == "nt":
        return env_dir / "Scripts" / "python.exe"
    return env_dir / "bin" / "python"


def _up_to_date(env_dir: Path) -> bool:
    """Installed after pyproject.toml and this script last changed (what make checks)."""
    stamp = env_dir / STAMP
    if not stamp.exists() or not _venv_python(env_dir).exists():
        return False
    return all(stamp.stat().st_mtime >= (ROOT / n).stat().st_mtime
               for n in ("pyproject.toml", "scripts/bootstrap.py"))


def open_lab(env_dir: Path, lab_args: list[str]) -> int:
    """JupyterLab on the first lesson, from the environment; Ctrl-C stops it."""
    command = [str(_venv_python(env_dir)), "-m", "jupyterlab", f"--ServerApp.root_dir={ROOT}",
               f"--LabApp.default_url={FIRST_LESSON}", *lab_args]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # JupyterLab refuses root unless told
        command.append("--allow-root")
    print("Opening JupyterLab on the first lesson (Ctrl-C to stop) ...", flush=True)
    try:
        return subprocess.run(command, check=False).returncode
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", default=".venv", help="where to create the environment")
    parser.add_argument("--lab", action="store_true",
                        help="then open JupyterLab on the first lesson (no make needed)")
    args, lab_args = parser.parse_known_args(argv)
    if lab_args and not args.lab:
        parser.error(f"unrecognized arguments: {' '.join(lab_args)}")

    if sys.version_info < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        print(
            f"This module needs Python {need} or newer; {sys.executable} is "
            f"{sys.version.split()[0]}. Run make with PYTHON=/path/to/python{need}.",
            file=sys.stderr,
        )
        return 1

    env_dir = (ROOT / args.venv).resolve()
    if args.lab and _up_to_date(env_dir):
        return open_lab(env_dir, lab_args)
    python = _venv_python(env_dir)
    if not python.exists():
        print(f"Creating the virtual environment in {env_dir} ...")
        venv.EnvBuilder(with_pip=True).create(env_dir)

    print("Installing the module and its dependencies (first time: about a minute) ...")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"],
        check=True,
    )

    # JupyterLab settings for the classroom: no news or update checks (offline always).
    settings = env_dir / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "scripts" / "jupyterlab-overrides.json", settings / "overrides.json")
    print(f"Ready: {env_dir}")
    if args.lab:
        (env_dir / STAMP).touch()
        return open_lab(env_dir, lab_args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
