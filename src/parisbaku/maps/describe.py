"""What a map shows, in words computed from the geometries it draws: where one shape lies
from another (a compass point on the ellipsoid), which shapes border which, exclaves, and
which drawn area names mark water. Alt texts and captions use these instead of typed
geography, so a change of layer, frame or label position changes the words with it.

>>> compass((45.0, 40.0), (45.0, 41.0)), compass((45.0, 40.0), (44.0, 39.0))
('north', 'south-west')
>>> words(["Armenia", "Iran", "Turkey"])
'Armenia, Iran and Turkey'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import shapely
from pyproj import Geod
from shapely.geometry import Point, box

from .. import geodata, places
from ..projections import transformer

COMPASS = ("north", "north-east", "east", "south-east", "south", "south-west", "west",
           "north-west")  # fmt: skip
#: Two shapes closer than this (metres, in the map's projection) share a border. In the
#: countries layer neighbours' lines meet (distance 0); the margin allows for rounding.
#: The nearest non-neighbours are far apart (Armenia and Russia: 113 km).
TOUCH_M = 1000
_GEOD = Geod(ellps="WGS84")


def compass(origin: tuple[float, float], target: tuple[float, float]) -> str:
    """The compass point (8 of them) from ``origin`` to ``target`` (lon, lat), by the
    forward azimuth of the geodesic."""
    azimuth = _GEOD.inv(*origin, *target)[0]
    return COMPASS[round(azimuth / 45) % 8]


_COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def count_word(n: int) -> str:
    """A count as a caption writes it: ``count_word(3) == 'three'``, ``count_word(12) == '12'``.

    >>> count_word(3), count_word(12)
    ('three', '12')
    """
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else str(n)


def words(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass
class Drawn:
    """A country as the map shows it: its name and its shape inside the frame."""

    code: str
    name: str
    shape: object


def visible_countries(countries: geodata.Shapes, ax) -> dict[str, Drawn]:
    """The countries of a projected layer that show inside the axes' frame, clipped to it."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frame = box(x0, y0, x1, y1)
    shown = {}
    for props, geom in zip(countries.props, countries.geometry, strict=True):
        part = geom.intersection(frame)
        if not part.is_empty and part.area > 0:
            shown[props["adm0_a3"]] = Drawn(props["adm0_a3"], props["name_en"], part)
    return shown


class Describer:
    """Words about shapes drawn in one projection."""

    def __init__(self, crs: str):
        self.to_ll = transformer(crs, 4326)
        self.to_xy = transformer(4326, crs)

    def centre(self, shape) -> tuple[float, float]:
        """The centre (lon, lat) of a shape: its centroid, or a point inside it if the
        centroid falls outside (a crescent-shaped country)."""
        point = shape.centroid if shape.centroid.within(shape) else shape.representative_point()
        return self.to_ll.transform(point.x, point.y)

    def where(self, shape, origin) -> str:
        """The compass point from ``origin`` (a shape) to ``shape``."""
        return compass(self.centre(origin), self.centre(shape))

    def point(self, lon: float, lat: float) -> Point:
        return Point(self.to_xy.transform(lon, lat))


def neighbours(shape, others: Mapping[str, Drawn], skip: Sequence[str] = ()) -> list[str]:
    """The names of the drawn countries that ``shape`` borders (in the layer's order)."""
    return [d.name for code, d in others.items()
            if code not in skip and shape.distance(d.shape) <= TOUCH_M]  # fmt: skip


def exclaves(country: Drawn, place_ids: Iterable[str], describer: Describer) -> dict[str, object]:
    """The parts of a country apart from its largest, each named by a drawn gazetteer place
    that lies in it (parts with no drawn place, such as small islands, are left out)."""
    parts = sorted(getattr(country.shape, "geoms", [country.shape]), key=lambda g: -g.area)
    found = {}
    for pid in place_ids:
        item = places.place(pid)
        if not item.has_point:
            continue
        at = describer.point(item.lon, item.lat)
        for part in parts[1:]:
            if part.contains(at):
                found[pid] = part
    return found


def water_labels(
    map_name: str, fig, layer: geodata.Shapes, describer: Describer
) -> dict[str, tuple[float, float]]:
    """The area names written on the map whose position is on no country of the (projected)
    layer: seas. Each with its (lon, lat) from data/tables/map_labels.csv, as drawn."""
    out = {}
    for label in geodata.map_labels(map_name):
        at = describer.point(label.lon, label.lat)
        if label.text in fig.areas and not any(g.contains(at) for g in layer.geometry):
            out[label.text] = (label.lon, label.lat)
    return out


