"""The article's forecasts tested on 2025-2026: the module's verdict after the student's."""

from __future__ import annotations

import pytest
import yaml
from conftest import HOSTILE, assert_inert

from parisbaku import DataError, InputError, cli, forecasts, quiz, timeline


def test_sixteen_forecasts_pass_their_checks_with_every_verdict_explained():
    found = forecasts.check()
    assert len(found) == 16 and sum(forecasts.summary().values()) == 16
    for f in found:
        assert f.verdict in forecasts.VERDICTS and f.reasoning and f.what_happened
        # every event a verdict cites exists, and at least one follows the article
        assert all(timeline.event(e) for e in f.events)
        assert any(timeline.event(e).start.year >= 2025 for e in f.events), f.id


def test_a_verdict_citing_a_missing_event_is_refused_naming_record_and_fix(scratch_data, capsys):
    path = scratch_data / "forecasts.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["forecasts"][2]["events"].append("treaty-signed-2026-07-01")
    raw["forecasts"][3]["claims"].append("no-such-claim")
    raw["forecasts"][5]["quote"] = "relations between the EU and Azerbaijan collapse"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        forecasts.check()
    text = str(caught.value)
    assert "data/forecasts.yaml" in text and "record id='F03'" in text
    assert "treaty-signed-2026-07-01" in text and "record id='F06'" in text
    assert "record id='F04': claims ['no-such-claim'] are not in data/claims.yaml" in text
    assert "Fix:" in text and "event ids from data/timeline.yaml" in text
    assert cli.main(["check-data"]) == 1
    assert "FAIL forecasts tested against later events" in capsys.readouterr().err


def test_an_unknown_verdict_word_is_a_schema_error(scratch_data):
    path = scratch_data / "forecasts.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["forecasts"][0]["verdict"] = "mostly held"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="record id='F01', field 'verdict'"):
        forecasts.forecasts()


def test_the_check_asks_for_the_event_then_the_verdict_then_shows_the_modules():
    bank = forecasts.check_bank(["F02", "F06"])
    assert bank.lesson == "08_after_the_article"
    assert [q.id for q in bank.questions] == [
        "F02-event", "F02-verdict", "F06-event", "F06-verdict"]
    event_q, verdict_q = bank.questions[:2]
    f = forecasts.forecast("F02")
    assert event_q.grade("washington-summit-2025-08-08").correct
    assert not event_q.grade("cop29-baku-2024-11").correct
    assert verdict_q.grade("partly-held").correct and not verdict_q.grade("held").correct
    assert bank.max_attempts(verdict_q) == 1
    assert f.reasoning in verdict_q.explanation and "partly held" in verdict_q.explanation
    # the verdict is not given away in the prompt
    assert f.verdict not in verdict_q.prompt.split("did it hold")[0]


def test_the_forecast_check_saves_and_restores_answers(tmp_path):
    view = forecasts.show_check(["F03"], student="tester", results=tmp_path)
    event_q, verdict_q = view.questions
    event_q.set_response("lagoutte-credentials-2025-10-16")
    event_q.submit()
    verdict_q.set_response("did-not-hold")
    verdict_q.submit()
    assert verdict_q.finished
    again = forecasts.show_check(["F03"], student="tester", results=tmp_path)
    assert all(q.finished for q in again.questions)


def test_the_table_and_bad_input():
    text = str(forecasts.table())
    assert "as of May 2026" in text and text.count("\nF") == 16
    assert "<caption>" in forecasts.table(["F01"])._repr_html_()
    with pytest.raises(InputError, match="Did you mean"):
        forecasts.forecast("F1")
    with pytest.raises(InputError, match="no verdict"):
        forecasts.forecasts(verdict="mostly")
    assert quiz  # the bank is a quiz bank, shown by the quiz engine


def test_the_forecast_displays_show_markup_in_a_data_value_as_text(scratch_data):
    """A quote, what happened, the reasoning or an event id holding markup show it as
    characters, in the card and in the table (templates, autoescaped)."""
    path = scratch_data / "forecasts.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = raw["forecasts"][0]
    first.update(quote=HOSTILE, what_happened=HOSTILE, reasoning=HOSTILE,
                 events=[HOSTILE, *first["events"]])
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert_inert(forecasts.forecast(first["id"])._repr_html_(), 4)
    assert_inert(forecasts.table()._repr_html_(), 1)


def test_quiz_08_asks_for_reasoning_and_cannot_be_answered_from_its_layout():
    bank = quiz.load_bank("08_after_the_article")
    assert all(q.skill and q.skill != "recall" for q in bank.questions)
    single = [q for q in bank.questions if q.type == "single"]
    longest = [q.id for q in single
               if max(q.options, key=lambda o: len(o.text)).id == q.answer]
    assert len(longest) * 3 <= len(single), f"right answer is the longest option in {longest}"
    positions = {[o.id for o in q.options].index(q.answer) for q in single}
    assert len(positions) >= 3, "the key sits in the same few positions"
    # every event a quiz item rests on is in the timeline
    for q in bank.questions:
        for s in q.sources:
            assert any(s.url == t.url for e in timeline.events() for t in e.sources), q.id


def test_a_student_checks_a_forecast_before_seeing_the_verdict(tmp_path):
    from parisbaku.quiz.resultsfile import read_results_file

    view = forecasts.self_check(["F02", "F12"], student="ana", results=tmp_path)
    view.item.value = "F02"
    assert "despite it being resolved" in view.prompt.value and view.reveal_area.value == ""
    for name, value in dict(
        evidence="peace-text-published-2025-08-11", source_kind="news", reliability="high",
        verdict="held", confidence="fairly sure",
        justification="The text was initialled and the Minsk process closed, so it is resolved.",
    ).items():
        getattr(view, name).value = value
    event = view.record()
    assert event["module_verdict"] == "partly held" and event["to_read"]
    shown = view.reveal_area.value
    assert "partly held" in shown and "not marked wrong" in shown and "as of May 2026" in shown
    saved = read_results_file(tmp_path / "ana.json")["quizzes"][forecasts.SELF_CHECK_KEY]
    assert saved["events"][-1]["evidence"] == "peace-text-published-2025-08-11"
    table = str(forecasts.justifications(tmp_path))
    assert "F02" in table and "ana" in table
