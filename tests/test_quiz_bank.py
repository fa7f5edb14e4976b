"""Quiz banks: broken banks explain themselves; the lessons' banks are complete."""

from __future__ import annotations

import json
import re
from itertools import combinations

import pytest
import yaml
from conftest import ROOT

from parisbaku import DataError, cli, data, lessons, quiz
from parisbaku.quiz.model import normalise_text

SAMPLE = ROOT / "tests" / "fixtures" / "quiz_sample.yaml"


def sample() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def install(folder, name: str, raw) -> None:
    (folder / "quizzes").mkdir(exist_ok=True)
    text = raw if isinstance(raw, str) else yaml.safe_dump(raw, allow_unicode=True)
    (folder / "quizzes" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_a_broken_bank_gives_one_error_listing_every_problem(scratch_data):
    raw = sample()
    raw["lesson"] = "02_demo"
    raw["questions"][0]["answer"] = "z"                       # not among the options
    del raw["questions"][1]["answer"]                         # missing answer
    raw["questions"][2]["type"] = "essay"                     # unknown type
    raw["questions"][5]["id"] = raw["questions"][4]["id"]     # duplicate id
    raw["questions"][3]["promt"] = "typo"                     # unknown field
    raw["questions"][3]["sources"] = []                       # no source
    install(scratch_data, "02_demo", raw)
    with pytest.raises(DataError) as caught:
        quiz.load_bank("02_demo")
    message = str(caught.value)
    assert message.startswith("data/quizzes/02_demo.yaml: 6 problems:")
    expected = [
        "question 'icj-vote', field 'answer': 'z' is not among the options (a, b, c)",
        "question 'big-members', field 'answer': missing",
        "question 'ecoprotest-year', field 'type': unknown type 'essay'",
        "question 'order-2022-2023', field 'promt': not a known field",
        "question 'order-2022-2023', field 'sources'",
        "question ids must be unique; repeated: two-names",
    ]
    for line in expected:
        assert line in message, line
    assert "Traceback" not in message and "pydantic" not in message
    assert "Fix: " in message
    assert caught.value.__cause__ is None and caught.value.__context__ is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda q: q.update(answer=["a", "x"]), "field 'answer': x not among the options"),
        (lambda q: q.update(answer="a"), "field 'answer': a multiple question takes a list"),
        (lambda q: q.pop("options"), "field 'options': a multiple question needs it"),
        (lambda q: q.update(items=[{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}]),
         "field 'items': a multiple question does not use it"),
        (lambda q: q.update(options=q["options"] + [{"id": "a", "text": "again"}]),
         "field 'options': ids must be unique; repeated: a"),
        (lambda q: q.update(explanation=""), "field 'explanation'"),
        (lambda q: q.update(objectives=[0]), "field 'objectives', item 1"),
        (lambda q: q.update(sources=[{"url": "example.org", "outlet": "x"}]),
         "field 'sources', item 1, field 'url': Value error, must start with http"),
    ],
)
def test_each_kind_of_mistake_names_the_question_and_the_field(change, expected):
    raw = sample()
    change(raw["questions"][1])  # big-members, a multiple choice question
    with pytest.raises(DataError) as caught:
        quiz.validate_bank(raw, "data/quizzes/x.yaml")
    assert f"question 'big-members', {expected}" in str(caught.value)


@pytest.mark.parametrize(
    ("qid", "answer", "expected"),
    [
        ("ecoprotest-year", {"valeur": 3}, "field 'valeur': not a known field"),
        ("ecoprotest-year", {"value": "many"}, "field 'value': must be a number (got 'many')"),
        ("ecoprotest-year", {"value": 3, "tolerance": -1},
         "field 'tolerance': Input should be greater than or equal to 0 (got -1)"),
        ("ecoprotest-year", [2022], "give {value: 272, tolerance: 2, unit: days}"),
        ("order-2022-2023", ["block", "icj"], "list every item id exactly once"),
        ("icj-vote", ["a"], "field 'answer': a single question has one answer: an option id"),
        ("two-names", ["shusha", "shushi"], "field 'answer': give {left id: right id, ...}"),
        ("two-names", {"shusha": "shushi"}, "pair every left id exactly once"),
        ("two-names", {"shusha": "x", "khankendi": "stepanakert", "lachin": "berdzor"},
         "x not among the right ids"),
        ("capital-name", [], "give a list of accepted answers"),
    ],
)
def test_answers_that_do_not_fit_their_type_are_explained(qid, answer, expected):
    raw = sample()
    for q in raw["questions"]:
        if q["id"] == qid:
            q["answer"] = answer
    with pytest.raises(DataError, match=re.escape(expected)):
        quiz.validate_bank(raw, "x.yaml")


