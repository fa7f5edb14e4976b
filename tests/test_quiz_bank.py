"""Quiz banks: broken banks explain themselves; the lessons' banks are complete."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT

from parisbaku import DataError, cli, data, lessons, quiz

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

