"""The glossary: terms students meet, in English and French, with the Azerbaijani and
Armenian forms where they differ.

>>> from parisbaku import glossary
>>> print(glossary.term("NKAO"))                      # doctest: +ELLIPSIS
Nagorno-Karabakh Autonomous Oblast (NKAO)
  French: Région (oblast) autonome du Haut-Karabakh
  Azerbaijani: Dağlıq Qarabağ Muxtar Vilayəti (DQMV)
...
>>> whole = glossary.show()                           # in a notebook: the whole list

``data/glossary.yaml`` holds the terms; each names its sources directly or through
timeline events. Look-ups ignore case and accents and accept any form or alias
("Haut-Karabakh", "Nouméa Accord", "nkr").
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from . import pages
from .data import DataError, InputError, Record, Source, load_model, unknown_ids
from .text import fold

__all__ = ["Entry", "check", "entries", "markdown", "show", "sources", "term"]

GLOSSARY_FILE = "glossary.yaml"
LANGUAGES = (("en", "English"), ("fr", "French"), ("az", "Azerbaijani"), ("hy", "Armenian"))


class Entry(Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    en: str
    fr: str
    az: str = ""
    hy: str = ""
    aliases: list[str] = Field(default_factory=list)
    definition: str
    whose: str = ""
    lessons: list[str] = Field(min_length=1)
    events: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class GlossaryFile(Record):
    terms: list[Entry] = Field(min_length=1)


def entries() -> list[Entry]:
    """Every term, in the file's order."""
    return list(load_model(GLOSSARY_FILE, GlossaryFile).terms)


def _keys(entry: Entry) -> set[str]:
    forms = [entry.id, entry.en, entry.fr, *entry.aliases]
    keys = {fold(f) for f in forms}
    # "Nagorno-Karabakh Autonomous Oblast (NKAO)" is also found as "NKAO" and without it.
    for form in (entry.en, entry.fr):
        head, _, rest = form.partition(" (")
        keys.add(fold(head.strip(" \"'«»")))
        if rest:
            keys.add(fold(rest.split(")")[0]))
    return {k for k in keys if k}


def term(name: str) -> Term:
    """One term by any of its forms or aliases (case and accents ignored)."""
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"glossary.term() needs a word, e.g. glossary.term('NKAO'); got {name!r}.")
    wanted = fold(name.strip().strip("\"'«»“”"))
    found = [e for e in entries() if wanted in _keys(e)]
    if not found:
        near = [e.en for e in entries() if wanted and wanted in " ".join(_keys(e))]
        raise InputError(
            f"The glossary has no term {name!r}. "
            + (f"Close: {', '.join(near[:3])}. " if near else "")
            + "glossary.show() lists every term."
        )
    return Term(found[0])


def sources(entry: Entry) -> list[Source]:
    """The entry's own sources, then those of its timeline events, each once."""
    from . import timeline

    found = list(entry.sources) + [s for e in entry.events for s in timeline.event(e).sources]
    unique: dict[str, Source] = {}
    for source in found:
        unique.setdefault(source.url, source)
    return list(unique.values())


@dataclass(frozen=True)
class Term:
    """One entry as text (print) or HTML (notebook), each language marked for screen readers."""

    entry: Entry

    def _forms(self) -> list[tuple[str, str, str]]:
        return [(code, label, getattr(self.entry, code))
                for code, label in LANGUAGES if getattr(self.entry, code)]

    def __str__(self) -> str:
        e = self.entry
        others = [(label, form) for code, label, form in self._forms() if code != "en"]
        lines = [e.en, *(f"  {label}: {form}" for label, form in others)]
        lines.append(f"  {e.definition}")
        if e.whose:
            lines.append(f"  Whose term: {e.whose}")
        lines.append(f"  Lessons: {', '.join(e.lessons)}")
        lines += [f"  - {s.label()}: {s.url}" for s in sources(e)]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return pages.macro("term", self.entry, self._forms(), sources(self.entry),
                           template="glossary.html.j2")


def markdown() -> str:
    """The whole glossary as Markdown (the static page of ``make html``)."""
    terms = [(e, [form for form in Term(e)._forms() if form[0] != "en"], sources(e))
             for e in entries()]
    return str(pages.macro("markdown_page", terms, template="glossary.html.j2"))


class Listing:
    def __init__(self, items: list[Entry]):
        self.items = items

    def __str__(self) -> str:
        return "\n\n".join(str(Term(e)) for e in self.items)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return "".join(Term(e)._repr_html_() for e in self.items)


def show(lesson: str | None = None) -> Listing:
    """Every term (or those a lesson uses, e.g. ``show("04")``)."""
    items = [e for e in entries() if lesson is None or lesson in e.lessons]
    if lesson is not None and not items:
        raise InputError(f"No glossary term is marked for lesson {lesson!r}; try show() for all.")
    return Listing(items)


def check() -> list[Entry]:
    """Validate the glossary: unique ids and forms, known lessons and events, a source each."""
    from . import lessons, timeline

    found = entries()
    known_lessons = {lesson.id for lesson in lessons.catalogue()}
    known_events = {e.id for e in timeline.events()}
    problems: list[str] = []
    owner: dict[str, str] = {}
    for e in found:
        for key in _keys(e):
            if key in owner and owner[key] != e.id:
                problems.append(f"term id={e.id!r}: the form {key!r} is also term {owner[key]!r}")
            owner.setdefault(key, e.id)
        if not e.events and not e.sources:
            problems.append(f"term id={e.id!r}: no sources and no timeline events")
        who = f"term id={e.id!r}"
        problems += unknown_ids(who, "events", e.events, known_events, "timeline.yaml")
        problems += unknown_ids(who, "lessons", e.lessons, known_lessons, "lessons.yaml")
    if problems:
        raise DataError(f"data/{GLOSSARY_FILE}", problems, "give each term unique forms, "
                        "a source or a timeline event, and lessons that data/lessons.yaml lists")
    return found
