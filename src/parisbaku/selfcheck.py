"""Check it yourself first: evidence, source, verdict and reasons, then the module's verdict.

A self-check shows a list of items (claims of the article in lesson 01, forecasts in
lesson 08, ...). For the item a student picks, the student records

- the **evidence** found: a timeline event id (``france-recalls-ambassador-2024-04-16``)
  or a source (an outlet and date, or a web address);
- the **kind** of that source and how **reliable** the student judges it;
- a **verdict** (from the list the caller gives) and how **confident** they are;
- a **one-sentence justification**.

Only after recording is the module's verdict shown, with its explanation and
sources. Each record is saved at once in the student's results file (a
``self_check`` event, through :class:`parisbaku.quiz.store.ResultsStore`). A
verdict that differs from the module's is not marked wrong: it is saved with
``to_read: true``, and :func:`justifications` lists it first for the instructor.

Reuse it for any list of items with a verdict::

    from parisbaku import selfcheck
    items = [selfcheck.Item(id="F06", label="F06 (¶13): ...", prompt="...", verdict="held",
                            explanation="...", sources=[...])]
    selfcheck.show(items, key="08_forecast_self_check", title="Check a forecast yourself",
                   verdicts={"held": "later events bore it out", ...})

and list what a class wrote with ``selfcheck.justifications("08_forecast_self_check",
"results/")``. :func:`parisbaku.claims.self_check` is the lesson 01 use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .data import InputError, Source
from .text import did_you_mean

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = ["CONFIDENCE", "EVENT", "RELIABILITY", "SOURCE_KINDS", "Entry", "Item",
           "JustificationTable", "SelfCheckView", "entry_problems", "justifications",
           "record_event", "show"]

#: The kind of event saved in the results file.
EVENT = "self_check"
SOURCE_KINDS: dict[str, str] = {
    "official": "an official record (government, parliament, court, state agency)",
    "news": "a news agency or a newspaper",
    "side": "a side's own media, party or spokesperson",
    "reference": "an encyclopaedia, or a copy of another page",
    "other": "something else",
}
RELIABILITY: dict[str, str] = {
    "high": "first-hand or confirmed by independent sources",
    "medium": "one source, or a source with a stake in the question",
    "low": "relayed, unsigned, or contradicted elsewhere",
}
CONFIDENCE = ("sure", "fairly sure", "unsure")
MAX_JUSTIFICATION = 400
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _html(name: str, *args: Any) -> Markup:
    """The self-check template's macro ``name``, every value escaped (Markup kept); Markup,
    so a quiz box it is put in does not escape it again."""
    from .pages import macro

    return macro(name, *args, template="selfcheck.html.j2")


@dataclass(frozen=True)
class Item:
    """Something to check: its id, a short label, the text shown, and the module's verdict."""

    id: str
    label: str
    prompt: str
    verdict: str
    explanation: str
    sources: Sequence[Source] = ()


@dataclass(frozen=True)
class Entry:
    """What a student records for one item (every field as typed or chosen)."""

    item: str
    evidence: str
    source_kind: str
    reliability: str
    verdict: str
    confidence: str
    justification: str


def entry_problems(entry: Entry, items: Sequence[Item], verdicts: Iterable[str],
                   known_evidence: Iterable[str] = ()) -> list[str]:
    """What is missing or unusable in a record, in words a student can act on."""
    problems = []
    if entry.item not in {i.id for i in items}:
        problems.append("choose what you checked from the list")
    evidence = " ".join(entry.evidence.split())
    known = set(known_evidence)
    if not evidence:
        problems.append("say what evidence you found: a timeline event id or a source "
                        "(outlet and date, or a web address)")
    elif _SLUG.match(evidence) and known and evidence not in known:
        hint = did_you_mean(evidence, sorted(known), n=2, cutoff=0.8)
        problems.append(f"there is no timeline event {evidence!r}.{hint} Copy its id from "
                        "timeline.event(...), or name the source instead")
    elif len(evidence) < 6:
        problems.append("name the source more fully: its outlet and date, or a web address")
    elif len(evidence) > MAX_JUSTIFICATION:
        problems.append(f"shorten the evidence to at most {MAX_JUSTIFICATION} characters")
    if entry.source_kind not in SOURCE_KINDS:
        problems.append("say what kind of source it is")
    if entry.reliability not in RELIABILITY:
        problems.append("say how reliable you judge the source")
    if entry.verdict not in set(verdicts):
        problems.append("choose your verdict")
    if entry.confidence not in CONFIDENCE:
        problems.append("say how confident you are")
    words = entry.justification.split()
    if len(words) < 5:
        problems.append("justify your verdict in one sentence (at least five words)")
    elif len(entry.justification) > MAX_JUSTIFICATION:
        problems.append(f"keep the justification to one sentence (at most "
                        f"{MAX_JUSTIFICATION} characters; it has {len(entry.justification)})")
    return problems


