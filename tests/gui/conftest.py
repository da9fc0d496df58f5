"""Fixtures for the GUI tests: real widgets, offscreen, a private data folder and settings.

Dialogs the desk shows go through ``jury_desk.gui.words.messages``; ``notices`` replaces its
presenter to record what would have been shown (and checks nothing else popped up), and
``answers`` scripts the yes/no questions and file choices.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.trust import TrustStore
from jury_desk.bundle.writer import write_bundle
from jury_desk.gui.build_translations import build
from jury_desk.gui.garbage_collector import GuiThreadCollector
from jury_desk.gui.i18n import install_language
from jury_desk.gui.main_window import MainWindow
from jury_desk.gui.style import apply_style
from jury_desk.gui.words import messages
from tests.factories import make_documents, manifest_dict

GUI_TESTS = Path(__file__).parent
# The offscreen platform warns when a top-level window is shown; it says nothing about us.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_TESTS in item.path.parents:
            item.add_marker(OFFSCREEN_NOISE)


@pytest.fixture(autouse=True)
def gc_in_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Python's cyclic collector runs in whichever thread crosses its threshold: in a pool
    worker or the room server's thread it may free Qt objects that belong to the GUI thread,
    a native crash (CI once aborted in `malloc_consolidate` while pytest-qt processed
    events). As Anki and qutebrowser do in their apps, collect only in the GUI thread: off
    during the test, one collection here once its workers are done. A module that tests the
    collector itself sets ``AUTOMATIC_GC = True``."""
    if getattr(request.module, "AUTOMATIC_GC", False):
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        QThreadPool.globalInstance().waitForDone(60_000)
        gc.collect()
        if was_enabled:
            gc.enable()


@pytest.fixture(autouse=True)
def no_app_collector_left(qapp: QApplication) -> Iterator[None]:
    """A test that starts the app (``jury-desk demo``) leaves the app's GUI-thread collector
    on the shared QApplication, with automatic collection off for the process: every later
    test, GUI or not, would then run with no collection outside Qt's event loop. Stopped
    here, as the app's exit would."""
    yield
    for collector in qapp.findChildren(GuiThreadCollector):
        collector.stop()
        collector.setParent(None)
        collector.deleteLater()


@pytest.fixture(scope="session")
def translations() -> list[Path]:
    """The compiled catalogues (what ``make test`` builds first), built if missing."""
    return build()


@pytest.fixture(autouse=True)
def french(qapp: QApplication, translations: list[Path]) -> Iterator[None]:
    """Every test starts in French (the desk's default) and leaves the app in French."""
    apply_style(qapp)
    install_language("fr")
    yield
    # No background job of this test may still run while the next test tears widgets down.
    QThreadPool.globalInstance().waitForDone(60_000)
    QApplication.processEvents()
    install_language("fr")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[messages.Notice]:
    shown: list[messages.Notice] = []
    monkeypatch.setattr(messages, "presenter", lambda parent, notice: shown.append(notice))
    return shown


@dataclass
class Answers:
    """Scripted answers: files to pick, then yes/no replies; every question is recorded."""

    files: list[Path | None] = field(default_factory=list)
    replies: list[bool] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    saved_to: list[Path | None] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    script = Answers()

    def confirm(parent: object, title: str, text: str, yes: str) -> bool:
        script.questions.append(text)
        return script.replies.pop(0)

    monkeypatch.setattr(messages, "confirmer", confirm)
    monkeypatch.setattr(messages, "open_chooser", lambda parent, title, f: script.files.pop(0))
    monkeypatch.setattr(
        messages, "save_chooser", lambda parent, title, suggested: script.saved_to.pop(0)
    )
    return script


@dataclass
class SignedBundle:
    path: Path
    key: PublicKey
    manifest: Manifest

    @property
    def key_file(self) -> Path:
        out = self.path.with_suffix(".pub")
        out.write_text(self.key.to_text(), encoding="utf-8")
        return out


def signed_bundle(folder: Path, *, big_document: int = 0) -> SignedBundle:
    """A valid bundle signed by a fresh secretariat key (optionally one large document)."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = manifest_dict(n_candidates=3, bundle_id="gui-test-2026")
    documents = make_documents(Manifest.model_validate(raw))
    if big_document:
        first = raw["files"][0]
        blob = hashlib.shake_256(b"jury-desk gui test").digest(big_document)
        documents[first["path"]] = blob
        first.update(size=len(blob), sha256=hashlib.sha256(blob).hexdigest())
    manifest = Manifest.model_validate(raw)
    sk = SecretKey.generate()
    path = write_bundle(manifest, documents, sk, folder / "session.jdbundle")
    return SignedBundle(path, sk.public_key(), manifest)


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture
def window(qtbot, data_dir: Path, settings: QSettings) -> Iterator[MainWindow]:
    win = MainWindow(data_dir, settings)
    qtbot.addWidget(win)
    win.show()
    # The trusted keys and the keyring are read once the window is painted.
    qtbot.waitUntil(lambda: win.start_page.settings.ready)
    yield win
    # Delete the window now: a session's hundreds of widgets left for "later" would be
    # re-styled and re-translated by every following test.
    win.close()
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def trust(data_dir: Path, key: PublicKey, slot: str = "primary") -> None:
    TrustStore(data_dir).add(slot, key)
