"""Scoring of every question type, as a student would meet it."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
import yaml
from conftest import HOSTILE, HOSTILE_URL, ROOT, assert_inert

from parisbaku import InputError, quiz
from parisbaku.quiz.model import normalise_text, parse_number

SAMPLE = ROOT / "tests" / "fixtures" / "quiz_sample.yaml"
SOURCE = {"url": "https://news.am/eng/news/734934.html", "outlet": "News.am (Armenia)"}


@pytest.fixture(scope="module")
def bank() -> quiz.Bank:
    return quiz.validate_bank(yaml.safe_load(SAMPLE.read_text(encoding="utf-8")), str(SAMPLE))


def test_single_choice_is_all_or_nothing_and_gives_the_options_feedback(bank):
    q = bank.question("icj-vote")
    right, wrong = q.grade("b"), q.grade("a")
    assert (right.correct, right.credit) == (True, 1.0)
    assert (wrong.correct, wrong.credit, wrong.verdict) == (False, 0.0, "incorrect")
    assert "checkpoint" in " ".join(wrong.feedback)


def test_multiple_choice_partial_credit_follows_the_stated_rule(bank):
    q = bank.question("big-members")  # right: a, b, d (k = 3)
    assert q.grade(["a", "b", "d"]).credit == 1.0
    assert q.grade(["a", "b", "d"]).correct
    two = q.grade(["a", "b"])
    assert two.credit == pytest.approx(2 / 3) and not two.correct
    assert two.verdict == "partly correct"
    assert "1 correct option not ticked." in two.feedback
    assert q.grade(["a", "b", "c"]).credit == pytest.approx(1 / 3)  # 2 right - 1 wrong
    assert q.grade(["c"]).credit == 0.0  # never below zero
    assert q.grade(["a", "b", "c", "d"]).credit == pytest.approx(2 / 3)
    assert not q.grade(["a", "b", "c", "d"]).correct  # ticking everything is not full marks


def test_a_fraction_typed_for_a_percentage_gets_a_unit_hint_not_too_low():
    q = quiz.Question(
        id="share", type="numeric", prompt="What share voted?",
        answer={"value": 75, "tolerance": 1, "unit": "%"},
        explanation="Because.", sources=[SOURCE],
    )
    grade = q.grade("0.75")
    assert not grade.correct
    assert grade.feedback == ["Check the unit: the answer is a percentage, so 0.75 is written 75."]
    assert q.grade("0.5").feedback == ["Your number is too low."]
    assert q.grade("75").correct


def test_numeric_answers_within_tolerance_count_and_typing_styles_are_accepted():
    q = quiz.Question(
        id="days", type="numeric", prompt="How many days?",
        answer={"value": 272, "tolerance": 2, "unit": "days"},
        explanation="Because.", sources=[SOURCE],
    )
    assert q.grade("272").correct and q.grade("274").correct and q.grade("270,0").correct
    assert not q.grade("275").correct
    assert q.grade("275").feedback == ["Your number is too high."]
    assert q.grade(269).feedback == ["Your number is too low."]
    assert q.answer_text() == "272 (± 2) days"
    with pytest.raises(InputError, match="not a number"):
        q.grade("about 270")
    with pytest.raises(InputError, match="type a number"):
        q.grade("  ")


def test_parse_number_reads_what_students_type():
    assert parse_number("1 200") == 1200
    assert parse_number("2,5") == 2.5
    assert parse_number(" -3 ") == -3
    for bad in ("nan", "inf", "12a", True):
        with pytest.raises(InputError):
            parse_number(bad)


def test_ordering_credit_is_the_share_of_pairs_in_the_right_order(bank):
    q = bank.question("order-2022-2023")  # block, icj, exodus
    assert q.grade(["block", "icj", "exodus"]).correct
    one_swap = q.grade(["icj", "block", "exodus"])
    assert one_swap.credit == pytest.approx(2 / 3) and not one_swap.correct
    assert q.grade(["exodus", "icj", "block"]).credit == 0.0
    with pytest.raises(InputError, match="block used twice"):
        q.grade(["block", "block", "exodus"])
    with pytest.raises(InputError, match="exactly once"):
        q.grade(["block", "icj", ""])


def test_matching_credit_is_the_share_of_right_pairs(bank):
    q = bank.question("two-names")
    all_right = {"shusha": "shushi", "khankendi": "stepanakert", "lachin": "berdzor"}
    assert q.grade(all_right).correct
    two_swapped = {**all_right, "khankendi": "berdzor", "lachin": "stepanakert"}
    assert q.grade(two_swapped).credit == pytest.approx(1 / 3)
    with pytest.raises(InputError, match="still open: Lachin"):
        q.grade({**all_right, "lachin": ""})


def test_text_answers_ignore_case_accents_punctuation_and_spaces(bank):
    q = bank.question("capital-name")
    for typed in ("Stepanakert", "  stepanakert ", "STEP’ANAKERT", "Stépanakert"):
        assert q.grade(typed).correct, typed
    assert not q.grade("Shushi").correct
    assert normalise_text("  Xankəndi!  ") == "xankendi"  # ə transliterated (anyascii)
    with pytest.raises(InputError):
        q.grade("")


def test_a_bank_and_its_questions_can_be_built_in_code():
    b = quiz.Bank(
        lesson="01_reading_the_article", id="01-claims", title="Claim or fact?",
        questions=[quiz.Question(
            id="claim-1", type="single", prompt="Is this a fact?",
            options=[{"id": "fact", "text": "Fact"}, {"id": "claim", "text": "Claim"}],
            answer="claim", explanation="It is the article's claim.", sources=[SOURCE],
        )],
    )
    assert b.key == "01-claims"
    assert b.question("claim-1").grade("claim").correct
    assert b.max_attempts(b.questions[0]) == 2
    with pytest.raises(InputError, match="has no question 'nope'"):
        b.question("nope")


def test_a_question_built_in_code_with_a_wrong_answer_is_refused():
    with pytest.raises(ValueError, match="not among the options"):
        quiz.Question(
            id="q", type="single", prompt="?",
            options=[{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
            answer="c", explanation="x", sources=[SOURCE],
        )


def test_printable_lists_questions_first_and_keeps_the_answer_key_apart(bank):
    text = quiz.printable(bank)
    questions, key = text.split("## Answer key")
    letter = bank.question("icj-vote").letter("b")  # where the fixed order puts "13 votes to 2"
    assert "13 votes to 2" in questions and f"( ) **{letter})** 13 votes to 2" in questions
    assert "Stepanakert" not in questions.split("What is the Armenian name")[1]
    assert f"**1.** {letter}) 13 votes to 2" in key
    assert "**4.** The Lachin road is blocked → The ICJ" in key
    assert "Sources: [Azatutyun (RFE/RL Armenian Service), 2023-02-24]" in key
    assert "page-break-before" in text
    student_copy = quiz.printable(bank, key=False)
    assert "Answer key" not in student_copy and "Why" not in student_copy
    assert student_copy._repr_markdown_() == str(student_copy)


def test_printable_letters_each_option_once_by_its_place_on_the_page():
    from parisbaku import claims

    check = str(quiz.printable(claims.check_bank(), key=False))
    assert "**accurate)**" not in check and "**accurate**" not in check
    bank = quiz.load_bank("02_karabakh_1988_2023")
    lesson = str(quiz.printable(bank, key=False))
    for q in bank.questions:
        shown = q.shown_options() if isinstance(q, quiz.Choice) else []
        for n, option in enumerate(shown):
            assert lesson.count(f"**{'abcdefgh'[n]})** {option.text}\n") == 1, option.text


def test_each_student_sees_their_own_order_again_and_again_on_screen_and_paper(bank):
    single, ordering, matching = (bank.question(i) for i in ("icj-vote", "order-2022-2023",
                                                             "two-names"))
    names = [f"student{n}" for n in range(40)]
    orders = {tuple(o.id for o in single.shown_options(name)) for name in names}
    assert len(orders) == 6, "3 options: every order should turn up among 40 students"
    assert single.shown_options("ana") == single.shown_options("ana")  # stable
    for name in names:  # never the right order, even though 1 in 6 draws would be
        assert [i.id for i in ordering.shown_items(name)] != ordering.answer
    firsts = {matching.shown_left(name)[0].id for name in names}
    assert firsts == {"shusha", "khankendi", "lachin"}
    for name in names:  # never matched straight across (1 in 6 draws would be)
        rows, column = matching.shown_left(name), matching.shown_right(name)
        assert [matching.answer[r.id] for r in rows] != [c.id for c in column][:len(rows)]
    # the student's paper copy follows the student's screen order
    for name in ("ana", "bo"):
        paper = str(quiz.printable(bank, student=name))
        texts = [o.text for o in single.shown_options(name)]
        assert [paper.index(f"** {t}\n") for t in texts] == sorted(
            paper.index(f"** {t}\n") for t in texts)
        right = single.letter("b", name)
        assert f"**1.** {right}) 13 votes to 2" in paper and f"(copy of {name})" in paper


def test_a_two_item_ordering_is_shown_reversed_for_everyone():
    q = quiz.Question(
        id="two", type="ordering", prompt="Order them.",
        items=[{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}], answer=["x", "y"],
        explanation="Because.", sources=[SOURCE],
    )
    assert {tuple(i.id for i in q.shown_items(f"s{n}")) for n in range(20)} == {("y", "x")}


def test_todays_results_file_regrades_unchanged(bank):
    """tests/fixtures/quiz_results_v1.json was written by the quiz widget of main at
    4aeec3d (before the question types became separate models and options were
    shuffled); every stored answer grades today as it did then."""
    from parisbaku.quiz.store import read_results_file

    content = read_results_file(ROOT / "tests" / "fixtures" / "quiz_results_v1.json")
    events = [e for e in content["quizzes"]["sample"]["events"] if e["event"] == "answer"]
    assert {e["question"] for e in events} == {q.id for q in bank.questions}
    for e in events:
        grade = bank.question(e["question"]).grade(e["answer"])
        assert (round(grade.credit, 4), grade.correct) == (e["credit"], e["correct"]), e


def test_printable_shows_a_banks_markup_as_text_on_the_published_page():
    """make html turns printable() into HTML with raw HTML kept (as nbconvert does): a tag
    in a bank's prompt, option, explanation or source would have been live there."""
    import mistune

    bank = quiz.validate_bank({
        "lesson": "sample", "title": "A quiz", "questions": [{
            "id": "q", "type": "single", "objectives": [1],
            "prompt": f"**Which?** {HOSTILE}",
            "options": [{"id": "a", "text": HOSTILE}, {"id": "b", "text": "B"}],
            "answer": "b", "explanation": f"Because {HOSTILE}",
            "sources": [{"url": HOSTILE_URL, "outlet": HOSTILE}]}]})
    page = mistune.html(str(quiz.printable(bank)))  # escape=False: raw HTML kept
    assert "<strong>Which?</strong>" in page  # the bank's Markdown still works
    assert_inert(page, times=4)  # prompt, option, explanation, source: as text
    # the source's address is one whole link (percent-encoded by Markdown, not cut short)
    hrefs = re.findall(r'<a href="([^"]*)"', page)
    assert [unquote(html.unescape(h)) for h in hrefs] == [HOSTILE_URL], hrefs
