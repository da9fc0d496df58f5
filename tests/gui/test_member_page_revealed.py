"""The member page after the ouverture des plis (issue 12), through its real widgets, over a
real member desk and a real signed room desk reached by a folder (a USB key): a revealed
candidate whose sheets have not come yet says they are on their way, then shows them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from jury_desk.deliberation import desk_status
from jury_desk.deliberation.ledger import exchange_folder
from jury_desk.gui.member.member_page import MemberPage
from jury_desk.gui.words import messages
from jury_desk.memberdesk.desk import MemberDesk
from tests.deliberation.desks import open_room_with_desks, pinned_keys
from tests.deliberation.jury import CHAIR, MINES, passphrase, sheet

ON_ITS_WAY = "sont en route depuis la salle"


@pytest.fixture(scope="module")
def keys():
    return pinned_keys()


def test_revealed_sheets_on_their_way_then_shown(qtbot, settings, keys, tmp_path, monkeypatch):
    rd = open_room_with_desks(tmp_path, keys)
    r, ledger, reception, usb = rd.room, rd.ledger, rd.reception, rd.folder
    desks = [
        MemberDesk(
            r.manifest,
            ledger.session.fingerprint,
            member,
            keys[member][0],
            tmp_path / f"home-{member}",
            reception.room_key.public_key(),
        )  # fmt: skip
        for member in ("m-albert-1", "m-albert-2")
    ]
    page = None
    try:
        for desk in desks:
            desk.check_in()
            desk.export_to(usb)
        exchange_folder(reception, ledger, usb)
        for desk in desks:
            desk.import_from(usb)
            desk.save_draft("C001", sheet(14))
            desk.seal("C001")
            desk.export_to(usb)
        for member in MINES:
            r.seal(member, "C001", sheet(16))
        exchange_folder(reception, ledger, usb)
        assert r.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)
        # The room's next status has room for its summary, not yet for the sheets.
        budget = desk_status.BODY_BUDGET
        full = ledger.status(desks[0].member)[1]
        monkeypatch.setattr(desk_status, "BODY_BUDGET", len(full) - len(b'"sheets":{}'))
        exchange_folder(reception, ledger, usb)

        page = MemberPage(desks[0], settings)
        page.resize(1024, 700)
        page.show()
        monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: usb)
        qtbot.mouseClick(page.read_back_button, Qt.MouseButton.LeftButton)
        page.table.selectRow([row.candidate_id for row in page.model.rows()].index("C001"))
        qtbot.waitUntil(lambda: ON_ITS_WAY in page.revealed.text(), timeout=10_000)
        assert page.revealed.isVisible()
        assert "Les plis de ce candidat sont ouverts" in page.sheet_state.text()
        assert "16" not in page.revealed.text()

        monkeypatch.setattr(desk_status, "BODY_BUDGET", budget)  # room for them next time
        exchange_folder(reception, ledger, usb)
        qtbot.mouseClick(page.read_back_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Feuilles révélées" in page.revealed.text(), timeout=10_000)
        shown = page.revealed.text()
        assert ON_ITS_WAY not in shown
        for member in (*MINES, "m-albert-1", "m-albert-2"):
            assert r.manifest.session.member(member).name in shown
    finally:
        if page is not None:  # gone before its desk closes
            page.close_link()
            page.close()
            page.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        for desk in desks:
            desk.close()
        r.svc.close()
