"""One home for comparing what people type with what ``data/`` holds.

Students type names in many scripts and spellings (Xankəndi, Stepanakert,
Ստեփանակերտ, Step’anakert); authors paste quotations with typographic quotes.
Every comparison in the package goes through these few functions, so the
module answers the same way wherever a name or an answer is typed.

- :func:`fold` for searching: lower-case ASCII (accents, case and letters such as
  Azerbaijani *ə* or Armenian script do not count), punctuation kept.
- :func:`key` for matching answers: :func:`fold`, apostrophes dropped, every other
  run of punctuation or space one space.
- :func:`slug` for identifiers made from text.
- :func:`quote_form` for checking quotations: accents count, typographic quotes and
  spacing do not.
- :func:`did_you_mean` for the hint after a name that is not known.
- :func:`parse_date` for a date typed or stored as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
- :func:`counted` for a count in a sentence the module writes (``1 event``, ``2 events``).

Transliteration is anyascii's (a maintained table for every Unicode script); it
transliterates, it does not translate: ``key("Şuşa")`` is ``"susa"``, not ``"shusha"``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from anyascii import anyascii

from .data import InputError

__all__ = ["DATE", "counted", "did_you_mean", "fold", "key", "parse_date", "quote_form", "slug"]

_APOSTROPHES = re.compile(r"['`´]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
#: A date as the module writes it: YYYY, YYYY-MM or YYYY-MM-DD.
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "’": "'", "‘": "'"})


def fold(text: Any) -> str:
    """Lower-case ASCII for searching; spacing and punctuation are kept.

    >>> fold("Xankəndi")
    'xankendi'
    >>> fold("Nouméa")
    'noumea'
    >>> fold("Ստեփանակերտ")
    "step'anakert"
    """
    return anyascii(unicodedata.normalize("NFKC", str(text))).casefold()


def key(text: Any) -> str:
    """The form two answers are compared (and hashed) in.

    >>> key("Step’anakert ") == key("Stepanakert") == key("Ստեփանակերտ")
    True
    >>> key("Nagorno-Karabakh") == key("nagorno  karabakh")
    True
    >>> key("Şuşa")
    'susa'
    """
    return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", fold(text))).strip()


def slug(text: Any, words: int = 5) -> str:
    """A short identifier made of the first ``words`` words of ``text``.

    >>> slug("Who held Shusha/Şuşa in 2021?")
    'who-held-shusha-susa-in'
    """
    return "-".join(key(text).split()[:words])


def quote_form(text: str) -> str:
    """For checking that a quotation stands in its source: typographic quotes, case and
    spacing do not count; accents do (a quotation is exact).

    >>> quote_form("“Nouméa’s  future”") == quote_form('"nouméa\\'s future"')
    True
    >>> quote_form("Nouméa") == quote_form("Noumea")
    False
    """
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split()).casefold()


def did_you_mean(given: Any, known: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> str:
    """`` Did you mean 'x'?`` for the known names closest to ``given``, or ``""``.

    >>> did_you_mean("karabah", ["karabakh", "lachin"])
    " Did you mean 'karabakh'?"
    >>> did_you_mean("shush", ["shusha", "shushi", "lachin"], n=3)
    " Did you mean 'shushi' or 'shusha'?"
    >>> did_you_mean("zzz", ["karabakh"])
    ''
    """
    close = difflib.get_close_matches(str(given), list(known), n=n, cutoff=cutoff)
    if not close:
        return ""
    names = [repr(c) for c in close]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f" Did you mean {listed}?"


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, singular for one: what captions, alt texts and feedback write.

    >>> counted(1, "event"), counted(0, "event"), counted(12, "attempt")
    ('1 event', '0 events', '12 attempts')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def parse_date(text: str, *, end: bool = False) -> dt.date:
    """A date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a ``datetime.date``.

    A year or month stands for its first day, or its last day with ``end=True``
    (so ``end="2023"`` in a filter includes all of 2023).

    >>> parse_date("2023-09"), parse_date("2024-02", end=True)
    (datetime.date(2023, 9, 1), datetime.date(2024, 2, 29))
    """
    if isinstance(text, dt.date):
        return text
    match = DATE.match(str(text).strip())
    if not match:
        raise InputError(
            f"{text!r} is not a date the timeline understands. "
            "Write it as YYYY, YYYY-MM or YYYY-MM-DD, e.g. '2023-09' or '2023-09-19'."
        )
    year = int(match[1])
    month = int(match[2]) if match[2] else (12 if end else 1)
    last_day = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 1
    day = int(match[3]) if match[3] else (last_day if end else 1)
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise InputError(f"{text!r} is not a real date ({exc}).") from None
