"""A member who registered their key from their member desk brings its file to the room desk
(issue 12): the room held only the key's public half, so a passphrase typed in the room
unlocked nothing, and the chair could not open the sheets nor close. Now the room says what
to do, takes the file once its passphrase opens it and its public key is exactly the one
registered, and keeps it encrypted. Another member's key file, a throwaway key, a wrong
passphrase or a file that is no key are refused, and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jury_desk.bundle.minisign import SecretKey
from jury_desk.signing import member_key
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.desks import pinned_keys, room_and_chair_desk
from tests.deliberation.jury import (
    CHAIR,
    JuryRoom,
    open_signed_room,
    passphrase,
    refused,
    sheet,
    snapshot,
)

OTHER = "m-mines-2"


@pytest.fixture(scope="module")
def keys() -> dict[str, tuple[SecretKey, str]]:
    return pinned_keys()


@dataclass
class Room:
    room: JuryRoom
    chair_file: str  # the key file the chair's desk signs with (what they export)


@pytest.fixture
def room(tmp_path: Path, keys) -> Room:
    """Everyone but the chair arrives in the room; the chair registers and arrives from
    their own desk, by a USB key: the room keeps only their public key."""
    jury, _ledger, reception, chair, usb = room_and_chair_desk(tmp_path, keys)
    chair.join()
    chair.box.export_to(usb)
    [report] = reception.import_folder(usb)
    assert report.accepted == {CHAIR: 2}  # the key, the arrival
    yield Room(jury, keys[CHAIR][1])
    jury.svc.close()


def test_the_room_says_to_bring_the_key_file_and_counts_no_wrong_passphrase(room):
    svc = room.room.svc
    assert CHAIR in svc.present_members() and svc.key_on_desk(CHAIR)
    assert not svc.key_on_desk(OTHER)  # registered in the room: the room holds their key
    for act in (
        lambda: svc.sign_in(CHAIR, passphrase(CHAIR)),
        lambda: svc.open_ready(CHAIR, passphrase(CHAIR)),
        lambda: svc.close_session(CHAIR, passphrase(CHAIR)),
    ):
        error = refused(svc, "key-on-desk", act)
        assert "Exporter ma clé" in str(error) and error.params == {"member": "Hélène Rousseau"}
    # Not a wrong passphrase: no failure counted, no lock-out, whatever is typed.
    for _ in range(4):
        refused(svc, "key-on-desk", svc.sign_in, CHAIR, "anything at all")
    with svc.desk_read() as conn:
        row = conn.exec_driver_sql(
            "SELECT failures, locked_until FROM member_key WHERE member_id = ?", (CHAIR,)
        ).one()
    assert tuple(row) == (0, None)


def test_the_chair_brings_their_key_file_then_opens_the_sheets(room, keys, tmp_path):
    jury, svc = room.room, room.room.svc
    svc.bring_key(CHAIR, passphrase(CHAIR), room.chair_file)
    assert not svc.key_on_desk(CHAIR)
    assert svc.sign_in(CHAIR, passphrase(CHAIR)).member_id == CHAIR
    # Kept encrypted under the same passphrase: neither the seed nor the file is in the file.
    raw = Path(svc.path).read_bytes()
    assert keys[CHAIR][0].seed not in raw and room.chair_file.encode() not in raw
    jury.seal_all("C001", sheet(15))  # the chair seals in the room with that key
    assert svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)
    report, differences = check_session_file(svc.path)
    assert report.ok and differences == [], (report.reason, differences)
    # Bringing it again is refused: the room holds it.
    refused(svc, "key-held", svc.bring_key, CHAIR, passphrase(CHAIR), room.chair_file)


def test_a_wrong_file_or_passphrase_is_refused_and_nothing_is_written(room, keys):
    svc = room.room.svc
    _throwaway, throwaway_file = member_key.new_key(
        CHAIR, passphrase(CHAIR), member_key.FAST_FOR_TESTS
    )
    cases = [
        ("key-not-theirs", passphrase(OTHER), keys[OTHER][1]),  # another member's file
        ("key-not-theirs", passphrase(CHAIR), throwaway_file),  # a forger's throwaway key
        ("key-unlock-failed", "not the passphrase", room.chair_file),
        ("key-unlock-failed", passphrase(CHAIR), "untrusted comment: no key\nAAAA\n"),
    ]
    for code, secret, file in cases:
        error = refused(svc, code, svc.bring_key, CHAIR, secret, file)
        assert "Hélène Rousseau" in str(error) or code == "key-unlock-failed"
        assert svc.key_on_desk(CHAIR)
    refused(svc, "key-on-desk", svc.sign_in, CHAIR, passphrase(CHAIR))


def test_only_a_key_registered_from_a_desk_is_brought(room, keys, tmp_path):
    svc = room.room.svc
    before = snapshot(svc.path)
    refused(svc, "key-held", svc.bring_key, OTHER, passphrase(OTHER), keys[OTHER][1])
    (tmp_path / "fresh").mkdir()
    fresh = open_signed_room(tmp_path / "fresh", present=[])
    try:
        refused(fresh.svc, "key-not-registered", fresh.svc.bring_key, CHAIR,
                passphrase(CHAIR), room.chair_file)  # fmt: skip
    finally:
        fresh.svc.close()
    assert snapshot(svc.path) == before
