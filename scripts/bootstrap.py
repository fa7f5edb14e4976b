"""Create the project's virtual environment and install the module into it.

Called by the Makefile (``make lab``, ``make test``, ...) when ``.venv`` is
missing or pyproject.toml changed. Standard library only: it runs before
anything is installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_PYTHON = (3, 11)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", default=".venv", help="where to create the environment")
    args = parser.parse_args(argv)

    if sys.version_info < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        print(
            f"This module needs Python {need} or newer; {sys.executable} is "
            f"{sys.version.split()[0]}. Run make with PYTHON=/path/to/python{need}.",
            file=sys.stderr,
        )
        return 1

    env_dir = (ROOT / args.venv).resolve()
    python = env_dir / "bin" / "python"
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
