"""The quiz as ipywidgets: answer, Check, learn why; every answer saved as given.

Accessibility: every input has a visible label (its ``description`` or the
option text), every button says what it does, feedback is given in words and
an icon (a coloured border is only an extra). :mod:`.access` names each answer
group after its question, makes the feedback, score and notices live regions
(announced by a screen reader) and lets the arrow keys move between radio
buttons. All controls are native inputs, buttons and selects, so Tab, arrows,
Space and Enter work; focus is outlined.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import mistune
from markupsafe import Markup

from ..data import InputError
from ..pages import macro
from ..text import counted
from . import look
from .access import LIVE_CLASS, PROMPT_CLASS, QUESTION_CLASS, QUIZ_CLASS, Access
from .inputs import ANSWERS, LABEL_STYLE, AnswerInput, answers
from .model import Bank
from .printable import printable
from .question import Question
from .scoring import Grade
from .store import (
    ResultsStore,
    answer_event,
    current_student,
    remember_student,
    reset_event,
    since_last_reset,
)

__all__ = ["ANSWERS", "AnswerInput", "QuestionView", "QuizView", "answers"]

ICONS = {"correct": "✔", "partly correct": "◑", "incorrect": "✘", "notice": "⚠"}
BORDER = {"correct": "#1a7f37", "partly correct": "#9a6700", "incorrect": "#cf222e",
          "notice": "#6e7781"}
TEMPLATE = "quiz_widgets.html.j2"  # the quiz's HTML pieces, as macros


def _html(name: str, *args: Any, **kwargs: Any) -> Markup:
    """The quiz template's macro ``name`` (every value escaped; Markup kept as it is)."""
    return macro(name, *args, template=TEMPLATE, **kwargs)


# ipywidgets gives radio labels a fixed one-line height, so a long option overlaps the
# next one; inside a quiz, options wrap and take the height they need.
QUIZ_CSS = str(_html("css", QUIZ_CLASS))


# Markdown of a bank or a data file, rendered with its raw HTML escaped (shown as text):
# mistune.html lets a <script> or an <img onerror> in a prompt through as markup. The
# plugins are mistune.html's own, so every bank renders as it did.
_MARKDOWN = mistune.create_markdown(escape=True, plugins=["strikethrough", "footnotes", "table"])


def _md(text: str) -> Markup:
    """A bank's Markdown as HTML; raw HTML in it is shown as text.

    >>> print(_md("**Shusha/Shushi** <img src=x onerror=alert(1)>"))
    <p><strong>Shusha/Shushi</strong> &lt;img src=x onerror=alert(1)&gt;</p>
    <BLANKLINE>
    """
    return Markup(_MARKDOWN(text))


def _box(kind: str, title: str, body: str = "") -> Markup:
    """A live feedback region: icon + words, a coloured border only as an extra.

    ``body`` is text (escaped) or :class:`~markupsafe.Markup` from a template macro; the
    box is Markup too, so a page it is put in (the self-check's verdict) keeps it as is."""
    return _html("box", kind, ICONS[kind], BORDER[kind], title, body)


