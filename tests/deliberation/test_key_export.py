""" "Exporter ma clé…" on a member desk (issue 12): the key the desk made, written byte for
byte (still encrypted under the member's passphrase, never in clear), owner-only, to a
folder the member picks; the room desk takes it back (``test_key_brought.py``). A desk that
made no key, a key stored in clear, another file already there: each refused, with nothing
written or replaced."""

from __future__ import annotations

import pytest

from jury_desk.bundle.minisign import SecretKey
from jury_desk.core.errors import KeyFileError
from jury_desk.memberdesk.key_export import KeyBrought, KeyFileThere
from jury_desk.memberdesk.opening import DESK_KEY, open_bundle
from jury_desk.signing import member_key
from tests.deliberation.test_member_opening import FAST, SECRET, bundle, key_file

MEMBER = "m-mines-1"


@pytest.fixture
def desk(tmp_path):
    path, trusted = bundle(tmp_path / "secretariat")
    opening = open_bundle(path, None, SECRET, tmp_path / "data", trusted)
    made = opening.desk(MEMBER, again=SECRET, cost=FAST)
    yield made
    made.close()


def test_the_key_the_desk_made_is_written_encrypted_and_owner_only(desk, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    assert desk.has_made_key()
    out = desk.export_key(usb)
    assert out == usb / f"{MEMBER}.key"
    data = out.read_bytes()
    assert data == (desk.folder / DESK_KEY).read_bytes()
    assert out.stat().st_mode & 0o777 == 0o600
    assert desk.key.seed not in data and SECRET.encode() not in data
    assert member_key.unlock(data, SECRET).public == desk.key.public  # the room's check
    with pytest.raises(KeyFileError):
        member_key.unlock(data, "not the passphrase")
    assert desk.export_key(usb) == out and out.read_bytes() == data  # again: the same
    assert sorted(p.name for p in usb.iterdir()) == [out.name]  # no temporary file left


def test_another_file_of_that_name_is_never_replaced(desk, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    there = usb / f"{MEMBER}.key"
    there.write_bytes(b"someone else's file")
    with pytest.raises(KeyFileThere):
        desk.export_key(usb)
    assert there.read_bytes() == b"someone else's file"


def test_a_key_stored_in_clear_is_not_exported(desk, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    # Someone with the laptop swaps the desk's key file for one with no passphrase.
    clear = SecretKey.generate().to_text(None)
    (desk.folder / DESK_KEY).write_text(clear, encoding="utf-8")
    with pytest.raises(KeyFileError):
        desk.export_key(usb)
    assert list(usb.iterdir()) == []


def test_a_desk_opened_with_a_key_file_says_to_bring_that_file(tmp_path):
    path, trusted = bundle(tmp_path / "secretariat")
    _key, brought = key_file(tmp_path, MEMBER)
    opening = open_bundle(path, brought, SECRET, tmp_path / "data", trusted)
    desk = opening.desk(MEMBER)
    usb = tmp_path / "usb"
    usb.mkdir()
    try:
        assert not desk.has_made_key()
        with pytest.raises(KeyBrought, match="bring that file"):
            desk.export_key(usb)
        assert list(usb.iterdir()) == []
    finally:
        desk.close()
