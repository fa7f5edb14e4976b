"""What ipywidgets cannot say to a screen reader, said by a small browser-side helper.

ipywidgets 8 gives each control its own label (a ``<label for>`` on text boxes and
menus, the option text around each radio button and checkbox) but no way to put
ARIA attributes on a box, and its radio buttons carry no shared ``name``, so the
arrow keys do not move between them. :class:`Access` is an invisible widget
(anywidget: its script ships in the Python package, nothing is fetched) placed in
each quiz. In the browser it finds its quiz and, whenever the quiz's DOM changes:

- names each question's answer group after the question text: ``role=group`` (or
  ``radiogroup`` for single choice) with ``aria-labelledby`` pointing to the prompt;
- gives the radio buttons of one question a shared ``name``, so arrow keys move
  the choice as in any native radio group;
- turns the feedback, score and notice areas into live regions
  (``role=status``): the words "Correct", "Partly correct", "Not correct" are
  announced when they appear, not only shown by colour and icon;
- hides the buttons' icon glyphs from screen readers, so "Check" reads "Check";
- keeps the keys pressed on its controls from JupyterLab's notebook shortcuts,
  which would otherwise take ArrowDown on a menu to the next cell.

The Python side marks the elements with the CSS classes below; the browser test
(tests/test_browser.py) checks the names and the announcements in Chromium.
"""

from __future__ import annotations

import anywidget

__all__ = ["ANSWER_CLASS", "LIVE_CLASS", "PROMPT_CLASS", "QUESTION_CLASS", "QUIZ_CLASS",
           "Access"]

QUIZ_CLASS = "parisbaku-quiz"
QUESTION_CLASS = "parisbaku-question"
PROMPT_CLASS = "parisbaku-prompt"
ANSWER_CLASS = "parisbaku-answer"
LIVE_CLASS = "parisbaku-live"

_ESM = f"""
let counter = 0;
const run = Math.random().toString(36).slice(2, 10);  // unique across quizzes on a page
const uid = (prefix) => `${{prefix}}-${{run}}-${{(counter++).toString(36)}}`;

function named(element, by) {{
  if (!by.id) by.id = uid("parisbaku-prompt");
  element.setAttribute("aria-labelledby", by.id);
}}

function describe(root) {{
  for (const question of root.querySelectorAll(".{QUESTION_CLASS}")) {{
    const prompt = question.querySelector(".{PROMPT_CLASS}");
    const group = question.querySelector(".{ANSWER_CLASS}");
    if (!prompt || !group) continue;
    const radios = group.querySelectorAll('input[type="radio"]');
    group.setAttribute("role", radios.length ? "radiogroup" : "group");
    named(group, prompt);
    if (radios.length) {{
      group.dataset.radioName = group.dataset.radioName || uid("parisbaku-choice");
      for (const radio of radios) radio.name = group.dataset.radioName;
    }}
  }}
  for (const live of root.querySelectorAll(".{LIVE_CLASS}")) {{
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
  }}
  for (const icon of root.querySelectorAll("button i")) icon.setAttribute("aria-hidden", "true");
}}

// JupyterLab reads keys in a notebook as commands unless the focus is in a text field:
// ArrowDown on a menu or a radio button would select the next cell, "d d" delete it.
// Keys pressed on the quiz's own controls stay with the controls (Tab, Escape and
// the Ctrl/Cmd and Shift+Enter combinations still reach JupyterLab).
function keepKeys(event) {{
  const passOn = event.key === "Tab" || event.key === "Escape" || event.ctrlKey ||
    event.metaKey || event.altKey || (event.shiftKey && event.key === "Enter");
  if (!passOn && event.target.matches("select, input, button")) event.stopPropagation();
}}

function render({{ el }}) {{
  el.style.display = "none";
  let observer = null;
  const attach = () => {{
    const root = el.closest(".{QUIZ_CLASS}");
    if (!root) {{
      if (el.isConnected || !observer) requestAnimationFrame(attach);
      return;
    }}
    describe(root);
    root.addEventListener("keydown", keepKeys);
    observer = new MutationObserver(() => describe(root));
    observer.observe(root, {{ childList: true, subtree: true }});
  }};
  attach();
  return () => observer && observer.disconnect();
}}

export default {{ render }};
"""


class Access(anywidget.AnyWidget):
    """The invisible helper of one quiz (see the module doc)."""

    _esm = _ESM
