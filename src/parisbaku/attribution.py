"""Is a one-sided term used in the module's own voice? The attribution check.

``data/wording.yaml`` lists, under ``attributed_terms``, words that belong to one
side (``blockade``, ``offensive``, ``liberated``...). The module may use such a
word only when the same sentence says whose it is: the word in quotation marks,
or a cue such as "called", "in Armenian accounts", "Baku's word". Code (cells,
inline code spans, event ids) and the article's own quoted words are not the
module's voice and are skipped.

>>> [t.id for t in terms()][:2]
['blockade', 'eco-protest']
>>> [h.term for h in scan_text("notes.md", "The blockade lasted nine months.")]
['blockade']
>>> scan_text("notes.md", "Armenia called it a blockade.")
[]
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import Field, field_validator

from .data import Record, Source, load_model

__all__ = ["AttributedTerm", "Hit", "scan_file", "scan_text", "terms"]

#: Words that say whose a term is, when they stand in the same sentence.
CUES = re.compile(
    r"\b(call|calls|called|calling|describ\w*|word|words|terms?|vocabulary|"
    r"wording|according to|say|says|said|speaks? of|spoke of|labels?|labelled|framing|"
    r"accounts?|usage|condemn\w*|denounc\w*|for (?:Armenia|Armenians|Baku|"
    r"Azerbaijan|Yerevan|Paris|France|the Karabakh Armenians|Azerbaijani|Armenian))\b",
    re.IGNORECASE,
)
_QUOTED = r"(?<!\w)[\"“'‘*]{}[\"”'’*](?!\w)"  # quotation marks, not an apostrophe
_CODE = re.compile(r"`[^`]*`|https?://\S+|\b[a-z]+(?:-[a-z]+)*-\d[\w-]*")
#: The text-valued fields of YAML data: the module's prose. (A quote: field is the article's.)
PROSE_FIELDS = {"prompt", "text", "feedback", "explanation", "correction", "title", "summary",
                "what_happened", "reasoning", "position", "whose", "note", "notes", "hint", "hints",
                "point"}
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n|\n\s*[-*] ")


class AttributedTerm(Record):
    id: str
    pattern: str
    whose: str
    others: str
    neutral: str
    sources: list[Source] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        return value


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def terms() -> list[AttributedTerm]:
    """The one-sided terms, from data/wording.yaml (validated with the rest of that file)."""
    from .claims import WORDING_FILE, WordingSet

    return load_model(WORDING_FILE, WordingSet).attributed_terms


@dataclass(frozen=True)
class Hit:
    """A one-sided term used without attribution: where, which, and what to write."""

    file: str
    line: int
    term: str
    sentence: str
    fix: str

    def __str__(self) -> str:
        return (f"{self.file}:{self.line}: '{self.term}' in the module's voice: "
                f"“{self.sentence}” — {self.fix}")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_END.finditer(text, end)), len(text))
    return text[left:right]


#: How far (in characters, within its sentence) a cue may stand from the term it attributes.
NEAR = 45
#: A side named just before the term, not as its possessor: "France an offensive", "for Baku a ...".
SIDE_BEFORE = re.compile(
    r"\b(?:Armenia|Armenians|Yerevan|France|Paris|Baku|the FLNKS|loyalists)\b(?![\'’]s)"
    r"[^.;:'’]{0,25}$")


def _attributed(sentence: str, word: str) -> bool:
    at = sentence.lower().find(word.lower())
    near = sentence[max(0, at - NEAR): at + len(word) + NEAR] if at >= 0 else sentence
    if at >= 0 and SIDE_BEFORE.search(sentence[:at]):
        return True
    return bool(CUES.search(near)) or bool(
        re.search(_QUOTED.format(r"[^\"“”'‘’*]{0,80}" + re.escape(word) + r"[^\"“”'‘’*]{0,80}"),
                  sentence, re.IGNORECASE))


def scan_text(file: str, text: str, first_line: int = 1,
              line_of: list[int] | None = None) -> list[Hit]:
    """The unattributed uses of one-sided terms in a piece of prose.

    ``line_of[i]`` gives the file line of the text's line ``i`` (for notebooks,
    whose prose lines sit at scattered lines of the JSON file).
    """
    prose = _CODE.sub(lambda m: " " * len(m.group()), text)
    hits = []
    for term in terms():
        for match in _compiled(term.pattern).finditer(prose):
            sentence = _sentence_around(prose, match.start(), match.end())
            if _attributed(sentence, match.group()):
                continue
            row = prose.count("\n", 0, match.start())
            line = line_of[row] if line_of else first_line + row
            hits.append(Hit(file, line, match.group(), " ".join(sentence.split()),
                            f"write '{term.neutral}', or say whose word it is ({term.whose})"))
    return sorted(hits, key=lambda h: h.line)


def scan_file(path: Path, root: Path) -> list[Hit]:
    """Scan a notebook's markdown cells, a YAML file's prose fields or a CSV table's cells."""
    name = path.relative_to(root).as_posix()
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return _scan_notebook(name, raw)
    if path.suffix == ".csv":
        rows = csv.reader(io.StringIO(raw))
        return [hit for number, row in enumerate(rows, start=1) for cell in row
                for hit in scan_text(name, cell, first_line=number)]
    file_lines = raw.splitlines()
    hits = []
    for value in _prose_values(yaml.safe_load(raw)):
        head = " ".join(value.split()[:6])
        line = next((i + 1 for i, ln in enumerate(file_lines) if head[:40] in " ".join(ln.split())),
                    1)
        hits += [Hit(h.file, line + h.line - 1, h.term, h.sentence, h.fix)
                 for h in scan_text(name, " ".join(value.split()))]
    return sorted(hits, key=lambda h: h.line)


def _prose_values(node, key: str | None = None):
    if isinstance(node, dict):
        # an option written in one side's words on purpose, whose feedback says whose they are
        on_purpose = isinstance(node.get("feedback"), str) and CUES.search(node["feedback"])
        for k, v in node.items():
            if not (k == "text" and on_purpose):
                yield from _prose_values(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _prose_values(item, key)
    elif isinstance(node, str) and key in PROSE_FIELDS:
        yield node


def _scan_notebook(name: str, raw: str) -> list[Hit]:
    file_lines = raw.splitlines()
    hits: list[Hit] = []
    cursor = 0
    for cell in json.loads(raw)["cells"]:
        source = cell["source"] if isinstance(cell["source"], list) else [cell["source"]]
        where = []
        for piece in source:
            needle = json.dumps(piece, ensure_ascii=False)[1:-1][:60]
            found = next((i for i in range(cursor, len(file_lines)) if needle in file_lines[i]),
                         cursor)
            cursor = found
            where.append(found + 1)
        if cell["cell_type"] == "markdown" and source:
            hits += scan_text(name, "".join(source), line_of=where)
    return hits
