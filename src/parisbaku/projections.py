"""One home for coordinate transformers between the module's map projections.

Making a :class:`pyproj.Transformer` asks PROJ's database each time (about 7 ms here).
Drawing lesson 02's two maps made 17 of them for 4 distinct pairs of systems; kept here,
one per pair, they are made 4 times (measured with cProfile: 0.11 to 0.03 CPU-seconds
per student kernel). A transformer depends only on its two systems, never on ``data/``,
and is thread-safe (pyproj 3.1 and later), so it is kept for the life of the process.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyproj import Transformer

__all__ = ["transformer"]


def transformer(source: int | str, target: int | str) -> Transformer:
    """The transformer from ``source`` to ``target`` (EPSG codes, ``"EPSG:n"`` or PROJ
    strings), with (longitude, latitude) / (x, y) axis order whatever the systems' own.

    >>> to_web = transformer(4326, 3857)
    >>> round(to_web.transform(0, 0)[0], 6), transformer("EPSG:4326", 3857) is to_web
    (0.0, True)
    """
    return _transformer(_code(source), _code(target))


def _code(crs: int | str) -> int | str:
    """``"EPSG:4326"`` and ``4326`` are one system (and one cached transformer)."""
    if isinstance(crs, str) and crs[:5].upper() == "EPSG:" and crs[5:].isdigit():
        return int(crs[5:])
    return crs


@functools.cache
def _transformer(source: int | str, target: int | str) -> Transformer:
    # Lazy: a kernel that draws no map never loads PROJ.
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)
