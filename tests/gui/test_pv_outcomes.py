"""Each line of a PV verification report says what its outcome means in the desk's
language; the verifier's English stays the technical detail."""

from __future__ import annotations

import re
from pathlib import Path

import jury_desk.minutes.verify
from jury_desk.gui.i18n import install_language
from jury_desk.gui.words import pv_words

VERIFY_SOURCE = Path(jury_desk.minutes.verify.__file__)
CHECK_LITERAL = re.compile(r'Check\(\s*"([a-z]+\.[a-z0-9-]+)",\s*(True|False|None)\b')
OUTCOME = {"True": True, "False": False, "None": None}


def test_every_outcome_the_verifier_reports_has_a_sentence():
    reported = {
        (code, OUTCOME[ok])
        for code, ok in CHECK_LITERAL.findall(VERIFY_SOURCE.read_text(encoding="utf-8"))
    }
    assert len(reported) >= 14  # the scan found the verifier's lines
    reported.add(("pdf.format", False))  # reported with the code of the MinutesError
    assert sorted(reported - set(pv_words.OUTCOMES), key=str) == []
    assert {code for code, _ok in pv_words.OUTCOMES} <= set(pv_words.CHECKS)


def test_an_outcome_follows_the_language_and_an_unknown_one_is_none():
    assert pv_words.outcome("bundle.signers", None).startswith("Non vérifié : choisissez aussi")
    install_language("en")
    assert pv_words.outcome("bundle.signers", None) == (
        "Not checked: also choose the session bundle to compare the minutes with the bundle "
        "the secretariat signed."
    )
    assert pv_words.outcome("pv.brand-new-check", True) is None