def record_event(entry: Entry, item: Item) -> dict[str, Any]:
    """The event saved in the results file for one record."""
    from .quiz.resultsfile import new_id, now

    agrees = entry.verdict == item.verdict
    return {
        "event": EVENT, "id": new_id(), "question": item.id,
        "evidence": " ".join(entry.evidence.split()), "source_kind": entry.source_kind,
        "reliability": entry.reliability, "verdict": entry.verdict,
        "confidence": entry.confidence, "justification": " ".join(entry.justification.split()),
        "module_verdict": item.verdict, "agrees": agrees, "to_read": not agrees,
        "time": now(),
    }


# -- the widget ----------------------------------------------------------------------------
class SelfCheckView:
    """The self-check form: pick an item, record evidence and verdict, then see the module's."""

    def __init__(self, items: Sequence[Item], *, key: str, title: str,
                 verdicts: dict[str, str], student: str | None = None, results: Any = None,
                 known_evidence: Iterable[str] = ()):
        import ipywidgets as w

        from .quiz.access import LIVE_CLASS, Access
        from .quiz.inputs import LABEL_STYLE
        from .quiz.store import current_student
        from .quiz.widgets import QUIZ_CLASS, QUIZ_CSS
        from .quiz.widgets import _html as quiz_html

        if not items:
            raise InputError("nothing to check: give at least one item")
        self.items = {i.id: i for i in items}
        self.key, self.title, self.verdicts = key, title, verdicts
        self.results, self.known = results, set(known_evidence)
        self.store: Any = None
        self.pending: list[dict[str, Any]] = []
        wide = w.Layout(width="95%")

        def choose(label: str, options: list[tuple[str, str]]) -> Any:
            return w.Dropdown(description=label, options=[("— choose —", ""), *options],
                              value="", style=LABEL_STYLE, layout=wide)

        self.item = choose("What you check:", [(i.label, i.id) for i in items])
        self.prompt = w.HTML()
        # Typed boxes sync when left (Tab, a click on the button), in one message: sent
        # keystroke by keystroke, the last ones could reach the kernel after the button's
        # click, and a full sentence was refused as too short (seen in the browser test).
        self.evidence = w.Text(description="Evidence you found:", style=LABEL_STYLE,
                               layout=wide, placeholder="a timeline event id, or outlet and "
                               "date of a source, or its web address", continuous_update=False)
        self.source_kind = choose("Kind of source:", [(t, k) for k, t in SOURCE_KINDS.items()])
        self.reliability = choose("How reliable:",
                                  [(f"{k}: {t}", k) for k, t in RELIABILITY.items()])
        self.verdict = choose("Your verdict:", [(f"{k}: {t}", k) for k, t in verdicts.items()])
        self.confidence = choose("How confident:", [(c, c) for c in CONFIDENCE])
        self.justification = w.Textarea(description="Why, in one sentence:", style=LABEL_STYLE,
                                        layout=wide, placeholder="My verdict is ... because ...",
                                        continuous_update=False)
        self.button = w.Button(description="Record my check", icon="check",
                               tooltip="Save your check; then the module's verdict is shown",
                               layout=w.Layout(width="auto"))
        self.button.on_click(lambda _: self.record())
        self.feedback = w.HTML()
        self.reveal_area = w.HTML()
        self.name_box = w.Text(description="Your name:", placeholder="e.g. ana_lopez",
                               style=LABEL_STYLE, continuous_update=False)
        self.name_button = w.Button(description="Save my name")
        self.name_button.on_click(lambda _: self.set_student(self.name_box.value))
        self.name_row = w.HBox([self.name_box, self.name_button])
        self.who = w.HTML()
        self.done = w.HTML()
        self.item.observe(lambda change: self.pick(change["new"]), names="value")
        self.widget = w.VBox([
            w.HTML(QUIZ_CSS), Access(),
            w.HTML(str(quiz_html("title", title))),
            self.name_row, self.who, self.item, self.prompt, self.evidence, self.source_kind,
            self.reliability, self.verdict, self.confidence, self.justification, self.button,
            self.feedback, self.reveal_area, self.done,
        ])
        self.widget.add_class(QUIZ_CLASS)
        for live in (self.who, self.feedback, self.reveal_area):  # announced when they change
            live.add_class(LIVE_CLASS)
        name = student or current_student()
        if name:
            self.set_student(name)
        else:
            self.who.value = str(_html("ask_name"))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        text = f"{self.title}\n\n" + "\n".join(f"- {i.label}" for i in self.items.values())
        bundle["text/plain"] = text
        return bundle

    # -- the student's file ----------------------------------------------------
    def set_student(self, name: str) -> bool:
        from .quiz.store import ResultsStore, remember_student
        from .quiz.widgets import _box
        from .quiz.widgets import _html as quiz_html

        try:
            student = remember_student(name)
            self.store = ResultsStore(student, self.results)
        except InputError as exc:
            self.who.value = _box("notice", "Name not saved:", str(exc))
            return False
        self.name_row.layout.display = "none"
        self.who.value = str(quiz_html("saved_for", "Checks", student, self.store.path))
        for event in self.pending:
            self._write(event)
        self.pending = []
        self._list_done()
        return True

    def saved(self) -> dict[str, dict[str, Any]]:
        """The latest record of each item, from the results file."""
        if self.store is None:
            return {}
        latest = {}
        for event in self.store.events(self.key):
            if event.get("event") == EVENT:
                latest[str(event.get("question"))] = event
        return latest

    def _list_done(self) -> None:
        done = self.saved()
        if done:
            self.done.value = str(_html("done", [i for i in self.items if i in done]))

    # -- picking and recording -------------------------------------------------
    def pick(self, item_id: str) -> None:
        """Show an item; fill in what the student recorded before, and its verdict if any."""
        from .quiz.widgets import _md

        self.feedback.value = self.reveal_area.value = ""
        item = self.items.get(item_id)
        self.prompt.value = str(_md(item.prompt)) if item else ""
        earlier = self.saved().get(item_id)
        if item and earlier:
            self.evidence.value = str(earlier.get("evidence", ""))
            for box, name in ((self.source_kind, "source_kind"), (self.reliability,
                              "reliability"), (self.verdict, "verdict"),
                              (self.confidence, "confidence")):
                value = str(earlier.get(name, ""))
                box.value = value if value in [v for _, v in box.options] else ""
            self.justification.value = str(earlier.get("justification", ""))
            self.reveal(item, earlier)

    def entry(self) -> Entry:
        return Entry(item=self.item.value, evidence=self.evidence.value,
                     source_kind=self.source_kind.value, reliability=self.reliability.value,
                     verdict=self.verdict.value, confidence=self.confidence.value,
                     justification=self.justification.value)

    def record(self) -> dict[str, Any] | None:
        """Check the form; if complete, save it and show the module's verdict."""
        from .quiz.widgets import _box
        from .quiz.widgets import _html as quiz_html

        entry = self.entry()
        problems = entry_problems(entry, list(self.items.values()), self.verdicts, self.known)
        if problems:
            self.feedback.value = _box("notice", "Not recorded yet:", _html("problems", problems))
            return None
        item = self.items[entry.item]
        event = record_event(entry, item)
        if self.store is None:
            self.pending.append(event)
            self.feedback.value = _box("notice", "Not saved yet:", quiz_html(
                "name_first", "this check is kept until then."))
        else:
            self._write(event)
        self.reveal(item, event)
        self._list_done()
        return event

    def _write(self, event: dict[str, Any]) -> None:
        from .quiz.widgets import _box

        try:
            self.store.append(self.key, self.title, event)
        except OSError as exc:
            self.pending.append(event)
            self.feedback.value = _box("notice", "Your check could not be saved:",
                                       f"{exc}. It is kept in this session.")

    def reveal(self, item: Item, event: dict[str, Any]) -> None:
        """The module's verdict, after the student's own."""
        from .quiz.widgets import _box, _md

        if event["verdict"] == item.verdict:
            head = _box("correct", "Recorded.", _html("same_verdict", item.verdict))
        else:
            head = _box("notice", "Recorded.",
                        _html("other_verdict", str(event["verdict"]), item.verdict))
        self.reveal_area.value = str(_html("reveal", head, _md(item.explanation),
                                           list(item.sources)))


