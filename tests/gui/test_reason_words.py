"""The rules' reasons and the degree requirements in the desk's language, never the core's
English: one sentence per reason code of the core, with the same facts; the candidate pane
shows them in French, and in English once the desk speaks English."""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from jury_desk.bundle.manifest import GraduationRules
from jury_desk.core.eligibility import EligibilityCheck, required_checks
from jury_desk.core.proposals import REASON_TEXTS, Reason
from jury_desk.gui.i18n import install_language
from jury_desk.gui.words import reason_words
from tests.gui.session_driver import (
    WAIT_MS,
    accept_rule,
    add_note,
    check_in,
    open_demo,
    open_ready,
    seal,
    uniform,
)

ADMISSION_MEMBERS = (
    "m-mines-1",
    "m-mines-2",
    "m-mines-3",
    "m-albert-1",
    "m-albert-2",
    "m-albert-3",
)
GRADUATION_MEMBERS = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")


def test_every_reason_code_of_the_core_has_a_sentence_with_the_same_facts():
    assert len(REASON_TEXTS) >= 10  # the core's own table, not a list kept here
    for code, english in REASON_TEXTS.items():
        assert code in reason_words.SENTENCES, code
        sentence, facts = reason_words.SENTENCES[code]
        core_facts = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        assert set(facts) == core_facts, code
        assert sorted(re.findall(r"%\d", sentence)) == [f"%{n}" for n in range(1, len(facts) + 1)]
    assert set(reason_words.SENTENCES) == set(REASON_TEXTS)  # no sentence for a dead code


def test_every_check_of_the_core_is_worded_without_its_english():
    rules = GraduationRules(required_ects=120, programme_years=2, internship_required=True)
    for name in required_checks(rules):
        check = EligibilityCheck(
            name, False, "core required", "core actual", (), required_amount=16, actual_amount=15
        )
        assert reason_words.requirement(check) != "core required", name
        assert reason_words.achieved(check) != "core actual", name


def test_numbers_keep_the_core_s_three_decimals():
    """Rounded to two, 13.999 would read "14 is below the admission threshold 14"."""
    reason = Reason("waitlist-overall", {"overall": 13.999, "admit": 14, "waitlist": 11})
    assert reason_words.reason_text(reason) == (
        "La note globale (13,999) est sous le seuil d'admission (14) mais atteint celui de la "
        "liste d'attente (11)."
    )
    install_language("en")
    assert reason_words.reason_text(reason) == (
        "The overall score (13.999) is below the admission threshold (14) but reaches the "
        "waiting-list threshold (11)."
    )


def on_the_board(qtbot, window, kind: str, members, totals: dict[str, Callable[[str], float]]):
    """The demo, ``members`` present, each sealing ``totals[candidate](member)`` for every
    candidate of ``totals``; the board shown."""
    page = open_demo(qtbot, window, kind)
    service = window.service
    for member in members:
        check_in(qtbot, page, member)
    for candidate, total in totals.items():
        for member in members:
            seal(service, member, candidate, uniform(service, total(member)))
    open_ready(service)
    page.show_board()
    page.board.refresh()  # those seals went around the controller
    return page.board, page.board.pane


def test_an_admission_blocked_by_the_floor_in_french_then_english(qtbot, window):
    scores = {"ADM-03": lambda member: 9.5 if "mines" in member else 19.5}
    board, pane = on_the_board(qtbot, window, "admission", ADMISSION_MEMBERS, scores)
    board.select_candidate("ADM-03")
    assert pane.rule_proposal.text() == "Proposition des règles : Liste d'attente"
    assert pane.rule_reasons.text() == (
        "La note globale (14,5) atteint le seuil d'admission (14), mais le plancher par école "
        "bloque l'admission. La moyenne de Mines Paris – PSL (9,5) est sous le plancher (10)."
    )
    window.set_language("en")
    qtbot.waitUntil(
        lambda: (
            pane.rule_reasons.text()
            == "The overall score (14.5) reaches the admission threshold (14), but the per-school "
            "floor blocks admission. The mean of Mines Paris – PSL (9.5) is below the floor (10)."
        ),
        timeout=WAIT_MS,
    )
    # The rules' decision stores the core's English, whatever the desk's language.
    add_note(qtbot, pane, "Écart discuté.")
    accept_rule(qtbot, pane)
    detail = window.service.candidate_detail("m-mines-1", "ADM-03")
    assert detail.proposal.justification == (
        "Overall 14.5 reaches the admission threshold 14, but admission is blocked by the "
        "institution floor.\nThe MINES mean 9.5 is below the floor 10."
    )


def test_graduation_reasons_and_requirements_in_french_then_english(qtbot, window):
    scores = {"GRAD-01": lambda _member: 17, "GRAD-04": lambda _member: 17}
    board, pane = on_the_board(qtbot, window, "graduation", GRADUATION_MEMBERS, scores)
    board.select_candidate("GRAD-01")
    assert pane.rule_reasons.text() == (
        # The thesis at 17 on a diploma average of the courses and the thesis.
        "Toutes les conditions du diplôme sont remplies. La moyenne générale (14,717) atteint "
        "la note de passage (10). La moyenne générale atteint 14, seuil de la mention bien."
    )
    board.select_candidate("GRAD-04")
    assert pane.rule_proposal.text() == "Proposition des règles : Ajourné"
    assert pane.rule_reasons.text() == (
        "Des conditions du diplôme ne sont pas remplies. Business cases : condition non "
        "remplie (14 business cases (année 1 : 8, année 2 : 6) ; requis : 16 business cases "
        "(8 par année × 2))."
    )
    # The record summary words the same counts, the core's.
    assert "année 1 : 8, année 2 : 6 (dont" in pane.record.text()

    window.set_language("en")
    qtbot.waitUntil(
        lambda: (
            pane.rule_reasons.text()
            == "Not every degree requirement is met. Business cases: requirement missing (14 "
            "business cases (year 1: 8, year 2: 6); required: 16 business cases (8 per year × 2))."
        ),
        timeout=WAIT_MS,
    )
    assert "year 1: 8, year 2: 6 (" in pane.record.text()
    board.select_candidate("GRAD-01")
    assert pane.rule_reasons.text() == (
        "Every degree requirement is met. The diploma average (14.717) reaches the pass mark "
        "(10). The diploma average reaches 14, the mark to be awarded with high honours (bien)."
    )