def test_nan_and_infinite_numbers_in_a_numeric_answer_are_refused(scratch_data):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "answer: {value: 2022, tolerance: 0", "answer: {value: .inf, tolerance: .nan")
    assert ".nan" in text
    install(scratch_data, "04_nan", text.replace("lesson: sample", "lesson: 04_nan"))
    with pytest.raises(DataError) as caught:
        quiz.load_bank("04_nan")
    message = str(caught.value)
    assert message.startswith("data/quizzes/04_nan.yaml: 2 problems:")
    for name, given in (("value", "inf"), ("tolerance", "nan")):
        assert (f"question 'ecoprotest-year', field 'answer', field '{name}': "
                f"Input should be a finite number (got {given})") in message


def test_file_level_mistakes_are_reported_not_raised_from_deep_inside(scratch_data):
    install(scratch_data, "03_bad_yaml", "lesson: 03\nquestions: [\n")
    with pytest.raises(DataError, match=r"03_bad_yaml.yaml: line \d+.*not valid YAML"):
        quiz.load_bank("03_bad_yaml")
    install(scratch_data, "03_list", "- just\n- a list\n")
    with pytest.raises(DataError, match="must hold a mapping"):
        quiz.load_bank("03_list")
    install(scratch_data, "03_wrong_lesson", {**sample(), "lesson": "04_other"})
    with pytest.raises(DataError, match=r"says '04_other' but the file is 03_wrong_lesson\.yaml"):
        quiz.load_bank("03_wrong_lesson")
    with pytest.raises(DataError, match="no such quiz bank"):
        quiz.load_bank("99_nothing")
    with pytest.raises(DataError, match="not a quiz name"):
        quiz.load_bank("../lessons")


def test_check_data_reports_a_broken_bank_and_passes_a_sound_one(scratch_data, capsys):
    install(scratch_data, "sample", sample())
    cli.CHECKS.clear()
    cli.check_data()
    assert "ok   quiz sample" in capsys.readouterr().out
    cli.CHECKS.clear()
    broken = sample()
    broken["questions"][0]["answer"] = "z"
    install(scratch_data, "sample", broken)
    data.clear_cache()
    cli.check_data()
    err = capsys.readouterr().err
    cli.CHECKS.clear()
    assert "FAIL quiz sample" in err and "'z' is not among the options" in err


# -- the lessons' own banks ---------------------------------------------------------------

BANKS = quiz.bank_ids()
READY = [lesson for lesson in lessons.catalogue() if lesson.ready and lesson.id != "00"]


@pytest.mark.parametrize("bank_id", BANKS)
def test_every_bank_in_data_is_valid_and_teaches(bank_id):
    bank = quiz.load_bank(bank_id)
    assert len(bank.questions) >= 5, "a lesson quiz has at least 5 questions"
    kinds = {q.type for q in bank.questions}
    assert len(kinds) >= 2, f"mix question types; all are {kinds}"
    for q in bank.questions:
        assert q.explanation.strip() and q.sources, q.id
        assert q.objectives, f"{q.id}: say which learning objectives it assesses"
        if q.type in ("single", "multiple"):
            silent = [o.id for o in q.options or [] if not o.feedback.strip()]
            assert not silent, f"{q.id}: options without feedback: {silent}"


