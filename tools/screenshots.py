"""Grab every screen of the desk, in French and in English, at every size the desk must
serve, into one folder per size:

    .venv/bin/python tools/screenshots.py screenshots/                   # every size below
    .venv/bin/python tools/screenshots.py screenshots/ --size 1024x700   # one size
    .venv/bin/python tools/screenshots.py screenshots/ --size 1366x768 --scale 2

Each size runs in a process of its own (Qt reads the scale factor once, at start). What
``jury_desk.gui.layout_check`` finds on each screen (overlaps, cut labels, cut headers) is
listed in ``<size>/layout-problems.txt`` and printed.

Runs offscreen (no display needed) on a throw-away data folder and settings file, with the
shipped demo bundles and a freshly generated secretariat key. Look at the PNGs: they are
how a jury member first meets the desk.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from jury_desk.archive.service import ArchiveService
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.verify import read_document, verify_bundle
from jury_desk.bundle.writer import write_bundle
from jury_desk.deliberation.service import DeliberationService
from jury_desk.gui import layout_check, operations
from jury_desk.gui.app import create_app
from jury_desk.gui.build_translations import build
from jury_desk.gui.controller import SessionController
from jury_desk.gui.demo import demo_bundle_path, demo_public_key
from jury_desk.gui.dialogs.crash_dialog import CrashDialog, format_report
from jury_desk.gui.dialogs.passphrase import PassphraseDialog
from jury_desk.gui.garbage_collector import install_collector
from jury_desk.gui.i18n import install_language
from jury_desk.gui.main_window import MainWindow
from jury_desk.gui.tasks import Task
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.gui.words import messages
from jury_desk.minutes.signer_keys import create_signer_p12
from jury_desk.rehearsal.fast_forward import fast_forward
from tools.screenshots_key_carried import shoot_key_carried

SIZES = (("1024x700", 1), ("1366x768", 1), ("1920x1080", 1), ("1366x768", 2))
SIZE = (1366, 768)  # this process's size (set by --size)
PROBLEMS: list[str] = []
PASSPHRASE = "correct horse battery staple"  # every demo member's, for the pictures only
NOTE = "Écart discuté : l'entretien l'emporte sur le dossier écrit."


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
    PROBLEMS.extend(f"{name}: {problem}" for problem in layout_check.problems(widget))
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


def scores(service: DeliberationService, rnd: random.Random) -> dict[str, float]:
    """A plausible sheet: a member's level, give or take a point per criterion."""
    level = rnd.choice([9, 11, 12.5, 13, 14, 15, 16.5])
    return {
        c.id: max(0.0, min(20.0, level + rnd.choice([-1, -0.5, 0, 0.5, 1, 2.5])))
        for c in service.manifest.session.rubric.criteria
    }


def deliberate(window: MainWindow, count: int, rnd: random.Random) -> None:
    """Through the window's own service (so the views refresh): everyone present signs in
    once, the first ``count`` candidates are sealed by every member who scores them, and the
    first few get notes, a proposal and approvals, so the board has every state to show."""
    controller = window.controller
    assert controller is not None
    service = controller.service
    members = service.manifest.session.members
    for member in sorted(members, key=lambda m: "chair" not in m.roles):  # the reveal key
        arrive(controller, member.id)
    for candidate in service.manifest.candidates[:count]:
        for member in members:
            item = next(i for i in service.worklist(member.id) if i.candidate_id == candidate.id)
            if item.status in ("to-score", "draft"):
                sheet = scores(service, rnd)
                service.save_draft(member.id, candidate.id, sheet)
                service.seal(member.id, candidate.id, PASSPHRASE, seen=sheet)
    if service.signed:  # the chair's ouverture des plis
        service.open_ready(controller.chair.id, PASSPHRASE)
    for number, candidate in enumerate(service.manifest.candidates[: count - 3]):
        cid = candidate.id
        if service.candidate_detail("m-mines-1", cid).reconciliation.flags and number % 2:
            continue  # flagged, left to discuss
        if service.candidate_detail("m-mines-1", cid).reconciliation.flags:
            service.add_note("m-mines-1", cid, NOTE, passphrase=PASSPHRASE)
        service.accept_rule_proposal("m-mines-1", cid, passphrase=PASSPHRASE)
        if number % 3 != 2:
            service.approve("m-mines-2" if number % 2 else "m-mines-1", cid, "MINES", PASSPHRASE)
        if number % 3 == 0:
            service.approve("m-albert-2", cid, "ALBERT", PASSPHRASE)
    controller.refresh_all()  # one refresh for all the writes above


def arrive(controller: SessionController, member_id: str) -> None:
    """A member checks in (in a signed session, registering their key the first time)."""
    service = controller.service
    if service.signed and not service.has_passphrase(member_id):
        operations.register_key(controller, member_id, PASSPHRASE, None)
    if member_id not in service.present_members():
        operations.check_in(controller, member_id, PASSPHRASE)
    if not service.has_passphrase(member_id):
        operations.set_passphrase(controller, member_id, PASSPHRASE)


