"""Every date and figure a lesson states in its prose is a value that data/ holds.

The prose of every notebook in notebooks/ is read without its code cells, inline code
and web addresses; numbers are parsed as values (thousands separators, decimals,
percentages) and dates as dates, then compared with the values in data/ (the timeline,
the claims, wording, role cards, forecasts, glossary, the article and the tables), whose
web addresses are dropped too: a page id in a URL is not a source for a figure.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_URL = re.compile(r"https?://\S+|www\.\S+|\]\([^)]*\)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_DAY_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# 203,144 · 74.8 · 12% · 1 200 (thin or no-break space) · 115183
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[,\u202f\xa0]\d{3})+|\d+)(\.\d+)?(\s?%)?(?![\w])")
#: Numbers in lessons that are not facts about the world, with why.
NOT_FACTS = {1200, 1500}  # the essay's length in words, set by the course, not a source
DATA_FILES = ["*.yaml", "article/*.yaml", "tables/*.csv", "places.csv", "geo/SOURCES.md"]


def prose(text: str) -> str:
    """Text without fenced or inline code and without web addresses or link targets."""
    return re.sub(r"[ \t\r\n]+", " ", _URL.sub(" ", _CODE.sub(" ", text)))


def dates(text: str) -> set[str]:
    """Each day-precise date written out ('16 April 2024') or in ISO form, as 'D Month YYYY'.
    An impossible date ('31 February 2021') is kept as written, so it is never held."""
    found = set()
    for d, m, y in [*_DAY_DATE.findall(text), *((d, MONTHS[int(m) - 1], y)
                    for y, m, d in _ISO.findall(text) if 1 <= int(m) <= 12)]:
        try:
            dt.date(int(y), MONTHS.index(m) + 1, int(d))
        except ValueError:
            found.add(f"{d} {m} {y} (no such day)")
        else:
            found.add(f"{int(d)} {m} {y}")
    return found


def numbers(text: str) -> list[tuple[str, float, bool]]:
    """(as written, value, is a figure) for each number; a figure has three digits or more,
    a decimal or a percent sign; years (1900-2099 standing alone) and dates are not figures."""
    text = _ISO.sub(" ", _DAY_DATE.sub(" ", text))
    found = []
    for match in _NUMBER.finditer(text):
        whole, decimals, percent = match.groups()
        digits = re.sub(r"[,\u202f\xa0]", "", whole)
        value = float(digits + (decimals or ""))
        is_year = not decimals and not percent and digits == whole and 1900 <= value <= 2099
        figure = not is_year and bool(len(digits) >= 3 or decimals or percent)
        found.append((match.group(0).strip(), value, figure))
    return found


def figures(text: str) -> list[tuple[str, float]]:
    return [(written, value) for written, value, figure in numbers(text) if figure]


def held_in_data(data: Path) -> tuple[set[float], set[str]]:
    """Every number and date written in data/ (web addresses left out)."""
    values: set[float] = set()
    days: set[str] = set()
    for pattern in DATA_FILES:
        for path in sorted(data.glob(pattern)):
            text = prose(path.read_text(encoding="utf-8"))
            days |= dates(text)
            values |= {value for _, value, _ in numbers(text)}
    return values, days


def held(written: str, value: float, values: set[float]) -> bool:
    """The value is in data/; one stated with decimals may be a data value rounded to them
    (53.3% for 53.26); a whole number must be exact (75 is not 74.8)."""
    if value in values:
        return True
    places = len(written.rstrip(" %").partition(".")[2])
    return places > 0 and any(round(v, places) == value for v in values)


def unsourced(notebooks: Path, data: Path) -> list[str]:
    """'notebook: figure' for each date or figure stated in lesson prose that data/ lacks."""
    values, days = held_in_data(data)
    missing = []
    for path in sorted(notebooks.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = prose("\n".join("".join(c["source"]) for c in cells
                               if c["cell_type"] == "markdown"))
        missing += [f"{path.name}: date {d}" for d in sorted(dates(text) - days)]
        missing += [f"{path.name}: {written}" for written, value in figures(text)
                    if not held(written, value, values) and value not in NOT_FACTS]
    return missing


def test_every_date_and_figure_in_lesson_prose_is_held_in_data():
    missing = unsourced(ROOT / "notebooks", ROOT / "data")
    assert not missing, "stated in lesson prose but not held in data/:\n" + "\n".join(missing)


def test_the_reader_parses_values_and_ignores_code_and_addresses():
    text = ("In 2019 the South had 203,144 people (74.8 %), see "
            "[the census](https://gouv.nc/271-407-personnes) and `total = 115183`; "
            "on 16 April 2024 France recalled, ¶3, lesson 05. Also 1\u202f200 and 35%.")
    assert held("53.3%", 53.3, {53.26}) and not held("75%", 75.0, {74.8})
    assert figures(prose(text)) == [("203,144", 203144.0), ("74.8 %", 74.8),
                                    ("1\u202f200", 1200.0), ("35%", 35.0)]
    assert dates(prose(text)) == {"16 April 2024"}


def _lesson_with(tmp_path: Path, sentence: str) -> Path:
    """A scratch copy of notebooks/ where lesson 03 says one more sentence."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / "03_lachin_corridor.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    first["source"] = "".join(first["source"]) + "\n\n" + sentence
    path.write_text(json.dumps(nb), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("sentence", "reported"), [
    ("It reopened on 29 March 2021.", "03_lachin_corridor.ipynb: date 29 March 2021"),
    ("About 123,457 people left.", "03_lachin_corridor.ipynb: 123,457"),
    ("The share was 61.3%.", "03_lachin_corridor.ipynb: 61.3%"),
    ("It closed on 31 February 2021.",
     "03_lachin_corridor.ipynb: date 31 February 2021 (no such day)"),
])
def test_a_figure_data_does_not_hold_is_reported_with_its_lesson(tmp_path, sentence, reported):
    assert reported in unsourced(_lesson_with(tmp_path, sentence), ROOT / "data")


def test_digits_in_a_web_address_are_not_a_source(tmp_path):
    """A figure whose digits appear only inside a URL in data/ is still reported."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "claims.yaml").write_text(yaml.safe_dump({"sources": [
        {"url": "https://gouv.nc/actualites/06-01-2020/271-407-personnes-recensees-en-2019"}]}),
        encoding="utf-8")
    folder = _lesson_with(tmp_path, "The census counted 271,407 and 407 and 2020-01-06.")
    missing = [m for m in unsourced(folder, data) if m.startswith("03_")]
    assert {"03_lachin_corridor.ipynb: 271,407", "03_lachin_corridor.ipynb: 407"} <= set(missing)
    assert "03_lachin_corridor.ipynb: date 6 January 2020" in missing
