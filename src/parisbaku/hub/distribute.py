"""What a student gets of the module on a hub: everything but the answers.

``student_copy(dest)`` writes the module's tracked files into ``dest`` without
the exercise solutions (``exercises/solutions/``), the exercise sources they are
generated from (``exercises/source/``, whose cells tagged ``solution`` hold the
answers), the instructor's folder and the tests. The local hub (``make hub``)
puts such a copy in each student's home; for a real hub, make it a git
repository (``python -m parisbaku.hub.distribute DIR --git``), publish it, and give students
the one nbgitpuller link of :func:`nbgitpuller_link`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

from ..data import project_root

__all__ = ["STUDENT_LEAVES_OUT", "nbgitpuller_link", "student_copy"]

#: Never in a student's copy (folders end with '/').
STUDENT_LEAVES_OUT = ("exercises/solutions/", "exercises/source/", "instructor/", "tests/")
FIRST_LESSON = "notebooks/00_start_here.ipynb"
_SKIP_PARTS = {".git", ".venv", "build", "results", "node_modules", "__pycache__",
               ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache"}


def _files(root: Path) -> list[str]:
    """The module's files: git's list when it is a clone, else every file but build output."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], check=True,
                                capture_output=True, text=True).stdout
        names = [n for n in listed.split("\0") if n]
        if names:
            return [n for n in names if (root / n).is_file()]
    except (OSError, subprocess.CalledProcessError):
        pass
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and not _SKIP_PARTS & set(p.relative_to(root).parts)
                  and not p.name.endswith(".egg-info"))


def student_copy(dest: str | Path, *, instructor: bool = False, git: bool = False,
                 root: Path | None = None) -> Path:
    """Copy the module into ``dest`` (created; must not exist yet): the student version,
    or with ``instructor=True`` everything. ``git=True`` makes it a git repository with
    one commit, ready to publish for nbgitpuller."""
    source = root or project_root()
    target = Path(dest)
    if target.exists():
        raise FileExistsError(f"{target} exists already: give a new folder")
    for name in _files(source):
        if not instructor and name.startswith(STUDENT_LEAVES_OUT):
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target / name)
    if git:
        def run(*args: str) -> None:
            subprocess.run(["git", "-C", str(target), *args], check=True, capture_output=True)
        run("init", "-q", "-b", "main")
        run("add", "-A")
        run("-c", "user.name=parisbaku", "-c", "user.email=parisbaku@localhost",
            "commit", "-q", "-m", "Student copy of the Paris-Baku module (no solutions)")
    return target


def nbgitpuller_link(hub_url: str, repo: str, *, branch: str = "main",
                     open_file: str = FIRST_LESSON, folder: str | None = None) -> str:
    """The one link a student clicks: log in, pull (or update) the module into the home,
    open the first lesson in JupyterLab."""
    target = folder or repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode({"repo": repo, "branch": branch, "targetpath": target,
                       "urlpath": f"lab/tree/{target}/{open_file}"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the student copy of the module "
                                     "(no solutions): for nbgitpuller or a student image.")
    parser.add_argument("dest", help="a new folder")
    parser.add_argument("--git", action="store_true", help="make it a git repository")
    parser.add_argument("--instructor", action="store_true", help="everything, solutions too")
    args = parser.parse_args(argv)
    where = student_copy(args.dest, instructor=args.instructor, git=args.git)
    print(f"Wrote {where}" + (" (a git repository: push it where students pull from)"
                              if args.git else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
