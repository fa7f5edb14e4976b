"""The quiz widget driven from Python: set inputs, press buttons, read what a student sees."""

from __future__ import annotations

import json
import re

import ipywidgets as w
import pytest
import yaml
from conftest import ROOT

from parisbaku import quiz
from parisbaku.quiz import store

SAMPLE = ROOT / "tests" / "fixtures" / "quiz_sample.yaml"


@pytest.fixture(autouse=True)
def no_name(monkeypatch):
    for variable in (*store.STUDENT_ENVS, store.RESULTS_ENV):
        monkeypatch.delenv(variable, raising=False)
    store.forget_student()
    yield
    store.forget_student()


@pytest.fixture
def bank() -> quiz.Bank:
    return quiz.validate_bank(yaml.safe_load(SAMPLE.read_text(encoding="utf-8")))


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def saved(folder, student="ana") -> list[dict]:
    # the file is named by the student's key: the name case-folded (Ana_Lopez -> ana_lopez)
    content = json.loads((folder / f"{student.casefold()}.json").read_text(encoding="utf-8"))
    return content["quizzes"]["sample"]["events"]


def test_wrong_then_right_gives_feedback_reveals_why_and_saves_both(bank, tmp_path):
    view = quiz.show(bank, student="ana", results=tmp_path)
    q = view.question("icj-vote")
    assert q.explanation.layout.display == "none"
    q.radio.value = "a"
    q.check.click()
    assert "✘ Not correct." in text(q.feedback.value)
    assert "July 2023 follow-up" in q.feedback.value  # the option's own feedback
    assert "1 more attempt" in q.feedback.value
    assert "Attempt 2 of 2" in q.status.value
    assert q.explanation.layout.display == "none"
    q.radio.value = "b"
    q.check.click()
    assert "✔ Correct." in text(q.feedback.value)
    assert q.explanation.layout.display is None
    assert "13 votes to 2" in q.explanation.value
    assert "Azatutyun (RFE/RL Armenian Service), 2023-02-24" in q.explanation.value
    assert q.check.disabled and q.radio.disabled
    assert "Score: 1 of 6" in text(view.score.value)
    events = saved(tmp_path)
    assert [(e["question"], e["answer"], e["correct"], e["attempt"]) for e in events] == [
        ("icj-vote", "a", False, 1), ("icj-vote", "b", True, 2)]


def test_the_last_wrong_attempt_shows_the_answer_and_the_explanation(bank, tmp_path):
    view = quiz.show(bank, student="ana", results=tmp_path)
    q = view.question("ecoprotest-year")
    for typed in ("2021", "2023"):
        q.number_box.value = typed
        q.check.click()
    assert "Your number is too high." in q.feedback.value
    assert "The right answer: <strong>2022</strong>" in q.feedback.value
    assert "No attempts left" in q.status.value and q.check.disabled
    assert "12 December 2022" in q.explanation.value
    q.check.click()  # a locked question records nothing more
    assert len(saved(tmp_path)) == 2


def test_every_type_can_be_answered_through_its_widgets(bank, tmp_path):
    view = quiz.show(bank, student="ana", results=tmp_path)
    view.question("icj-vote").radio.value = "b"
    multiple = view.question("big-members")
    for option_id in ("a", "b"):
        multiple.ticks[option_id].value = True
    view.question("ecoprotest-year").number_box.value = "2022"
    ordering = view.question("order-2022-2023")
    for slot, item in zip(ordering.slots, ("block", "icj", "exodus"), strict=True):
        slot.value = item
    matching = view.question("two-names")
    matching.pairs["shusha"].value = "shushi"
    matching.pairs["khankendi"].value = "stepanakert"
    matching.pairs["lachin"].value = "berdzor"
    view.question("capital-name").text_box.value = "stépanakert"
    for qv in view.questions:
        qv.check.click()
    assert "◑ Partly correct." in text(multiple.feedback.value)
    assert "1 correct option not ticked." in multiple.feedback.value
    assert "each wrong tick takes one share away" in multiple.inputs[0].value
    assert all("✔ Correct." in text(qv.feedback.value) for qv in view.questions
               if qv is not multiple)
    assert "Score: 5.7 of 6" in text(view.score.value)
    answers = {e["question"]: e["answer"] for e in saved(tmp_path)}
    assert answers["big-members"] == ["a", "b"]
    assert answers["order-2022-2023"] == ["block", "icj", "exodus"]
    assert answers["two-names"]["lachin"] == "berdzor"
    assert answers["capital-name"] == "stépanakert"  # saved as given