def country_sentences(
    fig, ax, layer: geodata.Shapes, focus: Sequence[str], crs: str, map_name: str
) -> str:
    """The shaded countries in words: where each lies, whom it borders (an exclave apart,
    named by the drawn place in it), the sea beside them and the countries around, all
    computed from the layer, the frame and the labels the map draws."""
    describer = Describer(crs)
    shown = visible_countries(layer, ax)
    shaded = [shown[c] for c in focus if c in shown]
    group = shaded[0].shape.union(shaded[1].shape) if len(shaded) > 1 else shaded[0].shape
    for other in shaded[2:]:
        group = group.union(other.shape)
    out = [f"{words(d.name for d in shaded)} {'are' if len(shaded) > 1 else 'is'} shaded"]
    if len(shaded) > 1:
        out[0] += ": " + ", ".join(
            f"{d.name} to the {describer.where(d.shape, group)}" for d in shaded
        )
    out[0] += "."
    for name, (lon, lat) in water_labels(map_name, fig, layer, describer).items():
        sea = describer.point(lon, lat)
        nearest = min(shaded, key=lambda d: d.shape.distance(sea))
        out.append(f"The {name} lies {compass(describer.centre(nearest.shape), (lon, lat))} "
                   f"of {nearest.name}.")  # fmt: skip
    for d in shaded:
        parts = exclaves(d, fig.places, describer)
        main = max(getattr(d.shape, "geoms", [d.shape]), key=lambda g: g.area)
        out.append(f"{d.name} borders {words(neighbours(main, shown, [d.code]))}.")
        out += [exclave_sentence(d, pid, part, shown) for pid, part in parts.items()]
    around = [c for c in shown.values()
              if c.code not in focus and group.distance(c.shape) <= TOUCH_M]  # fmt: skip
    if around:
        out.append(
            "Around them: "
            + ", ".join(f"{c.name} to the {describer.where(c.shape, group)}" for c in around)
            + "."
        )
    return " ".join(out)


def exclave_sentence(country: Drawn, place_id: str, part, shown: Mapping[str, Drawn]) -> str:
    """``"Azerbaijan's exclave around Nakhchivan borders Armenia, Iran and Turkey."``"""
    return (
        f"{country.name}'s exclave around {places.name(place_id)} borders "
        f"{words(neighbours(part, shown, [country.code]))}."
    )


def exclave_sentences(fig, ax, layer: geodata.Shapes, code: str, crs: str) -> str:
    """Every exclave of one drawn country that holds a drawn place, in words."""
    shown = visible_countries(layer, ax)
    parts = exclaves(shown[code], fig.places, Describer(crs))
    return " ".join(exclave_sentence(shown[code], pid, part, shown) for pid, part in parts.items())


def inside_country(shape, layer: geodata.Shapes, ax) -> str:
    """The name of the drawn country that holds ``shape`` (all but 1 % of its area), or ""."""
    for d in visible_countries(layer, ax).values():
        if shape.difference(d.shape).area <= 0.01 * shape.area:
            return d.name
    return ""


def west_to_east(map_name: str, fig, crs: str) -> tuple[str, str]:
    """The westernmost and easternmost area names written on the map, as a reader says them."""
    describer = Describer(crs)
    drawn = [b for b in geodata.map_labels(map_name) if b.text in fig.areas]
    xs = sorted(drawn, key=lambda b: describer.point(b.lon, b.lat).x)
    return xs[0].text.title(), xs[-1].text.title()


def seas_crossed(
    map_name: str, fig, layer: geodata.Shapes, crs: str, legs: Iterable[tuple[str, str]]
) -> list[str]:
    """The seas (water labels drawn) that straight legs between gazetteer places cross: a
    leg whose middle is on no country crosses the water label nearest that middle."""
    describer = Describer(crs)
    seas = {name: describer.point(*at)
            for name, at in water_labels(map_name, fig, layer, describer).items()}  # fmt: skip
    found: list[str] = []
    for a, b in legs:
        pa, pb = places.place(a), places.place(b)
        middle = describer.point(*_GEOD.npts(pa.lon, pa.lat, pb.lon, pb.lat, 1)[0])
        if seas and not any(g.contains(middle) for g in layer.geometry):
            sea = min(seas, key=lambda name: seas[name].distance(middle))
            found += [sea] if sea not in found else []
    return found


def parts_sentence(shapes: Mapping[str, object], crs: str, kind: str) -> str:
    """Named parts of one area (provinces), in words: where each lies in the whole, which
    share a border and which touch no other, from the projected shapes."""
    describer = Describer(crs)
    whole = shapely.union_all(list(shapes.values()))
    where = [f"{name} to the {describer.where(shape, whole)}" for name, shape in shapes.items()]
    names = list(shapes)
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]
             if shapes[a].distance(shapes[b]) <= TOUCH_M]  # fmt: skip
    alone = [n for n in names if not any(n in pair for pair in pairs)]
    out = f"{words(where)}."
    if pairs:
        out += f" {words(f'{a} and {b}' for a, b in pairs)} share a border."
    if alone:
        out += f" {words(alone)} {'touches' if len(alone) == 1 else 'touch'} no other {kind}."
    return out
