"""Command line: ``parisbaku check-data`` and friends."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from .data import ParisBakuError

#: Each check loads and validates one part of data/; add new parts here.
CHECKS: dict[str, Callable[[], object]] = {}


def _register_checks() -> None:
    from . import article, lessons

    CHECKS.setdefault("article text", article.paragraphs)
    CHECKS.setdefault("article metadata", article.metadata)
    CHECKS.setdefault("lesson plan", lessons.catalogue)
    from .quiz import bank_ids, load_bank

    for bank_id in bank_ids():
        CHECKS.setdefault(f"quiz {bank_id}", lambda b=bank_id: load_bank(b))


def check_data() -> int:
    """Load and validate every data file; print one line per part."""
    _register_checks()
    failures = 0
    for name, check in CHECKS.items():
        try:
            check()
        except ParisBakuError as exc:
            failures += 1
            print(f"FAIL {name}\n{exc}\n", file=sys.stderr)
        else:
            print(f"ok   {name}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="parisbaku", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check-data", help="validate every file under data/")
    args = parser.parse_args(argv)
    if args.command == "check-data":
        return check_data()
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    raise SystemExit(main())
