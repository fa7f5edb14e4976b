"""MapFigure: a matplotlib Figure with its caption, alt text and what it shows."""

from __future__ import annotations

import base64
import io
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from .. import pages
from ..data import Source


class MapFigure(Figure):
    """A matplotlib Figure with a caption, alt text and a record of what it shows."""

    caption: str = ""
    alt: str = ""
    depicts: str = ""
    sources: list[Source]
    layers: list[str]
    labels: list[str]
    #: the gazetteer places drawn: id -> the label written beside the point
    places: dict[str, str]
    #: names of areas written on the map (countries, seas)
    areas: list[str]
    extra: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources, self.layers, self.labels, self.places, self.extra = [], [], [], {}, {}
        self.areas: list[str] = []

    def png(self, dpi: int = 100, *, caption: bool = True) -> bytes:
        """The map as PNG bytes; ``caption=False`` leaves out the caption band.

        Notebooks show the caption as HTML right under the image (searchable,
        readable by screen readers), so their PNG skips it: that also halves the
        drawing time, most of which is spent rendering the caption's glyphs.
        """
        buffer = io.BytesIO()
        text = getattr(self, "_caption_text", None)
        if caption or text is None:
            self.savefig(buffer, format="png", dpi=dpi)
            return buffer.getvalue()

        band = min(ax.get_position().y0 for ax in self.axes) - 0.015
        width, height = self.get_size_inches()
        text.set_visible(False)
        try:
            box = Bbox([[0, max(band, 0) * height], [width, height]])
            self.savefig(buffer, format="png", dpi=dpi, bbox_inches=box)
        finally:
            text.set_visible(True)
        return buffer.getvalue()

    def save(self, path: str, dpi: int = 110) -> None:
        self.savefig(path, dpi=dpi)

    def __str__(self) -> str:
        return f"{self.caption}\n\nAlt text: {self.alt}"

    def img_tag(self, png: bytes) -> str:
        """The map as an ``<img>`` carrying its alt text, for HTML outputs and widgets."""
        return pages.macro("img", base64.b64encode(png).decode("ascii"), self.alt,
                           template="maps_figure.html.j2")

    def _html(self, png: bytes) -> str:
        return pages.macro("map_figure", base64.b64encode(png).decode("ascii"), self.alt,
                           self.caption, template="maps_figure.html.j2")

    def _repr_html_(self) -> str:
        return self._html(self.png(dpi=SCREEN_DPI, caption=False))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        # One rendering serves both the HTML view (with caption and alt text) and the
        # PNG, so IPython's own figure formatter does not draw the map a second time.
        png = self.png(dpi=SCREEN_DPI, caption=False)
        return {
            "text/html": self._html(png),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": str(self),
        }


SCREEN_DPI = 80


def new_figure(width: float, height: float) -> MapFigure:

    fig = MapFigure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig
