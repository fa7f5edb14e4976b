"""What a lesson's quiz must hold to measure understanding, checked on its content.

The engine (:mod:`parisbaku.quiz`) makes sure a bank is well formed; this module
checks what an instructor would check by reading it (issue 11):

- **evidence**: every question lists the data it rests on (``evidence:``): timeline
  event ids, claim ids (``P3-04``), ``table:<name>``, ``wording:<id>``,
  ``card:<role card id>``, ``place:<gazetteer id>``, ``map:<function>``,
  ``forecast:<forecast id>`` or ``article:<paragraph number | metadata>``; each must exist.
- **dates**: a day and month a question states (``16 May``, ``19–20 September 2023``)
  must be the date or end date of a timeline event it cites, or the date that
  defines a row of a table it cites (a period's start, a referendum's day); so an
  item cannot drift from the event card students have just read.
- **counts**: a number of clues, statements, voices ... that an explanation
  announces ("Three clues ...") must match the answer it explains.
- **reasoning over recall**: at most a quarter of a bank is ``skill: recall``, and
  every learning objective has a question whose skill is what the objective's
  verb asks (:data:`VERB_SKILLS`).
- **layout**: the right option is the longest in at most a third of single-choice
  questions; an ordering is not written in its answer's order nor a matching in
  straight rows; multiple-choice keys are not mostly "all but one"; picking the
  option that repeats most words of the prompt scores at most 10 points above chance.

>>> from parisbaku import assessment
>>> assessment.bank_problems("03_lachin_corridor")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from . import article, claims, forecasts, geodata, lessons, places, quiz, timeline
from .data import InputError
from .quiz import MultipleChoice, SingleChoice

__all__ = ["VERB_SKILLS", "bank_problems", "evidence_kind", "recall_share", "stated_dates",
           "strategy_scores"]

#: Patterns of an objective's wording, and the skills of which one question must ask.
VERB_SKILLS: list[tuple[str, set[str], str]] = [
    (r"\bexplain", {"explain"}, "explain"),
    (r"\bjustify|with (?:a |its |their )?sources?\b|give the evidence|sourced figures"
     r"|cites evidence", {"justify"}, "justify / with sources"),
    (r"\blocate\b", {"locate"}, "locate"),
    (r"\bclassify\b|say what kind", {"classify"}, "classify"),
    (r"\bcompare\b|\btell .+ apart|\bdistinguish|\bseparate .+ from|\bidentify where"
     r"|read .+ critically", {"compare", "classify"}, "compare / tell apart"),
    (r"\btell what a map .+ from", {"locate", "compare"}, "what a map shows"),
    (r"whose (?:vocabulary|terms)|say who made|in its own terms|points of view",
     {"attribute"}, "say whose"),
    (r"\bcorrect\b|\bcheck\b|\btest\b", {"justify", "apply"}, "correct / check / test"),
    (r"\buse the\b|\bcompute\b", {"apply"}, "use / compute"),
    (r"\bdescribe\b", {"apply", "compare", "explain", "locate", "justify"}, "describe"),
]
RECALL_SHARE = 0.25
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_DATE = re.compile(r"\b(\d{1,2})(?:\s*(?:–|-|to|and)\s*(\d{1,2}))?\s+("
                   + "|".join(_MONTHS) + r")\b(?:\s+(\d{4}))?", re.IGNORECASE)
_ROW_DATES = ("start", "referendum_date")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNTED = re.compile(
    r"\b(" + "|".join(_NUMBERS) + r"|\d)\s+(clues|signs|statements|voices|positions|errors"
    r"|reasons|corrections|events|facts)\b", re.IGNORECASE)
_STOP = frozenset(re.findall(r"\w+", "the a an of to in and or on at by for with what which who "
                             "whom is was were did does do it its this that these those as from "
                             "be has have had their his her they how why when where not"))


# -- evidence ----------------------------------------------------------------
def evidence_kind(evidence_id: str) -> str:
    """What an evidence id points to: event, claim, table, wording, card, place, map, forecast,
    article."""
    prefix, _, rest = evidence_id.partition(":")
    if rest:
        return prefix
    return "claim" if re.fullmatch(r"P\d+-\d+", evidence_id) else "event"


def _known(kind: str) -> set[str]:
    # Lazy: maps loads matplotlib and geopandas; only an item citing a map needs them.
    from . import maps

    if kind == "event":
        return {e.id for e in timeline.events()}
    if kind == "claim":
        return {c.id for c in claims.claims()}
    if kind == "wording":
        return {w.id for w in claims.wording().rows}
    if kind == "card":
        return {p.id for p in claims.perspectives()}
    if kind == "place":
        return set(places.ids())
    if kind == "forecast":
        return {f.id for f in forecasts.forecasts()}
    if kind == "map":
        return {name for name in dir(maps) if callable(getattr(maps, name))}
    if kind == "article":
        return {"metadata", *(str(n) for n in range(1, article.count() + 1))}
    return set()


def _table(name: str) -> Any:
    try:
        return geodata.table(name)
    except InputError:
        return None


def _evidence_problems(q: Any) -> list[str]:
    if not q.evidence:
        return [f"question {q.id!r}: no 'evidence' (the data ids it rests on)"]
    problems = []
    for item in q.evidence:
        kind = evidence_kind(item)
        name = item.partition(":")[2] or item
        known = _table(name) is not None if kind == "table" else name in _known(kind)
        if not known:
            problems.append(f"question {q.id!r}: evidence {item!r} is not a known {kind} id")
    return problems


# -- dates and counts ---------------------------------------------------------
def _texts(q: Any) -> list[str]:
    texts = [q.prompt, q.explanation]
    groups = ("options", "items", "left", "right")
    for group in (getattr(q, name, None) for name in groups):
        for entry in group or []:
            texts.append(entry.text)
            texts.append(getattr(entry, "feedback", "") or "")
    return texts


def stated_dates(text: str) -> list[tuple[int, int, int | None]]:
    """(day, month, year or None) of every day-and-month date a text states."""
    found = []
    for first, second, month, year in _DATE.findall(text):
        m = _MONTHS.index(month.lower()) + 1
        for day in (first, second):
            if day and 1 <= int(day) <= 31:
                found.append((int(day), m, int(year) if year else None))
    return found


def _cited_dates(q: Any) -> set[tuple[int, int, int]]:
    dates: set[tuple[int, int, int]] = set()
    for item in q.evidence:
        kind, name = evidence_kind(item), item.partition(":")[2] or item
        values: list[str] = []
        if kind == "event" and name in _known("event"):  # unknown ids are reported above
            event = timeline.event(name)
            values = [event.date, event.end_date or ""]
        elif kind == "table" and _table(name) is not None:
            # only the dates that define a row (a period's start, a vote's day), not the
            # day a figure was reported ('as_of'): a count of 16 May does not date an event
            values = [str(row.get(c, "")) for row in _table(name).rows for c in _ROW_DATES]
        for value in values:
            for y, m, d in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", value):
                dates.add((int(d), int(m), int(y)))
    return dates


def _date_problems(q: Any) -> list[str]:
    cited = _cited_dates(q)
    problems = []
    for text in _texts(q):
        for day, month, year in stated_dates(text):
            fits = any(d == day and m == month and (year is None or y == year)
                       for d, m, y in cited)
            if not fits:
                when = f"{day} {_MONTHS[month - 1].title()}" + (f" {year}" if year else "")
                problems.append(f"question {q.id!r}: states {when}, which is not the date of "
                                "any event or table row it cites in 'evidence'")
    return sorted(set(problems))


def _count_problems(q: Any) -> list[str]:
    counted = q.counted()
    if counted is None:
        return []
    expected, what = counted
    problems = []
    for word, noun in _COUNTED.findall(q.explanation):
        number = _NUMBERS.get(word.lower()) or int(word)
        if number != expected:
            problems.append(f"question {q.id!r}: the explanation announces {word} {noun}, "
                            f"but the question has {expected} {what}")
    return problems


# -- recall and objectives ------------------------------------------------------
def recall_share(bank: Any) -> float:
    """The share of a bank's questions that ask for a bare date, number, name or order."""
    bank = quiz.load_bank(bank)
    return sum(q.skill == "recall" for q in bank.questions) / len(bank.questions)


