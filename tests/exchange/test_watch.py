"""The room desk watching a folder: what changed is imported, once."""

from __future__ import annotations

from jury_desk.exchange.records import file_name
from jury_desk.exchange.watch import FolderWatch

from .conftest import SESSION


def test_a_watched_folder_imports_each_change_once(jury, tmp_path, usb):
    room, ledger = jury.room()
    watch = FolderWatch(room, usb)
    assert watch.poll() == []
    box = jury.box(tmp_path / "home", "mines-1")
    box.send("seal", b"one")
    box.export_to(usb)
    [report] = watch.poll()
    assert dict(report.accepted) == {"mines-1": 1}
    assert watch.poll() == []  # nothing changed: nothing read
    box.send("seal", b"two")
    box.export_to(usb)
    [report] = watch.poll()
    assert dict(report.accepted) == {"mines-1": 1} and report.replayed == 1
    assert [e.body for e in ledger.applied] == [b"one", b"two"]
    assert box.import_from(usb) == 2 and box.pending() == []


def test_a_file_caught_half_written_is_imported_whole_at_the_next_look(jury, tmp_path, usb):
    room, ledger = jury.room()
    watch = FolderWatch(room, usb)
    box = jury.box(tmp_path / "home", "albert-1")
    box.send("seal", b"one")
    box.send("seal", b"two")
    box.export_to(usb)
    path = usb / file_name(SESSION.bundle_id, "albert-1", to_room=True)
    whole = path.read_bytes()
    path.write_bytes(whole[:-30])  # the desk is still writing its second record
    [report] = watch.poll()
    assert report.torn_tail and [e.body for e in ledger.applied] == [b"one"]
    path.write_bytes(whole)
    [report] = watch.poll()
    assert not report.torn_tail and [e.body for e in ledger.applied] == [b"one", b"two"]
