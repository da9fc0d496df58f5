"""Known errors become plain sentences that say what to do, with the exact reason beside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

import jury_desk.bundle
import jury_desk.core
import jury_desk.deliberation
from jury_desk.core.errors import (
    AuthError,
    BundleCancelled,
    BundleError,
    KeyFileError,
    RuleError,
    StoreError,
)
from jury_desk.gui.i18n import install_language
from jury_desk.gui.words import messages

BUNDLE_SOURCES = Path(jury_desk.bundle.__file__).parent
CHECK_LITERAL = re.compile(r'"((?:zip|bundle|signature|manifest|freshness)\.[a-z0-9-]+)"')


def test_every_check_the_bundle_code_can_raise_has_a_plain_sentence():
    raised = set()
    for source in BUNDLE_SOURCES.glob("*.py"):
        raised |= set(CHECK_LITERAL.findall(source.read_text(encoding="utf-8")))
    assert len(raised) > 30  # the scan found the verifier's codes
    assert sorted(raised - set(messages.BUNDLE_CHECKS)) == []
    assert all(re.fullmatch(r"[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*", c) for c in messages.BUNDLE_CHECKS)


RULE_LITERAL = re.compile(r'(?:RuleError|PassphraseError)\(\s*"([a-z][a-z0-9-]*)"')


def test_every_rule_the_service_and_the_core_can_raise_has_a_plain_sentence():
    raised = set()
    for package in (jury_desk.core, jury_desk.deliberation):
        for source in Path(package.__file__).parent.rglob("*.py"):  # phases/ too
            raised |= set(RULE_LITERAL.findall(source.read_text(encoding="utf-8")))
    assert {"quorum", "auth-failed", "flag-needs-note", "score-off-step"} <= raised
    assert {"can-be-deliberated", "slot-not-needed", "not-sealed"} <= raised  # in phases/
    assert sorted(raised - set(messages.RULES)) == []


# No dead ends (DESIGN.md §3): each refusal ends with what to do. Its last sentence has a
# clause that starts with an imperative ("faites pointer...", "enregistrez-le comme non
# délibéré", "attendez..."), or it says there is nothing to do (nothing is blocked).
UNBLOCKING_FR = (
    "pointez faites choisissez écrivez attendez ajoutez demandez notez prévenez révisez "
    "enregistrez vérifiez patientez tapez connectez saisissez approuvez objectez proposez "
    "retirez délibérez donnez terminez retapez raccourcissez retenez"
).split()
UNBLOCKING_EN = (
    "check choose write wait add ask note tell revise record type sign enter approve object "
    "propose remove deliberate give finish retype shorten keep have make score"
).split()


def _last_sentence(text: str) -> str:
    return re.split(r"(?<=[.!])\s+", text.strip())[-1]


def _unblocks(text: str, verbs: list[str], nothing: str) -> bool:
    last = _last_sentence(text)
    if nothing in last.lower():
        return True
    clauses = [c.split() for c in re.split(r"[,;:(]\s*", last) if c.strip()]
    # "faites-la", "délibérez-le", "connectez-vous": the verb before its pronouns
    return any(words[0].lower().split("-")[0] in verbs for words in clauses)


@pytest.mark.parametrize("code", sorted(messages.RULES))
def test_every_refusal_says_what_would_unblock_it(code):
    sentence = messages.describe_error(RuleError(code, "x", institutions="Mines Paris")).text
    assert _unblocks(sentence, UNBLOCKING_FR, "rien à faire"), f"{code}: {sentence!r}"


@pytest.mark.parametrize("code", sorted(messages.RULES))
def test_every_refusal_says_what_would_unblock_it_in_english(code):
    install_language("en")  # the autouse ``french`` fixture puts French back
    sentence = messages.describe_error(RuleError(code, "x", institutions="Mines Paris")).text
    assert sentence != messages.RULES[code], f"{code} has no English translation"
    assert _unblocks(sentence, UNBLOCKING_EN, "nothing to do"), f"{code}: {sentence!r}"


def test_the_quorum_refusal_names_the_school_to_call_in():
    exc = RuleError("quorum", "The quorum is not met.", institutions="Albert School")
    text = messages.describe_error(exc).text
    assert text.endswith(
        "faites pointer à la table de présence un membre de plus pour Albert School."
    )
    # A refusal that lacks its fact still reads (never a crash in the dialog).
    assert "{" not in messages.describe_error(RuleError("quorum", "x")).text


def test_a_bundle_rejection_says_what_to_do_and_names_the_exact_check():
    exc = BundleError("bundle.hash-mismatch", "The file's SHA-256 differs.", "documents/C1/cv.pdf")
    notice = messages.describe_error(exc)
    assert notice.level == "error"
    assert notice.title == "Dossier refusé"
    assert notice.text.startswith("Le dossier a été modifié après sa signature")
    assert notice.detail == (
        "bundle.hash-mismatch · documents/C1/cv.pdf\nThe file's SHA-256 differs."
    )


def test_an_unknown_check_falls_back_to_the_verifiers_own_words():
    exc = BundleError("bundle.brand-new-check", "Something new was refused.", "x.pdf")
    notice = messages.describe_error(exc)
    assert notice.text == "Something new was refused."
    assert notice.detail.startswith("bundle.brand-new-check · x.pdf")


def test_rule_errors_by_code_and_fallback():
    wrong = messages.describe_error(RuleError("auth-failed", "Wrong passphrase."))
    assert (wrong.level, wrong.title) == ("warning", "Action refusée")
    assert wrong.text == "Phrase secrète incorrecte. Vérifiez-la et réessayez."
    assert messages.describe_error(AuthError("Wrong.")).text == "Wrong."  # rule "auth": unmapped
    other = messages.describe_error(RuleError("brand-new-rule", "Refused because of X."))
    assert (other.title, other.text) == ("Action refusée", "Refused because of X.")
    assert other.detail == "brand-new-rule\nRefused because of X."


def test_other_known_errors():
    key = messages.describe_error(KeyFileError("k.pub is not a minisign public key."))
    assert key.title == "Clé inutilisable" and key.detail == "k.pub is not a minisign public key."
    store = messages.describe_error(StoreError("locked by another desk"))
    assert store.title == "Séance inaccessible" and "locked by another desk" in store.detail
    cancelled = messages.describe_error(BundleCancelled())
    assert (cancelled.level, cancelled.text) == ("info", "Rien n'a été conservé.")


def test_sentences_follow_the_language():
    exc = BundleError("freshness.expired", "expired on 2026-01-01", "manifest.json")
    assert install_language("en")
    notice = messages.describe_error(exc)
    assert notice.title == "Bundle rejected"
    assert notice.text == "This bundle has expired. Ask the secretariat for an up-to-date bundle."
    install_language("fr")
    assert messages.describe_error(exc).text == (
        "Ce dossier a expiré. Demandez à la scolarité un dossier à jour."
    )


def test_the_real_presenter_shows_a_window_modal_message_box(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    exc = BundleError("signature.invalid", "Signature <invalid>.", "manifest.json.minisig")
    messages.show_error(parent, exc)
    box = parent.findChild(QMessageBox, "noticeBox")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "Dossier refusé" in box.text() and "modifié après sa signature" in box.text()
    assert "signature.invalid · manifest.json.minisig" in box.informativeText()
    assert "Signature &lt;invalid&gt;." in box.informativeText()  # escaped, never markup
    box.close()


@pytest.mark.parametrize("level", ["info", "warning", "error"])
def test_every_level_has_an_icon(qtbot, level):
    parent = QWidget()
    qtbot.addWidget(parent)
    messages.present(parent, messages.Notice(level, "Titre", "Texte"))
    box = parent.findChild(QMessageBox, "noticeBox")
    assert box is not None and box.icon() != QMessageBox.Icon.NoIcon
    box.close()
