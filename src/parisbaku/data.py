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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, field_validator

__all__ = [
    "DataError",
    "InputError",
    "NonBlank",
    "ParisBakuError",
    "Record",
    "Source",
    "cached",
    "clear_cache",
    "data_dir",
    "data_path",
    "load_csv",
    "load_model",
    "load_yaml",
    "project_root",
    "row_problems",
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


def describe_validation_error(exc: ValidationError, raw: Any) -> list[str]:
    """One readable line per pydantic problem, naming the record by its id."""
    return [
        f"{locate(raw, err['loc'])}: {err['msg']}"
        + (f" (got {err['input']!r})" if _short(err.get("input")) else "")
        for err in exc.errors()
    ]


def row_problems(exc: ValidationError | ValueError, where: str) -> list[str]:
    """One line per problem of a table row, e.g. ``line 7, field 'lat': ...``."""
    errors = exc.errors() if isinstance(exc, ValidationError) else [{"msg": str(exc)}]
    return [
        f"{where}" + (f", field '{err['loc'][0]}'" if err.get("loc") else "") + f": {err['msg']}"
        for err in errors
    ]


def locate(raw: Any, loc: Iterable[Any]) -> str:
    """Turn a pydantic location into words, e.g. ``question 'q3', field 'answer'``.

    List items are named by their ``id`` (or ``n``) when they have one, so an
    author finds the record by searching the file for it.
    """
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if key < len(node) else None
            name = _record_name(item)
            parts.append(name if name else f"item {key + 1}")
            node = item
        else:
            parts.append(f"field '{key}'")
            node = node.get(key) if isinstance(node, dict) else None
    return ", ".join(parts) if parts else "top level"


def _record_name(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in ("id", "n", "adm1_code"):
            if key in item:
                return f"record {key}={item[key]!r}"
    return None


def _short(value: Any) -> bool:
    return isinstance(value, str | int | float) and len(repr(value)) <= 60