class QuestionView:
    """One question: prompt, inputs, Check, feedback, attempts and the explanation."""

    def __init__(self, quiz: QuizView, question: Question, number: int):
        self.quiz = quiz
        self.question = question
        self.number = number
        self.max_attempts = quiz.bank.max_attempts(question)
        self.events: list[dict[str, Any]] = []
        total = len(quiz.bank.questions)
        self.heading = look.html(str(_html("heading", number, total)))
        self.prompt = look.html(str(_html("prompt", _md(question.prompt))), PROMPT_CLASS)
        self.answer = ANSWERS[type(question)](question)
        self.inputs: list[w.Widget] = self.answer.widgets()
        self.check = w.Button(
            description="Check",
            tooltip=f"Check your answer to question {number}",
            button_style="primary",
            icon="check",
            layout=look.layout(),
            style=look.style(w.Button),
        )
        self.check.on_click(lambda _: self.submit())
        self.status = look.html()
        self.feedback = look.html("", LIVE_CLASS)
        self.explanation = w.HTML(layout=w.Layout(display="none"), style=look.style(w.HTML))
        self.box = w.VBox(
            [self.heading, self.prompt, *self.inputs,
             w.HBox([self.check, self.status], layout=look.layout()), self.feedback,
             self.explanation],
            layout=w.Layout(border="1px solid #d0d7de", padding="4px 12px", margin="6px 0"),
            _dom_classes=(QUESTION_CLASS,),
        )
        self._show_status()

    def __getattr__(self, name: str) -> Any:
        # the type's own controls (radio, ticks, number_box, text_box, slots, pairs)
        if name == "answer":
            raise AttributeError(name)
        return getattr(self.answer, name)

    # -- inputs ----------------------------------------------------------------
    def arrange(self, student: str | None) -> None:
        """Show the options in this student's order (what they entered stays)."""
        self.answer.arrange(student)

    def response(self) -> Any:
        """What the student has entered, in the form the question grades and the file keeps."""
        return self.answer.response()

    def set_response(self, answer: Any) -> None:
        """Put a saved answer back into the inputs (restore after a restart)."""
        try:
            self.answer.set_response(answer)
        except Exception:  # a bank edited since: leave the input empty
            self.clear_inputs()

    def clear_inputs(self) -> None:
        self.answer.clear()

    # -- state -----------------------------------------------------------------
    @property
    def attempts(self) -> int:
        return len(self.events)

    @property
    def credit(self) -> float:
        return float(self.events[-1].get("credit", 0)) if self.events else 0.0

    @property
    def solved(self) -> bool:
        return bool(self.events) and bool(self.events[-1].get("correct"))

    @property
    def finished(self) -> bool:
        return self.solved or self.attempts >= self.max_attempts

    def _show_status(self) -> None:
        if self.solved:
            text = f"Done in {counted(self.attempts, 'attempt')}."
        elif self.finished:
            text = f"No attempts left ({self.max_attempts} used)."
        else:
            text = f"Attempt {self.attempts + 1} of {self.max_attempts}."
        self.status.value = str(_html("status", text))
        locked = self.finished
        self.check.disabled = locked
        for widget in self._controls():
            widget.disabled = locked

    def _controls(self) -> list[w.Widget]:
        return list(self.answer.controls)

    def submit(self) -> Grade | None:
        """Grade the current response, save it, show feedback (what Check does)."""
        if self.finished:
            return None
        answer = self.response()
        try:
            grade = self.question.grade(answer)
        except InputError as exc:
            self.feedback.value = _box("notice", "Not checked yet:", str(exc))
            return None
        event = answer_event(self.question.id, answer, grade.correct, grade.credit,
                             self.attempts + 1)
        self.events.append(event)
        self.quiz.save(event)
        self.show_grade(grade)
        self.quiz.update_score()
        return grade

    def show_grade(self, grade: Grade) -> None:
        notes = [n for n in grade.feedback if n]
        if grade.correct:
            self.feedback.value = _box("correct", "Correct.", " ".join(notes))
        else:
            title = "Partly correct." if grade.verdict == "partly correct" else "Not correct."
            left = self.max_attempts - self.attempts
            more = f"You have {counted(left, 'more attempt')}."
            answer = self.question.answer_text() if left <= 0 else None
            self.feedback.value = _box(grade.verdict, title,
                                       _html("grade_body", notes, more, answer))
        self._show_status()
        if self.finished:
            self.reveal()

    def reveal(self) -> None:
        self.explanation.value = str(_html("reveal", _md(self.question.explanation),
                                           self.question.sources))
        self.explanation.layout.display = None

    def restore(self, events: list[dict[str, Any]]) -> None:
        """Show saved answers again: the last one in the inputs, its feedback, the attempts."""
        self.events = list(events)
        if not self.events:
            self.clear_inputs()
            self.feedback.value = ""
            self.explanation.value = ""
            self.explanation.layout.display = "none"
            self._show_status()
            return
        last = self.events[-1]
        for widget in self._controls():
            widget.disabled = False
        self.set_response(last.get("answer"))
        try:
            grade = self.question.grade(last.get("answer"))
        except InputError:
            grade = Grade(float(last.get("credit", 0)), bool(last.get("correct")), [])
        self.show_grade(grade)