def test_an_unusable_response_is_explained_and_costs_no_attempt(bank, tmp_path):
    view = quiz.show(bank, student="ana", results=tmp_path)
    q = view.question("order-2022-2023")
    q.slots[0].value = q.slots[1].value = "block"
    q.slots[2].value = "exodus"
    q.check.click()
    assert "⚠ Not checked yet:" in text(q.feedback.value)
    assert "block used twice" in q.feedback.value
    assert "Attempt 1 of 2" in q.status.value
    assert not (tmp_path / "ana.json").exists()
    numeric = view.question("ecoprotest-year")
    numeric.number_box.value = "twenty"
    numeric.check.click()
    assert "not a number" in numeric.feedback.value


def test_rerunning_the_cell_after_a_restart_restores_answers_and_score(bank, tmp_path):
    first = quiz.show(bank, student="ana", results=tmp_path)
    first.question("icj-vote").radio.value = "b"
    first.question("icj-vote").check.click()
    first.question("capital-name").text_box.value = "Shushi"
    first.question("capital-name").check.click()
    store.forget_student()  # what a kernel restart does to the session

    again = quiz.show(bank, student="ana", results=tmp_path)
    icj, name = again.question("icj-vote"), again.question("capital-name")
    assert icj.radio.value == "b" and icj.check.disabled
    assert "✔ Correct." in text(icj.feedback.value) and "13 votes" in icj.explanation.value
    assert name.text_box.value == "Shushi" and not name.check.disabled
    assert "1 more attempt" in name.feedback.value and "Attempt 2 of 2" in name.status.value
    assert "Score: 1 of 6" in text(again.score.value)


def test_the_name_is_asked_once_and_earlier_answers_are_saved_when_given(bank, tmp_path):
    view = quiz.show(bank, results=tmp_path)
    assert view.name_row.layout.display != "none"
    q = view.question("icj-vote")
    q.radio.value = "b"
    q.check.click()
    assert "✔ Correct." in text(q.feedback.value)
    assert "Not saved yet" in view.who.value
    assert not any(tmp_path.iterdir())
    view.name_box.value = "../../etc/passwd"
    view.name_button.click()
    assert "Name not saved" in view.who.value and not any(tmp_path.iterdir())
    view.name_box.value = "Ana Lopez"
    view.name_button.click()
    assert view.name_row.layout.display == "none"
    assert "Ana_Lopez" in view.who.value
    assert [e["answer"] for e in saved(tmp_path, "Ana_Lopez")] == ["b"]
    second = quiz.show(bank, results=tmp_path)  # another quiz in the same session
    assert second.name_row.layout.display == "none"
    assert second.question("icj-vote").radio.value == "b"


def test_the_hub_user_name_is_used_without_asking(bank, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "student7")
    monkeypatch.setenv(store.RESULTS_ENV, str(tmp_path))
    view = quiz.show(bank)
    assert view.name_row.layout.display == "none"
    view.question("capital-name").text_box.value = "Stepanakert"
    view.question("capital-name").check.click()
    assert saved(tmp_path, "student7")[0]["correct"] is True


def test_reset_asks_first_then_clears_the_quiz_but_the_file_keeps_everything(bank, tmp_path):
    view = quiz.show(bank, student="ana", results=tmp_path)
    q = view.question("icj-vote")
    q.radio.value = "b"
    q.check.click()
    view.reset_button.click()
    assert view.confirm_button.layout.display is None  # asks before erasing the screen
    view.cancel_button.click()
    assert q.radio.value == "b"
    view.reset_button.click()
    view.confirm_button.click()
    assert q.radio.value is None and q.feedback.value == "" and not q.check.disabled
    assert q.explanation.layout.display == "none"
    assert "Score: 0 of 6" in text(view.score.value)
    assert [e["event"] for e in saved(tmp_path)] == ["answer", "reset"]
    store.forget_student()
    assert quiz.show(bank, student="ana", results=tmp_path).question("icj-vote").radio.value is None


