"""The module's claim check of the article, its loaded wording, and the debate's role cards.

Every claim is a piece of the article (quoted, with its paragraph number) with
the module's verdict, an explanation in the module's words and sources. The
classification exercise of lesson 01 is built on the quiz engine, so a
student's answers are saved and restored like every quiz:

>>> from parisbaku import claims
>>> claims.claim("P10-01").verdict
'inaccurate'
>>> claims.uncovered_paragraphs()
[]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from . import pages
from .attribution import AttributedTerm
from .data import DataError, InputError, NonBlank, Record, Source, load_model, unknown_ids
from .text import quote_form

__all__ = [
    "VERDICTS",
    "Claim",
    "check",
    "check_bank",
    "claim",
    "claims",
    "justifications",
    "opinion_only_paragraphs",
    "perspectives",
    "role_card",
    "self_check",
    "show_check",
    "summary",
    "uncovered_paragraphs",
    "verdicts",
    "wording",
]

CLAIMS_FILE = "claims.yaml"
WORDING_FILE = "wording.yaml"
PERSPECTIVES_FILE = "perspectives.yaml"
CHECK_LESSON = "01_reading_the_article"
TEMPLATE = "claims.html.j2"  # the displays: templates/pages/claims.html.j2

#: The verdicts, in the order students meet them, with what each means.
VERDICTS: dict[str, str] = {
    "accurate": "sources support it",
    "inaccurate": "sources contradict it",
    "misleading": "a true element, but timing, attribution, framing or omission misleads",
    "opinion": "a judgement, forecast or advice: not a checkable fact",
    "unverifiable": "no source found that confirms or refutes it",
}
Verdict = Literal["accurate", "inaccurate", "misleading", "opinion", "unverifiable"]
_COLOURS = {
    "accurate": "#1a7f37", "inaccurate": "#b42318", "misleading": "#b54708",
    "opinion": "#5925dc", "unverifiable": "#475467",
}


class Claim(Record):
    id: str
    paragraph: int = Field(ge=1)
    quote: str
    verdict: Verdict
    key_error: bool = False
    correction: str | None = None
    explanation: NonBlank
    events: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _inaccurate_needs_correction(self) -> Claim:
        if self.verdict == "inaccurate" and not self.correction:
            raise ValueError("an inaccurate claim needs a 'correction' (what the sources show)")
        return self

    def _repr_html_(self) -> str:
        return pages.macro("claim_card", self, _COLOURS[self.verdict], VERDICTS[self.verdict],
                           len(self.sources), template=TEMPLATE)

    def __str__(self) -> str:
        lines = [f"{self.id} (¶{self.paragraph}) “{self.quote}”", f"  verdict: {self.verdict}"]
        if self.correction:
            lines.append(f"  what the sources show: {self.correction}")
        lines.append(f"  {self.explanation}")
        lines += [f"  - {s.label()}: {s.url}" for s in self.sources]
        return "\n".join(lines)


class ClaimSet(Record):
    claims: list[Claim]

    @model_validator(mode="after")
    def _unique(self) -> ClaimSet:
        repeated = [i for i, n in Counter(c.id for c in self.claims).items() if n > 1]
        if repeated:
            raise ValueError(f"claim ids must be unique; repeated: {repeated}")
        return self


class OtherTerm(Record):
    term: str
    whose: str


class Wording(Record):
    id: str
    term: str
    paragraph: int = Field(ge=1)
    whose: str
    other_terms: list[OtherTerm] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class WordingSet(Record):
    wording: list[Wording]
    #: one-sided terms the module's voice must attribute (see parisbaku.attribution)
    attributed_terms: list[AttributedTerm] = Field(min_length=1)


class Position(Record):
    position: str
    sources: list[Source] = Field(min_length=1)


class Perspective(Record):
    id: str
    actor: str
    speakers: str
    their_terms: list[str]
    positions: list[Position] = Field(min_length=1)
    prepare: list[str] = Field(default_factory=list)

    def _repr_html_(self) -> str:
        return pages.macro("role_card", self, ", ".join(self.their_terms), template=TEMPLATE)

    def __str__(self) -> str:
        lines = [f"Role card: {self.actor}", f"Who speaks: {self.speakers}",
                 f"Their own terms: {', '.join(self.their_terms)}"]
        for i, p in enumerate(self.positions, start=1):
            lines.append(f"{i}. {p.position}")
            lines += [f"   - {s.label()}: {s.url}" for s in p.sources]
        lines += [f"Prepare: {q}" for q in self.prepare]
        return "\n".join(lines)


class PerspectiveSet(Record):
    perspectives: list[Perspective]


# -- claims -----------------------------------------------------------------
def _all() -> list[Claim]:
    return load_model(CLAIMS_FILE, ClaimSet).claims


def claims(
    paragraph: int | Iterable[int] | None = None,
    verdict: str | None = None,
    *,
    key_only: bool = False,
) -> list[Claim]:
    """The claims, optionally of some paragraphs, of one verdict, or the key errors only."""
    wanted = _paragraphs(paragraph)
    if verdict is not None and verdict not in VERDICTS:
        raise InputError(f"There is no verdict {verdict!r}; use one of {', '.join(VERDICTS)}.")
    return [
        c for c in _all()
        if (wanted is None or c.paragraph in wanted)
        and (verdict is None or c.verdict == verdict)
        and (c.key_error or not key_only)
    ]


def _paragraphs(paragraph: int | Iterable[int] | None) -> set[int] | None:
    from . import article

    if paragraph is None:
        return None
    numbers = [paragraph] if isinstance(paragraph, int) else list(paragraph)
    for n in numbers:
        article.paragraph(n)  # raises a helpful InputError for a bad number
    return set(numbers)


def claim(claim_id: str) -> Claim:
    """One claim by its id, e.g. ``claim("P3-03")``."""
    from .timeline import pick

    return pick({c.id: c for c in _all()}, claim_id, "claim",
                "Claim ids are P<paragraph>-<number>, e.g. P3-03.")


def uncovered_paragraphs() -> list[int]:
    """Article paragraphs that no claim checks (should be none)."""
    from . import article

    covered = {c.paragraph for c in _all()}
    return [n for n in range(1, article.count() + 1) if n not in covered]


def opinion_only_paragraphs() -> list[int]:
    """Paragraphs whose every checked claim is an opinion (data/claims.yaml)."""
    found: dict[int, set[str]] = {}
    for c in claims():
        found.setdefault(c.paragraph, set()).add(c.verdict)
    return sorted(n for n, kinds in found.items() if kinds == {"opinion"})


def quote_found(c: Claim) -> bool:
    """Whether every piece of the claim's quote (split at '...') is in its paragraph."""
    from . import article

    text = quote_form(article.paragraph(c.paragraph))
    pieces = [p.strip(" .,") for p in re.split(r"\s*(?:\.\.\.|…)\s*", c.quote)]
    return all(quote_form(p) in text for p in pieces if p)


