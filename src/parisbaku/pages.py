"""HTML pages from Jinja2 templates (``templates/pages/``) with autoescaping on: whatever
a page is given (a title, a student's answer) is put in as text, never as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

__all__ = ["render"]

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates" / "pages"),
    autoescape=True,  # every template, whatever its file name
    undefined=StrictUndefined,  # a value the template names but is not given is an error
    keep_trailing_newline=True,
)


def render(template: str, **values: Any) -> str:
    """The page ``templates/pages/<template>`` filled with ``values`` (escaped)."""
    return _ENV.get_template(template).render(**values)
