"""Shared fixtures: the module's root, and a scratch copy of data/ to break safely."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from parisbaku import data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ that a test may edit; the module reads it instead of data/."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv(data.DATA_ENV, str(copy))
    data.clear_cache()
    yield copy
    data.clear_cache()


#: What a hostile author of a data file or a student could type into a displayed value.
HOSTILE = '<script>alert("pb")</script><img src=x onerror=alert(1)> & Co'
#: A web address that tries to close its href="..." and add an event handler.
HOSTILE_URL = 'https://example.org/?a=1&b=" onmouseover="alert(1)'


def assert_inert(page: str, times: int, links: int = 0) -> None:
    """``page`` shows HOSTILE ``times`` times as text, with no script or image element and
    no event attribute, and has ``links`` links to HOSTILE_URL, whole (its quote is kept)."""
    tags: list[tuple[str, dict]] = []
    text: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            text.append(data)

    Reader(convert_charrefs=True).feed(page)
    live = [(t, a) for t, a in tags if t in ("script", "img") or any(k.startswith("on") for k in a)]
    assert not live, f"markup from a value became live: {live}"
    assert "".join(text).count(HOSTILE) == times, page
    hrefs = [a.get("href") for t, a in tags if t == "a"]
    assert hrefs.count(HOSTILE_URL) == links, hrefs


def edit_csv_row(path: Path, pick, **values: str) -> dict[str, str]:
    """Set ``values`` in the first row of the CSV file ``path`` for which ``pick(row)`` is
    true (quoting as the csv module does); return that row."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if pick(r))
    row.update(values)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return row
