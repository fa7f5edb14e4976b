"""The gazetteer: every place a lesson names, both names where contested, sources."""

from __future__ import annotations

import csv

import pytest
from conftest import HOSTILE, ROOT, assert_inert, edit_csv_row

from parisbaku import DataError, InputError, data, places

# The ids the team brief fixes for the gazetteer (timeline events and exercises use them).
CONTRACT_IDS = [
    "shusha",
    "khankendi",
    "lachin",
    "goris",
    "kornidzor",
    "hakari_bridge",
    "aghdam",
    "fuzuli",
    "kalbajar",
    "hadrut",
    "aghdara",
    "khojaly",
    "khojavend",
    "jabrayil",
    "zangilan",
    "qubadli",
    "zabukh",
    "baku",
    "yerevan",
    "tbilisi",
    "ankara",
    "istanbul",
    "tehran",
    "moscow",
    "noumea",
    "kone",
    "we",
    "tadine",
    "paita",
    "dumbea",
    "saint_louis_nc",
    "paris",
    "ajaccio",
    "papeete",
    "cayenne",
    "fort_de_france",
    "basse_terre",
    "saint_denis_reunion",
    "mamoudzou",
    "astana",
    "almaty",
    "tashkent",
    "aktau",
    "turkmenbashi",
    "alat",
    "nakhchivan",
]

COLUMNS = [
    "id",
    "kind",
    "name_en",
    "name_az",
    "name_hy",
    "name_fr",
    "lat",
    "lon",
    "country",
    "district_expected",
    "geonames_id",
    "source_url",
    "note",
]


def test_the_file_has_exactly_the_contract_columns():
    with (ROOT / "data" / "places.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS


def test_every_contract_place_is_in_the_gazetteer():
    missing = sorted(set(CONTRACT_IDS) - set(places.ids()))
    assert not missing, f"add these places to data/places.csv: {missing}"


@pytest.mark.parametrize(
    ("place_id", "az", "hy"),
    [
        ("shusha", "Şuşa", "Shushi"),
        ("khankendi", "Xankəndi", "Stepanakert"),
        ("lachin", "Laçın", "Berdzor"),
        ("kalbajar", "Kəlbəcər", "Karvachar"),
        ("aghdara", "Ağdərə", "Martakert"),
    ],
)
def test_contested_places_carry_both_names(place_id, az, hy):
    assert places.name(place_id, "az") == az
    assert places.name(place_id, "hy") == hy
    assert places.label(place_id, "en") == f"{places.name(place_id, 'en')} ({hy})"


def test_each_contested_place_cites_a_published_name_pair_not_just_geonames():
    for place_id in places.contested():
        item = places.place(place_id)
        assert "geonames.org" not in item.source_url, place_id


def test_a_blank_name_falls_back_to_english():
    assert places.name("paris", "hy") == "Paris"
    assert places.name("qubadli", "hy") == "Qubadli"


def test_every_place_has_a_source_and_points_come_from_geonames_or_say_where_from():
    for item in places.all_places().values():
        assert item.source_url.startswith("https://") or item.source_url.startswith("http://")
        if item.has_point and not item.geonames_id:
            assert item.note, f"{item.id}: a point without a GeoNames id must say where it is from"
        if not item.has_point:
            assert "NO COORDINATES" in item.note or "SCHEMATIC" in item.note, item.id


def test_points_whose_coarse_district_is_wrong_name_the_expected_district():
    for place_id in ("lachin", "jabrayil", "kornidzor"):
        assert places.place(place_id).district_expected, place_id
    assert places.place("lachin").district_expected == "lachin"
    assert places.place("jabrayil").district_expected == "jabrayil"


def test_unknown_ids_and_conventions_get_a_helpful_error():
    with pytest.raises(InputError, match="Did you mean 'shusha'"):
        places.place("shusa")
    with pytest.raises(InputError, match="'az', 'hy', 'en', 'fr'"):
        places.name("shusha", "ru")


def test_a_broken_row_names_the_place_the_field_and_the_file(scratch_data):
    path = scratch_data / "places.csv"
    text = path.read_text(encoding="utf-8").replace(
        "shusha,town,Shusha", "shusha,fortress,Shusha", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        places.all_places()
    message = str(info.value)
    assert "places.csv" in message and "'shusha'" in message and "'kind'" in message


def test_a_duplicate_id_is_reported(scratch_data):
    path = scratch_data / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="id used twice"):
        places.all_places()


def test_the_names_table_shows_markup_in_a_name_as_text(scratch_data):
    names = {f"name_{c}": f"{HOSTILE} ({c})" for c in ("az", "hy", "en", "fr")}
    edit_csv_row(scratch_data / "places.csv", lambda r: r["id"] == "shusha", **names)
    data.clear_cache()
    page = places.names_table(["shusha"])._repr_html_()
    assert_inert(page, 4)
    assert page.count("<b>") == 2, "the Azerbaijani and Armenian names differ from the English"


def test_the_names_table_shows_all_four_conventions_and_marks_differences():
    table = places.names_table(["shusha", "paris"])
    text = str(table)
    assert "| shusha | Şuşa | Shushi | Shusha | Choucha |" in text
    assert "| paris | Paris | Paris | Paris | Paris |" in text
    assert "<b>Shushi</b>" in table._repr_html_()
    assert len(places.names_table().rows) == len(places.contested())


def test_point_in_polygon_has_one_home_and_finds_what_the_coarse_lines_misplace():
    assert places.containing_district("goris") == "syunik"  # Armenian provinces count too
    assert places.containing_district("kornidzor") == "lachin"  # in Armenia, 0.4 km inside AZ
    assert places.containing_district("hadrut") == "khojavend"
    towns = ["kornidzor", "goris", "lachin", "shusha", "jabrayil", "hadrut"]
    assert places.misplaced(towns) == ["kornidzor", "lachin", "jabrayil"]
    with pytest.raises(DataError, match="no coordinates"):
        places.containing_district("alat")