def _objective_problems(bank: Any, objectives: list[str]) -> list[str]:
    problems = []
    for number, text in enumerate(objectives, start=1):
        asked = {q.skill for q in bank.questions if number in q.objectives}
        for pattern, skills, label in VERB_SKILLS:
            if re.search(pattern, text, re.IGNORECASE) and not asked & skills:
                problems.append(
                    f"objective {number} ('{text[:60]}...') says '{label}', but no question on "
                    f"it has skill {' or '.join(sorted(skills))} (it has: "
                    f"{', '.join(sorted(s or 'none' for s in asked)) or 'no question'})")
    return problems


# -- layout -----------------------------------------------------------------------
def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ]+", text.lower()) if w not in _STOP and len(w) > 2}


def strategy_scores(bank: Any) -> dict[str, float]:
    """Expected share of single-choice questions a content-blind strategy gets right.

    ``chance`` is random guessing; ``longest`` picks the longest option, ``echo`` the
    option sharing most words with the prompt (ties split evenly).
    """
    singles = [q for q in quiz.load_bank(bank).questions if isinstance(q, SingleChoice)]
    if not singles:
        return {}

    def score(pick) -> float:
        total = 0.0
        for q in singles:
            values = {o.id: pick(q, o) for o in q.options}
            top = [k for k, v in values.items() if v == max(values.values())]
            total += (q.correct_ids[0] in top) / len(top)
        return total / len(singles)

    return {
        "chance": sum(1 / len(q.options) for q in singles) / len(singles),
        "longest": score(lambda q, o: len(o.text)),
        "echo": score(lambda q, o: len(_words(o.text) & _words(q.prompt))),
    }