def session_page(window: MainWindow) -> SessionPage:
    page = window.session_page
    assert isinstance(page, SessionPage)
    return page


def shoot_admission(window: MainWindow, out: Path, p: str) -> None:
    """Lobby, first sign-in, scoring workspace, seal read-back, board, detail, projector."""
    wait_for(window.open_demo("admission"))
    page = session_page(window)
    service = window.service
    controller = window.controller
    assert service is not None and controller is not None
    page.lobby.select_member("m-albert-1")
    save(window, out, f"{p}-08-lobby-waiting-for-the-chair")
    for member in ("m-mines-1", "m-mines-2", "m-albert-2", "m-albert-3"):
        arrive(controller, member)
    operations.check_out(controller, "m-albert-3", PASSPHRASE)
    page.lobby.select_member("m-albert-1")
    save(window, out, f"{p}-09-lobby")

    page.lobby.check_in_selected()  # the first arrival: the passphrase chosen, twice
    dialog = page.lobby.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE)  # type: ignore[union-attr]
    save(dialog, out, f"{p}-10-first-arrival")
    dialog.ok_button.click()
    page.lobby.sign_in_selected()
    dialog = page.lobby.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok_button.click()
    scoring = page.scoring
    assert scoring is not None
    scoring.worklist_table.selectRow(2)
    for spin, value in zip(scoring.form.spins.values(), (14, 12.5, 15), strict=False):
        spin.setValue(value)
    scoring.save_draft()
    settle(300)  # the PDF renders
    save(window, out, f"{p}-11-scoring")
    scoring.form.spins["interview"].setValue(13)
    seal = scoring.ask_seal()
    assert seal is not None
    save(seal, out, f"{p}-12-seal-read-back")
    seal.reject()
    controller.sign_out()

    deliberate(window, 14, random.Random(7))
    page.show_board()
    board = page.board
    board.select_candidate("ADM-03")
    save(window, out, f"{p}-13-board")
    scroll = board.detail.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    save(window, out, f"{p}-14-board-detail-approvals")
    board.projector_button.setChecked(True)
    save(window, out, f"{p}-15-board-projector")
    board.projector_button.setChecked(False)
    board.select_candidate("ADM-13")
    board.detail.verticalScrollBar().setValue(0)
    save(window, out, f"{p}-16-board-hidden-scores")
    board.select_candidate("ADM-04")
    board.pane.note_edit.setPlainText(NOTE)
    note = board.pane.ask_note()
    assert note is not None
    save(note, out, f"{p}-16a-note-author-and-passphrase")
    note.reject()
    opening = board.ask_open_ready()
    save(opening, out, f"{p}-16b-open-the-sealed-sheets")
    opening.reject()


def shoot_graduation(window: MainWindow, out: Path, p: str) -> None:
    """A graduation: the record and its requirements while scoring, then on the board."""
    wait_for(window.open_demo("graduation"))
    page = session_page(window)
    deliberate(window, 6, random.Random(11))
    controller = window.controller
    assert controller is not None
    controller.sign_in("m-albert-2", PASSPHRASE)
    scoring = page.scoring
    assert scoring is not None
    scoring.worklist_table.selectRow(scoring.worklist.row_of("GRAD-11") or 0)
    settle(300)
    save(window, out, f"{p}-17-graduation-scoring")
    controller.sign_out()
    page.show_board()
    page.board.select_candidate("GRAD-02")
    save(window, out, f"{p}-18-graduation-board")
    scroll = page.board.detail.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    save(window, out, f"{p}-19-graduation-eligibility")