def test_a_damaged_results_file_is_reported_in_the_quiz(bank, tmp_path):
    (tmp_path / "ana.json").write_text("{half a file", encoding="utf-8")
    view = quiz.show(bank, student="ana", results=tmp_path)
    assert "could not be read" in view.notice.value and "Tell your instructor" in view.notice.value
    assert len(list(tmp_path.glob("ana.json.unreadable-*"))) == 1


def test_one_question_at_a_time_with_previous_and_next(bank, tmp_path):
    view = quiz.show(bank, student="ana", results=tmp_path, one_at_a_time=True)
    shown = [qv.box.layout.display != "none" for qv in view.questions]
    assert shown == [True, False, False, False, False, False]
    assert view.previous_button.disabled
    view.next_button.click()
    view.next_button.click()
    assert view.questions[2].box.layout.display is None
    assert view.questions[0].box.layout.display == "none"
    view.previous_button.click()
    assert view.current == 1


def test_every_control_is_labelled_and_feedback_is_announced(bank, tmp_path):
    view = quiz.show(bank, student="ana", results=tmp_path)
    for qv in view.questions:
        for control in qv._controls():
            assert control.description.strip(), f"{qv.question.id}: unlabelled {control}"
        assert qv.check.description == "Check" and qv.check.tooltip
    for button in (view.reset_button, view.name_button, view.next_button):
        assert button.description and button.tooltip
    # the browser-side helper names each group after its question and makes these live
    # regions (tests/test_browser.py checks it in Chromium); here: the marks it reads
    from parisbaku.quiz import access

    assert any(isinstance(child, access.Access) for child in view.widget.children)
    for qv in view.questions:
        assert access.PROMPT_CLASS in qv.prompt._dom_classes
        assert access.ANSWER_CLASS in qv.answer.group._dom_classes
        assert set(qv.answer.controls) <= set(qv.answer.group.children)
        assert access.LIVE_CLASS in qv.feedback._dom_classes
    assert access.LIVE_CLASS in view.score._dom_classes


def test_a_quiz_without_a_kernel_still_shows_its_questions(bank, tmp_path):
    bundle = quiz.show(bank, student="ana", results=tmp_path)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "By what vote did the ICJ" in bundle["text/plain"]
    assert "Answer key" not in bundle["text/plain"]


def test_a_bank_built_in_code_uses_the_same_widget_and_store(tmp_path):
    claims = quiz.Bank(
        lesson="01_reading_the_article", id="01-claims", title="Claim or fact?",
        questions=[quiz.Question(
            id="c1", type="single", prompt="Fact or claim?",
            options=[{"id": "fact", "text": "Fact", "feedback": "No."},
                     {"id": "claim", "text": "Claim", "feedback": "Yes."}],
            answer="claim", explanation="It is the article's claim.",
            sources=[{"url": "https://news.am/eng/news/734934.html", "outlet": "News.am"}],
        )],
    )
    view = quiz.show(claims, student="ana", results=tmp_path)
    assert isinstance(view.widget, w.VBox)
    view.questions[0].radio.value = "claim"
    view.questions[0].check.click()
    content = json.loads((tmp_path / "ana.json").read_text())
    assert content["quizzes"]["01-claims"]["events"][0]["correct"] is True


@pytest.mark.parametrize("bank_id", quiz.bank_ids())
def test_every_lesson_bank_renders_answers_and_prints(bank_id, tmp_path):
    view = quiz.show(bank_id, student="ana", results=tmp_path)
    assert len(view.questions) == len(quiz.load_bank(bank_id).questions)
    for qv in view.questions:
        qv.set_response(qv.question.right_response())
        qv.check.click()
        assert "✔ Correct." in text(qv.feedback.value), (qv.question.id, qv.feedback.value)
        assert qv.explanation.layout.display is None
    assert f"Score: {len(view.questions)} of {len(view.questions)}" in text(view.score.value)
    printed = quiz.printable(bank_id)
    assert printed.count("\n### ") == len(view.questions)