class QuizView:
    """A whole quiz: the name box, the questions, the running score and Reset."""

    def __init__(self, bank: Bank, *, student: str | None = None, results: Any = None,
                 one_at_a_time: bool = False):
        self.bank = bank
        self.results = results
        self.store: ResultsStore | None = None
        #: Whose order the options are shown in (None: the fixed order, until a name is given).
        self.student: str | None = None
        self.pending: list[dict[str, Any]] = []
        self.title = look.html(str(_html("title", bank.title)))
        self.notice = look.html("", LIVE_CLASS)
        # synced when left, in one message (see quiz/inputs.py's answer box)
        self.name_box = w.Text(description="Your name:", placeholder="e.g. ana_lopez",
                               style=look.style(w.Text, **LABEL_STYLE), layout=look.layout(),
                               continuous_update=False)
        self.name_button = w.Button(description="Save my name",
                                    tooltip="Your answers are saved under this name",
                                    layout=look.layout(), style=look.style(w.Button))
        self.name_button.on_click(lambda _: self.set_student(self.name_box.value))
        self.name_row = w.HBox([self.name_box, self.name_button])
        self.who = look.html("", LIVE_CLASS)
        self.questions = [QuestionView(self, q, n)
                          for n, q in enumerate(bank.questions, start=1)]
        self.score = look.html("", LIVE_CLASS)
        # these three are hidden and shown: each keeps a layout of its own
        self.reset_button = w.Button(description="Reset quiz", icon="undo",
                                     tooltip="Start the quiz again (your saved answers are kept)",
                                     style=look.style(w.Button))
        self.confirm_button = w.Button(description="Yes, start again", button_style="warning",
                                       layout=w.Layout(display="none"),
                                       style=look.style(w.Button))
        self.cancel_button = w.Button(description="Cancel", layout=w.Layout(display="none"),
                                      style=look.style(w.Button))
        self.reset_button.on_click(lambda _: self._ask_reset(True))
        self.cancel_button.on_click(lambda _: self._ask_reset(False))
        self.confirm_button.on_click(lambda _: self.reset())
        self.one_at_a_time = one_at_a_time
        self.current = 0
        self.previous_button = w.Button(description="Previous", icon="arrow-left",
                                        tooltip="Previous question", layout=look.layout(),
                                        style=look.style(w.Button))
        self.next_button = w.Button(description="Next", icon="arrow-right",
                                    tooltip="Next question", layout=look.layout(),
                                    style=look.style(w.Button))
        self.previous_button.on_click(lambda _: self.go(self.current - 1))
        self.next_button.on_click(lambda _: self.go(self.current + 1))
        self.nav = w.HBox([self.previous_button, self.next_button],
                          layout=w.Layout(display=None if one_at_a_time else "none"))
        self.widget = w.VBox([
            look.html(QUIZ_CSS), Access(layout=look.layout()), self.title, self.notice,
            self.name_row, self.who,
            *[qv.box for qv in self.questions], self.nav, self.score,
            w.HBox([self.reset_button, self.confirm_button, self.cancel_button],
                   layout=look.layout()),
        ], layout=look.layout(), _dom_classes=(QUIZ_CLASS,))
        name = student or current_student()
        if name:
            self.set_student(name)
        else:
            self.who.value = str(_html("ask_name"))
        self.go(0)
        self.update_score()

    # -- display ---------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # Without a kernel (static HTML, a terminal) the questions still make sense:
        # JupyterLab prefers the widget view; `make html` and terminals use these.
        # In the fixed order of the static pages, so the answer-key page's letters fit it.
        student_copy = str(printable(self.bank, key=False))
        bundle["text/plain"] = student_copy
        bundle["text/markdown"] = student_copy
        return bundle

    def go(self, index: int) -> None:
        """One at a time: show question ``index`` (0-based) only."""
        self.current = max(0, min(index, len(self.questions) - 1))
        for n, qv in enumerate(self.questions):
            show = not self.one_at_a_time or n == self.current
            qv.box.layout.display = None if show else "none"
        self.previous_button.disabled = self.current == 0
        self.next_button.disabled = self.current == len(self.questions) - 1

    def question(self, question_id: str) -> QuestionView:
        for qv in self.questions:
            if qv.question.id == question_id:
                return qv
        raise InputError(f"this quiz has no question {question_id!r}")

    # -- the student and the file --------------------------------------------
    def set_student(self, name: str) -> bool:
        """Use this name (checked), open the results file, restore earlier answers."""
        try:
            student = remember_student(name)
            store = ResultsStore(student, self.results)
        except InputError as exc:
            self.who.value = _box("notice", "Name not saved:", str(exc))
            return False
        self.store = store
        self.student = student
        for qv in self.questions:
            qv.arrange(student)
        self.name_row.layout.display = "none"
        self.who.value = str(_html("saved_for", "Answers", student, store.path))
        if store.notices:
            self.notice.value = _box("notice", "Note:", " ".join(store.notices))
        for event in self.pending:
            self._write(event)
        self.pending = []
        self.restore()
        return True

    def restore(self) -> None:
        if self.store is None:
            return
        saved = self.store.current(self.bank.key)
        for qv in self.questions:
            if saved.get(qv.question.id) or qv.events:  # what is typed but unchecked stays
                qv.restore(saved.get(qv.question.id, []))
        self.update_score()

    def save(self, event: dict[str, Any]) -> None:
        if self.store is None:
            self.pending.append(event)
            self.who.value = _box("notice", "Not saved yet:", _html(
                "name_first", "your answers so far will be saved then."))
            return
        self._write(event)

    def _write(self, event: dict[str, Any]) -> None:
        assert self.store is not None
        try:
            self.store.append(self.bank.key, self.bank.title, event)
        except OSError as exc:
            self.pending.append(event)
            self.notice.value = _box(
                "notice", "Your answer could not be saved:",
                f"{exc}. It is kept in this session; tell your instructor.",
            )
        else:
            if self.store.notices:
                self.notice.value = _box("notice", "Note:", " ".join(self.store.notices))

    # -- score and reset -------------------------------------------------------
    def update_score(self) -> None:
        total = len(self.questions)
        points = sum(qv.credit for qv in self.questions)
        done = sum(1 for qv in self.questions if qv.finished)
        self.score.value = str(_html("score", f"{round(points, 1):g}", total, done))

    def _ask_reset(self, asking: bool) -> None:
        self.reset_button.layout.display = "none" if asking else None
        self.confirm_button.layout.display = None if asking else "none"
        self.cancel_button.layout.display = None if asking else "none"

    def reset(self) -> None:
        """Start again: empty inputs, attempts and score; the file keeps the old answers."""
        event = reset_event()
        if self.store is not None:
            try:
                self.store.append(self.bank.key, self.bank.title, event)
            except OSError as exc:
                self.notice.value = _box("notice", "Reset not saved:", str(exc))
        else:
            self.pending.append(event)
        current = since_last_reset([event])
        for qv in self.questions:
            qv.restore(current.get(qv.question.id, []))
        self._ask_reset(False)
        self.go(0)
        self.update_score()
