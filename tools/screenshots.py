"""Grab every screen of the desk at 1366x768, in French and in English, into a folder.

    .venv/bin/python tools/screenshots.py screenshots/

Runs offscreen (no display needed) on a throw-away data folder and settings file, with the
shipped demo bundles and a freshly generated secretariat key. Look at the PNGs: they are
how a jury member first meets the desk.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QMessageBox, QWidget  # noqa: E402

from jury_desk.bundle.minisign import PublicKey, SecretKey  # noqa: E402
from jury_desk.bundle.verify import read_document, verify_bundle  # noqa: E402
from jury_desk.bundle.writer import write_bundle  # noqa: E402
from jury_desk.deliberation.service import DeliberationService  # noqa: E402
from jury_desk.gui import messages  # noqa: E402
from jury_desk.gui.app import create_app  # noqa: E402
from jury_desk.gui.build_translations import build  # noqa: E402
from jury_desk.gui.crash import CrashDialog, format_report  # noqa: E402
from jury_desk.gui.demo import demo_bundle_path, demo_public_key  # noqa: E402
from jury_desk.gui.i18n import install_language  # noqa: E402
from jury_desk.gui.main_window import MainWindow  # noqa: E402
from jury_desk.gui.tasks import Task  # noqa: E402

SIZE = (1366, 768)


def settle(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(task: Task | None) -> None:
    if task is None or not task.running:
        return
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    loop.exec()


def save(widget: QWidget, out: Path, name: str) -> None:
    settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


def secretariat_key(folder: Path, sk: SecretKey) -> Path:
    pub = sk.public_key()
    path = folder / "scolarite-2026.pub"
    comment = "Scolarité du double diplôme Mines Paris – Albert School (2026)"
    path.write_text(PublicKey(pub.key_id, pub.public, comment).to_text(), encoding="utf-8")
    return path


def tampered_bundle(folder: Path, sk: SecretKey) -> Path:
    """The demo admission bundle signed by ``sk``, then one document byte flipped."""
    folder.mkdir(parents=True, exist_ok=True)
    vb = verify_bundle(
        demo_bundle_path("admission"),
        trusted_keys=[demo_public_key()],
        data_dir=folder / "scratch-data",
        record=False,
    )
    documents = {f.path: read_document(vb, f.path) for f in vb.manifest.files}
    path = write_bundle(vb.manifest, documents, sk, folder / "dossier-modifie.jdbundle")
    data = bytearray(path.read_bytes())
    data[data.rindex(b"%PDF") + 40] ^= 0x01  # inside the last stored document
    path.write_bytes(bytes(data))
    return path


def capture_notices(out: Path, prefix: str) -> Callable[[QWidget | None, messages.Notice], None]:
    """Show each notice as the real message box, grab it, then close it."""
    count = [0]

    def presenter(parent: QWidget | None, notice: messages.Notice) -> None:
        messages._message_box(parent, notice)
        box = parent.findChildren(QMessageBox, "noticeBox")[-1] if parent else None
        if box is not None:
            count[0] += 1
            save(box, out, f"{prefix}-notice-{count[0]}")
            box.close()

    return presenter


def shoot(lang: str, out: Path, scratch: Path) -> None:
    data_dir = scratch / f"data-{lang}"
    data_dir.mkdir(mode=0o700)
    settings = QSettings(str(scratch / f"settings-{lang}.ini"), QSettings.Format.IniFormat)
    install_language(lang)
    window = MainWindow(data_dir, settings)
    window.resize(*SIZE)
    window.show()
    p = lang
    save(window, out, f"{p}-01-start-first-run")

    messages.presenter = capture_notices(out, p)
    window.open_bundle(scratch / "absent.jdbundle")  # no key yet: the plain notice

    sk = SecretKey.generate()
    key_file = secretariat_key(scratch, sk)
    dialog = window.start_page.settings.trusted_keys.add_key_file(key_file)
    assert dialog is not None
    dialog.resize(dialog.sizeHint())
    save(dialog, out, f"{p}-02-confirm-key")
    dialog.accept()
    for kind in ("admission", "graduation"):  # two sessions to resume
        vb = verify_bundle(
            demo_bundle_path(kind), trusted_keys=[demo_public_key()], data_dir=data_dir
        )
        DeliberationService.open_from_bundle(vb, data_dir).close()
    window.start_page.refresh_sessions()
    save(window, out, f"{p}-03-start-with-key-and-sessions")

    wait_for(window.open_bundle(tampered_bundle(scratch / lang, sk)))

    wait_for(window.open_demo("admission"))
    save(window, out, f"{p}-04-demo-admission")
    window.go_home()
    wait_for(window.resume_session(window.start_page.sessions.rows()[0].path))
    save(window, out, f"{p}-05-resumed-session")
    window.go_home()

    gate = __import__("threading").Event()
    task = Task(lambda progress, cancelled: gate.wait(10), parent=window, label="…")
    assert task.dialog is not None
    task.dialog.setLabelText(window.tr("Vérification du dossier « %1 »…").replace("%1", "x"))
    task.start()
    task.dialog.setValue(420)
    task.dialog.show()
    save(task.dialog, out, f"{p}-06-progress")
    gate.set()
    wait_for(task)

    try:
        raise RuntimeError("example failure for the screenshot")
    except RuntimeError as exc:
        crash = CrashDialog(format_report(type(exc), exc, exc.__traceback__), window)
    crash.show()
    save(crash, out, f"{p}-07-crash")
    crash.toggle.setChecked(True)
    crash.resize(720, 520)
    save(crash, out, f"{p}-08-crash-details")
    crash.close()
    window.close()
    messages.presenter = messages._message_box


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    build()
    app = create_app()
    scratch = Path(tempfile.mkdtemp(prefix="jury-desk-shots-"))
    try:
        for lang in ("fr", "en"):
            shoot(lang, out, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
