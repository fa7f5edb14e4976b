"""The lessons' quizzes measure understanding: no answer given away by layout, reasoning over
recall, keys that hold against the data they cite (issue 11; rules in data/quizzes/README.md)."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from parisbaku import assessment, lessons, quiz

# The lessons' banks of issue 11, lesson 08's included.
BANKS = sorted(p.stem for p in (ROOT / "data" / "quizzes").glob("0[1-8]_*.yaml"))


def problems_of(bank):
    """The content problems of a bank in (possibly scratch) data/, against the real lesson."""
    return assessment.bank_problems(
        bank, lessons.read_objectives(ROOT / "notebooks" / f"{bank}.ipynb"))


@pytest.mark.parametrize("bank", BANKS)
def test_every_lesson_bank_holds_the_content_rules(bank):
    assert assessment.bank_problems(bank) == []


def test_every_bank_is_checked_and_recall_is_a_minority_of_each():
    assert len(BANKS) >= 7
    for bank in BANKS:
        assert 0 <= assessment.recall_share(bank) <= 0.25, bank
        scores = assessment.strategy_scores(bank)
        assert scores["longest"] <= scores["chance"] + 0.10, (bank, scores)


def edit(scratch, bank, question, change):
    path = scratch / "quizzes" / f"{bank}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = next(q for q in raw["questions"] if q["id"] == question)
    change(target, raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return problems_of(bank)


def test_an_explanation_that_counts_four_clues_for_three_is_caught(scratch_data):
    def four(q, raw):
        q["explanation"] = q["explanation"].replace("Three clues", "Four clues")

    problems = edit(scratch_data, "01_reading_the_article", "dating-evidence", four)
    assert problems == ["question 'dating-evidence': the explanation announces Four clues, "
                        "but the question has 3 right options"]


def test_a_date_that_drifts_from_the_event_card_is_caught(scratch_data):
    def sixteenth(q, raw):
        option = next(o for o in q["options"] if "declared on 15 May" in o["text"])
        option["text"] = option["text"].replace("declared on 15 May", "in force from 16 May")

    problems = edit(scratch_data, "04_new_caledonia", "unrest-facts", sixteenth)
    assert problems == ["question 'unrest-facts': states 16 May, which is not the date of any "
                        "event or table row it cites in 'evidence'"]


def test_evidence_must_exist_and_every_question_must_say_its_skill(scratch_data):
    def break_it(q, raw):
        q["evidence"] = ["france-recalls-ambassador-2024-04-61", "P3-44", "card:kanak",
                         "forecast:F99", "forecast:F02"]
        other = raw["questions"][0]
        del other["skill"]

    problems = edit(scratch_data, "05_baku_initiative_group", "accounts-show", break_it)
    text = "\n".join(problems)
    assert "evidence 'france-recalls-ambassador-2024-04-61' is not a known event id" in text
    assert "evidence 'P3-44' is not a known claim id" in text
    assert "evidence 'card:kanak' is not a known card id" in text
    assert "evidence 'forecast:F99' is not a known forecast id" in text
    assert "forecast:F02'" not in text
    assert "question 'founding-source': no 'skill'" in text


def test_too_much_recall_and_an_objective_not_asked_by_its_verb_are_caught(scratch_data):
    def recall(q, raw):
        for other in raw["questions"]:
            if other["id"] in ("lachin-link", "kalbajar-why"):
                other["skill"] = "recall"
        q["skill"] = "recall"   # nkao-bounds: the only 'explain' on objective 4

    problems = edit(scratch_data, "02_karabakh_1988_2023", "nkao-bounds", recall)
    assert any(p.startswith("56% of the questions are recall") for p in problems), problems
    assert any(p.startswith("objective 4 (") and "says 'explain'" in p for p in problems)


def test_a_layout_that_gives_the_answer_away_is_caught(scratch_data):
    def give_away(q, raw):
        key = next(o for o in q["options"] if o["id"] == q["answer"])
        key["text"] += " — which is what every careful source on this question reports"
        for other in raw["questions"]:
            if other["type"] == "ordering":
                other["items"].sort(key=lambda i: other["answer"].index(i["id"]))
            if other["type"] == "multiple":
                other["options"].append({"id": "zz", "text": "None of the above"})

    problems = edit(scratch_data, "06_france_turkey_central_asia", "route", give_away)
    text = "\n".join(problems)
    assert "question 'after-the-article': the items are written in the answer's order" in text
    straight = edit(scratch_data, "05_baku_initiative_group", "who-said-what",
                    lambda q, raw: q["right"].sort(
                        key=lambda r: list(q["answer"].values()).index(r["id"])))
    assert "question 'who-said-what': each row is matched to the same row" in straight



def test_a_multiple_choice_key_of_every_option_but_the_last_is_caught(scratch_data):
    def all_but_last(q, raw):
        q["answer"] = [o["id"] for o in q["options"]][:-1]

    problems = edit(scratch_data, "01_reading_the_article", "dating-evidence", all_but_last)
    assert "question 'dating-evidence': the key is every option but the last" in problems

def test_the_right_option_is_the_longest_in_at_most_a_third_of_single_choice(scratch_data):
    path = scratch_data / "quizzes" / "07_debate_and_synthesis.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in raw["questions"]:
        if q["type"] == "single":
            key = next(o for o in q["options"] if o["id"] == q["answer"])
            key["text"] += " (this is the option supported by every source in the lesson)"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = problems_of("07_debate_and_synthesis")
    assert any(p.startswith("the right option is the longest in 7 of 7") for p in problems)


def test_a_classification_item_agrees_with_the_claim_check():
    """An item that asks for a claim's verdict keys the verdict data/claims.yaml gives it."""
    from parisbaku import claims

    checked = 0
    for name in BANKS:
        for q in quiz.load_bank(name).questions:
            if q.skill != "classify" or q.type != "single":
                continue
            cited = [claims.claim(e) for e in q.evidence if assessment.evidence_kind(e) == "claim"]
            verdict_options = [o for o in q.options if o.text.split(":")[0] in claims.VERDICTS]
            if len(cited) == 1 and verdict_options:
                key = q.option(q.correct_ids[0]).text.split(":")[0]
                assert key == cited[0].verdict, (name, q.id, key, cited[0].verdict)
                checked += 1
    assert checked >= 4