def show(items: Sequence[Item], *, key: str, title: str, verdicts: dict[str, str],
         student: str | None = None, results: Any = None,
         known_evidence: Iterable[str] | None = None) -> SelfCheckView:
    """Show a self-check of ``items`` (see the module doc); saved under ``key``.

    ``known_evidence``: ids a student may give as evidence (default: every timeline
    event id), so a mistyped id is caught with a suggestion.
    """
    if known_evidence is None:
        from . import timeline

        known_evidence = [e.id for e in timeline.events()]
    return SelfCheckView(items, key=key, title=title, verdicts=verdicts, student=student,
                         results=results, known_evidence=known_evidence)


# -- the instructor's side ----------------------------------------------------------------
COLUMNS = ("item", "student", "verdict", "module_verdict", "to_read", "confidence",
           "evidence", "source_kind", "reliability", "justification", "time")


@dataclass
class JustificationTable:
    """Every student's latest self-check of each item, differing verdicts first."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def item(self, item_id: str) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["item"] == item_id]

    def __str__(self) -> str:
        if not self.rows:
            return "No self-checks recorded yet."
        out, current = [], None
        for r in self.rows:
            if r["item"] != current:
                current = r["item"]
                out.append(f"\n{current}")
            flag = "TO READ " if r["to_read"] else ""
            out.append(f"  {flag}{r['student']}: {r['verdict']} (module: {r['module_verdict']}, "
                       f"{r['confidence']}); evidence: {r['evidence']} [{r['source_kind']}, "
                       f"{r['reliability']}]; “{r['justification']}”")
        return "\n".join(out).strip()

    def _repr_html_(self) -> str:
        if not self.rows:
            return str(_html("no_records"))
        headers = [c.replace("_", " ") for c in COLUMNS]
        rows = [[("⚑ to read" if r[c] else "") if c == "to_read" else str(r[c])
                 for c in COLUMNS] for r in self.rows]
        return str(_html("table", headers, rows, len(self.rows)))


def justifications(key: str, folder: Any = None) -> JustificationTable:
    """What a class recorded in a self-check (``key``), one row per student and item.

    Reads every results file in ``folder`` (default: results/) without changing it;
    files that cannot be read are listed in ``problems``. Within each item, records
    whose verdict differs from the module's (``to_read``) come first.
    """
    from .quiz.resultsfile import read_results_file
    from .quiz.store import results_dir

    where = results_dir(folder)
    table = JustificationTable()
    if not where.is_dir():
        table.problems.append((str(where), "no such folder"))
        return table
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(where.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            content = read_results_file(path)
        except (ValueError, OSError) as exc:
            table.problems.append((path.name, str(exc)[:300]))
            continue
        student = str(content.get("student", path.stem))
        for event in content["quizzes"].get(key, {}).get("events", []):
            if isinstance(event, dict) and event.get("event") == EVENT:
                latest[(str(event.get("question")), student)] = event
    for (item_id, student), e in latest.items():
        table.rows.append({"item": item_id, "student": student, **{
            c: (bool(e.get(c)) if c == "to_read" else str(e.get(c, ""))[:MAX_JUSTIFICATION])
            for c in COLUMNS if c not in ("item", "student")}})
    table.rows.sort(key=lambda r: (r["item"], not r["to_read"], r["student"]))
    return table
