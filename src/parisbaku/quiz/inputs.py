"""One input class per question type, in a registry: the controls a student answers with.

Every control carries its own label (the option text, the place, the left-hand
item, "Your answer"), and each type's controls sit in one box (``group``) that
the quiz names after the question. A response is read and restored as ids,
never as positions, so laying the controls out in a student's order
(:func:`parisbaku.quiz.order.arranged`) changes nothing that is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w

from ..pages import macro
from . import look
from .access import ANSWER_CLASS
from .order import position
from .question import Question
from .question_types import Matching, MultipleChoice, Numeric, Ordering, SingleChoice, Text

__all__ = ["ANSWERS", "AnswerInput", "answers"]

CHOOSE = "— choose —"
WIDE = {"width": "auto"}  # the shared layout of every control (look.layout(**WIDE))
LABEL_STYLE = {"description_width": "initial"}


def _aligned(labels: list[str]) -> dict[str, str]:
    """One label width for a group of short labels, so their menus line up.

    Long labels keep their natural width: a fixed width would cut them off.
    """
    longest = max((len(label) for label in labels), default=0)
    return {"description_width": f"{longest + 1}ch"} if longest <= 40 else LABEL_STYLE



class AnswerInput:
    """The controls of one question type: build them, read and fill a response, clear.

    One subclass per type, registered with :func:`answers`. A response is what the
    question grades and the results file keeps: ids, never screen positions.
    ``arrange(student)`` lays the controls out in that student's order (see
    :func:`parisbaku.quiz.order.arranged`) and keeps what is already entered.
    """

    hint = ""

    def __init__(self, question: Any):
        self.question = question
        self.controls: list[w.Widget] = []
        self.group = w.VBox(layout=look.layout(**WIDE), _dom_classes=(ANSWER_CLASS,))
        self.arrange(None)

    def widgets(self) -> list[w.Widget]:
        hint = ([look.html(str(macro("hint", self.hint, template="quiz_inputs.html.j2")))]
                if self.hint else [])
        return [*hint, self.group]

    def arrange(self, student: str | None) -> None:
        raise NotImplementedError

    def response(self) -> Any:
        raise NotImplementedError

    def set_response(self, answer: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError


ANSWERS: dict[type[Question], type[AnswerInput]] = {}
Input = TypeVar("Input", bound=type[AnswerInput])


def answers(question_type: type[Question]) -> Callable[[Input], Input]:
    """Register the input class of a question type."""

    def register(cls: Input) -> Input:
        ANSWERS[question_type] = cls
        return cls

    return register


def _keeping(arrange: Callable[[Any, str | None], None]) -> Callable[[Any, str | None], None]:
    """Re-arranging keeps the response already entered."""

    def wrapper(self: AnswerInput, student: str | None) -> None:
        before = self.response() if self.controls else None
        arrange(self, student)
        if before not in (None, "", [], {}):
            self.set_response(before)

    return wrapper


@answers(SingleChoice)
class SingleAnswer(AnswerInput):
    @_keeping
    def arrange(self, student: str | None) -> None:
        options = [(o.text, o.id) for o in self.question.shown_options(student)]
        if not self.controls:
            self.radio = w.RadioButtons(options=options, value=None, description="Your answer:",
                                        style=look.style(w.RadioButtons, **LABEL_STYLE),
                                        layout=look.layout(**WIDE))
            self.controls = [self.radio]
            self.group.children = self.controls
        else:
            self.radio.options = options
            self.radio.value = None

    def response(self) -> Any:
        return self.radio.value

    def set_response(self, answer: Any) -> None:
        self.radio.value = answer

    def clear(self) -> None:
        self.radio.value = None


@answers(MultipleChoice)
class MultipleAnswer(AnswerInput):
    def __init__(self, question: MultipleChoice):
        tick = "" if "all that apply" in question.prompt else "Tick all that apply. "
        self.hint = (f"{tick}Each right tick earns a share of the point; each wrong tick "
                     "takes one share away.")
        self.ticks = {o.id: w.Checkbox(value=False, description=o.text, indent=False,
                                       layout=look.layout(**WIDE), style=look.style(w.Checkbox))
                      for o in question.options}
        super().__init__(question)

    def arrange(self, student: str | None) -> None:
        self.controls = [self.ticks[o.id] for o in self.question.shown_options(student)]
        self.group.children = self.controls

    def response(self) -> Any:
        return [o.id for o in self.question.options if self.ticks[o.id].value]

    def set_response(self, answer: Any) -> None:
        chosen = {str(a) for a in answer or []}
        for option_id, box in self.ticks.items():
            box.value = option_id in chosen

    def clear(self) -> None:
        self.set_response([])


class _TypedAnswer(AnswerInput):
    """One text box: what a number or a short text is typed into."""

    placeholder = ""

    def label(self) -> str:
        return "Your answer:"

    def arrange(self, student: str | None) -> None:
        if not self.controls:
            # synced when the box is left (Tab, Enter, a click on Check), in one message:
            # sent keystroke by keystroke, the last ones could arrive after the Check
            self.box = w.Text(description=self.label(), placeholder=self.placeholder,
                              style=look.style(w.Text, **LABEL_STYLE), layout=look.layout(),
                              continuous_update=False)
            self.controls = [self.box]
            self.group.children = self.controls

    def response(self) -> Any:
        return self.box.value.strip()

    def set_response(self, answer: Any) -> None:
        self.box.value = str(answer)

    def clear(self) -> None:
        self.box.value = ""


@answers(Numeric)
class NumericAnswer(_TypedAnswer):
    placeholder = "a number"

    def label(self) -> str:
        unit = self.question.numeric[2]
        return f"Your answer{f' ({unit})' if unit else ''}:"

    @property
    def number_box(self) -> w.Text:
        return self.box


@answers(Text)
class TextAnswer(_TypedAnswer):
    placeholder = "type here"

    @property
    def text_box(self) -> w.Text:
        return self.box


@answers(Ordering)
class OrderingAnswer(AnswerInput):
    hint = ("Choose one item for each place, earliest first. Part of the point for each "
            "pair of items in the right order.")

    @_keeping
    def arrange(self, student: str | None) -> None:
        choices = [(CHOOSE, ""), *[(i.text, i.id) for i in self.question.shown_items(student)]]
        if not self.controls:
            n = len(self.question.items)
            labels = [f"{position(k, n)}:" for k in range(1, n + 1)]
            self.slots = [w.Dropdown(options=choices, value="", description=label,
                                     style=look.style(w.Dropdown, **_aligned(labels)),
                                     layout=look.layout(**WIDE)) for label in labels]
            self.controls = list(self.slots)
            self.group.children = self.controls
        for slot in self.slots:
            slot.options = choices
            slot.value = ""

    def response(self) -> Any:
        return [slot.value for slot in self.slots]

    def set_response(self, answer: Any) -> None:
        for slot, value in zip(self.slots, answer or [], strict=False):
            slot.value = value

    def clear(self) -> None:
        for slot in self.slots:
            slot.value = ""


@answers(Matching)
class MatchingAnswer(AnswerInput):
    hint = "Choose the match for each item. Each right pair earns its share of the point."

    @_keeping
    def arrange(self, student: str | None) -> None:
        choices = [(CHOOSE, ""), *[(i.text, i.id) for i in self.question.shown_right(student)]]
        if not self.controls:
            style = _aligned([f"{i.text}:" for i in self.question.left])
            self.pairs = {i.id: w.Dropdown(options=choices, value="", description=f"{i.text}:",
                                           style=look.style(w.Dropdown, **style),
                                           layout=look.layout(**WIDE))
                          for i in self.question.left}
        for box in self.pairs.values():
            box.options = choices
            box.value = ""
        self.controls = [self.pairs[i.id] for i in self.question.shown_left(student)]
        self.group.children = self.controls

    def response(self) -> Any:
        return {left: box.value for left, box in self.pairs.items()}

    def set_response(self, answer: Any) -> None:
        for left, box in self.pairs.items():
            box.value = (answer or {}).get(left, "")

    def clear(self) -> None:
        for box in self.pairs.values():
            box.value = ""
