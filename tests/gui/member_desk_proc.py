"""One member's desk as a GUI process of its own, driven through its real widgets (issue 12).

    python -m tests.gui.member_desk_proc < job.json   (then one command a line on stdin)

The job (one JSON line on stdin: the passphrase goes in no command line) names the bundle,
the secretariat's key this desk trusts, the member, their key file and passphrase, and the
desk's data folder. The process opens the member desk (the bundle verified as the room desk
verifies it) and shows its page (``MemberPage``) on the offscreen platform, then obeys the
commands that follow, each through the page's own widgets:

    join HOST:PORT CODE   the "Rejoindre la salle" dialog, typed in; waits for the live link
    arrive                "Pointer mon arrivée"; waits for the room's verdict
    seal CANDIDATE VALUE  each criterion typed in, "Sceller", confirmed; waits for the verdict
    approve CANDIDATE     waits for the room's proposal, then "Approuver"; waits for the verdict
    quit

Each command answers one line, ``OK <command> <detail>``, or ``ERROR <why>`` (then exits 1).
Every wait is bounded (``WAIT_S``); the room is on 127.0.0.1 only (the test's choice).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

WAIT_S = 90.0


def say(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPushButton

    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.gui.i18n import install_language
    from jury_desk.gui.member.member_page import MemberPage
    from jury_desk.gui.style import apply_style
    from jury_desk.gui.words import messages
    from jury_desk.memberdesk.desk import MemberDesk

    job = json.loads(sys.stdin.readline())
    app = QApplication([])
    apply_style(app)
    install_language("fr")
    notices: list[str] = []
    messages.presenter = lambda parent, notice: notices.append(f"{notice.title}: {notice.text}")
    messages.confirmer = lambda parent, title, text, yes: True  # the member reads, then seals
    desk = MemberDesk.open(
        Path(job["bundle"]), Path(job["key_file"]), job["passphrase"], Path(job["data_dir"]),
        [PublicKey.from_text(job["trusted_key"])], member=job["member"],
    )  # fmt: skip
    settings = QSettings(str(Path(job["data_dir"]) / "settings.ini"), QSettings.Format.IniFormat)
    page = MemberPage(desk, settings)
    page.resize(1280, 800)
    page.show()

    def wait(what: str, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT_S
        while not done():
            if notices:
                raise RuntimeError(f"{what}: the desk said {notices[-1]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: no answer in {WAIT_S:.0f} s")
            QTest.qWait(50)

    def click(widget: QPushButton) -> None:
        if not widget.isEnabled():
            raise RuntimeError(f"{widget.objectName()} is disabled: {widget.toolTip()}")
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def answered(words: str) -> str | None:
        """The room's answer to the last act named ``words`` ("Arrivée", ...), if any."""
        said = [page.answers.item(i).text() for i in range(page.answers.count())]
        found = [s for s in said if s[2:].startswith(words)]
        return found[-1] if found else None

    def act_answered(words: str, before: int) -> str:
        wait(words, lambda: len([a for a in desk.answers()]) > before and bool(answered(words)))
        page.refresh()
        last = answered(words)
        assert last is not None
        if not last.startswith("✓"):
            raise RuntimeError(f"the room refused: {last}")
        return last

    def select(candidate: str) -> None:
        position = [r.candidate_id for r in page.model.rows()].index(candidate)
        page.table.selectRow(position)
        if page.current != candidate:
            raise RuntimeError(f"{candidate} cannot be chosen")

    def run(words: list[str]) -> str:
        command = words[0]
        before = len(desk.answers())
        if command == "join":
            dialog = page.ask_join()
            QTest.keyClicks(dialog.address, words[1])
            QTest.keyClicks(dialog.code, " ".join(words[2:]))  # as shown: "1234 5678"
            click(dialog.findChild(QPushButton, "joinRoom"))
            wait("the room's link", page.link.connected)
            wait("the room's status", lambda: desk.reveal_public() is not None)
            return page.link_state.text()
        if command == "arrive":
            click(page.arrive_button)
            return act_answered("Arrivée", before)
        if command == "seal":
            select(words[1])
            for spin in page.form.spins.values():
                spin.setFocus()
                spin.selectAll()
                QTest.keyClicks(spin, words[2])
                QTest.keyClick(spin, Qt.Key.Key_Return)
            click(page.seal_button)
            act_answered(f"Feuille scellée {words[1]}", before)
            return page.receipt.text()
        if command == "approve":
            select(words[1])

            def proposed() -> bool:
                page.refresh()
                return page.approve_button.isEnabled()

            wait("the room's proposal", proposed)
            proposal = page.proposal_line.text()
            click(page.approve_button)
            return act_answered(f"Approbation {words[1]}", before) + " · " + proposal
        raise RuntimeError(f"unknown command {command!r}")

    try:
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            if words[0] == "quit":
                break
            say(f"OK {words[0]} {run(words)}")
    except Exception as exc:  # told to the test, which fails with these words
        say(f"ERROR {type(exc).__name__}: {exc}")
        return 1
    finally:
        page.close_link()
        desk.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
