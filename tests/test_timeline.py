"""The timeline: every event sourced and dated, filters, citing, the figure and widget."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import HOSTILE, HOSTILE_URL, ROOT, assert_inert

from parisbaku import DataError, InputError, article, data, timeline

RAW = yaml.safe_load((ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8"))["events"]


def test_the_timeline_loads_and_passes_its_own_checks():
    checked = timeline.check()
    assert len(checked) == len(RAW)


def test_a_broken_timeline_lists_every_problem_with_its_event_and_field(scratch_data):
    """The whole file is checked at once (timeline.check, as `parisbaku check-data` does):
    one broken event does not hide the next, and each problem names its event and field."""
    path = scratch_data / "timeline.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    events_ = raw["events"]
    events_[0]["sources"] = []
    events_[1]["sources"][0]["url"] = "www.example.org/page"
    events_[2]["sources"][0]["outlet"] = "  "
    events_[3]["date"], events_[3]["precision"] = "1887-05-01", "day"
    events_[4]["precision"] = "year" if events_[4]["precision"] != "year" else "day"
    events_[5]["end_date"] = "1990"
    with_figure = next(e for e in events_[6:] if e.get("figures"))
    with_figure["figures"][0]["sources"] = []
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        timeline.check()
    problems = caught.value.problems
    assert caught.value.file == "data/timeline.yaml"
    expected = [
        (events_[0], "field 'sources'", "at least 1 item"),
        (events_[1], "field 'url'", "http"),
        (events_[2], "field 'outlet'", "blank"),
        (events_[3], "1887-05-01", "before the record starts"),
        (events_[4], "precision says", ""),
        (events_[5], "end_date 1990 is before", ""),
        (with_figure, "field 'figures'", "at least 1 item"),
    ]
    for event_, field, why in expected:
        assert any(f"id={event_['id']!r}" in p and field in p and why in p for p in problems), (
            event_["id"], field, problems)
    assert len(problems) == len(expected), problems


def test_every_place_id_is_in_the_gazetteer_once_it_exists():
    path = ROOT / "data" / "places.csv"
    if not path.exists():
        pytest.skip("data/places.csv (the maps work) has not landed yet")
    known = {row["id"] for row in data.load_csv("places.csv")}
    slugs = {p for raw in RAW for p in raw["places"] if p.islower() and " " not in p}
    assert slugs <= known, f"place ids not in data/places.csv: {sorted(slugs - known)}"


def test_disputed_figures_give_both_values_with_their_sources():
    abstentions = [f for f in timeline.event("french-senate-resolution-2020-11-25").figures
                   if f.what == "abstentions"]
    assert {f.value for f in abstentions} == {"35", "30"}
    assert len({f.sources[0].url for f in abstentions}) == 2
    exodus = {f.value for f in timeline.event("exodus-2023-09").figures}
    assert "115,183" in exodus and any("100,6" in v for v in exodus)


def test_the_articles_errors_can_be_checked_against_the_timeline():
    recall = timeline.event("france-recalls-ambassador-2024-04-16")
    assert recall.start == dt.date(2024, 4, 16) and 3 in recall.article_paragraphs
    delimitation = timeline.event("border-delimitation-2024-04-19")
    assert "Armenia" in delimitation.title and 10 in delimitation.article_paragraphs
    assert "summons" in timeline.event("hidalgo-convoy-2023-08-30").title.lower()


def test_filter_by_track_and_period():
    found = timeline.events(track="new-caledonia", start="2024-05", end="2024-05")
    assert found and all("new-caledonia" in e.tracks for e in found)
    assert all(e.start <= dt.date(2024, 5, 31) and e.end >= dt.date(2024, 5, 1) for e in found)
    assert [e.start for e in found] == sorted(e.start for e in found)
    # an event that spans the period's start is kept
    riots = timeline.events(track="new-caledonia", start="2024-06-01", end="2024-06-30")
    assert "nc-riots-start-2024-05-13" in [e.id for e in riots]
    several = timeline.events(track=["karabakh", "new-caledonia"], start="2023", end="2023")
    assert {t for e in several for t in e.tracks} & {"karabakh", "new-caledonia"}


def test_article_only_keeps_the_events_the_article_speaks_of():
    found = timeline.events(article_only=True)
    assert found and all(e.article_paragraphs for e in found)
    assert len(found) < len(timeline.events())


def test_for_paragraph_separates_mentioned_from_bearing_events():
    mentioned = {e.id for e in timeline.for_paragraph(7)}
    bearing = {e.id for e in timeline.for_paragraph(7, bearing=True)}
    assert "boillon-lachin-2024-05-24" in mentioned
    assert "aliyev-cop29-france-2024-11-13" in bearing - mentioned
    with pytest.raises(InputError, match="paragraphs 1 to 15"):
        timeline.for_paragraph(16)


def test_event_cites_and_displays_with_its_sources():
    ev = timeline.event("viginum-social-media-2024-05-17")
    line = ev.cite()
    assert ev.title in line and "17 May 2024" in line
    html = ev._repr_html_()
    assert all(s.url in html for s in ev.sources)
    assert "86" in str(ev)


@pytest.fixture
def hostile_event(scratch_data):
    """An event of the record whose title, summary, note, a figure and its one source
    (outlet and address) hold markup."""
    path = scratch_data / "timeline.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    record = next(e for e in raw["events"] if e.get("figures") and e.get("note"))
    bad_source = {"url": HOSTILE_URL, "outlet": HOSTILE, "published": "2024-05-17"}
    record.update(title=HOSTILE, summary=HOSTILE, note=HOSTILE, sources=[bad_source])
    record["figures"][0].update(what=HOSTILE, value=HOSTILE, sources=[bad_source])
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data.clear_cache()
    return timeline.event(record["id"])


def test_the_event_card_shows_markup_in_the_record_as_text(hostile_event):
    # title, summary, note, the figure's name, value and source, the source link's text
    assert_inert(hostile_event._repr_html_(), 7, links=1)


def test_the_timeline_key_shows_markup_in_an_event_title_as_text(hostile_event):
    year = hostile_event.date[:4]
    page = timeline.figure(hostile_event.tracks[0], year, year)._repr_html_()
    figure, key = page.split("</figure>", 1)
    assert figure.count("<img ") == 1 and "<script" not in figure
    assert_inert(key, 1)  # the key line of the event (the alt text names no title)


def test_unknown_event_or_track_or_date_says_what_to_do():
    with pytest.raises(InputError, match="Did you mean 'france-recalls-ambassador-2024-04-16'"):
        timeline.event("france-recalls-ambassador-2024")
    with pytest.raises(InputError, match="Did you mean 'karabakh'"):
        timeline.events(track="karabach")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        timeline.events(start="May 2024")
    with pytest.raises(InputError, match="swap"):
        timeline.events(start="2024", end="2023")


def test_broken_timeline_names_the_record_and_field(scratch_data):
    path = scratch_data / "timeline.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["events"][3]["sources"] = []
    raw["events"][5]["date"] = "2024-13-01"
    raw["events"][6]["tracks"] = ["karabach"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        timeline.events()
    text = str(caught.value)
    for i in (3, 5, 6):
        assert raw["events"][i]["id"] in text
    assert "data/timeline.yaml" in text and "Fix:" in text


def test_a_place_id_missing_from_the_gazetteer_is_reported(scratch_data):
    (scratch_data / "places.csv").write_text("id,name_en\nbaku,Baku\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"not in data/places\.csv"):
        timeline.check()


def test_figure_has_one_row_per_track_marks_the_article_and_carries_alt_text(tmp_path):
    shown = timeline.figure(["karabakh", "new-caledonia"], "2023-07", "2024-06")
    ax = shown.fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["New Caledonia", "Karabakh"]
    ringed = sum(e.in_article for e in shown.shown)
    assert 0 < ringed < len(shown.shown)
    assert f"{ringed} of them, ringed in black" in shown.alt
    assert len(shown.key()) == len(shown.shown)
    html = shown._repr_html_()
    assert 'alt="Horizontal timeline' in html and "<ol>" in html
    assert "Jun 2024" in shown.caption and "Dec 2024" not in shown.caption  # cut at the window
    shown.save(tmp_path / "t.png")
    assert (tmp_path / "t.png").stat().st_size > 10_000


def test_few_events_are_labelled_with_titles_many_with_numbers():
    few = timeline.figure("france-azerbaijan", "2024-04", "2024-04")
    texts = [t.get_text() for t in few.fig.axes[0].texts]
    assert any(text.startswith("France recalls") for text in texts)
    assert "Titles are written" in few.alt
    crowded = timeline.figure("new-caledonia", "2024-04", "2024-06")
    texts = [t.get_text() for t in crowded.fig.axes[0].texts]
    assert texts == [str(i) for i in range(1, len(crowded.shown) + 1)]
    assert "Numbers beside the dots" in crowded.alt


def test_empty_figure_explains_itself():
    with pytest.raises(InputError, match="Widen the period"):
        timeline.figure("baku-initiative-group", "2021", "2021")


def test_widget_offers_every_track_the_years_and_the_article_filter():
    box = timeline.widget()
    labels = [c.description for c in box.children[0].children]
    assert labels == list(timeline.TRACKS.values())
    start, end, only = box.children[1].children
    assert [start.description, end.description] == ["From year", "to year"]
    assert (start.min, end.max) == (1988, timeline.record_ends().year) and only.value is False
    assert end.max >= 2026 and timeline.as_of() in box.children[3].value


def test_widget_view_follows_the_filters():
    assert "Tick at least one track" in timeline._view([], (2020, 2024), False)
    assert "Widen the period" in timeline._view(["baku-initiative-group"], (2021, 2021), False)
    shown = timeline._view(["new-caledonia"], (2024, 2024), True)
    assert all(e.in_article and "new-caledonia" in e.tracks for e in shown.shown)


def test_every_article_paragraph_number_in_the_timeline_exists():
    last = article.count()
    for e in timeline.events():
        assert all(1 <= n <= last for n in e.article_paragraphs + e.bears_on), e.id


def test_the_docstring_examples_hold():
    import doctest

    from parisbaku import claims, forecasts

    for module in (timeline, claims, forecasts):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__


def test_a_long_key_starts_folded_and_a_short_one_open():
    short = timeline.figure(start="2024-04", end="2024-04")
    long = timeline.figure(start="2023", end="2024")
    assert len(short.shown) <= timeline.KEY_OPEN_UP_TO < len(long.shown)
    assert "<details open>" in short._repr_html_()
    assert "<details open>" not in long._repr_html_()
    assert "Key: the numbered events" in long._repr_html_()


def test_the_record_runs_to_2026_and_says_so():
    after = timeline.events(start="2025-01", end=timeline.record_ends())
    assert len(after) >= 39 and timeline.as_of() == "as of May 2026"
    # the ids of the reference fact sheet, which the maps' Washington-route caption cites
    for cited in ("washington-summit-2025-08-08", "tripp-implementation-framework-2026-01-13",
                  "minsk-group-closed-2025-09-01", "bougival-agreement-2025-07-12"):
        assert timeline.event(cited).start.year >= 2025
    fig = timeline.figure(start="2025")
    assert fig.shown[-1].start.year == 2026 and "as of May 2026" in fig.caption


def test_an_event_after_record_ends_is_refused_with_the_fix(scratch_data):
    path = scratch_data / "timeline.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    late = dict(raw["events"][-1], id="armenia-election-result-2026-06-07", date="2026-06-07")
    raw["events"].append(late)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=r"armenia-election-result-2026-06-07.*move record_ends"):
        timeline.events()
    raw["record_ends"] = "2026-06"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data.clear_cache()
    assert timeline.event("armenia-election-result-2026-06-07").when == "7 Jun 2026"
    assert timeline.as_of() == "as of June 2026"


def test_the_1994_ceasefire_dates_the_minsk_group_and_its_co_chairs_rightly():
    summary = timeline.event("ceasefire-1994").summary
    assert "1992" in summary and "since 1997" in summary and "took over" not in summary
    assert "Lachin/Berdzor" in timeline.event("handover-agdam-kalbajar-lachin-2020").summary