def test_the_quiz_shows_the_students_order_and_keeps_it_after_a_restart(bank, tmp_path):
    def shown(view) -> dict[str, list]:
        multiple, ordering, matching = (view.question(i) for i in (
            "big-members", "order-2022-2023", "two-names"))
        return {
            "single": [v for _, v in view.question("icj-vote").radio.options],
            "multiple": [box.description for box in multiple.answer.group.children],
            "ordering": [v for _, v in ordering.slots[0].options][1:],
            "rows": [box.description for box in matching.answer.group.children],
            "choices": [v for _, v in matching.pairs["shusha"].options][1:],
        }

    def expected(name: str) -> dict[str, list]:
        matching = bank.question("two-names")
        return {
            "single": [o.id for o in bank.question("icj-vote").shown_options(name)],
            "multiple": [o.text for o in bank.question("big-members").shown_options(name)],
            "ordering": [i.id for i in bank.question("order-2022-2023").shown_items(name)],
            "rows": [f"{i.text}:" for i in matching.shown_left(name)],
            "choices": [i.id for i in matching.shown_right(name)],
        }

    assert expected("ana") != expected("bo")
    view = quiz.show(bank, student="ana", results=tmp_path)
    assert shown(view) == expected("ana")
    view.question("icj-vote").radio.value = "a"
    view.question("icj-vote").check.click()
    store.forget_student()
    again = quiz.show(bank, student="ana", results=tmp_path)
    assert shown(again) == expected("ana") and again.question("icj-vote").radio.value == "a"
    # without a kernel (static pages) the fixed order, which the answer-key page letters
    assert again._repr_mimebundle_()["text/markdown"] == quiz.printable(bank, key=False)

    # answered before giving a name: the fixed order; the name brings the student's order
    # and keeps what was entered
    store.forget_student()
    later = quiz.show(bank, results=tmp_path / "later")
    assert shown(later) == expected(None)
    later.question("big-members").ticks["d"].value = True
    later.question("order-2022-2023").slots[0].value = "icj"
    later.name_box.value = "bo"
    later.name_button.click()
    assert shown(later) == expected("bo")
    assert later.question("big-members").response() == ["d"]
    assert later.question("order-2022-2023").response()[0] == "icj"


