"""jupyterquiz in; Moodle GIFT (checked by an independent parser) and QTI out."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import yaml
from conftest import ROOT

from parisbaku import InputError, quiz
from parisbaku.quiz import interop

SAMPLE = ROOT / "tests" / "fixtures" / "quiz_sample.yaml"
SOURCE = {"url": "https://news.am/eng/news/734934.html", "outlet": "News.am (Armenia)",
          "published": "2022-12-13"}

# Written in jupyterquiz's documented JSON format (types multiple_choice, many_choice, numeric).
JUPYTERQUIZ = [
    {"question": "When did the blockade of the Lachin road begin?", "type": "multiple_choice",
     "answers": [
         {"answer": "December 2022", "correct": True, "feedback": "Yes, on the 12th."},
         {"answer": "September 2023", "correct": False, "feedback": "That is when it ended."}]},
    {"question": "Which are Armenian names of places?", "type": "many_choice",
     "answers": [
         {"answer": "Shushi", "correct": True, "feedback": "Yes."},
         {"answer": "Berdzor", "correct": True, "feedback": "Yes."},
         {"answer": "Khankendi", "correct": False, "feedback": "Azerbaijani."}]},
    {"question": "In which year did it begin?", "type": "numeric", "precision": 4,
     "answers": [
         {"type": "range", "range": [2021, 2023], "correct": False},
         {"type": "value", "value": 2022, "correct": True, "feedback": "Right."},
         {"type": "default", "feedback": "Look at the timeline."}]},
    {"question": "Within what range?", "type": "numeric",
     "answers": [{"type": "range", "range": [270, 274], "correct": True}]},
]


@pytest.fixture(scope="module")
def bank() -> quiz.Bank:
    return quiz.validate_bank(yaml.safe_load(SAMPLE.read_text(encoding="utf-8")))


def test_a_jupyterquiz_file_becomes_a_valid_bank(tmp_path):
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(JUPYTERQUIZ), encoding="utf-8")
    b = interop.from_jupyterquiz(path, lesson="03_lachin_corridor", title="Imported",
                                 sources=[SOURCE], objectives=[1])
    first, many, year, days = b.questions
    assert (first.type, first.answer) == ("single", "a")
    assert first.option("b").feedback == "That is when it ended."
    assert (many.type, many.answer) == ("multiple", ["a", "b"])
    assert year.numeric == (2022.0, 0.0, "") and year.grade("2022").correct
    assert days.numeric == (272.0, 2.0, "")
    assert first.id == "when-did-the-blockade-of"
    assert first.sources[0].outlet == "News.am (Armenia)"
    # written out and read back in the bank format, it validates as an author's file would
    again = quiz.validate_bank(yaml.safe_load(interop.bank_to_yaml(b)), "imported.yaml")
    assert again == b


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        ([{"question": "?", "type": "essay"}], "type 'essay' is not one of"),
        ([{"question": "?", "type": "multiple_choice",
           "answers": [{"answer": "x", "correct": False}, {"answer": "y"}]}],
         "no answer is marked"),
        ([{"question": "?", "type": "numeric", "answers": [{"type": "default"}]}],
         "no correct value or range"),
        ("{not json", "not jupyterquiz JSON"),
    ],
)
def test_an_unusable_jupyterquiz_file_is_explained(questions, expected):
    text = questions if isinstance(questions, str) else json.dumps(questions)
    with pytest.raises(InputError, match=expected):
        interop.from_jupyterquiz(text, lesson="x", title="x", sources=[SOURCE])


def test_importing_needs_a_source():
    with pytest.raises(InputError, match="at least one source"):
        interop.from_jupyterquiz(JUPYTERQUIZ, lesson="x", title="x", sources=[])


# pygiftparser (2017) calls locale.getdefaultlocale, deprecated since Python 3.11.
pytestmark = pytest.mark.filterwarnings("ignore:'locale.getdefaultlocale':DeprecationWarning")


def test_gift_export_is_read_back_by_an_independent_gift_parser(bank):
    from pygiftparser import parser

    gift = interop.to_gift(bank)
    parsed = parser.parseFile(io.StringIO(gift))
    assert [q.title for q in parsed] == [q.id for q in bank.questions]
    assert all(q.valid for q in parsed), [q.title for q in parsed if not q.valid]
    by_id = {q.title: q for q in parsed}

    single = by_id["icj-vote"]
    assert type(single.answers).__name__ == "SelectSet"
    right = [a.answer for a in single.answers.answers if a.select]
    assert right == ["13 votes to 2"]
    assert single.text.startswith("By what vote did the ICJ")
    assert single.generalFeedback.startswith("The court ordered it by 13 votes to 2")

    many = by_id["big-members"]
    assert type(many.answers).__name__ == "MultipleChoicesSet"
    fractions = {a.answer: round(a.fraction, 2) for a in many.answers.answers}
    assert fractions == {"New Caledonia": 33.33, "Martinique": 33.33, "Corsica": -33.33,
                         "French Guiana": 33.33}

    numeric = by_id["ecoprotest-year"].answers
    assert type(numeric).__name__ == "NumericAnswerSet"
    assert (numeric.answers[0].value, numeric.answers[0].tolerance) == (2022.0, 0.0)

    matching = by_id["two-names"].answers
    assert type(matching).__name__ == "MatchingSet"
    assert {a.question.strip(): a.answer.strip() for a in matching.answers} == {
        "Shusha": "Shushi", "Khankendi": "Stepanakert", "Lachin": "Berdzor"}
    ordering = by_id["order-2022-2023"].answers
    assert [(a.question.strip(), a.answer.strip()) for a in ordering.answers] == [
        ("1st (earliest)", "The Lachin road is blocked"),
        ("2nd", "The ICJ orders free movement on the corridor"),
        ("3rd (latest)", "Karabakh's Armenians leave for Armenia")]

    short = by_id["capital-name"].answers
    assert type(short).__name__ == "ShortSet"
    assert [a.answer for a in short.answers] == ["Stepanakert", "Step'anakert"]


def test_gift_escapes_its_special_characters(bank):
    tricky = bank.model_copy(update={"questions": [bank.questions[0].model_copy(
        update={"prompt": "Ratio {a}: 1=2 #3 ~4?"})]})
    from pygiftparser import parser

    parsed = parser.parseFile(io.StringIO(interop.to_gift(tricky)))
    assert len(parsed) == 1 and parsed[0].valid
    assert "Ratio \\{a\\}\\: 1\\=2 \\#3 \\~4?" in interop.to_gift(tricky)


def test_qti_export_writes_a_zip_with_the_choice_numeric_and_text_questions(bank, tmp_path):
    text = interop.to_text2qti(bank)
    assert "% order-2022-2023: ordering questions have no text2qti form" in text
    target = interop.to_qti(bank, tmp_path / "sample.zip")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert "imsmanifest.xml" in names
        xml = next(archive.read(n).decode() for n in names
                   if n.endswith(".xml") and "assessment_meta" not in n and n != "imsmanifest.xml")
    assert xml.count("<item ") == 4  # single, multiple, numeric, text
    assert "13 votes to 2" in xml and "Stepanakert" in xml
