"""The gazetteer: every place a lesson names, in four naming conventions.

Places are read from ``data/places.csv``. Where a place is contested, the
Azerbaijani (``az``) and Armenian (``hy``) conventions give different names;
English (``en``) and French (``fr``) give the usual forms in each language.
A blank name falls back to the English one.

>>> from parisbaku import places
>>> places.name("khankendi", "hy")
'Stepanakert'
>>> places.label("shusha", "en")
'Shusha (Shushi)'
"""

from __future__ import annotations

import re

from pydantic import Field, ValidationError, field_validator

from . import geodata, pages
from .data import DataError, InputError, Record, load_csv, row_problems, web_address
from .text import did_you_mean

__all__ = [
    "CONVENTIONS",
    "FILE",
    "Place",
    "all_places",
    "containing_district",
    "contested",
    "expected_district",
    "ids",
    "label",
    "misplaced",
    "name",
    "names_table",
    "place",
]

FILE = "places.csv"
#: Naming conventions: Azerbaijani, Armenian, English, French.
CONVENTIONS = ("az", "hy", "en", "fr")
KINDS = {"capital", "city", "town", "village", "checkpoint", "port"}
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


class Place(Record):
    """One row of the gazetteer."""

    id: str
    kind: str
    name_en: str
    name_az: str = ""
    name_hy: str = ""
    name_fr: str = ""
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    country: str
    district_expected: str = ""
    geonames_id: str = ""
    source_url: str
    note: str = ""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be a lowercase ASCII slug (letters, digits, _)")
        return value

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"must be one of {sorted(KINDS)}")
        return value

    @field_validator("lat", "lon", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("geonames_id")
    @classmethod
    def _gn(cls, value: str) -> str:
        if value and not value.isdigit():
            raise ValueError("must be the numeric GeoNames id, or blank")
        return value

    @field_validator("source_url")
    @classmethod
    def _url(cls, value: str) -> str:
        return web_address(value)

    @property
    def has_point(self) -> bool:
        """True when the place has coordinates (a few honestly have none)."""
        return self.lat is not None and self.lon is not None

    def name(self, convention: str = "en") -> str:
        """The name in one convention, falling back to English when blank."""
        return getattr(self, f"name_{_convention(convention)}") or self.name_en

    @property
    def is_contested(self) -> bool:
        """True when the Armenian and Azerbaijani-derived English names differ."""
        return bool(self.name_hy) and self.name_hy != self.name_en


def all_places() -> dict[str, Place]:
    """Every place, by id, validated (a DataError names the bad row and field)."""
    rows = load_csv(FILE)
    if _MEMO.get("rows") is not rows:  # data.clear_cache() gives a new tuple
        _MEMO["places"] = _validated(rows)
        _MEMO["rows"] = rows
    return _MEMO["places"]


_MEMO: dict[str, object] = {}


def _validated(rows: tuple[dict[str, str], ...]) -> dict[str, Place]:
    problems: list[str] = []
    found: dict[str, Place] = {}
    for line, row in enumerate(rows, start=2):
        try:
            item = Place.model_validate(row)
        except ValidationError as exc:
            who = row.get("id") or f"line {line}"
            problems += row_problems(exc, f"place {who!r} (line {line})")
            continue
        if item.id in found:
            problems.append(f"place {item.id!r} (line {line}): id used twice")
        found[item.id] = item
    if problems:
        raise DataError(
            f"data/{FILE}",
            problems,
            "correct those cells; see data/SOURCES.md for what each column holds",
        )
    return found


def ids() -> list[str]:
    """All place ids, in file order."""
    return list(all_places())


def place(place_id: str) -> Place:
    """One place by id; a helpful InputError (with close matches) if unknown."""
    table = all_places()
    if place_id in table:
        return table[place_id]
    hint = did_you_mean(str(place_id).lower(), table, n=3)
    raise InputError(
        f"No place with id {place_id!r} in data/{FILE}.{hint} "
        f"Ids are lowercase slugs such as 'shusha' or 'noumea'; places.ids() lists them all."
    )


def name(place_id: str, convention: str = "en") -> str:
    """The name of a place in a convention: ``az``, ``hy``, ``en`` or ``fr``."""
    return place(place_id).name(convention)


def label(place_id: str, convention: str = "en") -> str:
    """A map label: in English, contested places show both names.

    ``az`` and ``hy`` show only that side's name: switching between them is
    the point of the toponymy lesson. ``en`` shows ``Shusha (Shushi)``.
    """
    item = place(place_id)
    if _convention(convention) == "en" and item.is_contested:
        return f"{item.name_en} ({item.name_hy})"
    return item.name(convention)


def contested() -> list[str]:
    """Ids of the places whose Armenian and Azerbaijani names differ."""
    return [p.id for p in all_places().values() if p.is_contested]


def _convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise InputError(
            f"Unknown naming convention {convention!r}: use one of "
            f"{', '.join(repr(c) for c in CONVENTIONS)} (Azerbaijani, Armenian, English, French)."
        )
    return convention


class NamesTable:
    """A table of places in the four conventions (displays as HTML in a notebook)."""

    def __init__(self, rows: list[Place]):
        self.rows = rows

    def __str__(self) -> str:
        lines = ["| id | Azerbaijani | Armenian | English | French |", "|---|---|---|---|---|"]
        lines += [
            f"| {p.id} | {p.name('az')} | {p.name('hy')} | {p.name('en')} | {p.name('fr')} |"
            for p in self.rows
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        # each name, and whether it differs from the English one (shown in bold)
        rows = [[(p.name(c), p.name(c) != p.name_en and c not in ("en", "fr"))
                 for c in ("az", "hy", "en", "fr")] for p in self.rows]
        return pages.macro("names_table", ("Azerbaijani", "Armenian", "English", "French"),
                           rows, template="places.html.j2")


def names_table(place_ids: list[str] | None = None) -> NamesTable:
    """The names of some places (default: the contested ones) in all four conventions."""
    chosen = place_ids if place_ids is not None else contested()
    return NamesTable([place(p) for p in chosen])


# ------------------------------------------------------- gazetteer points in units
#: The layers a gazetteer point is tested against, in this order, and their unit column.
UNIT_LAYERS = {"karabakh_districts": "district", "armenia_provinces": "province"}


def containing_district(place_id: str) -> str:
    """The unit whose polygon holds the place's point: a district of the Karabakh layer
    (region or neighbour) or an Armenian province; ``"none"`` when no polygon holds it.

    The lines are coarse (see data/geo/SOURCES.md), so this can differ from the
    district the place really belongs to (``places.place(id).district_expected``):
    :func:`misplaced` lists where. Maps and exercises both ask here.
    """
    # Lazy: a lesson that only reads names does not pay for shapely.
    from shapely.geometry import Point

    item = place(place_id)
    if not item.has_point:
        raise DataError(
            f"data/{FILE}",
            f"place {place_id!r} has no coordinates",
            "give it lat and lon, or leave it out of point-in-polygon questions",
        )
    point = Point(item.lon, item.lat)
    for name, column in UNIT_LAYERS.items():
        units = geodata.shapes(name)
        for props, geom in zip(units.props, units.geometry, strict=True):
            if geom.contains(point):
                return str(props[column])
    return "none"


def expected_district(place_id: str) -> str:
    """The unit the place belongs to (``district_expected`` in data/places.csv)."""
    return place(place_id).district_expected


def misplaced(place_ids: list[str]) -> list[str]:
    """The places whose point falls in another unit than the one they belong to."""
    return [
        p
        for p in place_ids
        if place(p).district_expected and containing_district(p) != place(p).district_expected
    ]


def unit_name(unit: str) -> tuple[str, str, str]:
    """A unit slug as (English name, Armenian name or "", country code AZ/AM)."""
    for name, column in UNIT_LAYERS.items():
        found = geodata.shapes(name).where(column, unit)
        if len(found):
            props, country = found.props[0], "AZ" if column == "district" else "AM"
            return props["name_en"], props.get("name_hy", ""), country
    raise InputError(f"No district or province {unit!r} in {', '.join(UNIT_LAYERS)}.")
