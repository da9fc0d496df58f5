"""A bug reaches the crash dialog, which saves a report; a known error stays a plain message."""

from __future__ import annotations

import sys

import pytest

from jury_desk.core.errors import BundleError
from jury_desk.gui import crash


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


@pytest.fixture
def hook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    handler = crash.install_excepthook()
    assert sys.excepthook is handler
    yield handler
    for dialog in list(handler.dialogs):
        dialog.close()


def test_a_bug_opens_the_crash_dialog_which_saves_a_report(qtbot, hook, answers, tmp_path):
    exc = raised(ZeroDivisionError("division by zero in the board"))
    sys.excepthook(type(exc), exc, exc.__traceback__)
    (dialog,) = hook.dialogs
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.headline.text() == "jury-desk a rencontré une erreur inattendue."
    assert not dialog.details.isVisible()
    dialog.toggle.click()
    assert dialog.details.isVisible()
    assert "ZeroDivisionError: division by zero in the board" in dialog.details.toPlainText()

    target = tmp_path / "rapport.txt"
    answers.saved_to.append(target)
    dialog.save_button.click()
    report = target.read_text(encoding="utf-8")
    assert report.startswith("jury-desk ")
    assert "Traceback (most recent call last)" in report
    assert "ZeroDivisionError: division by zero in the board" in report
    assert dialog.saved_to == target and not dialog.save_button.isEnabled()
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.txt"]  # no temp file left

    dialog.close_button.click()
    qtbot.waitUntil(lambda: hook.dialogs == [])


def test_declining_to_choose_a_file_saves_nothing(qtbot, hook, answers, tmp_path):
    exc = raised(RuntimeError("boom"))
    hook(type(exc), exc, exc.__traceback__)
    (dialog,) = hook.dialogs
    answers.saved_to.append(None)
    dialog.save_button.click()
    assert dialog.saved_to is None and dialog.save_button.isEnabled()
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_place_is_a_plain_message(qtbot, hook, answers, notices, tmp_path):
    exc = raised(RuntimeError("boom"))
    hook(type(exc), exc, exc.__traceback__)
    (dialog,) = hook.dialogs
    answers.saved_to.append(tmp_path / "missing-folder" / "rapport.txt")
    dialog.save_button.click()
    (notice,) = notices
    assert notice.title == "Rapport non enregistré"
    assert "missing-folder" in notice.detail
    assert dialog.saved_to is None and dialog.save_button.isEnabled()


def test_a_known_error_reaching_the_hook_is_a_plain_message(qtbot, hook, notices):
    exc = raised(BundleError("freshness.expired", "Expired.", "manifest.json"))
    hook(type(exc), exc, exc.__traceback__)
    assert hook.dialogs == []
    (notice,) = notices
    assert notice.text.startswith("Ce dossier a expiré.")
    assert notice.detail.startswith("freshness.expired · manifest.json")
