"""One candidate from sealing to final: the room desk's window and two member-desk windows,
each in a process of its own, over 127.0.0.1 (issue 12's "done when").

The room desk is the real app (``MainWindow``) on a real signed bundle: the deliberation
service is its ledger, and every step there goes through its widgets (first arrival, "Postes
des membres", "Ouvrir la salle au réseau", the chair's sheet, "Ouvrir les plis…", the rules'
proposal). The two members' desks are the app's member page (``MemberPage`` over
``MemberDesk``) in processes of their own (``tests.gui.member_desk_proc``), which type the
room's address and pairing code as shown, arrive, seal and approve through their widgets.
The bundle pins no member key: pairing is how the room learns each desk's key.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.writer import write_bundle
from jury_desk.cli import main as cli_main
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.gui.main_window import MainWindow
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.signing import member_key
from tests.deliberation.jury import events
from tests.exchange.test_beacon import LOOPBACK_BROADCAST, free_udp_port
from tests.factories import make_documents, manifest_dict
from tests.gui.conftest import trust
from tests.gui.session_driver import (
    WAIT_MS,
    accept_rule,
    check_in,
    click,
    passphrase,
    score_with_keyboard,
    sign_in,
)

ROOT = Path(__file__).resolve().parents[2]
CHAIR, MINES, ALBERT = "m-mines-1", "m-mines-2", "m-albert-1"
DESKS = (MINES, ALBERT)
ANSWER_MS = 120_000  # a desk's answer to one command (it waits 90 s at most itself)


def small_jury_bundle(folder: Path) -> tuple[Path, SecretKey]:
    """One candidate; the chair in the room, one member of each school on their own desk.
    No member key is pinned (as in the demo)."""
    raw = manifest_dict(n_candidates=1, bundle_id="desks-e2e-2026")
    raw["candidates"][0]["conflicts"] = []
    raw["session"]["members"] = [m for m in raw["session"]["members"]
                                 if m["id"] in (CHAIR, MINES, ALBERT)]  # fmt: skip
    raw["session"]["quorum"] = {"MINES": 2, "ALBERT": 1}
    manifest = Manifest.model_validate(raw)
    folder.mkdir(parents=True, exist_ok=True)
    secretariat = SecretKey.generate()
    path = write_bundle(manifest, make_documents(manifest), secretariat, folder / "e2e.jdbundle")
    return path, secretariat


def open_room_on_loopback(
    qtbot, window: MainWindow, data_dir: Path, monkeypatch, bundle: Path, secretariat: SecretKey
) -> SessionPage:
    """The room desk's window on ``bundle`` (its secretariat trusted), whose room network
    listens and announces on 127.0.0.1 only."""
    trust(data_dir, secretariat.public_key())
    monkeypatch.setattr(MainWindow, "room_network", {
        "listen_host": "127.0.0.1", "broadcast": LOOPBACK_BROADCAST,
        "beacon_port": free_udp_port(), "shown_host": lambda: "127.0.0.1",
    })  # fmt: skip
    window.scrypt = FAST_FOR_TESTS
    window.open_bundle(bundle)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage),
                    timeout=WAIT_MS)  # fmt: skip
    page = window.stack.currentWidget()
    assert isinstance(page, SessionPage) and window.service is not None
    return page


class DeskProcess:
    """A member desk's process: a command in, one answer line out (read on a thread, so the
    room desk's event loop keeps running while it waits)."""

    def __init__(self, job: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.gui.member_desk_proc"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send(json.dumps(job))

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("ERROR the desk's process ended")

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def answer(self, qtbot, command: str) -> str:
        qtbot.waitUntil(lambda: not self.lines.empty(), timeout=ANSWER_MS)
        line = self.lines.get_nowait()
        assert line.startswith(f"OK {command}"), line
        return line

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("quit")
            except OSError:
                pass
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


def test_one_candidate_from_the_members_seals_on_their_desks_to_final(
    qtbot, window: MainWindow, data_dir: Path, tmp_path: Path, notices, monkeypatch, capsys
):
    bundle, secretariat = small_jury_bundle(tmp_path / "secretariat")
    page = open_room_on_loopback(qtbot, window, data_dir, monkeypatch, bundle, secretariat)
    service = window.service
    assert service is not None
    check_in(qtbot, page, CHAIR)  # the chair's first arrival: the reveal key is made

    # -- the room opens to its network; the address and code are on the screen
    click(qtbot, page.desks_button)
    panel, exchange = page.desks, window.exchange
    assert panel is not None and exchange is not None
    click(qtbot, panel.network_button)
    qtbot.waitUntil(lambda: exchange.address is not None, timeout=15_000)
    address = exchange.address
    assert address is not None and address.host == "127.0.0.1"
    assert address.code in panel.network.code_line.text()

    keys = tmp_path / "keys"
    keys.mkdir()
    desks: dict[str, DeskProcess] = {}
    try:
        for member in DESKS:
            _secret, text = member_key.new_key(
                member, passphrase(member), member_key.FAST_FOR_TESTS
            )
            (keys / f"{member}.key").write_text(text, encoding="utf-8")
            desks[member] = DeskProcess({
                "bundle": str(bundle), "trusted_key": secretariat.public_key().to_text(),
                "member": member, "key_file": str(keys / f"{member}.key"),
                "passphrase": passphrase(member), "data_dir": str(tmp_path / f"desk-{member}"),
            })  # fmt: skip
        for desk in desks.values():  # each types what the room's screen shows
            desk.send(f"join {address.host}:{address.port} {address.code}")
        for desk in desks.values():
            assert "Relié à la salle" in desk.answer(qtbot, "join")
        for desk in desks.values():
            desk.send("arrive")
            desk.answer(qtbot, "arrive")
        assert service.present_members() >= {CHAIR, MINES, ALBERT}
        for member, value in ((MINES, "15"), (ALBERT, "13")):
            desks[member].send(f"seal C001 {value}")
            assert "Reçu du scellé" in desks[member].answer(qtbot, "seal")

        # -- the chair seals in the room, then opens the sheets
        sign_in(qtbot, page, CHAIR)
        window.activateWindow()
        scoring = page.scoring
        assert scoring is not None
        qtbot.waitUntil(lambda: scoring.worklist_table.hasFocus())
        assert scoring.candidate_id == "C001"
        score_with_keyboard(qtbot, page, ["14"] * 3, CHAIR)
        click(qtbot, page.sign_out_button)
        qtbot.waitUntil(lambda: page.scoring is None)
        click(qtbot, page.board_button)
        board = page.board
        assert board is not None
        dialog = board.ask_open_ready()
        qtbot.keyClicks(dialog.passphrase, passphrase(CHAIR))
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            click(qtbot, dialog.ok_button)
        board.select_candidate("C001")
        pane = board.pane
        assert pane.sheets.rowCount() == 3  # the two desks' sheets and the chair's
        accept_rule(qtbot, pane, CHAIR)

        # -- each school approves from its member's own desk
        for member in DESKS:
            desks[member].send("approve C001")
        for member in DESKS:
            assert "Proposition n° 1" in desks[member].answer(qtbot, "approve")
        qtbot.waitUntil(
            lambda: board.progress.text() == "Décisions définitives : 1 sur 1", timeout=WAIT_MS
        )
        assert service.board(CHAIR).rows[0].state == "final"
        assert exchange.rejected == []  # nothing refused; and the room said only this:
        assert [n.text for n in notices] == ["Notes révélées pour 1 candidat(s) : C001."]
        accepted = {r.member: r.accepted for r in exchange.board.rows()}
        assert accepted == {CHAIR: 0, MINES: 4, ALBERT: 4}  # key, arrival, seal, approval
    finally:
        for desk in desks.values():
            desk.stop()
        QApplication.processEvents()

    # The log verifies: every desk act in it, signed by the desk's key.
    path = service.path
    from_desks = {kind for _actor, kind, payload in events(path) if '"desk":' in payload}
    assert from_desks >= {"sheet-sealed", "approved", "checked-in"}
    window.go_home()
    capsys.readouterr()
    assert cli_main(["audit", "verify", str(path)]) == 0
    said = capsys.readouterr().out
    assert "is intact" in said and "(signed log, format 2)" in said
