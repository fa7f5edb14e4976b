"""Command line: ``parisbaku check-data`` and friends."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .data import ParisBakuError, project_root

#: Each check loads and validates one part of data/; add new parts here.
CHECKS: dict[str, Callable[[], object]] = {}


def _register_checks() -> None:
    from . import article, lessons

    CHECKS.setdefault("article text", article.paragraphs)
    CHECKS.setdefault("article metadata", article.metadata)
    CHECKS.setdefault("lesson plan", lessons.catalogue)
    from . import timeline

    CHECKS.setdefault("timeline", timeline.check)
    from . import claims

    CHECKS.setdefault("claims, wording and role cards", claims.check)
    from . import forecasts

    CHECKS.setdefault("forecasts tested against later events", forecasts.check)
    from . import exercises

    CHECKS.setdefault("exercise definitions", exercises.validate)
    from . import places

    CHECKS.setdefault("gazetteer", places.all_places)
    from . import geodata

    CHECKS.setdefault("map layers and tables", geodata.check)
    from . import glossary

    CHECKS.setdefault("glossary", glossary.check)
    from . import origin

    CHECKS.setdefault("the article beside its source", origin.check)
    from .quiz import bank_ids, load_bank

    for bank_id in bank_ids():
        CHECKS.setdefault(f"quiz {bank_id}", lambda b=bank_id: load_bank(b))


def check_data() -> int:
    """Load and validate every data file; print one line per part. A part that fails
    prints FAIL with the file and the reason, and the later parts are still checked."""
    _register_checks()
    failures = 0
    for name, check in CHECKS.items():
        try:
            check()
        except ParisBakuError as exc:
            failures += 1
            print(f"FAIL {name}\n{exc}\n", file=sys.stderr)
        except Exception as exc:  # a check's bug or a file no loader foresaw: report, go on
            failures += 1
            print(f"FAIL {name}\nunexpected {type(exc).__name__}: {str(exc)[:500]}\n"
                  "Fix: run `parisbaku check-data` again after correcting the file; if it "
                  "persists, report it with this message\n", file=sys.stderr)
        else:
            print(f"ok   {name}")
    return 1 if failures else 0


def build_exercises(check_only: bool = False) -> int:
    """Generate the student and solution notebooks (or, with --check, compare only)."""
    from . import exercise_build

    if check_only:
        problems = exercise_build.stale()
        for problem in problems:
            print(f"STALE {problem}", file=sys.stderr)
        if problems:
            print("Fix: run `make exercises` and commit the result.", file=sys.stderr)
        return 1 if problems else 0
    for path in exercise_build.build():
        print(f"wrote {path.relative_to(project_root())}")
    return 0


def build_html(out: Path | None, lessons: list[str], *, keys: bool) -> int:
    """Static pages of the lessons (see parisbaku.html_build)."""
    from . import html_build


    target = out or project_root() / "build" / "html"
    for path in html_build.build(target, only=lessons, keys=keys):
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="parisbaku", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check-data", help="validate every file under data/")
    build = sub.add_parser(
        "build-exercises",
        help="write exercises/*.ipynb (student) and exercises/solutions/ from exercises/source/",
    )
    build.add_argument("--check", action="store_true",
                       help="write nothing; fail if a generated notebook is out of date")
    html = sub.add_parser(
        "build-html", help="execute the lessons and write static HTML pages to build/html/"
    )
    html.add_argument("--out", type=Path, default=None, help="default: build/html")
    html.add_argument("--no-keys", action="store_true", help="leave out the answer-key page")
    html.add_argument("lessons", nargs="*", help="lesson ids or file stems (default: all)")
    args = parser.parse_args(argv)
    if args.command == "build-html":
        return build_html(args.out, args.lessons, keys=not args.no_keys)
    if args.command == "check-data":
        return check_data()
    if args.command == "build-exercises":
        return build_exercises(check_only=args.check)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    raise SystemExit(main())
