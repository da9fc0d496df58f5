"""Trusted secretariat keys: add only after confirming the fingerprint, remove on request."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.trust import TrustStore
from jury_desk.core.resources import resource_path
from jury_desk.gui.demo import DEMO_KEY_FILE
from tests.gui.conftest import tree


def pinned(data_dir) -> dict[str, bytes]:
    return {slot: key.public for slot, key in TrustStore(data_dir).slots().items()}


@pytest.fixture
def panel(window):
    return window.start_page.settings.trusted_keys


def key_file(folder, comment="Scolarité 2026"):
    sk = SecretKey.generate()
    pub = sk.public_key()
    path = folder / f"{pub.key_id_hex}.pub"
    path.write_text(PublicKey(pub.key_id, pub.public, comment).to_text(), encoding="utf-8")
    return path, pub


def add_through_dialog(qtbot, panel, answers, path):
    answers.files.append(path)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.confirm_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_add_a_key_after_confirming_its_fingerprint(qtbot, panel, answers, data_dir, tmp_path):
    path, pub = key_file(tmp_path)
    dialog = add_through_dialog(qtbot, panel, answers, path)
    assert dialog.key_name.text() == "Scolarité 2026"
    assert dialog.fingerprint.text().replace(" ", "").replace("\n", "") == pub.fingerprint
    assert dialog.key_id.text() == f"Identifiant technique : {pub.key_id_hex}"
    assert list(dialog.slot_buttons) == ["primary", "next"]
    assert dialog.slot_buttons["primary"].isChecked()
    assert not (data_dir / "trust.json").exists()  # nothing until confirmed

    with qtbot.waitSignal(panel.keys_changed):
        qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    assert pinned(data_dir) == {"primary": pub.public}
    assert panel.model.data(panel.model.index(0, 1)) == "Scolarité 2026"
    assert pub.key_id_hex in panel.selected_fingerprint.text()

    second_path, second = key_file(tmp_path, "Scolarité 2027")
    dialog = add_through_dialog(qtbot, panel, answers, second_path)
    assert list(dialog.slot_buttons) == ["next"]  # only the free slot is offered
    dialog.trust_button.click()
    assert pinned(data_dir) == {"primary": pub.public, "next": second.public}
    assert not panel.add_button.isEnabled()  # both slots taken


def test_cancelling_the_confirmation_trusts_nothing(qtbot, panel, answers, data_dir, tmp_path):
    path, _ = key_file(tmp_path)
    dialog = add_through_dialog(qtbot, panel, answers, path)
    dialog.cancel_button.click()
    assert not (data_dir / "trust.json").exists()
    assert panel.model.data(panel.model.index(0, 1)) == "(vide)"


def test_remove_a_key_only_when_confirmed(qtbot, panel, answers, data_dir, tmp_path):
    _, pub = key_file(tmp_path)
    TrustStore(data_dir).add("primary", pub)
    panel.refresh()
    assert panel.remove_button.isEnabled()  # the trusted key is selected

    answers.replies.append(False)
    panel.remove_button.click()
    assert "ne pourront plus être ouverts" in answers.questions[-1]
    assert pinned(data_dir) == {"primary": pub.public}

    answers.replies.append(True)
    with qtbot.waitSignal(panel.keys_changed):
        panel.remove_button.click()
    assert pinned(data_dir) == {}
    assert not panel.remove_button.isEnabled()


def test_a_file_that_is_not_a_key_is_refused_plainly(panel, answers, notices, data_dir, tmp_path):
    bad = tmp_path / "notes.pub"
    bad.write_text("untrusted comment: hello\nnot base64 at all\n", encoding="utf-8")
    answers.files.append(bad)
    panel.add_button.click()
    (notice,) = notices
    assert notice.title == "Clé inutilisable"
    assert notice.text.startswith("Ce fichier n'est pas une clé utilisable.")
    assert "notes.pub" in notice.detail
    assert panel.confirm_dialog is None
    assert tree(data_dir) == []


def test_the_demo_key_is_never_added(panel, notices, data_dir, tmp_path):
    copy = shutil.copy(resource_path("demo", DEMO_KEY_FILE), tmp_path / "cle.pub")
    assert panel.add_key_file(copy) is None
    (notice,) = notices
    assert notice.text.startswith("C'est la clé de démonstration")
    assert tree(data_dir) == []


def test_the_same_key_twice_is_refused(panel, notices, data_dir, tmp_path):
    path, pub = key_file(tmp_path)
    TrustStore(data_dir).add("primary", pub)
    before = tree(data_dir)
    assert panel.add_key_file(path) is None
    (notice,) = notices
    assert notice.text == "Cette clé est déjà enregistrée : Clé actuelle."
    assert tree(data_dir) == before


def test_declining_the_file_choice_does_nothing(panel, answers, notices, data_dir):
    answers.files.append(None)
    panel.add_button.click()
    assert panel.confirm_dialog is None and notices == []
    assert tree(data_dir) == []


def test_a_damaged_trust_store_is_said_plainly_once_the_window_is_up(
    qtbot, data_dir, settings, notices
):
    from jury_desk.gui.main_window import MainWindow

    (data_dir / "trust.json").write_text("{not json")
    window = MainWindow(data_dir, settings)
    qtbot.addWidget(window)
    window.show()
    panel = window.start_page.settings.trusted_keys
    qtbot.waitUntil(lambda: window.start_page.settings.ready)  # read after the first paint
    assert [n.level for n in notices] == ["error"]
    assert "trust.json" in notices[0].detail + notices[0].text
    assert [panel.model.data(panel.model.index(r, 1)) for r in range(2)] == ["(vide)"] * 2
    assert panel.add_button.isEnabled()  # adding the keys again is the way out
    assert (data_dir / "trust.json").read_text() == "{not json"  # nothing rewritten behind
    window.close()
