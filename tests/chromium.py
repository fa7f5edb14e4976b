"""Headless Chromium for the browser tests, and axe-core for the accessibility tests.

Debian's ``chromium`` is driven by Playwright (no browser download). axe-core comes from
npm, pinned by ``tests/a11y/package-lock.json`` and installed by ``make a11y-inputs``
(``make test`` and ``.ci/run`` call it); it is injected from that file, never from a CDN.
Locally a test skips with a reason when one of them is missing; with ``CI=true`` it fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = os.environ.get("PARISBAKU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
#: The rules measured: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def missing(*, axe: bool = False) -> str | None:
    """Why the browser (and, with ``axe``, axe-core) cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if axe and not AXE.exists():
        return f"axe-core is not installed at {AXE} (make a11y-inputs; needs npm)"
    return None


def require(*, axe: bool = False) -> None:
    """Skip the test when the browser is missing; fail instead in CI (``CI=true``)."""
    reason = missing(axe=axe)
    if reason and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the browser test must run in CI: {reason}")
    if reason:
        pytest.skip(reason)


def launch(playwright, profile: Path, **options):
    """A persistent Chromium context (Playwright refuses --user-data-dir in args)."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **options
    )


def axe_run(page, include: str | None = None) -> dict:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page, or only on the elements
    matching the CSS selector ``include``; return its ``violations`` and ``incomplete``
    (what axe could not decide, e.g. text over an image)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """([include, tags]) => axe.run(
               include ? {include: [...document.querySelectorAll(include)]} : document,
               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [include, WCAG_TAGS],
    )


def node_count(violations: list[dict]) -> int:
    return sum(len(v["nodes"]) for v in violations)


def describe(violations: list[dict], per_rule: int = 5) -> str:
    """Rule ids, impact and the first offending nodes with axe's own advice."""
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:per_rule]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']} {node['html'][:150]}\n      {summary[:300]}")
    return "\n".join(lines)