def test_a_results_file_written_before_the_shuffle_restores_in_the_quiz(bank, tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "quiz_results_v1.json"
    (tmp_path / "ana_lopez.json").write_bytes(fixture.read_bytes())
    view = quiz.show(bank, student="ana_lopez", results=tmp_path)
    q = view.question("icj-vote")  # the file's only answer after its reset: "c", wrong
    assert q.radio.value == "c" and "✘ Not correct." in text(q.feedback.value)
    assert "Attempt 2 of 2" in q.status.value
    assert "Score: 0 of 6" in text(view.score.value)
    assert view.notice.value == ""


def test_every_box_a_student_types_in_reaches_the_kernel_in_one_message(tmp_path):
    """Text sent keystroke by keystroke can reach the kernel after the click on Check or
    Record: a full sentence was then refused as too short (a browser run showed it). Every
    text box of a quiz and of the self-check form syncs when it is left."""
    from ipywidgets.widgets.widget import _instances

    from parisbaku import claims

    before = set(_instances)
    quiz.show("02_karabakh_1988_2023", results=tmp_path)  # a name box, text answers
    claims.self_check(["P3-03"], results=tmp_path)  # evidence, justification, name
    boxes = [widget for key, widget in list(_instances.items())
             if key not in before and isinstance(widget, w.Text | w.Textarea)]
    assert len(boxes) >= 4
    assert [b.description for b in boxes if b.continuous_update] == []


def test_what_a_student_types_and_what_a_bank_says_show_as_text(tmp_path):
    """A name, a typed answer, and a bank's title, Markdown, option notes and sources:
    a tag in any of them is shown as text, never run (autoescape; Markdown's raw HTML)."""
    raw = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    raw["title"] = "Quiz <script>alert('title')</script>"
    first = raw["questions"][0]
    first["prompt"] += " <script>alert('prompt')</script>"
    first["explanation"] += " <img src=x onerror=alert('why')>"
    first["options"][0]["feedback"] = "No <img src=x onerror=alert('note')>"
    first["sources"][0]["outlet"] = "<b onmouseover=alert(1)>Outlet</b>"
    view = quiz.show(quiz.validate_bank(raw), results=tmp_path)
    view.name_box.value = "<img src=x onerror=alert('name')>"
    view.name_button.click()
    refused = view.who.value
    numeric = view.question("ecoprotest-year")
    numeric.number_box.value = "<script>alert('answer')</script>"
    numeric.check.click()
    vote = view.question("icj-vote")
    for _ in range(2):  # wrong twice: the note, the right answer and the explanation show
        vote.radio.value = "a"
        vote.check.click()
    shown = {"title": view.title.value, "name refused": refused,
             "typed answer refused": numeric.feedback.value, "prompt": vote.prompt.value,
             "option note": vote.feedback.value, "explanation": vote.explanation.value}
    leaks = {where: html for where, html in shown.items() if re.search(r"<(script|img|b )", html)}
    assert not leaks, f"markup, not text, in: {sorted(leaks)}\n{leaks}"
    assert "&lt;script&gt;alert(&#39;title&#39;)" in shown["title"]
    assert "&lt;img src=x onerror=alert(&#39;name&#39;)&gt;" in shown["name refused"]
    assert "&lt;script&gt;" in shown["typed answer refused"] and "is not a number" in \
        shown["typed answer refused"]
    assert "&lt;script&gt;alert(" in shown["prompt"]
    assert "No &lt;img src=x" in shown["option note"]
    assert "&lt;img src=x onerror=alert(" in shown["explanation"]
    assert "&lt;b onmouseover=alert(1)&gt;Outlet" in shown["explanation"]


def _looks(widget: w.Widget) -> dict[int, tuple[w.Widget, w.Widget]]:
    """Every layout and style model a view's widgets use: id -> (model, a widget using it)."""
    found: dict[int, tuple[w.Widget, w.Widget]] = {}
    todo, seen = [widget], set()
    while todo:
        x = todo.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        todo.extend(getattr(x, "children", ()))
        for part in ("layout", "style"):
            model = getattr(x, part, None)
            if isinstance(model, w.Widget):
                found.setdefault(id(model), (model, x))
    return found


def test_alike_layouts_and_styles_are_one_model_yet_each_part_hides_alone(bank, tmp_path):
    """Each layout or style is a widget of its own (a comm, a message, a browser model):
    the quiz shares the alike ones (292 models for lesson 02's quiz before, 148 after),
    but a part that is hidden or shown must still hide or show alone."""
    view = quiz.show(bank, student="ana", results=tmp_path, one_at_a_time=True)
    hideable = {id(x) for x in (view.name_row, view.nav, view.reset_button,
                                view.confirm_button, view.cancel_button)}
    hideable |= {id(x) for qv in view.questions for x in (qv.box, qv.explanation)}
    by_look: dict[tuple, list[w.Widget]] = {}
    for model, user in _looks(view.widget).values():
        look = (type(model).__name__, json.dumps(model.get_state(), sort_keys=True, default=str))
        by_look.setdefault(look, []).append(user)
    copies = [(look[0], type(user).__name__) for look, users in by_look.items()
              for user in users[1:] if id(user) not in hideable]
    assert copies == [], "alike layouts or styles that could be one shared model"

    first = view.questions[0]
    first.radio.value = first.question.answer  # right: the explanation is shown
    first.check.click()
    assert first.finished
    view.reset_button.click()  # asks: confirm and cancel shown, reset hidden
    assert [qv.box.layout.display for qv in view.questions] == [None] + ["none"] * 5
    assert [qv.explanation.layout.display for qv in view.questions] == [None] + ["none"] * 5
    assert view.reset_button.layout.display == "none" and view.nav.layout.display is None
    assert first.status.layout.display is None and first.prompt.layout.display is None
