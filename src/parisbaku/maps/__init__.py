"""Maps that say what they are: one function per map family.

Every function returns a :class:`MapFigure`, a matplotlib Figure that also
carries ``caption`` (date depicted, sources, what is schematic or approximate,
also printed under the map), ``alt`` (a text description for screen readers),
``layers`` (what was drawn) and ``labels`` (the place names written on it). In a
notebook it displays as the image with its caption and alt text.

>>> from parisbaku import maps
>>> fig = maps.karabakh(period="2020-11-20", names="hy")
>>> print(fig.caption)                                       # doctest: +ELLIPSIS
Depicts: After the Aghdam handover (20 Nov 2020), from 2020-11-20 (period '2020-11-20'). ...

Nothing here touches the network: the layers are files under ``data/geo/``.
Drawing uses matplotlib's Agg canvas directly (no pyplot), so maps render the
same in Jupyter, Voilà, tests and scripts.

The package: ``figure`` (MapFigure), ``style`` (palette, projections, shapes,
scale bars), ``labels`` (points and label placement), ``text`` (caption and
alt-text building blocks), ``describe`` (geography in words, computed from the shapes
drawn: neighbours, exclaves, compass points, seas), and one module per map family:
``karabakh`` (with the widget), ``lachin``, ``new_caledonia``, ``overseas``,
``caucasus`` and ``central_asia``.
"""

from __future__ import annotations

from .caucasus import south_caucasus
from .central_asia import central_asia
from .figure import MapFigure
from .karabakh import karabakh, karabakh_widget
from .lachin import lachin_corridor
from .new_caledonia import new_caledonia
from .overseas import france_overseas
from .style import PALETTE

__all__ = [
    "PALETTE",
    "MapFigure",
    "central_asia",
    "france_overseas",
    "karabakh",
    "karabakh_widget",
    "lachin_corridor",
    "new_caledonia",
    "south_caucasus",
]
