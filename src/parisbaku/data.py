"""The only code that reads ``data/``.

Every loader here is cached, validates what it reads with pydantic, and turns
any problem into a :class:`DataError` that names the file, the record and the
fix. Feature modules (article, places, maps, timeline, quiz, ...) ask this
module for data; they never open files themselves.
"""

from __future__ import annotations

import csv
import functools
import io
import os
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, field_validator

__all__ = [
    "DataError",
    "Entries",
    "InputError",
    "NonBlank",
    "ParisBakuError",
    "Record",
    "Source",
    "cached",
    "clear_cache",
    "data_dir",
    "data_path",
    "describe_error",
    "load_csv",
    "load_model",
    "load_yaml",
    "project_root",
    "row_problems",
    "unknown_ids",
]

#: Set this environment variable to read the module's data from another folder.
DATA_ENV = "PARISBAKU_DATA"

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])


class ParisBakuError(Exception):
    """Base of every error the module raises on purpose."""


class DataError(ParisBakuError):
    """A data file is missing or wrong.

    The message lists every problem found, each with the file and the record
    (and field) it concerns, and ends with what to do about it.
    """

    def __init__(self, file: str | Path, problems: str | Sequence[str], fix: str):
        self.file = str(file)
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.fix = fix
        if len(self.problems) == 1:
            body = f"{self.file}: {self.problems[0]}"
        else:
            listed = "\n".join(f"  - {p}" for p in self.problems)
            body = f"{self.file}: {len(self.problems)} problems:\n{listed}"
        super().__init__(f"{body}\nFix: {fix}")


class InputError(ParisBakuError, ValueError):
    """Something typed in a notebook (an argument, an answer) cannot be used.

    The message says what was given, what is accepted and what to do.
    """


class Record(BaseModel):
    """Base of every data record: unknown fields are errors, not silent typos."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def web_address(value: str) -> str:
    """For field validators: the value must be an http(s) address."""
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank: write the text this field is for")
    return value


#: A string field that must hold some text (not "" nor spaces only).
NonBlank = Annotated[str, AfterValidator(_non_blank)]


class Source(Record):
    """Where a fact comes from: the page, who published it and when."""

    url: str
    outlet: NonBlank
    published: str = "not shown"

    @field_validator("url")
    @classmethod
    def _url_is_web_address(cls, value: str) -> str:
        return web_address(value)

    def label(self) -> str:
        """A short human citation: outlet and date."""
        when = "" if self.published in ("", "not shown") else f", {self.published}"
        return f"{self.outlet}{when}"


def data_dir() -> Path:
    """The folder holding the module's data (``data/`` beside ``src/``)."""
    override = os.environ.get(DATA_ENV)
    folder = Path(override) if override else Path(__file__).resolve().parents[2] / "data"
    if not folder.is_dir():
        raise DataError(
            folder,
            "the module's data folder is not there",
            f"run the notebooks from a full copy of the module, or set {DATA_ENV} "
            "to the folder that holds article/, quizzes/, ...",
        )
    return folder


def project_root() -> Path:
    """The module's folder: the one holding ``data/``, ``notebooks/``, ``exercises/``,
    ``instructor/`` and (by default) ``results/``. Every path outside ``data/`` starts here."""
    return data_dir().parent


def data_path(relative: str | Path) -> Path:
    """The path of a file under ``data/``; a DataError if it does not exist."""
    path = data_dir() / relative
    if not path.exists():
        raise DataError(
            f"data/{relative}",
            "file not found",
            "restore it from the module's repository (git checkout -- data/) "
            "or check the name for a typo",
        )
    return path


#: Every cache of data read from data/ (filled by :func:`cached`), emptied by :func:`clear_cache`.
_CACHES: list[Any] = []


def cached(function: F) -> F:
    """``functools.cache`` for anything computed from ``data/``, registered so that
    :func:`clear_cache` empties it too (loaders here, map layers and tables in geodata)."""
    wrapped = functools.cache(function)
    _CACHES.append(wrapped)
    return wrapped  # type: ignore[return-value]


def clear_cache() -> None:
    """Forget everything read so far (after editing a data file in a session)."""
    for cache in _CACHES:
        cache.cache_clear()


#: YAML nested deeper than this is refused (the module's files nest fewer than 10 levels).
MAX_YAML_DEPTH = 50