def _layout_problems(bank: Any) -> list[str]:
    problems = []
    singles = [q for q in bank.questions if isinstance(q, SingleChoice)]
    longest = [q.id for q in singles
               if max(q.options, key=lambda o: len(o.text)).id == q.correct_ids[0]]
    if len(longest) * 3 > len(singles):
        problems.append(f"the right option is the longest in {len(longest)} of {len(singles)} "
                        f"single-choice questions ({', '.join(longest)}); at most a third")
    scores = strategy_scores(bank)
    if scores and scores["echo"] > scores["chance"] + 0.10:
        problems.append(f"picking the option that repeats the prompt's words scores "
                        f"{scores['echo']:.0%} against {scores['chance']:.0%} by chance")
    multiples = [q for q in bank.questions if isinstance(q, MultipleChoice)]
    all_but_one = [q.id for q in multiples if len(q.correct_ids) == len(q.options) - 1]
    if len(multiples) > 1 and len(all_but_one) * 2 > len(multiples):
        problems.append(f"{len(all_but_one)} of {len(multiples)} multiple-choice keys are "
                        f"'all but one' ({', '.join(all_but_one)})")
    problems += [f"question {q.id!r}: {q.layout_giveaway()}"
                 for q in bank.questions if q.layout_giveaway()]
    return problems


# -- everything ---------------------------------------------------------------------
def bank_problems(bank_id: Any, objectives: Iterable[str] | None = None) -> list[str]:
    """Every content problem of a lesson's bank (an empty list when it holds).

    ``objectives`` defaults to the learning objectives of the lesson's notebook.
    """
    bank = quiz.load_bank(bank_id)
    if objectives is None:
        found = [e for e in lessons.catalogue() if e.path.stem == bank.lesson]
        if not found:
            raise InputError(f"no lesson {bank.lesson!r} for bank {bank.key!r}")
        objectives = lessons.read_objectives(found[0].path)
    problems: list[str] = []
    for q in bank.questions:
        if q.skill is None:
            problems.append(f"question {q.id!r}: no 'skill' (what it asks the student to do)")
        problems += _evidence_problems(q) + _date_problems(q) + _count_problems(q)
    share = recall_share(bank)
    if share > RECALL_SHARE:
        recall = [q.id for q in bank.questions if q.skill == "recall"]
        problems.append(f"{share:.0%} of the questions are recall ({', '.join(recall)}); "
                        f"at most {RECALL_SHARE:.0%}")
    return problems + _objective_problems(bank, list(objectives)) + _layout_problems(bank)