def check() -> list[Claim]:
    """Validate claims, wording and role cards against the article and the timeline."""
    from . import article, timeline

    found = _all()
    wording()
    perspectives()
    last = article.count()
    known_events = {e.id for e in timeline.events()}
    problems = []
    for c in found:
        if c.paragraph > last:
            problems.append(f"record id={c.id!r}: paragraph {c.paragraph} > {last}")
        elif not quote_found(c):
            problems.append(f"record id={c.id!r}: the quote is not in paragraph {c.paragraph}")
        problems += unknown_ids(f"record id={c.id!r}", "events", c.events, known_events,
                                "timeline.yaml")
    uncovered = uncovered_paragraphs()
    if uncovered:
        problems.append(f"paragraphs {uncovered} have no claim")
    if problems:
        raise DataError(
            f"data/{CLAIMS_FILE}", problems,
            "quote the article exactly (pieces joined by ' ... '), cite existing timeline ids, "
            "and give every paragraph at least one claim",
        )
    return found


def summary() -> dict[str, int]:
    """How many claims got each verdict."""
    counts = Counter(c.verdict for c in _all())
    return {v: counts.get(v, 0) for v in VERDICTS}


class Verdicts:
    """The module's verdicts for some claims, shown as a table with sources."""

    def __init__(self, shown: list[Claim]):
        self.shown = shown

    def __str__(self) -> str:
        return "\n\n".join(str(c) for c in self.shown)

    def _repr_html_(self) -> str:
        return "".join(c._repr_html_() for c in self.shown)


def verdicts(
    paragraph: int | Iterable[int] | None = None,
    *,
    key_only: bool = False,
    ids: Iterable[str] | None = None,
) -> Verdicts:
    """The module's verdicts with explanations and sources, to compare with your own.

    ``ids`` picks claims by id instead, e.g. ``verdicts(ids=["P4-06", "P4-07"])``.
    """
    if ids is not None:
        return Verdicts([claim(i) for i in ids])
    return Verdicts(claims(paragraph, key_only=key_only))


# -- the classification exercise, on the quiz engine ------------------------
def check_bank(
    paragraph: int | Iterable[int] | None = None,
    *,
    key_only: bool = False,
    bank_id: str = "01_claim_check",
):
    """The claims as a quiz: for each, choose a verdict; then see the module's, with sources.

    One attempt per claim: the point is to commit to a judgement, then compare.
    """
    from .quiz import Bank

    chosen = claims(paragraph, key_only=key_only)
    if not chosen:
        raise InputError("No claims match; give paragraph numbers from 1 to 15.")
    questions = []
    for c in chosen:
        correction = f"**What the sources show:** {c.correction}\n\n" if c.correction else ""
        questions.append(verdict_question(
            c.id, f"The article, ¶{c.paragraph}: “{c.quote}”\n\nHow do you classify this claim?",
            VERDICTS, c.verdict, f"{correction}{c.explanation}", list(c.sources), objectives=[3],
        ))
    title = "Claim check: classify the article's claims" + (" (key errors)" if key_only else "")
    return Bank(lesson=CHECK_LESSON, title=title, id=bank_id, attempts=1, questions=questions)


