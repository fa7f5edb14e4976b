"""The article beside its source, and the whole article for a reading from the top.

The article rewords an opinion piece on commonspace.eu. ``origin.beside()`` shows each
article paragraph beside the short excerpt of the source it follows, with what changed,
where the source was read (``data/article/source_excerpts.yaml``: only its opening was
found). ``origin.whole()`` quotes the article from the first paragraph to the last.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from . import article, pages
from .data import DataError, Record, Source, load_model, unknown_ids

__all__ = ["beside", "check", "whole"]

EXCERPTS_FILE = "article/source_excerpts.yaml"


class Pair(Record):
    paragraph: int = Field(ge=1)
    source_text: str
    changed: str
    claims: list[str] = Field(default_factory=list)


class SourceExcerpts(Record):
    source: Source
    not_read: str
    pairs: list[Pair] = Field(min_length=1)


def _load() -> SourceExcerpts:
    return load_model(EXCERPTS_FILE, SourceExcerpts)


def check() -> SourceExcerpts:
    """Every pair names an existing paragraph and existing claims."""
    from . import claims

    found = _load()
    known = {c.id for c in claims.claims()}
    problems = []
    for i, pair in enumerate(found.pairs, 1):
        if pair.paragraph > article.count():
            problems.append(f"pair {i}: paragraph {pair.paragraph} > {article.count()}")
        problems += unknown_ids(f"pair {i}", "claims", pair.claims, known, "claims.yaml")
    if problems:
        raise DataError(f"data/{EXCERPTS_FILE}", problems,
                        "name paragraphs of the article and claim ids of data/claims.yaml")
    return found


@dataclass(frozen=True)
class Beside:
    data: SourceExcerpts

    def _rows(self) -> list[tuple[int, str, str, str]]:
        return [(p.paragraph, article.paragraph(p.paragraph), p.source_text,
                 p.changed + (f" (claims {', '.join(p.claims)})" if p.claims else ""))
                for p in self.data.pairs]

    def __str__(self) -> str:
        src = self.data.source
        lines = [f"The article beside its source: {src.outlet} ({src.url})", ""]
        for n, _, source_text, changed in self._rows():
            lines += [f"¶{n} (the article): see article.excerpt({n})",
                      f"   the source: “{source_text}”", f"   what changed: {changed}", ""]
        lines.append(self.data.not_read)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return pages.render("origin.html.j2", source=self.data.source, rows=self._rows(),
                            not_read=self.data.not_read)


def beside() -> Beside:
    """The article's paragraphs beside the excerpts of its source that they follow."""
    return Beside(_load())


@dataclass(frozen=True)
class Whole:
    def __str__(self) -> str:
        return "\n\n".join(str(article.excerpt(n)) for n in range(1, article.count() + 1))

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return "".join(article.excerpt(n)._repr_html_() for n in range(1, article.count() + 1))


def whole() -> Whole:
    """The whole article, paragraph by paragraph, each quoted and attributed."""
    return Whole()