# libyaml's parser when PyYAML was built with it (every PyPI and conda-forge wheel is): the
# pure-Python one took 1 of the 2.3 CPU-seconds of lesson 02 in a kernel. Still no tags.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _too_deep(root: yaml.Node) -> yaml.Node | None:
    """The first node, in document order, nested deeper than MAX_YAML_DEPTH (a mapping's
    keys and values are one level below it), or None. A node met again through an alias
    is not walked again, so an alias neither deepens a document nor loops."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            return node
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            continue
        stack.extend((child, depth + 1) for child in reversed(children))
    return None


class _StrictLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """``yaml.safe_load`` that refuses a key given twice in one mapping (YAML would keep
    the last silently) and nesting deeper than MAX_YAML_DEPTH."""

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        deep = _too_deep(node) if node is not None else None
        if deep is not None:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", deep.start_mark)
        return node

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # '<<: *anchor' merges; keys given beside it override on purpose
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
                seen.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:
                continue  # an unhashable key: safe_load reports it
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {str(key)[:60]!r} is given twice (first on line "
                    f"{first}); YAML would silently keep only the last one",
                    key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _not_utf8(relative: str, raw: bytes, exc: UnicodeDecodeError) -> DataError:
    line = raw[: exc.start].count(b"\n") + 1
    return DataError(
        f"data/{relative}",
        f"line {line}: not UTF-8 text (byte {raw[exc.start]:#04x}; saved as Latin-1 or "
        "cp1252?)",
        "save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8)",
    )


def read_text(relative: str) -> str:
    """A data file's text; a DataError naming the line if it is not UTF-8."""
    raw = data_path(relative).read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(relative, raw, exc) from None


@cached
def load_yaml(relative: str) -> Any:
    """Read a YAML file under ``data/`` safely (no tags), refusing duplicate keys."""
    text = read_text(relative)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a safe loader: no tags
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc)
        if "nesting depth" in problem:  # libyaml's own limit (1,000), met before ours
            problem = f"nested more than {MAX_YAML_DEPTH} levels deep"
        fix = ("give each key once (merge the two, or rename one)" if "twice" in problem
               else "flatten the structure" if "levels deep" in problem
               else "check the indentation and quoting around that line")
        raise DataError(f"data/{relative}", f"{where}: not valid YAML ({problem})",
                        fix) from None
    except RecursionError:  # the pure-Python parser (PyYAML without libyaml) on deep input
        raise DataError(f"data/{relative}", f"nested more than {MAX_YAML_DEPTH} levels deep",
                        "flatten the structure") from None


@cached
def load_csv(relative: str) -> tuple[dict[str, str], ...]:
    """Read a CSV file under ``data/`` as a tuple of row dicts (all values text)."""
    reader = csv.DictReader(io.StringIO(read_text(relative), newline=""))
    rows = []
    try:
        for number, row in enumerate(reader, start=2):
            if None in row or any(value is None for value in row.values()):
                raise DataError(
                    f"data/{relative}",
                    f"line {number}: wrong number of fields "
                    f"(the header has {len(reader.fieldnames or [])})",
                    "quote fields that contain commas, and give every row every column",
                )
            rows.append(dict(row))
    except csv.Error as exc:
        raise DataError(f"data/{relative}", f"line {reader.line_num}: not valid CSV ({exc})",
                        "check the quoting on that line") from None
    return tuple(rows)


def load_model(relative: str, model: type[M]) -> M:
    """Read a YAML file under ``data/`` and validate it against a pydantic model."""
    return _load_model_cached(relative, model)


@cached
def _load_model_cached(relative: str, model: type[M]) -> M:
    raw = load_yaml(relative)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataError(
            f"data/{relative}",
            describe_validation_error(exc, raw),
            "correct each field listed above; the other records are fine",
        ) from None


#: The most characters of a value a message repeats after "got" (a longer one is cut).
SHOWN_CHARS = 60

#: What pydantic's words become in a message (the rest are kept as pydantic says them).
_WORDS = {"missing": "missing", "extra_forbidden": "not a known field (a typo?)"}


@dataclass(frozen=True)
class Entries:
    """How messages name the entries of one container field (a list or a mapping).

    ``noun`` names an entry (``question``, ``event``); ``key`` is the entry's field
    that identifies it (``None``: entries are counted, 1, 2, ...; a mapping's entries
    are named by their key). ``tags`` are the names of a tagged union that pydantic
    puts in the location right after an entry; they are not in the file, so skipped.
    """

    noun: str
    key: str | None = "id"
    tags: tuple[str, ...] = ()

    def name(self, key: Any, item: Any) -> str:
        if not isinstance(key, int):
            return f"{self.noun} {shown(key)}"
        if self.key is None:
            return f"{self.noun} {key + 1}"
        if isinstance(item, dict) and self.key in item:
            return f"{self.noun} {shown(str(item[self.key]))}"
        return f"{self.noun} {key + 1} (no {self.key})"


def shown(value: Any) -> str:
    """A value as a message quotes it: its repr, cut after SHOWN_CHARS characters.

    >>> shown("Shusha")
    "'Shusha'"
    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… (100 characters)"
    """
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        return f"{value[:SHOWN_CHARS]!r}… ({len(value):,} characters)"
    try:
        text = repr(value)
    except ValueError:  # an integer beyond Python's limit on digits
        return "a number too long to show"
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}…"


def describe_error(err: Mapping[str, Any], raw: Any, records: Mapping[str, Entries] | None = None,
                   *, within: str = "", message: str | None = None) -> str:
    """One pydantic problem in words: where (record and field), what, and the value given.

    The one formatter of validation errors: data files, quiz banks, results files and
    table rows all use it. ``raw`` is what was validated (to name records by their id);
    ``records`` names the entries of container fields; ``within`` names where ``raw``
    sits (e.g. ``line 7``); ``message`` replaces pydantic's words when the caller knows
    better ones.

    >>> raw = {"events": [{"id": "e1", "year": "soon"}]}
    >>> err = {"type": "int_parsing", "loc": ("events", 0, "year"), "input": "soon",
    ...        "msg": "Input should be a valid integer"}
    >>> describe_error(err, raw)
    "field 'events', record id='e1', field 'year': Input should be a valid integer (got 'soon')"
    >>> describe_error(err, raw, {"events": Entries("event")})
    "event 'e1', field 'year': Input should be a valid integer (got 'soon')"
    """
    where = ", ".join(p for p in (within, locate(raw, err["loc"], records)) if p)
    what = message or _WORDS.get(err["type"], err["msg"])
    return f"{where or 'top level'}: {what}{_given(err)}"


def _given(err: Mapping[str, Any]) -> str:
    """`` (got <value>)`` for a scalar value; nothing for a missing or unknown field
    (pydantic's input is then the whole record) nor for a list or mapping."""
    value = err.get("input")
    if err["type"] in _WORDS or not isinstance(value, str | int | float | None):
        return ""
    return " (got an empty value)" if value is None else f" (got {shown(value)})"


def describe_validation_error(exc: ValidationError, raw: Any,
                              records: Mapping[str, Entries] | None = None) -> list[str]:
    """One readable line per pydantic problem (see :func:`describe_error`)."""
    return [describe_error(err, raw, records) for err in exc.errors()]


def row_problems(exc: ValidationError | ValueError, where: str) -> list[str]:
    """One line per problem of a table row, e.g. ``line 7, field 'lat': ...``."""
    if not isinstance(exc, ValidationError):
        return [f"{where}: {exc}"]
    return [describe_error(err, None, within=where) for err in exc.errors()]


def unknown_ids(record: str, field: str, cited: Iterable[str], known: Container[str],
                file: str) -> list[str]:
    """The problem line when a record cites ids that ``data/<file>`` lacks (none if all known).

    >>> unknown_ids("term id='nkao'", "events", ["a", "b", "c"], {"a"}, "timeline.yaml")
    ["term id='nkao': events ['b', 'c'] are not in data/timeline.yaml"]
    """
    missing = [x for x in cited if x not in known]
    return [f"{record}: {field} {missing} are not in data/{file}"] if missing else []


def locate(raw: Any, loc: Iterable[Any], records: Mapping[str, Entries] | None = None) -> str:
    """Turn a pydantic location into words, e.g. ``record id='q3', field 'answer'``.

    List items are named by their ``id`` (or ``n``) when they have one, so an author
    finds the record by searching the file for it; ``records`` names the entries of
    the fields it lists its own way (``question 'q3'``, ``event 2``).
    """
    records = records or {}
    parts: list[str] = []
    node = raw
    holder: Entries | None = None  # the container just entered, if ``records`` names it
    entry: Entries | None = None  # the container whose entry was just entered
    for key in loc:
        if entry is not None and key in entry.tags:
            entry = None
            continue  # a union's tag: not in the file
        entry = None
        if holder is not None and isinstance(node, list | dict):
            item = _child(node, key)
            parts[-1] = holder.name(key, item)  # 'question 'q3'' instead of 'field 'questions''
            holder, entry, node = None, holder, item
            continue
        holder = None
        if isinstance(key, int) and isinstance(node, list):
            node = _child(node, key)
            parts.append(_record_name(node) or f"item {key + 1}")
            continue
        parts.append(f"field {shown(key)}")
        holder = records.get(key) if isinstance(key, str) else None
        node = _child(node, key)
    return ", ".join(parts)


def _child(node: Any, key: Any) -> Any:
    if isinstance(node, list) and isinstance(key, int):
        return node[key] if 0 <= key < len(node) else None
    return node.get(key) if isinstance(node, dict) else None


def _record_name(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in ("id", "n", "adm1_code"):
            if key in item:
                return f"record {key}={shown(item[key])}"
    return None
