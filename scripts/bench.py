"""Time every notebook: median wall time and peak kernel memory over N runs.

    make bench                       # every notebook, 3 runs each
    python scripts/bench.py notebooks/02_karabakh_1988_2023.ipynb --runs 5

Each run starts a fresh kernel (as a student's "Restart and Run All" does) and
executes the notebook with nbclient. The floor is a notebook that only imports
``parisbaku``: the difference to it is what a lesson itself costs. Peak memory
is the kernel's own high-water mark (``ru_maxrss``), read in an extra cell
appended in memory; the notebook files are not changed.

This is the performance benchmark. Tests never assert timings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from parisbaku import notebook_run

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "exercises", "instructor")
PEAK_CELL = "import resource as _r; print('PEAK_KB', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)"


def discover() -> list[Path]:
    found: list[Path] = []
    for folder in FOLDERS:
        paths = sorted((ROOT / folder).rglob("*.ipynb"))
        found += [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    return found


def floor_notebook() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import parisbaku")])


def run_once(nb: nbformat.NotebookNode, cwd: Path, timeout: int) -> tuple[float, float]:
    """Execute a copy of ``nb`` in a fresh kernel; return (seconds, peak MB)."""
    work = nbformat.from_dict(nb)
    work.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    start = time.perf_counter()
    # The kernel's own log lines (a TCP warning per start) would drown the table;
    # errors in cells still surface as CellExecutionError.
    notebook_run.execute(work, cwd, timeout=timeout, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    text = "".join(o.get("text", "") for o in work.cells[-1].outputs)
    peak_kb = int(text.split("PEAK_KB", 1)[1].split()[0])
    return seconds, peak_kb / 1024


def measure(nb: nbformat.NotebookNode, cwd: Path, runs: int, timeout: int) -> tuple[float, float]:
    results = [run_once(nb, cwd, timeout) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args(argv)

    paths = [p.resolve() for p in args.notebooks] or discover()
    # Quiz answers given while benchmarking go to a scratch folder, not results/.
    os.environ.setdefault("PARISBAKU_RESULTS", tempfile.mkdtemp(prefix="bench-results-"))
    print(f"{args.runs} runs each, fresh kernel per run; median wall time, peak kernel RSS\n")
    header = f"| {'notebook':<52} | {'median s':>8} | {'vs floor':>8} | {'peak MB':>7} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    floor_s, floor_mb = measure(floor_notebook(), ROOT, args.runs, args.timeout)
    floor = "floor (kernel + import parisbaku)"
    print(f"| {floor:<52} | {floor_s:8.2f} | {'':>8} | {floor_mb:7.0f} |")
    failed = 0
    for path in paths:
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        try:
            nb = nbformat.read(path, as_version=4)
            seconds, peak = measure(nb, path.parent, args.runs, args.timeout)
        except Exception as exc:  # report and go on: one broken notebook must not hide the rest
            failed += 1
            print(f"| {name:<52} | {'FAILED':>8} | {'':>8} | {'':>7} |  {type(exc).__name__}")
            continue
        print(f"| {name:<52} | {seconds:8.2f} | {seconds - floor_s:+8.2f} | {peak:7.0f} |")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