# -- the exercises' keys and hints hold against the data ----------------------------------
EXERCISES = sorted(p for p in (ROOT / "data" / "exercises").glob("ex*.yaml")
                   if "checks" in yaml.safe_load(p.read_text(encoding="utf-8")))


def _hints(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(c["id"], h) for c in raw["checks"] for h in c.get("hints", [])]


def test_a_hint_that_counts_paragraphs_matches_the_key():
    """ex1: 'three such paragraphs, each a single sentence long' holds for the computed key."""
    from parisbaku import article, exercises

    checked = 0
    words = {"two": 2, "three": 3, "four": 4, "five": 5}
    for path in EXERCISES:
        for check_id, hint in _hints(path):
            said = re.search(r"\b(two|three|four|five) such paragraphs", hint)
            if not said:
                continue
            key = exercises._expected(exercises.definition(check_id))  # computed from data/
            assert words[said[1]] == len(key), (check_id, hint, key)
            one = sum(len(article.sentences(n)) == 1 for n in key)
            if "each a single sentence" in hint:
                assert one == len(key), (check_id, hint)
            many = re.search(r"\b(two|three|four)(?: of them)? are a single sentence", hint)
            if many:
                assert words[many[1]] == one, (check_id, hint, one)
            checked += 1
    assert checked >= 1


def test_a_hint_only_calls_what_the_exercise_has_imported():
    """A hint such as 'date.fromisoformat(...)' must work in the student's notebook."""
    import builtins
    import json

    not_given = {"date", "datetime", "timedelta", "math", "pd", "np", "json", "re", "gpd"}
    for path in EXERCISES:
        notebook = ROOT / "exercises" / "source" / f"{path.stem}.ipynb"
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        imported = set(re.findall(r"^(?:from \S+ )?import (.+)$", code, re.MULTILINE))
        names = {n.strip().split(" as ")[-1] for line in imported for n in line.split(",")}
        for check_id, hint in _hints(path):
            for name in re.findall(r"(?<![.\w])([A-Za-z_]\w*)\.[A-Za-z_]\w*", hint):
                if name in not_given and name not in names and not hasattr(builtins, name):
                    pytest.fail(f"{path.name} {check_id}: the hint calls {name}.…(), which the "
                                f"notebook never imports (it has {sorted(names)})")