def verdict_question(qid: str, prompt: str, verdicts: dict[str, str], verdict: str,
                     explanation: str, sources: list[Source], *, objectives: list[int]):
    """One 'commit to a verdict, then see the module's' question (one attempt).

    Shared by the claim check (lesson 01) and the forecast check (lesson 08).
    """
    from .quiz import Option, Question

    options = [
        Option(id=re.sub(r"[^a-z0-9]+", "-", v), text=f"{v}: {meaning}",
               feedback=(f"The module also judges it {v}." if v == verdict
                         else f"The module judges it {verdict}, not {v}; read why below."))
        for v, meaning in verdicts.items()
    ]
    return Question(
        id=qid, type="single", objectives=objectives, prompt=prompt, options=options,
        answer=re.sub(r"[^a-z0-9]+", "-", verdict),
        explanation=f"**Module's verdict: {verdict}.** {explanation}",
        sources=sources, attempts=1,
    )


def show_check(paragraph: int | Iterable[int] | None = None, *, key_only: bool = False,
               **options):
    """Show the classification exercise (answers saved like every quiz)."""
    from . import quiz

    bank_id = "01_claim_check_key" if key_only else "01_claim_check"
    return quiz.show(check_bank(paragraph, key_only=key_only, bank_id=bank_id), **options)


# -- check a claim yourself, before the verdict ------------------------------
SELF_CHECK_KEY = "01_self_check"
SELF_CHECK_TITLE = "Check a claim yourself"


def self_check(claim_ids: Iterable[str] | None = None, *, student: str | None = None,
               results=None):
    """Check a claim yourself before you see the module's verdict (lesson 01, reused later).

    Pick a claim, then record the evidence you found (a timeline event id or a
    source), the kind and reliability of that source, your verdict and confidence,
    and a one-sentence justification. Only then is the module's verdict shown. A
    verdict that differs from the module's is saved for the instructor to read, not
    marked wrong. ``claim_ids`` limits the list (default: every claim), e.g.
    ``claims.self_check(["P3-03", "P12-02"])``. Built on :func:`parisbaku.selfcheck.show`.
    """
    from . import selfcheck

    chosen = [claim(i) for i in claim_ids] if claim_ids is not None else _all()
    if not chosen:
        raise InputError("Give at least one claim id, e.g. claims.self_check(['P3-03']).")
    items = [selfcheck.Item(
        id=c.id, label=f"{c.id} (¶{c.paragraph}): {c.quote[:70]}" + ("…" if len(c.quote) > 70
                                                                    else ""),
        prompt=f"The article, ¶{c.paragraph}: “{c.quote}”",
        verdict=c.verdict,
        explanation=(f"**Module's verdict: {c.verdict}.** "
                     + (f"**What the sources show:** {c.correction} " if c.correction else "")
                     + c.explanation
                     + (f" (Timeline events: {', '.join(c.events)}.)" if c.events else "")),
        sources=list(c.sources)) for c in chosen]
    return selfcheck.show(items, key=SELF_CHECK_KEY, title=SELF_CHECK_TITLE, verdicts=VERDICTS,
                          student=student, results=results)


def justifications(folder=None):
    """For the instructor: every student's self-check of each claim, differing verdicts first.

    ``folder``: where the class's results files are (default: results/).
    """
    from . import selfcheck

    return selfcheck.justifications(SELF_CHECK_KEY, folder)


# -- wording and perspectives -----------------------------------------------
class WordingTable:
    def __init__(self, rows: list[Wording]):
        self.rows = rows

    def __str__(self) -> str:
        out = []
        for w in self.rows:
            others = "; ".join(f"{o.term} ({o.whose})" for o in w.other_terms)
            out.append(f"¶{w.paragraph} “{w.term}” — {w.whose}\n    other terms: {others}")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        return pages.macro("wording_table", self.rows, template=TEMPLATE)


def wording(paragraph: int | Iterable[int] | None = None) -> WordingTable:
    """Loaded terms in the article: whose vocabulary, and the other sides' terms."""
    wanted = _paragraphs(paragraph)
    rows = load_model(WORDING_FILE, WordingSet).wording
    return WordingTable([w for w in rows if wanted is None or w.paragraph in wanted])


def perspectives() -> list[Perspective]:
    """The role cards for the debate, each with sourced positions."""
    return load_model(PERSPECTIVES_FILE, PerspectiveSet).perspectives


def role_card(perspective_id: str) -> Perspective:
    """One role card, e.g. ``role_card("kanak-independence")``."""
    from .timeline import pick

    found = {p.id: p for p in perspectives()}
    return pick(found, perspective_id, "role card", f"Role cards: {', '.join(found)}.", 0.4)
