"""The start screen: open the demo, open a bundle (accepted, tampered, cancelled)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QPushButton

from jury_desk.bundle.zipreader import HardenedZip
from jury_desk.gui.demo import demo_bundle_path
from jury_desk.gui.tasks import Task
from jury_desk.gui.views.session_page import SessionPage
from tests.gui.conftest import signed_bundle, tree, trust

WAIT_MS = 10_000


def on_session_page(window) -> bool:
    return isinstance(window.stack.currentWidget(), SessionPage)


def flip_byte_in(bundle: Path, entry: str, out: Path, offset: int = 10) -> Path:
    """A copy of ``bundle`` with one byte of ``entry``'s stored data flipped."""
    with HardenedZip(bundle) as zf:
        data_offset, _size, method = zf.entry_span(entry)
    assert method == 0  # documents are stored: the flip changes the document itself
    data = bytearray(bundle.read_bytes())
    data[data_offset + offset] ^= 0x01
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize(
    ("button", "kind", "candidates"),
    [("demo_admission", "admission", 24), ("demo_graduation", "graduation", 12)],
)
def test_open_the_demo_from_the_start_screen(
    qtbot, window, data_dir, notices, button, kind, candidates
):
    qtbot.mouseClick(getattr(window.start_page, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: on_session_page(window), timeout=WAIT_MS)
    page = window.stack.currentWidget()
    assert notices == []
    assert window.banner.isVisible()
    assert window.banner.text().startswith("DÉMONSTRATION")
    assert page.board.model.rowCount() == candidates
    assert page.lobby.jury.rowCount() == len(page.summary.manifest.session.members)
    assert window.service is not None and window.service.manifest.bundle_id == (
        page.summary.manifest.bundle_id
    )
    assert page.checked.text().startswith("✓ Dossier vérifié")
    assert page.summary.manifest.session.kind == kind
    kept = list((data_dir / "bundles").iterdir())
    assert [p.name for p in kept] == [f"{page.summary.sha256}.jdbundle"]
    assert kept[0].read_bytes() == demo_bundle_path(kind).read_bytes()
    assert not (data_dir / "trust.json").exists()  # the demo key never enters the store

    qtbot.mouseClick(page.home_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.start_page
    assert not window.banner.isVisible()


def test_open_a_bundle_signed_by_a_trusted_key(qtbot, window, data_dir, notices, answers, tmp_path):
    bundle = signed_bundle(tmp_path / "in")
    trust(data_dir, bundle.key)
    answers.files.append(bundle.path)
    qtbot.mouseClick(window.start_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: on_session_page(window), timeout=WAIT_MS)
    page = window.stack.currentWidget()
    assert notices == []
    assert not window.banner.isVisible()  # not a demo
    assert "(3 candidats, 6 documents)" in page.checked.text()
    assert page.summary.key_id_hex == bundle.key.key_id_hex
    assert bundle.key.key_id_hex in page.technical.text()
    assert window.windowTitle() == bundle.manifest.session.title  # the app's name: once, by Qt


def test_a_tampered_bundle_shows_the_verifiers_exact_reason(
    qtbot, window, data_dir, notices, answers, tmp_path
):
    bundle = signed_bundle(tmp_path / "in")
    trust(data_dir, bundle.key)
    entry = bundle.manifest.files[0].path
    tampered = flip_byte_in(bundle.path, entry, tmp_path / "tampered.jdbundle")
    before = tree(data_dir)
    answers.files.append(tampered)
    window.start_page.open_button.click()
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=WAIT_MS)
    (notice,) = notices
    assert notice.title == "Dossier refusé"
    assert notice.text == (
        "Le dossier a été modifié après sa signature par la scolarité. Ne l'utilisez pas et "
        "demandez-en un nouvel exemplaire."
    )
    assert notice.detail.splitlines()[0] == f"bundle.hash-mismatch · {entry}"
    assert window.stack.currentWidget() is window.start_page
    assert tree(data_dir) == before  # no private copy, no ledger entry, no session


def test_the_demo_key_opens_only_the_shipped_demo(qtbot, window, data_dir, notices, tmp_path):
    other = signed_bundle(tmp_path / "in")
    trust(data_dir, other.key)
    copy = shutil.copy(demo_bundle_path("admission"), tmp_path / "demo-copy.jdbundle")
    before = tree(data_dir)
    window.open_bundle(Path(copy))
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=WAIT_MS)
    assert notices[0].detail.splitlines()[0] == "signature.unknown-key · manifest.json.minisig"
    assert notices[0].text.startswith("Ce dossier n'est pas signé par une clé de la scolarité")
    assert tree(data_dir) == before


def test_without_a_trusted_key_the_desk_says_to_add_one(qtbot, window, data_dir, notices, tmp_path):
    bundle = signed_bundle(tmp_path / "in")
    assert window.open_bundle(bundle.path) is None
    (notice,) = notices
    assert notice.title == "Aucune clé de la scolarité"
    assert "Ajoutez la clé dans les réglages" in notice.text
    assert tree(data_dir) == []


def test_cancelling_a_verification_leaves_no_file_and_no_session(
    qtbot, window, data_dir, notices, tmp_path
):
    bundle = signed_bundle(tmp_path / "in", big_document=6 << 20)  # more than one copy chunk
    trust(data_dir, bundle.key)
    before = tree(data_dir)
    # Hold the only worker so the verification waits while the user clicks Cancel.
    window.pool = QThreadPool(window)
    window.pool.setMaxThreadCount(1)
    gate = threading.Event()
    blocker = Task(lambda progress, cancelled: gate.wait(WAIT_MS / 1000), pool=window.pool)
    blocker.start()

    task = window.open_bundle(bundle.path)
    assert task is not None and task.dialog is not None
    qtbot.waitUntil(task.dialog.isVisible, timeout=WAIT_MS)  # shown after ~0.5 s
    cancel = task.dialog.findChild(QPushButton)
    with qtbot.waitSignal(task.cancelled, timeout=WAIT_MS):
        cancel.click()
        gate.set()
    qtbot.waitUntil(lambda: window.verification is None)
    assert notices == []  # a cancellation is not an error
    assert window.statusBar().currentMessage() == "Vérification annulée : rien n'a été conservé."
    assert window.stack.currentWidget() is window.start_page
    assert tree(data_dir) == before
    assert not list(data_dir.glob("bundles/*")) and not list(data_dir.glob("sessions/*"))


def test_window_geometry_is_remembered(qtbot, data_dir, settings, tmp_path):
    from jury_desk.gui.main_window import MainWindow

    first = MainWindow(data_dir, settings)
    qtbot.addWidget(first)
    first.resize(700, 500)  # the offscreen screen is 800x600: restoring clamps to it
    first.show()
    saved = (first.width(), first.height())
    assert saved != (1366, 768)
    first.close()
    again = MainWindow(data_dir, settings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == saved
    fresh = MainWindow(data_dir, QSettings(str(tmp_path / "none.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(fresh)
    assert (fresh.width(), fresh.height()) == (1366, 768)
