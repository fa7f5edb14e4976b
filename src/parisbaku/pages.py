"""HTML pages from Jinja2 templates (``templates/pages/``) with autoescaping on: whatever
a page is given (a title, a student's answer) is put in as text, never as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["macro", "render"]

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates" / "pages"),
    autoescape=True,  # every template, whatever its file name
    undefined=StrictUndefined,  # a value the template names but is not given is an error
    keep_trailing_newline=True,
)


def render(template: str, **values: Any) -> Markup:
    """The page or fragment ``templates/pages/<template>`` filled with ``values`` (escaped).

    The result is :class:`markupsafe.Markup` (a ``str``): given to another template it is
    put in as it is, not escaped twice, so displays can be built from fragments.

    >>> from types import SimpleNamespace as S
    >>> src = S(url="https://example.org/?a=1&b=2", label=lambda: "<Le Monde>")
    >>> print(render("_macros.html.j2").__class__.__name__)
    Markup
    >>> print(macro("source_link", src))  # doctest: +NORMALIZE_WHITESPACE
    <a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener"
       style="text-decoration: underline">&lt;Le Monde&gt;</a>
    """
    return Markup(_ENV.get_template(template).render(**values))


def macro(name: str, *args: Any, template: str = "_macros.html.j2", **kwargs: Any) -> Markup:
    """Call the macro ``name`` of ``templates/pages/<template>`` (by default the shared
    ``_macros.html.j2``) from Python, e.g. ``macro("source_link", source)``."""
    return Markup(getattr(_ENV.get_template(template).module, name)(*args, **kwargs))
