"""A chair who registers their key from their own member desk (issue 12) gives the session
its reveal key, by the same rules as a registration in the room: made by the room desk and
sealed to the chair's box key, or, when the bundle pins it, checked against the pin; and
``audit verify``'s replay takes the room-made key from the log."""

from __future__ import annotations

import base64
import json

import pytest

from jury_desk.signing import envelope, member_key
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.desks import pinned_keys, room_and_chair_desk
from tests.deliberation.jury import CHAIR, events, sheet


@pytest.fixture(scope="module")
def keys():
    return pinned_keys()


def _trip(desk, reception, folder):
    desk.box.export_to(folder)
    reports = reception.import_folder(folder)
    desk.box.import_from(folder)
    return reports


def test_a_chair_registering_from_their_desk_gives_the_session_its_reveal_key(tmp_path, keys):
    room, ledger, reception, chair, folder = room_and_chair_desk(tmp_path, keys)
    assert room.svc.waits_for_reveal_key()
    chair.join()
    _trip(chair, reception, folder)
    assert not room.svc.waits_for_reveal_key()
    ((actor, _, payload),) = events(room.svc.path, "reveal-key-made")
    made = json.loads(payload)
    assert actor == CHAIR
    # Sealed to the chair's own box key: only the chair's key opens it.
    with ledger.service.desk_read() as conn:
        session = conn.exec_driver_sql("SELECT hash FROM audit_event WHERE seq = 1").scalar_one()
    reveal = envelope.unwrap_reveal_key(
        member_key.box_key(keys[CHAIR][0]), session, base64.b64decode(made["wrapped"])
    )
    assert envelope.public_bytes(reveal).hex() == made["public"]
    # Every desk's status carries it; the room's members may seal now.
    assert json.loads(ledger.status("m-albert-1")[1])["reveal_public"] == made["public"]
    room.seal("m-mines-2", "C001", sheet(14))
    report, differences = check_session_file(room.svc.path)
    assert report.ok and differences == [], (report.reason, differences)
    room.svc.close()


def test_with_the_reveal_key_pinned_a_chair_registering_from_their_desk_makes_none(tmp_path, keys):
    room, ledger, reception, chair, folder = room_and_chair_desk(tmp_path, keys, reveal=True)
    chair.join()
    [report] = _trip(chair, reception, folder)
    assert report.accepted == {CHAIR: 2}
    assert events(room.svc.path, "reveal-key-made") == []  # the pin is the reveal key
    assert not room.svc.waits_for_reveal_key()
    report, differences = check_session_file(room.svc.path)
    assert report.ok and differences == []
    room.svc.close()