@pytest.mark.parametrize("lesson", READY, ids=[lesson.file for lesson in READY])
def test_every_lesson_has_a_quiz_that_assesses_each_objective(lesson):
    stem = lesson.path.stem
    assert stem in BANKS, f"no data/quizzes/{stem}.yaml for {lesson.file}"
    bank = quiz.load_bank(stem)
    objectives = lessons.read_objectives(lesson.path)
    assessed = {n for q in bank.questions for n in q.objectives}
    beyond = sorted(n for n in assessed if n > len(objectives))
    assert not beyond, f"objectives {beyond} do not exist: the lesson has {len(objectives)}"
    missing = [f"{n}. {text}" for n, text in enumerate(objectives, start=1) if n not in assessed]
    assert not missing, f"no quiz question assesses: {missing}"
    nb = json.loads(lesson.path.read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(f'quiz.show("{stem}")' in c or f"quiz.show('{stem}')" in c for c in code), (
        f'the Quiz section should call quiz.show("{stem}")'
    )



# -- no item answerable from its layout ----------------------------------------------------

#: Simulated students: position strategies are averaged over their shuffled orders.
STUDENTS = [f"student{n:03d}" for n in range(60)]
#: How far above the chance score of a bank a strategy may score, in percentage points.
MARGIN = 10
_SMALL_WORDS = frozenset((
    "that", "this", "with", "from", "what", "which", "were", "when", "does", "into", "than",
    "they", "their", "them", "there", "about", "only", "after", "before", "also", "have",
    "been", "more", "most", "over", "such"))


def _words(text: str) -> set[str]:
    return {w for w in normalise_text(text).split() if len(w) >= 4 and w not in _SMALL_WORDS}


def _chance(q: quiz.Question) -> float:
    """The expected credit of answering at random (nothing to guess in a number or a text)."""
    if isinstance(q, quiz.SingleChoice):
        return 1 / len(q.options)
    if isinstance(q, quiz.MultipleChoice):
        ids = [o.id for o in q.options]
        picks = [c for k in range(1, len(ids) + 1) for c in combinations(ids, k)]
        return sum(q.grade(list(c)).credit for c in picks) / len(picks)
    if isinstance(q, quiz.Ordering):
        return 0.5  # by symmetry, half the pairs of a random order are right
    if isinstance(q, quiz.Matching):
        return 1 / len(q.right)
    return 0.0


def _longest(q, student):
    if isinstance(q, quiz.SingleChoice):
        return max(q.shown_options(student), key=lambda o: len(o.text)).id
    return None


def _letter(k: int):
    def pick(q, student):
        if isinstance(q, quiz.SingleChoice) and k < len(q.options):
            return q.shown_options(student)[k].id
        return None
    return pick


def _prompt_words(q, student):
    if isinstance(q, quiz.SingleChoice):
        prompt = _words(q.prompt)
        return max(q.shown_options(student), key=lambda o: len(_words(o.text) & prompt)).id
    return None


def _all_but_last(q, student):
    return [o.id for o in q.shown_options(student)[:-1]] if isinstance(
        q, quiz.MultipleChoice) else None


def _as_shown(q, student):
    return [i.id for i in q.shown_items(student)] if isinstance(q, quiz.Ordering) else None


def _straight(q, student):
    if isinstance(q, quiz.Matching):
        return {a.id: b.id for a, b in zip(q.shown_left(student), q.shown_right(student),
                                           strict=False)}
    return None


def _together(q, student):
    """Longest option, all but the last, the order shown, straight across: each where it fits."""
    for strategy in (_longest, _all_but_last, _as_shown, _straight):
        answer = strategy(q, student)
        if answer is not None:
            return answer
    return None


STRATEGIES = {"longest option": _longest, **{f"always option {'abcde'[k]}": _letter(k)
                                              for k in range(5)},
              "repeats the prompt's words": _prompt_words, "all but the last": _all_but_last,
              "order as shown": _as_shown, "straight matching": _straight,
              "all of these together": _together}


def guessing_scores(bank: quiz.Bank, strategies: dict | None = None
                    ) -> tuple[float, dict[str, float]]:
    """(chance score, {strategy: score}) of a bank in % of its points, on first attempts.

    A strategy answers the questions it applies to and is left at chance on the
    others; position strategies are averaged over the orders of STUDENTS.
    """
    chance = [_chance(q) for q in bank.questions]
    scores = {}
    for name, strategy in (strategies or STRATEGIES).items():
        total = 0.0
        for student in STUDENTS:
            for q, at_chance in zip(bank.questions, chance, strict=True):
                answer = strategy(q, student)
                total += at_chance if answer is None else q.grade(answer).credit
        scores[name] = 100 * total / len(STUDENTS) / len(bank.questions)
    return 100 * sum(chance) / len(bank.questions), scores


@pytest.mark.parametrize("bank_id", BANKS)
def test_no_guessing_strategy_beats_chance_by_more_than_the_margin(bank_id):
    """Picking the longest option, a fixed letter, the option that repeats the prompt, all
    but the last, the order shown or straight matching scores at most MARGIN points above
    answering at random."""
    chance, scores = guessing_scores(quiz.load_bank(bank_id))
    beyond = {name: round(score, 1) for name, score in scores.items()
              if score > chance + MARGIN}
    assert not beyond, f"chance {chance:.1f} %; strategies above chance + {MARGIN}: {beyond}"


def test_the_right_option_is_the_longest_in_at_most_a_third_of_single_choice_items():
    singles = [q for b in BANKS for q in quiz.load_bank(b).questions
               if isinstance(q, quiz.SingleChoice)]
    longest = [f"{q.id}" for q in singles if len(q.option(q.answer).text) > max(
        len(o.text) for o in q.options if o.id != q.answer)]
    assert len(longest) <= len(singles) / 3, (
        f"the right option is the longest in {len(longest)} of {len(singles)}: {longest}")


def _shortest(q, student):
    if isinstance(q, quiz.SingleChoice):
        return min(q.shown_options(student), key=lambda o: len(o.text)).id
    return None


#: Banks whose right option is still too often the shortest (an expected, strict failure).
#: Measured 07:50 on main 734a2b5 (chance -> shortest option, in % of the bank): 01 22.3 -> 35.7,
#: 02 27.2 -> 63.3, 03 28.1 -> 65.6, 04 24.3 -> 37.9, 05 24.7 -> 40.4, 06 28.1 -> 68.8,
#: 07 24.5 -> 67.0; after the keys were brought to a middle length (quizfix): 01 28.1, 02 30.0,
#: 03 34.3, 04 25.4, 05 27.9, 06 18.8, 07 27.0. A bank put here that passes fails the run.
SHORTEST_GIVES_AWAY: set[str] = set()


@pytest.mark.parametrize("bank_id", [
    pytest.param(b, marks=pytest.mark.xfail(
        strict=True, reason="bank content: the right option is too often the shortest"))
    if b in SHORTEST_GIVES_AWAY else b for b in BANKS])
def test_the_shortest_option_gives_nothing_away_either(bank_id):
    """The mirror of the longest option: rebalanced lengths must not swing the cue round."""
    chance, scores = guessing_scores(quiz.load_bank(bank_id), {"shortest": _shortest})
    assert scores["shortest"] <= chance + MARGIN, (
        f"shortest option {scores['shortest']:.1f} % against chance {chance:.1f} %")


def _question(bank_id: str, qid: str):
    return next(q for q in quiz.load_bank(bank_id).questions if q.id == qid)


def test_numeric_answers_that_data_holds_are_computed_from_it():
    """No numeric answer is typed where data/ holds the figure: each names a computation."""
    typed = []
    for bank_id in BANKS:
        raw = yaml.safe_load((ROOT / "data" / "quizzes" / f"{bank_id}.yaml").read_text("utf-8"))
        typed += [f"{bank_id}:{q['id']}" for q in raw["questions"]
                  if q["type"] == "numeric" and "compute" not in q["answer"]]
    assert typed == [], f"numeric answers typed instead of computed from data/: {typed}"
    assert _question("01_reading_the_article", "recall-gap").numeric == (5, 1, "months")
    assert _question("04_new_caledonia", "south-share").numeric == (74.8, 0.2, "%")
    assert _question("08_after_the_article", "signal-to-shift").numeric == (17, 1, "months")


def test_a_computed_answer_follows_the_data_into_grading_and_the_key(scratch_data):
    timeline_ = scratch_data / "timeline.yaml"
    text = timeline_.read_text(encoding="utf-8")
    assert text.count("date: '2024-04-16'\n  precision: day\n  end_date") <= 1
    text = text.replace("- id: france-recalls-ambassador-2024-04-16\n  date: '2024-04-16'",
                        "- id: france-recalls-ambassador-2024-04-16\n  date: '2024-08-16'")
    timeline_.write_text(text, encoding="utf-8")
    table = scratch_data / "tables" / "nc_population.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(
        "2019,sud,total population,count,203144,", "2019,sud,total population,count,190000,"),
        encoding="utf-8")
    data.clear_cache()
    recall = _question("01_reading_the_article", "recall-gap")
    assert recall.numeric[0] == 9  # 24 Nov 2023 to 16 Aug 2024
    assert recall.grade("9").correct and not recall.grade("5").correct
    south = _question("04_new_caledonia", "south-share")
    assert south.numeric[0] == round(100 * 190000 / 271407, 1)
    key = str(quiz.printable("04_new_caledonia"))
    assert f"{south.numeric[0]:g} (± 0.2) %" in key and "74.8 (± 0.2)" not in key


def test_a_computation_that_fails_names_the_question_and_the_fix(scratch_data):
    path = scratch_data / "quizzes" / "08_after_the_article.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    answer = next(q for q in raw["questions"] if q["id"] == "signal-to-shift")["answer"]
    for change, expected in [({"args": {**answer["args"], "end": "no-such-event"}},
                              ["no-such-event"]),
                             ({"compute": "month_between"},
                              ["unknown compute 'month_between'", "months_between"]),
                             ({"value": 17}, ["give 'value' or 'compute', not both"])]:
        answer_ = {**answer, **change}
        next(q for q in raw["questions"] if q["id"] == "signal-to-shift")["answer"] = answer_
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        data.clear_cache()
        with pytest.raises(DataError) as caught:
            quiz.load_bank("08_after_the_article")
        text = str(caught.value)
        assert "question 'signal-to-shift', field 'answer'" in text, text
        assert all(e in text for e in expected), (change, text)