def shoot_minutes(window: MainWindow, out: Path, p: str, scratch: Path) -> None:
    """The admission demo finished (fast-forward) and closed; the minutes: preview, a signer's
    dialog, both keys ready, exported, the verification report (valid, then altered)."""
    session = next(r.path for r in window.start_page.sessions.rows() if "admission" in r.path.name)
    wait_for(window.resume_session(session))
    page = session_page(window)
    service, controller = window.service, window.controller
    assert service is not None and controller is not None
    fast_forward(service, PASSPHRASE)
    operations.close_session(controller, controller.chair.id, PASSPHRASE)
    minutes = page.show_minutes()
    assert minutes is not None
    wait_for(minutes.rendering)
    settle(300)  # the PDF renders
    save(window, out, f"{p}-20-minutes-preview")
    for code in minutes.slots:  # the chair's slot, then each school's
        dialog = minutes.slots[code].ask()
        assert dialog is not None
        wait_for(dialog.probe)
        dialog.passphrase.setText("demo")
        if code == "MINES":
            save(dialog, out, f"{p}-21-minutes-signer-key")
        wait_for(dialog.confirm())
    minutes.side.verticalScrollBar().setValue(0)
    save(window, out, f"{p}-22-minutes-keys-ready")
    wait_for(minutes.export_to(scratch / f"PV-{p}"))
    settle(100)
    save(window, out, f"{p}-23-minutes-exported")
    verify = minutes.verify_exported()
    assert verify is not None
    wait_for(verify.task)
    save(verify, out, f"{p}-24-verify-report")
    verify.close()
    exported = minutes.exported
    assert exported is not None
    pv_pages(exported.pv, out, p)
    altered = scratch / f"PV-{p}-altered.pdf"
    data = bytearray(exported.pv.read_bytes())
    data[len(data) // 3] ^= 0x01
    altered.write_bytes(bytes(data))
    window.go_home()
    save(window, out, f"{p}-25-start-verify-button")
    dialog = window.verify_pv()
    dialog.pdf.set_path(altered)
    wait_for(dialog.start())
    save(dialog, out, f"{p}-26-verify-altered")
    dialog.close()


def demo_archive(data_dir: Path, folder: Path) -> None:
    """A small archive in ``data_dir``: two sessions' PVs, signed for both schools by
    throw-away signer keys and filed as ``jury-desk archive add`` files them (the demo's
    own PV is a simulation, which the archive refuses). Made with the archive tests' kit."""
    from tests.archive.archivekit import Filer
    from tests.minutes.conftest import Key, Keys

    folder.mkdir(parents=True, exist_ok=True)

    def key(name: str, institution: str) -> Key:
        path, passphrase = folder / f"{institution}.p12", b"screenshots"
        return Key(path, passphrase, create_signer_p12(name, institution, passphrase, path))

    mines, albert = key("Pierre-Yves Martin", "MINES"), key("Karim Haddad", "ALBERT")
    # The chair is the Mines signer in the tests' sessions: one key for both.
    filer = Filer(folder / "filed", Keys(mines, albert, mines, mines))
    title = "Jury d'admission {year}, Master AI & Data Business"
    filed = [
        filer.make(n=6, day=date(2025, 6, 16), title=title.format(year=2025)),
        filer.make(
            n=8,
            day=date(2026, 6, 15),
            title=title.format(year=2026),
            student_ids=["21904417", *[None] * 7],
        ),  # fmt: skip
    ]
    trusted = [PublicKey.from_file(filer.public_key)]
    with ArchiveService.open(None, data_dir) as archive:
        for pv in filed:
            archive.add(pv.pv, pv.bundle, trusted)


def shoot_archives(window: MainWindow, out: Path, p: str) -> None:
    """The Archives page: every decision filed, the newest PV; then its verification report."""
    page = window.show_archives()
    settle(300)  # the PDF renders
    save(window, out, f"{p}-27-archives")
    page.details.setCurrentIndex(1)
    save(window, out, f"{p}-28-archives-report")
    window.go_home()


def pv_pages(pv: Path, out: Path, p: str) -> None:
    """The exported PV's pages as PNG files (poppler's pdftoppm), signature blocks included:
    to look at the PV as a président du jury would before signing it."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is not installed: the PV's pages were not rendered", file=sys.stderr)
        return
    subprocess.run([pdftoppm, "-r", "90", "-png", str(pv), str(out / f"{p}-30-pv-page")],
                   check=True, timeout=300)  # fmt: skip


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

    shoot_admission(window, out, p)
    window.go_home()
    shoot_graduation(window, out, p)
    window.go_home()
    shoot_minutes(window, out, p, scratch)
    window.go_home()
    demo_archive(data_dir, scratch / f"archive-{lang}")
    shoot_archives(window, out, p)

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
    shoot_key_carried(p, out, scratch, SIZE, save, wait_for, PASSPHRASE)
    messages.presenter = messages._message_box


def one_size(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    build()
    app = create_app()
    install_collector(app)  # as the app does: a collection in a worker thread may crash Qt
    scratch = Path(tempfile.mkdtemp(prefix="jury-desk-shots-"))
    try:
        for lang in ("fr", "en"):
            shoot(lang, out, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    app.quit()
    (out / "layout-problems.txt").write_text("".join(f"{p}\n" for p in PROBLEMS), "utf-8")
    for problem in PROBLEMS:
        print("layout:", problem)
    return 0


def main(argv: list[str]) -> int:
    global SIZE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--size", help="WIDTHxHEIGHT; every size of SIZES when absent")
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args(argv)
    if args.size:
        width, height = (int(n) for n in args.size.split("x"))
        SIZE = (width, height)
        suffix = f"@{args.scale}x" if args.scale != 1 else ""
        return one_size(args.out / f"{args.size}{suffix}")
    for size, scale in SIZES:  # one process per size: the scale is read at start
        env = {**os.environ, "QT_SCALE_FACTOR": str(scale)}
        command = [sys.executable, __file__, str(args.out), "--size", size, "--scale", str(scale)]
        subprocess.run(command, env=env, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
