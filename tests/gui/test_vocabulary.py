"""One vocabulary (issue 10 §3.4): the GUI words a code as the PV does, in both languages.

``core/words.py`` holds the Qt-free words the PV prints; the GUI writes its French sources
for Qt Linguist and its English in the catalogue. Both are checked here against the core's
tables, through the GUI's own ``labels.word`` with each language installed.
"""

from __future__ import annotations

import pytest

from jury_desk.core import words
from jury_desk.gui import i18n
from jury_desk.gui.words import labels

# What each GUI table must say, by language: (GUI table, core French, core English).
AGREEING = {
    "decisions": (labels.DECISIONS, words.DECISION_LABELS_FR, words.DECISION_LABELS_EN),
    "conflict categories": (
        labels.CONFLICT_CATEGORIES, words.CONFLICT_LABELS_FR, words.CONFLICT_LABELS_EN,
    ),
}  # fmt: skip


@pytest.fixture
def english():
    i18n.install_language("en")  # the autouse ``french`` fixture puts French back


@pytest.mark.parametrize("table", AGREEING)
def test_the_gui_speaks_the_cores_french(table):
    gui, french, _ = AGREEING[table]
    assert set(gui) == set(french)
    assert {code: labels.word(gui, code) for code in gui} == french


@pytest.mark.parametrize("table", AGREEING)
def test_the_gui_speaks_the_cores_english(english, table):
    gui, _, english_words = AGREEING[table]
    assert {code: labels.word(gui, code) for code in gui} == english_words


def test_the_two_refusals_share_a_french_word_but_not_an_english_one(english):
    assert labels.word(labels.DECISIONS, "reject") == "Rejected"
    assert labels.word(labels.DECISIONS, "refuse") == "Refused"


def test_a_mention_on_screen_is_the_pvs_mention():
    shown = {code: labels.word(labels.MENTIONS, code) for code in labels.MENTIONS}
    assert shown == {c: f"mention {w.lower()}" for c, w in words.MENTION_LABELS_FR.items()}
