"""The member desk's page, driven through its real widgets (issue 12).

The member desk behind it is ``member_fake.FakeMemberDesk`` (real signed envelopes in a real
outbox); the room desk is a ``Reception`` over a ``MemoryLedger``, reached by a folder (a USB
key) or over 127.0.0.1 with the real TLS server.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from jury_desk.exchange import pairing
from jury_desk.exchange.envelope import Envelope
from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.reception import Reception
from jury_desk.exchange.server import RoomServer
from jury_desk.exchange.verdict import MemoryLedger
from jury_desk.gui.member.member_page import ZOOMS_KEY, MemberPage
from jury_desk.gui.member.room_link import pairing_of
from jury_desk.gui.words import messages
from tests.exchange.conftest import SESSION
from tests.gui.member_fake import FakeMemberDesk, verified_bundle

MEMBER = "m-albert-3"  # conflicted on C001 in the factory's bundle
KEY = Ed25519PrivateKey.generate()
ROOM = RoomIdentity.create()


def conflicted(envelope: Envelope) -> tuple[str, str] | None:
    if json.loads(envelope.body).get("candidate") == "C003":
        return ("already-revealed", "déjà révélé : le président a ouvert les plis de C003")
    return None


@pytest.fixture
def desk(tmp_path: Path) -> FakeMemberDesk:
    verified, _key = verified_bundle(tmp_path / "secretariat", tmp_path / "data")
    folder = tmp_path / "member-data"
    folder.mkdir()
    box = MemberBox(folder, SESSION, MEMBER, KEY)
    return FakeMemberDesk(verified.manifest, MEMBER, box, folder, verified)


@pytest.fixture
def page(qtbot, desk, settings, tmp_path):
    out = MemberPage(desk, settings)
    qtbot.addWidget(out)
    out.resize(1024, 700)
    out.show()
    yield out
    out.close_link()


def room() -> tuple[Reception, MemoryLedger]:
    ledger = MemoryLedger(conflicted)
    keys = {MEMBER: KEY.public_key()}
    return Reception(SESSION, keys.get, ledger, ROOM.key), ledger


def state_of(page: MemberPage, candidate: str) -> str:
    position = [r.candidate_id for r in page.model.rows()].index(candidate)
    return page.model.index(position, page.model.SHEET).data(Qt.ItemDataRole.ToolTipRole)


def score_and_seal(qtbot, page: MemberPage, answers, candidate: str, value: float) -> None:
    position = [r.candidate_id for r in page.model.rows()].index(candidate)
    page.table.selectRow(position)
    assert page.current == candidate
    for spin in page.form.spins.values():
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, str(value).replace(".", ","))
        qtbot.keyClick(spin, Qt.Key.Key_Return)  # the rubric's own way on
    answers.replies.append(True)
    qtbot.mouseClick(page.seal_button, Qt.MouseButton.LeftButton)


def test_only_my_candidates_and_a_dossier_that_takes_the_room(qtbot, page, desk):
    shown = [r.candidate_id for r in page.model.rows()]
    assert shown == ["C002", "C003", "C004"]  # C001: this member is conflicted there
    assert page.current == "C002"
    assert page.viewer.paths == desk.manifest.candidate("C002").documents
    # The dossier is the widest pane, and fits its width by default.
    sizes = page.splitter.sizes()
    assert sizes[1] == max(sizes)
    qtbot.waitUntil(lambda: page.viewer.page_count() > 0)
    assert page.viewer.zoom() == pytest.approx(page.viewer.width_zoom())
    assert "Hors ligne" in page.link_state.text()


def test_each_documents_zoom_is_remembered_across_openings(qtbot, desk, settings, tmp_path):
    first = MemberPage(desk, settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.viewer.page_count() > 0)
    first.viewer.zoom_by(1.25)
    path = first.viewer.current_path()
    chosen = first.viewer.zooms[path]
    first.close_link()
    again = MemberPage(desk, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    try:
        assert again.viewer.zooms[path] == pytest.approx(chosen)
        assert settings.value(ZOOMS_KEY)
    finally:
        again.close_link()


def test_seal_then_bring_the_outbox_on_a_usb_key_and_read_the_room_s_answer(
    qtbot, page, desk, answers, tmp_path, monkeypatch
):
    score_and_seal(qtbot, page, answers, "C002", 14.5)
    assert "Vérifiez vos notes pour C002" in answers.questions[-1]
    assert state_of(page, "C002") == "Scellée, en attente de la salle"
    assert page.receipt.isVisible() and "Reçu du scellé" in page.receipt.text()
    assert not page.seal_button.isEnabled()
    score_and_seal(qtbot, page, answers, "C003", 12)  # the room will refuse it
    assert "vos 2 message(s) en attente" in page.link_state.text()

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: usb)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (usb / desk.box.out.path.name).exists(), timeout=10_000)

    reception, ledger = room()
    reception.import_folder(usb)  # the room desk, in the room
    assert [json.loads(e.body)["candidate"] for e in ledger.applied] == ["C002"]
    desk.box.room_key = ROOM.key.public_key()  # pinned when the desk paired, at home
    qtbot.mouseClick(page.read_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state_of(page, "C002") == "Scellée, reçue par la salle",
                    timeout=10_000)  # fmt: skip
    assert state_of(page, "C003") == "Refusée par la salle"
    items = [page.answers.item(i).text() for i in range(page.answers.count())]
    assert items[0] == "✓ Feuille scellée C002"
    assert items[1] == (
        "✗ Feuille scellée C003 : déjà révélé : le président a ouvert les plis de C003"
    )
    page.table.selectRow(1)
    assert "La salle a refusé cette feuille : déjà révélé" in page.sheet_state.text()


def test_join_the_room_by_address_and_code_then_seals_go_live(qtbot, page, desk, answers, notices):
    reception, ledger = room()
    server = RoomServer(reception, ROOM)
    host, port = server.start()
    try:
        # The wrong code first: told plainly, nothing paired.
        dialog = page.ask_join()
        dialog.address.setText(f"{host}:{port}")
        dialog.code.setText("0000 0000" if server.window.code != "00000000" else "1111 1111")
        qtbot.mouseClick(dialog.findChild(type(page.seal_button), "joinRoom"),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(lambda: bool(notices), timeout=15_000)
        assert "Code d'appairage erroné" in notices[-1].text
        assert page.link.room() is None

        dialog = page.ask_join()
        dialog.address.setText(f"{host}:{port}")
        dialog.code.setText(pairing.display_code(server.window.code))
        qtbot.mouseClick(dialog.findChild(type(page.seal_button), "joinRoom"),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(lambda: page.link.room() == (host, port), timeout=15_000)
        qtbot.waitUntil(page.link.connected, timeout=15_000)
        assert "Relié à la salle" in page.link_state.text()
        assert not page.join_button.isVisible()

        score_and_seal(qtbot, page, answers, "C004", 16)
        qtbot.waitUntil(lambda: state_of(page, "C004") == "Scellée, reçue par la salle",
                        timeout=15_000)  # fmt: skip
        assert [json.loads(e.body)["candidate"] for e in ledger.applied] == ["C004"]
    finally:
        page.close_link()
        server.stop()


def test_approve_object_and_notes_go_to_the_outbox(qtbot, page, desk, notices):
    assert not page.approve_button.isEnabled()  # nothing proposed yet: says why
    assert "rien proposé" in page.approve_button.toolTip()
    desk.proposals["C002"] = {"id": 3, "decision": "admis", "mention": None}
    page.refresh()
    assert "Proposition n° 3 : admis" in page.proposal_line.text()
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.object_button, Qt.MouseButton.LeftButton)
    assert notices[-1].title == "Motif manquant"
    page.note_edit.setPlainText("Dossier incomplet : la lettre manque.")
    qtbot.mouseClick(page.object_button, Qt.MouseButton.LeftButton)
    page.note_edit.setPlainText("Très bon entretien.")
    qtbot.mouseClick(page.note_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.arrive_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.leave_button, Qt.MouseButton.LeftButton)
    assert [e.kind for e in desk.box.sent()] == [
        "approve",
        "object",
        "note",
        "check-in",
        "check-out",
    ]
    assert page.note_edit.toPlainText() == ""


def test_the_room_s_qr_text_or_an_address_and_nothing_else(qapp):
    uri = pairing.pairing_uri("127.0.0.1", 47800, pairing.normalise_code("1234-5678"), "a" * 64)
    info = pairing_of(uri, "")
    assert (info.host, info.port, info.room_fp) == ("127.0.0.1", 47800, "a" * 64)
    typed = pairing_of(" 127.0.0.1:47800 ", "1234 5678")
    assert (typed.host, typed.port, typed.room_fp) == ("127.0.0.1", 47800, None)
    for bad in ("127.0.0.1", "jurydesk://pair?h=x", "salle:port"):
        with pytest.raises(Exception) as caught:
            pairing_of(bad, "1234 5678")
        assert getattr(caught.value, "reason", "") == "pair.uri"
    QApplication.processEvents()


def test_the_start_page_opens_a_member_desk_on_a_verified_bundle(
    qtbot, tmp_path, data_dir, settings, monkeypatch
):
    from jury_desk.bundle.verify import verify_bundle
    from jury_desk.gui.main_window import MainWindow
    from tests.gui.conftest import trust

    _first, secretariat = verified_bundle(tmp_path / "secretariat", tmp_path / "elsewhere")
    trust(data_dir, secretariat)
    key_file = tmp_path / "m-albert-3.key"
    key_file.write_text("the member's key file, opened by the member desk")
    opened: list[tuple[str, Path, str]] = []

    def opener(source, key, passphrase, folder, keys, progress, cancelled):
        verified = verify_bundle(source, trusted_keys=keys, data_dir=folder, progress=progress,
                                 cancel=cancelled)  # fmt: skip
        opened.append((verified.manifest.bundle_id, key, passphrase))
        (folder / "member").mkdir(exist_ok=True)
        box = MemberBox(folder / "member", SESSION, MEMBER, KEY)
        return FakeMemberDesk(verified.manifest, MEMBER, box, folder / "member", verified)

    monkeypatch.setattr(MainWindow, "member_desk_opener", None)
    plain = MainWindow(data_dir, settings)
    assert plain.start_page.member_button.isHidden()  # no member desk here: not offered
    # One main window at a time, as in the app: this one goes for good before the next.
    plain.close()
    plain.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    monkeypatch.setattr(MainWindow, "member_desk_opener", staticmethod(opener))
    window = MainWindow(data_dir, settings)
    qtbot.addWidget(window)
    window.show()
    assert window.start_page.member_button.isVisible()
    assert window.start_page.member_button.text() == "Membre du jury : noter sur mon poste…"
    qtbot.mouseClick(window.start_page.member_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "openMemberDesk")
    assert dialog is not None
    ok = dialog.findChild(QPushButton, "openMember")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # nothing chosen: said, not opened
    assert dialog.isVisible() and "Il manque : le dossier de séance" in dialog.problem.text()
    dialog.bundle.set_path(tmp_path / "secretariat" / "s.jdbundle")
    dialog.key.set_path(key_file)
    dialog.passphrase.setText("ma phrase secrète")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), MemberPage), timeout=15_000)
    assert opened == [("member-gui-2026", key_file, "ma phrase secrète")]
    page = window.stack.currentWidget()
    assert MEMBER in [m.id for m in page.desk.manifest.session.members]
    window.go_home()
    assert window.stack.currentWidget() is window.start_page
    assert page.link._thread is None  # the link stopped with the page
    window.close()


def test_a_member_desk_opened_closed_and_opened_again_in_two_languages(
    qtbot, desk, data_dir, settings
):
    """Home and back, with a language switch between: each discarded page (its viewer, its
    link's timer) is deleted without a signal reaching it half-destroyed."""
    from jury_desk.gui.i18n import install_language
    from jury_desk.gui.main_window import MainWindow
    from tools.screenshots import settle

    window = MainWindow(data_dir, settings)
    qtbot.addWidget(window)
    window.show()
    try:
        for lang in ("fr", "en", "fr"):
            install_language(lang)
            page = window.show_member_desk(desk)
            page.table.selectRow(1)
            settle(300)
            window.go_home()
            settle(300)
    finally:
        install_language("fr")


@pytest.mark.parametrize(
    ("restarted_as", "french", "english"),
    [
        ("new-identity", "a changé de certificat", "has a new certificate"),
        ("other-session", "autre séance", "another session"),
    ],
)
def test_the_page_says_why_the_link_to_the_room_stopped(
    qtbot, page, desk, restarted_as, french, english
):
    """Paired, then the room desk comes back with another certificate: the link stops for
    good, the page says why in French and English, and offers to join the room again."""
    from jury_desk.exchange.envelope import Session
    from jury_desk.gui.i18n import install_language

    reception, ledger = room()
    server = RoomServer(reception, ROOM)
    host, port = server.start()
    try:
        page.join(f"{host}:{port}", pairing.display_code(server.window.code))
        qtbot.waitUntil(page.link.connected, timeout=15_000)
    finally:
        server.stop()
    if restarted_as == "other-session":
        reception = Reception(Session("ADM-2026-OTHER", 1, "cd" * 32), reception.key_of,
                              ledger, ROOM.key)  # fmt: skip
    server = RoomServer(reception, RoomIdentity.create(), port=port)
    server.start()
    try:
        qtbot.waitUntil(lambda: page.link.stopped() is not None, timeout=30_000)
        qtbot.waitUntil(lambda: "La liaison avec la salle s'est arrêtée" in page.link_state.text(),
                        timeout=5_000)  # fmt: skip
        assert french in page.link_state.text()
        assert "Rien n'a été envoyé".casefold() in page.link_state.text().casefold()
        assert page.join_button.isVisible()  # joining again is the way on
        install_language("en")
        page.refresh()
        assert "The link to the room stopped" in page.link_state.text()
        assert english in page.link_state.text()
    finally:
        install_language("fr")
        server.stop()


def test_a_bundle_that_pins_no_key_asks_who_i_am_and_the_desk_keeps_my_key(
    qtbot, window, tmp_path, data_dir
):
    """The demo's case: no key file, no pinned key. The member says who they are; the desk
    makes their key under their passphrase (typed twice), and opens it again next time."""
    from jury_desk.gui.main_window import MainWindow
    from jury_desk.memberdesk.opening import DESK_KEY, desk_folder
    from tests.gui.conftest import trust

    _first, secretariat = verified_bundle(tmp_path / "secretariat", tmp_path / "elsewhere")
    trust(data_dir, secretariat)
    secret = "ma phrase secrete"

    def open_desk(passphrase: str):
        qtbot.mouseClick(window.start_page.member_button, Qt.MouseButton.LeftButton)
        dialog = window.findChild(QDialog, "openMemberDesk")
        dialog.bundle.set_path(tmp_path / "secretariat" / "s.jdbundle")
        qtbot.keyClicks(dialog.passphrase, passphrase)  # and no key file
        window.member_chooser = None
        qtbot.mouseClick(dialog.findChild(QPushButton, "openMember"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.member_chooser is not None, timeout=15_000)
        chooser = window.member_chooser
        qtbot.waitUntil(chooser.isVisible)
        return chooser

    assert isinstance(window, MainWindow)
    chooser = open_desk(secret)
    names = [chooser.who.itemText(i) for i in range(chooser.who.count())]
    assert "Pierre-Yves Martin (MINES)" in names and len(names) == 6
    chooser.who.setCurrentIndex(chooser.who.findData("m-mines-2"))
    assert chooser.again.isVisible() and "Ce poste crée votre clé" in chooser.explanation.text()
    made = desk_folder(data_dir, "member-gui-2026", "m-mines-2") / DESK_KEY
    qtbot.keyClicks(chooser.again, "une faute de frappe")
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    assert chooser.isVisible() and "Les deux saisies diffèrent" in chooser.error.text()
    assert not made.exists()  # nothing made on a typo
    qtbot.keyClicks(chooser.again, secret)
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), MemberPage))
    page = window.stack.currentWidget()
    assert page.desk.member == "m-mines-2" and "Pierre-Yves Martin" in page.title.text()
    public = page.desk.key.public_key().public
    assert made.stat().st_mode & 0o777 == 0o600 and secret.encode() not in made.read_bytes()
    window.go_home()

    chooser = open_desk(secret)  # next time: the same key, opened by the passphrase alone
    chooser.who.setCurrentIndex(chooser.who.findData("m-mines-2"))
    assert not chooser.again.isVisible() and "a déjà une clé" in chooser.explanation.text()
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), MemberPage))
    assert window.stack.currentWidget().desk.key.public_key().public == public
    window.go_home()

    chooser = open_desk("pas la bonne")
    chooser.who.setCurrentIndex(chooser.who.findData("m-mines-2"))
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    assert chooser.isVisible() and "n'ouvre pas la clé" in chooser.error.text()
    chooser.reject()


def test_when_every_key_is_pinned_and_this_one_is_none_of_them_it_is_said(qtbot, notices):
    """No member to choose: a plain notice, and no chooser (nobody is claimed)."""
    from jury_desk.gui.member.choose_member import ask_who

    class NobodyToChoose:
        brought_key = True

        def choices(self):
            return []

        def desk(self, member, *, again=None):
            raise AssertionError("no desk may open")

    opened: list[object] = []
    assert ask_who(None, NobodyToChoose(), opened.append) is None
    assert [n.title for n in notices] == ["Clé non reconnue"] and opened == []
    assert "épingle la clé de chaque membre" in notices[0].text
