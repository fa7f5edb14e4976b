"""Exercise definitions (``data/exercises/*.yaml``): the schema, loading and
validation, reading matter, sources and the overview of every exercise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from .. import timeline
from ..data import DataError, InputError, ParisBakuError, Record, Source, data_dir, load_model
from ..geodata import parse_sources
from ..tables import rows as table_rows
from .answers import COMPUTE

EXERCISE_DIR = "exercises"

Status = Literal["correct", "close", "wrong", "not answered yet", "received"]
Kind = Literal["number", "choice", "set", "mapping", "ordering", "free", "figure"]


# --------------------------------------------------------------------------- models


class CloseRule(Record):
    """An answer that is wrong in a recognisable way, and the hint it deserves.

    ``factor``: the answer equals the expected value times this (units: 1e6 for m²).
    ``offset``: the answer equals the expected value plus this (off by one day).
    ``compute``: the answer equals what this other computation gives (a wrong method).
    """

    hint: str
    factor: float | None = None
    offset: float | None = None
    compute: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    tolerance: float | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> CloseRule:
        given = [x for x in (self.factor, self.offset, self.compute) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of factor, offset or compute")
        return self


class Criterion(Record):
    """One point of a free-text rubric, and words that show it is addressed."""

    point: str
    any_of: list[str]


class Check(Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Kind
    prompt: str
    compute: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    hashes: list[str] | None = None
    tolerance: float = 0.0
    relative: bool = False
    unit: str = ""
    close: list[CloseRule] = Field(default_factory=list)
    hints: list[str] = Field(min_length=1)
    rubric: list[Criterion] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    #: Timeline events the task rests on (their sources are listed with the exercise's).
    events: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Check:
        if self.kind in ("number", "ordering", "figure") and not self.compute:
            raise ValueError(f"a {self.kind} check needs 'compute' (its answer is computed)")
        if self.kind in ("choice", "set", "mapping") and not (self.compute or self.hashes):
            raise ValueError(f"a {self.kind} check needs 'compute' or 'hashes'")
        if self.compute and self.hashes:
            raise ValueError("give 'compute' or 'hashes', not both")
        if self.kind == "free" and not self.rubric:
            raise ValueError("a free-text check needs a 'rubric'")
        return self


class Material(Record):
    """Reading matter an exercise shows (e.g. two reports of one event), with sources."""

    id: str
    title: str
    text: str
    sources: list[Source] = Field(min_length=1)


#: The Python an exercise asks of a student, easiest first; the primer (ex0) teaches the
#: first five. ``exercises.overview()`` orders the exercises by the hardest they need.
PYTHON_SKILLS = ("type values", "call a function", "read a table", "filter rows", "plot",
                 "dates", "loops", "projections")
PythonSkill = Literal["type values", "call a function", "read a table", "filter rows", "plot",
                      "dates", "loops", "projections"]


class ExerciseFile(Record):
    notebook: str
    title: str
    #: The Python a student needs to finish it (see PYTHON_SKILLS).
    python: list[PythonSkill] = Field(default_factory=list)
    #: A guided variant names the exercise whose checks (and skills, salt) it shares.
    variant_of: str | None = None
    skills: list[Literal["spatial", "data", "time", "text", "sources"]] = Field(
        default_factory=list)
    salt: str = ""
    material: list[Material] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete_or_variant(self) -> ExerciseFile:
        if self.variant_of:
            if self.checks or self.salt or self.skills:
                raise ValueError("a variant shares the checks, salt and skills of the exercise "
                                 "it names in variant_of: give none of its own")
        elif not (self.checks and self.skills and len(self.salt) >= 8):
            raise ValueError("an exercise needs checks, skills and a salt of 8+ characters "
                             "(or variant_of naming the exercise it varies)")
        return self


# --------------------------------------------------------------------------- loading


def _files() -> list[str]:
    folder = data_dir() / EXERCISE_DIR
    return sorted(f"{EXERCISE_DIR}/{p.name}" for p in folder.glob("*.yaml"))


def _load_all() -> dict[str, tuple[ExerciseFile, Check]]:
    """Every check by id, with the file it belongs to; duplicate ids are errors."""
    found: dict[str, tuple[ExerciseFile, Check]] = {}
    where: dict[str, str] = {}
    for rel in _files():
        exfile = load_model(rel, ExerciseFile)
        for chk in exfile.checks:
            if chk.id in found:
                raise DataError(
                    f"data/{rel}",
                    f"check id {chk.id!r} is also used in data/{where[chk.id]}",
                    "give every check an id used nowhere else",
                )
            found[chk.id] = (exfile, chk)
            where[chk.id] = rel
            unknown = [c for c in [chk.compute, *(r.compute for r in chk.close)] if c]
            unknown = [c for c in unknown if c not in COMPUTE]
            if unknown:
                raise DataError(
                    f"data/{rel}",
                    f"check {chk.id!r}: unknown compute {unknown[0]!r}",
                    f"use one of: {', '.join(sorted(COMPUTE))}",
                )
    return found


def catalogue() -> dict[str, ExerciseFile]:
    """Every exercise file, keyed by notebook stem (validates all of them); a guided
    variant carries the checks, skills and salt of the exercise it varies."""
    _load_all()
    files = {f.notebook: f for f in (load_model(rel, ExerciseFile) for rel in _files())}
    for stem, exfile in files.items():
        if not exfile.variant_of:
            continue
        base = files.get(exfile.variant_of)
        if base is None or base.variant_of:
            raise DataError(f"data/{EXERCISE_DIR}/{stem}.yaml",
                            f"variant_of {exfile.variant_of!r} is not an exercise with checks",
                            "name the stem of a full exercise, e.g. ex4_nc_referendums")
        files[stem] = exfile.model_copy(
            update={"checks": base.checks, "skills": base.skills, "salt": base.salt})
    return files


def _difficulty(book: ExerciseFile) -> tuple[int, int]:
    """Unmarked exercises sort last."""
    ranks = [PYTHON_SKILLS.index(p) for p in book.python]
    return max(ranks, default=len(PYTHON_SKILLS)), len(ranks)


def validate() -> dict[str, ExerciseFile]:
    """Load every exercise file AND compute every expected answer once.

    A renamed timeline event or a missing table row then fails ``parisbaku
    check-data`` with the check's id, instead of failing in a student's notebook.
    """
    books = catalogue()
    for rel in _files():
        for chk in load_model(rel, ExerciseFile).checks:
            try:
                _derived_sources(chk)
            except ParisBakuError as exc:
                raise DataError(f"data/{rel}", f"check {chk.id!r}: {exc}",
                                "name events and rows that data/ has") from None
            calls = [(chk.compute, chk.args)] + [(r.compute, r.args) for r in chk.close]
            for name, args in calls:
                if not name:
                    continue
                try:
                    COMPUTE[name](**args)
                except (ParisBakuError, TypeError, KeyError, ValueError) as exc:
                    raise DataError(
                        f"data/{rel}",
                        f"check {chk.id!r}: computing {name}({args}) failed: {exc}",
                        "correct the ids or arguments under 'args' to match data/",
                    ) from None
    return books


def definition(exercise_id: str) -> Check:
    """The definition of one check; an InputError naming close ids if unknown."""
    checks = _load_all()
    if not isinstance(exercise_id, str) or exercise_id not in checks:
        known = sorted(checks)
        near = [k for k in known if isinstance(exercise_id, str) and exercise_id[:6] in k]
        raise InputError(
            f"There is no exercise check called {exercise_id!r}. "
            + (f"Did you mean {near[0]!r}? " if near else "")
            + "Copy the id exactly from the exercise notebook."
        )
    return checks[exercise_id][1]


def _salt(exercise_id: str) -> str:
    return _load_all()[exercise_id][0].salt


def material(material_id: str) -> MaterialView:
    """Show one piece of reading matter (text plus its sources) in a notebook."""
    for exfile in catalogue().values():
        for item in exfile.material:
            if item.id == material_id:
                return MaterialView(item)
    raise InputError(f"No exercise material called {material_id!r}; copy the id from the notebook.")


@dataclass(frozen=True)
class MaterialView:
    item: Material

    def __str__(self) -> str:
        cites = "\n".join(f"  - {s.label()}: {s.url}" for s in self.item.sources)
        return f"{self.item.title}\n\n{self.item.text}\n\nSources:\n{cites}"

    def _repr_html_(self) -> str:
        from ..pages import macro

        return str(macro("material", self.item, template="exercises_schema.html.j2"))


def _derived_sources(chk: Check) -> list[Source]:
    """Sources of the data an expected answer is computed from (timeline events, table rows)."""
    found = [s for i in chk.events for s in timeline.event(i).sources]
    calls = [(chk.compute, chk.args)] if chk.compute else []
    for name, args in calls:
        if name in ("days_between", "timeline_order"):
            ids = args.get("events") or [args["start"], args["end"]]
            found += [s for i in ids for s in timeline.event(i).sources]
        elif name and name.startswith("table_"):
            wheres = [args[k] for k in ("where", "first", "second") if k in args]
            for where in wheres:
                for row in table_rows(args["name"], where):
                    found += parse_sources(row.get("sources", ""))
    return found


def sources(notebook: str) -> SourceList:
    """Every source an exercise rests on: its readings, its checks, and the timeline
    events and table rows its expected answers are computed from (each listed once)."""
    books = catalogue()
    if notebook not in books:
        raise InputError(f"No exercise {notebook!r}; use one of: {', '.join(sorted(books))}.")
    book = books[notebook]
    found = [s for m in book.material for s in m.sources]
    for chk in book.checks:
        found += list(chk.sources) + _derived_sources(chk)
    unique: dict[str, Source] = {}
    for source in found:
        unique.setdefault(source.url, source)
    return SourceList(book.title, tuple(unique.values()))


@dataclass(frozen=True)
class SourceList:
    title: str
    items: tuple[Source, ...]

    def __str__(self) -> str:
        lines = [f"Sources of {self.title}:"]
        lines += [f"- {s.label()}: {s.url}" for s in self.items]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {s.label()}: <{s.url}>" for s in self.items)


def overview() -> list[dict[str, Any]]:
    """One row per exercise, easiest first (by the hardest Python it needs): notebook,
    title, the Python it needs, skills, and what its checks ask."""
    books = sorted(catalogue().items(), key=lambda item: (_difficulty(item[1]), item[0]))
    return [
        {"notebook": stem, "title": book.title, "python": ", ".join(book.python),
         "guided_version_of": book.variant_of or "", "skills": ", ".join(book.skills),
         "checks": len(book.checks),
         "free_text": sum(c.kind == "free" for c in book.checks)}
        for stem, book in books
    ]
