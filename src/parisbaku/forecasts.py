"""The article's forecasts tested against what happened next (lesson 08).

Each record of ``data/forecasts.yaml`` quotes a forward-looking or general claim
of the article (with its paragraph), lists the events of the timeline it is
tested against, and gives the module's verdict (held, partly held, did not
hold, too early) as of the end of the timeline's record. The forecast check is
built on the claim check's mechanism (:mod:`parisbaku.selfcheck`, as
``claims.self_check`` in lesson 01): for a forecast the student records the event
relied on, the kind and reliability of its source, a verdict, a confidence and a
one-sentence justification, and only then sees the module's verdict and
reasoning. ``check_bank`` gives the same check as a short quiz.

>>> from parisbaku import forecasts
>>> forecasts.forecast("F06").verdict
'held'
>>> sorted(forecasts.summary())
['did not hold', 'held', 'partly held', 'too early']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from . import pages
from .data import DataError, InputError, Record, Source, load_model, unknown_ids

__all__ = ["VERDICTS", "Forecast", "check", "check_bank", "forecast", "forecasts",
           "justifications", "self_check", "show_check", "summary", "table"]

FILE = "forecasts.yaml"
LESSON = "08_after_the_article"
SELF_CHECK_KEY = "08_forecast_self_check"
SELF_CHECK_TITLE = "Check a forecast yourself"
TEMPLATE = "forecasts.html.j2"  # the displays: templates/pages/forecasts.html.j2

#: The verdicts on a forecast, with what each means.
VERDICTS: dict[str, str] = {
    "held": "later events bore it out",
    "partly held": "part of it came true, or it came true otherwise or later than said",
    "did not hold": "later events went the other way",
    "too early": "the record cannot settle it yet, or no event can (a value judgement)",
}
Verdict = Literal["held", "partly held", "did not hold", "too early"]
_COLOURS = {"held": "#1a7f37", "partly held": "#b54708", "did not hold": "#b42318",
            "too early": "#475467"}


class Forecast(Record):
    id: str
    paragraph: int = Field(ge=1)
    quote: str
    claims: list[str] = Field(min_length=1)
    kind: Literal["forecast", "general"]
    what_happened: str
    events: list[str] = Field(min_length=1)
    verdict: Verdict
    reasoning: str

    def sources(self) -> list[Source]:
        """The first source of each event the verdict rests on."""
        from . import timeline

        return [timeline.event(e).sources[0] for e in self.events]

    def __str__(self) -> str:
        return "\n".join([
            f"{self.id} (¶{self.paragraph}, {self.kind}) “{self.quote}”",
            f"  what happened: {self.what_happened}",
            f"  verdict ({_as_of()}): {self.verdict}. {self.reasoning}",
            f"  events: {', '.join(self.events)}",
        ])

    def _repr_html_(self) -> str:
        return pages.macro("forecast_card", self, _COLOURS[self.verdict], VERDICTS[self.verdict],
                           _as_of(), len(self.events), template=TEMPLATE)


class ForecastSet(Record):
    forecasts: list[Forecast] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> ForecastSet:
        repeated = [i for i, n in Counter(f.id for f in self.forecasts).items() if n > 1]
        if repeated:
            raise ValueError(f"forecast ids must be unique; repeated: {repeated}")
        return self


def _as_of() -> str:
    from . import timeline

    return timeline.as_of()


def _all() -> list[Forecast]:
    return load_model(FILE, ForecastSet).forecasts


def forecasts(verdict: str | None = None) -> list[Forecast]:
    """The forecasts in file order, optionally only those with one verdict."""
    if verdict is not None and verdict not in VERDICTS:
        raise InputError(f"There is no verdict {verdict!r}; use one of {', '.join(VERDICTS)}.")
    return [f for f in _all() if verdict is None or f.verdict == verdict]


def forecast(forecast_id: str) -> Forecast:
    """One forecast by its id, e.g. ``forecast("F03")``."""
    from .timeline import pick

    return pick({f.id: f for f in _all()}, forecast_id, "forecast",
                "Forecast ids are F01 to F16; list them with forecasts.forecasts().")


def check() -> list[Forecast]:
    """Validate the forecasts against the article, the claims and the timeline.

    Every quote must be the article's own words in its paragraph, every claim id
    must exist, every event must be in the timeline, and each forecast must be
    tested on at least one event after the article (2025 on).
    """
    import datetime as dt

    from . import article, claims, timeline

    found = _all()
    known_claims = {c.id for c in claims.claims()}
    events = {e.id: e for e in timeline.events()}
    after = dt.date(2025, 1, 1)
    problems = []
    for f in found:
        if f.paragraph > article.count():
            problems.append(f"record id={f.id!r}: paragraph {f.paragraph} > {article.count()}")
        elif not claims.quote_found(f):
            problems.append(f"record id={f.id!r}: the quote is not in paragraph {f.paragraph}")
        who = f"record id={f.id!r}"
        problems += unknown_ids(who, "claims", f.claims, known_claims, "claims.yaml")
        unknown = unknown_ids(who, "events", f.events, events, "timeline.yaml")
        problems += unknown
        if not unknown and not any(events[e].start >= after for e in f.events):
            problems.append(f"record id={f.id!r}: no event after the article (2025 on) tests it")
    if problems:
        raise DataError(
            f"data/{FILE}", problems,
            "quote the article exactly (pieces joined by ' ... '), cite claim ids from "
            "data/claims.yaml and event ids from data/timeline.yaml, at least one from 2025 on",
        )
    return found


def summary() -> dict[str, int]:
    """How many forecasts got each verdict."""
    counts = Counter(f.verdict for f in _all())
    return {v: counts.get(v, 0) for v in VERDICTS}


class ForecastTable:
    """The module's verdicts, one row per forecast (shown after the check)."""

    def __init__(self, rows: list[Forecast]):
        self.rows = rows

    def __str__(self) -> str:
        lines = [f"The article's forecasts, tested {_as_of()}"]
        lines += [f"{f.id} ¶{f.paragraph:<2} {f.verdict:<12} {f.quote}" for f in self.rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return pages.macro("forecast_table", [(f, len(f.events)) for f in self.rows], _as_of(),
                           template=TEMPLATE)


def table(ids: Iterable[str] | None = None) -> ForecastTable:
    """The verdicts as a table, for all forecasts or the given ids."""
    return ForecastTable([forecast(i) for i in ids] if ids is not None else _all())


# -- the forecast check, on the claim check's mechanism ----------------------
def check_bank(ids: Iterable[str] | None = None, *, bank_id: str = "08_forecast_check"):
    """For each forecast: name the event you rely on, then your verdict; then the module's.

    The event question accepts any event id the module's verdict relies on (one
    attempt more than the verdict, to fix a typo); the verdict question has one
    attempt and is built exactly as the claim check's (claims.verdict_question).
    """
    from .claims import verdict_question
    from .quiz import Bank, Question

    chosen = [forecast(i) for i in ids] if ids is not None else _all()
    if not chosen:
        raise InputError("No forecasts chosen; give ids such as F01 or none for all.")
    questions = []
    for f in chosen:
        said = f"The article, ¶{f.paragraph}: “{f.quote}”"
        questions.append(Question(
            id=f"{f.id}-event", type="text", objectives=[4], skill="apply", evidence=f.events,
            prompt=(f"{said}\n\nWhich event of 2025–2026 do you rely on most to test it? Type "
                    "its id as shown on its card (e.g. `washington-summit-2025-08-08`)."),
            answer=list(f.events),
            explanation=("The module relies on: " + ", ".join(f"`{e}`" for e in f.events)
                         + ". Another event can serve if you can say how it bears on the claim."),
            sources=f.sources(), attempts=2,
        ))
        questions.append(verdict_question(
            f"{f.id}-verdict",
            f"{said}\n\nWith that event in mind: did it hold ({_as_of()})?",
            VERDICTS, f.verdict, f"**What happened:** {f.what_happened}\n\n{f.reasoning}",
            f.sources(), objectives=[4],
        ))
    return Bank(lesson=LESSON, title="Forecast check: did the article's claims hold?",
                id=bank_id, attempts=1, questions=questions)


def self_check(ids: Iterable[str] | None = None, *, student: str | None = None, results=None):
    """Check a forecast yourself before you see the module's verdict (lesson 08).

    Pick a forecast, record the event you rely on (a timeline id, or another source),
    its kind and reliability, your verdict and confidence, and one sentence of
    justification; then the module's verdict, what happened and its reasoning are
    shown. A different verdict is saved for the instructor to read, not marked wrong.
    """
    from . import selfcheck

    chosen = [forecast(i) for i in ids] if ids is not None else _all()
    if not chosen:
        raise InputError("Give at least one forecast id, e.g. forecasts.self_check(['F02']).")
    items = [selfcheck.Item(
        id=f.id,
        label=f"{f.id} (¶{f.paragraph}): {f.quote[:70]}" + ("…" if len(f.quote) > 70 else ""),
        prompt=(f"The article, ¶{f.paragraph}: “{f.quote}”\n\nWhich event of 2025–2026 tests "
                f"it, and did it hold ({_as_of()})?"),
        verdict=f.verdict,
        explanation=(f"**Module's verdict ({_as_of()}): {f.verdict}.** **What happened:** "
                     f"{f.what_happened} {f.reasoning} (Timeline events: {', '.join(f.events)}.)"),
        sources=f.sources()) for f in chosen]
    return selfcheck.show(items, key=SELF_CHECK_KEY, title=SELF_CHECK_TITLE, verdicts=VERDICTS,
                          student=student, results=results)


def justifications(folder=None):
    """For the instructor: every student's self-check of each forecast, differing first."""
    from . import selfcheck

    return selfcheck.justifications(SELF_CHECK_KEY, folder)


def show_check(ids: Iterable[str] | None = None, **options):
    """Show the forecast check (answers saved and restored like every quiz)."""
    from . import quiz

    return quiz.show(check_bank(ids), **options)
