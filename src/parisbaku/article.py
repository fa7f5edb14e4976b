"""The module's primary source: one opinion article, paragraph by paragraph.

The article is quoted, never adopted: every excerpt is rendered as an
attributed quotation with its paragraph number, so a reader always sees whose
words they are.

>>> from parisbaku import article
>>> article.paragraph(2)[:40]
'Last July, the Baku Initiative Group aga'
>>> article.find("Lachin")
[6]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import model_validator

from . import pages
from .data import InputError, Record, Source, load_model
from .text import fold

__all__ = [
    "Excerpt",
    "count",
    "excerpt",
    "find",
    "highlight",
    "metadata",
    "occurrences",
    "paragraph",
    "paragraphs",
    "paragraphs_with_any",
    "sentences",
]

TEXT_FILE = "article/paragraphs.yaml"
META_FILE = "article/metadata.yaml"
TEMPLATE = "article.html.j2"  # the displays: templates/pages/article.html.j2

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("U.S.", "Mr.", "Ms.", "Mrs.", "Dr.", "St.")
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z“\"])")


class Paragraph(Record):
    n: int
    text: str


class ArticleText(Record):
    paragraphs: list[Paragraph]

    @model_validator(mode="after")
    def _numbered_in_order(self) -> ArticleText:
        numbers = [p.n for p in self.paragraphs]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"paragraphs must be numbered 1, 2, 3, ... in order; found {numbers}")
        return self


class Evidence(Record):
    point: str
    sources: list[str]


class Written(Record):
    estimate: str
    precision: str
    evidence: list[Evidence]


class Origin(Record):
    summary: str
    sources: list[str]


class Misspelling(Record):
    as_written: str
    correct: str
    note: str
    sources: list[str]


class ArticleMeta(Record):
    title: str
    short_title: str
    citation: str
    language: str
    author: str
    kind: str
    paragraphs: int
    written: Written
    origin: Origin
    known_misspellings: list[Misspelling]
    sources: dict[str, Source]

    @model_validator(mode="after")
    def _sources_exist(self) -> ArticleMeta:
        cited = [s for e in self.written.evidence for s in e.sources]
        cited += self.origin.sources + [s for m in self.known_misspellings for s in m.sources]
        missing = sorted(set(cited) - set(self.sources))
        if missing:
            raise ValueError(f"cites sources not listed under 'sources': {missing}")
        return self


def _text() -> ArticleText:
    return load_model(TEXT_FILE, ArticleText)


def metadata() -> ArticleMeta:
    """What is known about the article: kind, date, origin, with sources."""
    return load_model(META_FILE, ArticleMeta)


def count() -> int:
    """The number of paragraphs."""
    return len(_text().paragraphs)


def paragraphs() -> dict[int, str]:
    """All paragraphs, keyed by number."""
    return {p.n: p.text for p in _text().paragraphs}


def _check_number(n: object) -> int:
    last = count()
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputError(
            f"A paragraph number must be a whole number from 1 to {last}; got {n!r}. "
            f"Example: article.paragraph(3)"
        )
    if not 1 <= n <= last:
        raise InputError(
            f"There is no paragraph {n}: the article has paragraphs 1 to {last}. "
            f"Use a number from 1 to {last}."
        )
    return n


def paragraph(n: int) -> str:
    """The text of paragraph ``n`` (1 to 15), exactly as the article has it."""
    return paragraphs()[_check_number(n)]


def sentences(n: int) -> list[str]:
    """The sentences of paragraph ``n``, in order (numbered from 1 in excerpts)."""
    text = paragraph(n)
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.end()].rstrip()
        if candidate.endswith(_ABBREVIATIONS):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def find(term: str) -> list[int]:
    """Numbers of the paragraphs that contain ``term`` (case and accents ignored)."""
    if not isinstance(term, str) or not term.strip():
        raise InputError(f"find() needs a word or phrase to look for; got {term!r}.")
    needle = fold(term.strip())
    return [n for n, text in paragraphs().items() if needle in fold(text)]


def occurrences(terms: list[str]) -> int:
    """How many times the terms occur in the article (folded: case and accents aside)."""
    texts = [fold(t) for t in paragraphs().values()]
    return sum(t.count(fold(term)) for t in texts for term in terms)


def paragraphs_with_any(terms: list[str]) -> int:
    """How many paragraphs mention at least one of the terms."""
    return len({n for term in terms for n in find(term)})


def _term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text`` (case-insensitive), merged and sorted."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        if term and term.strip():
            pattern = re.compile(re.escape(term.strip()), re.IGNORECASE)
            spans += [m.span() for m in pattern.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str], *, html_output: bool = True) -> str:
    """Mark every occurrence of ``terms`` in ``text``.

    HTML output wraps them in ``<mark>`` and escapes everything (templates/pages/
    article.html.j2); it is :class:`markupsafe.Markup`, so a template takes it as it is.
    Plain output wraps them in ``**`` for Markdown.

    >>> print(highlight("Shusha/Shushi <b>", ["shushi"]))
    Shusha/<mark>Shushi</mark> &lt;b&gt;
    """
    terms = [terms] if isinstance(terms, str) else list(terms)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for start, end in _term_spans(text, terms):
        pieces += [(text[last:start], False), (text[start:end], True)]
        last = end
    pieces.append((text[last:], False))
    if html_output:
        return pages.macro("highlight", pieces, template=TEMPLATE)
    return "".join(f"**{piece}**" if marked else piece for piece, marked in pieces)


@dataclass(frozen=True)
class Excerpt:
    """An attributed quotation from the article, displayed as a block quote."""

    paragraph: int
    parts: tuple[str, ...]
    highlight_terms: tuple[str, ...] = ()
    partial: bool = False

    @property
    def text(self) -> str:
        joiner = " […] " if self.partial else " "
        return joiner.join(self.parts)

    @property
    def attribution(self) -> str:
        meta = metadata()
        return (
            f"The article, paragraph {self.paragraph} ({meta.citation}). "
            "The article's words, not the module's."
        )

    def __str__(self) -> str:
        return f"“{self.text}”\n    — {self.attribution}"

    def _repr_markdown_(self) -> str:
        body = highlight(self.text, self.highlight_terms, html_output=False)
        return f"> {body}\n>\n> — *{self.attribution}*"

    def _repr_html_(self) -> str:
        return pages.macro("excerpt", self.paragraph, highlight(self.text, self.highlight_terms),
                           self.attribution, template=TEMPLATE)


def excerpt(
    n: int,
    sentences_wanted: int | Sequence[int] | None = None,
    *,
    highlight: Iterable[str] | str = (),
) -> Excerpt:
    """Paragraph ``n`` (or some of its sentences, numbered from 1) as a quotation.

    ``article.excerpt(4, [1, 5], highlight=["Azerbaijan"])`` quotes the first and
    fifth sentences of paragraph 4 and marks "Azerbaijan" in them.
    """
    all_sentences = sentences(n)
    terms = (highlight,) if isinstance(highlight, str) else tuple(highlight)
    if sentences_wanted is None:
        return Excerpt(n, (paragraph(n),), terms)
    wanted = [sentences_wanted] if isinstance(sentences_wanted, int) else list(sentences_wanted)
    last = len(all_sentences)
    bad = [s for s in wanted if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= last]
    if bad or not wanted:
        raise InputError(
            f"Paragraph {n} has sentences 1 to {last}; cannot quote {bad or wanted!r}. "
            f"Give sentence numbers from 1 to {last}, e.g. article.excerpt({n}, [1, {last}])."
        )
    wanted = sorted(set(wanted))
    contiguous = wanted == list(range(wanted[0], wanted[-1] + 1))
    partial = not contiguous
    if contiguous:
        parts = (" ".join(all_sentences[s - 1] for s in wanted),)
    else:
        parts = tuple(all_sentences[s - 1] for s in wanted)
    return Excerpt(n, parts, terms, partial)
