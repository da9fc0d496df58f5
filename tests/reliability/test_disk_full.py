"""A disk that fills up while the jury seals sheets and while the PV is exported.

The desk must say plainly that the disk is full and what to do (a ``StoreError``, one line),
lose nothing it acknowledged, corrupt nothing (SQLite's integrity check, the audit chain,
the previous PV and minutes.json byte for byte) and carry on once space is freed. The disk
is a real full tmpfs where the runner may mount one, an injected one elsewhere
(tests/reliability/smalldisk.py); every write point of the export is also failed in turn.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jury_desk.core.errors import StoreError
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.minutes.model import parse_minutes
from jury_desk.minutes.verify import verify_pv
from jury_desk.store.audit import verify_chain
from tests.crashkit import saved_sheets
from tests.deliberation.crash_worker import scores_for
from tests.deliberation.jury import open_room, passphrase
from tests.reliability.conftest import Closed
from tests.reliability.smalldisk import SmallDisk


def _says_the_disk_is_full(error: StoreError, where: Path) -> None:
    message = str(error)
    assert "\n" not in message
    assert f"The disk holding {where}" in message and "is full" in message
    assert "Free some space on that disk, then try again." in message


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, hidden ones included (a leftover would show)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".ballast"
    }


def test_sealing_on_a_full_disk_is_refused_plainly_and_loses_nothing(small_disk: SmallDisk):
    room = open_room(small_disk.folder, n_candidates=60)
    svc, path = room.svc, room.svc.path
    steps = [(m, c.id) for c in room.manifest.candidates for m in room.eligible(c.id)]

    def seal(member: str, candidate: str) -> None:
        svc.save_draft(member, candidate, scores_for(member, candidate))
        svc.seal(member, candidate, passphrase(member))

    acknowledged = []
    for member, candidate in steps[:5]:
        seal(member, candidate)
        acknowledged.append((member, candidate))
    small_disk.fill(svc)
    with pytest.raises(StoreError) as info:  # soon: SQLite may still reuse some WAL space
        for member, candidate in steps[5:]:
            seal(member, candidate)
            acknowledged.append((member, candidate))
    _says_the_disk_is_full(info.value, path)
    refused = steps[len(acknowledged)]

    kept = saved_sheets(path)  # after SQLite's integrity check
    assert set(kept) == set(acknowledged)  # every acknowledged seal, and not the refused one
    assert all(kept[key][0] == scores_for(*key) for key in acknowledged)
    assert verify_chain(path).ok

    small_disk.free(svc)  # the same desk carries on, without reopening the session
    seal(*refused)
    assert refused in saved_sheets(path)
    assert verify_chain(path).ok
    svc.close()


def test_exporting_onto_a_full_disk_keeps_the_previous_pv(closed: Closed, small_disk: SmallDisk):
    out = small_disk.folder / "PV"
    shutil.copytree(closed.out, out)
    before = _files(out)
    with DeliberationService.resume(closed.session) as svc:
        small_disk.fill(svc)
        with pytest.raises(StoreError) as info:
            export_minutes_with(svc, out, signers=closed.unlocked)
        _says_the_disk_is_full(info.value, out)
        assert "the previous PV and minutes.json, if any, are unchanged" in str(info.value)
        assert _files(out) == before  # no half PV, no scratch left behind

        small_disk.free(svc)
        export_minutes_with(svc, out, signers=closed.unlocked)
    assert verify_pv(out / "PV.pdf").ok
    assert sorted(_files(out)) == ["PV.pdf", "minutes.json"]


# -- every write point of the export, failed in turn -------------------------------------------

_WRITES: list[tuple[Any, str]] = [
    (tempfile, "mkstemp"),
    (os, "mkdir"),
    (Path, "write_bytes"),
    (os, "fsync"),
    (os, "replace"),
]


def _failing_at(monkeypatch: pytest.MonkeyPatch, fail_at: int | None) -> list[str]:
    """Count the export's writes; the ``fail_at``-th one raises ENOSPC."""
    calls: list[str] = []

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def write(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            if len(calls) - 1 == fail_at:
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            return real(*args, **kwargs)

        return write

    for owner, name in _WRITES:
        monkeypatch.setattr(owner, name, counted(name, getattr(owner, name)))
    return calls


def test_a_full_disk_at_any_write_of_the_export_keeps_the_previous_pv(
    closed: Closed, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    def previous_export(name: str) -> Path:
        out = tmp_path / name
        shutil.copytree(closed.out, out)
        return out

    with DeliberationService.resume(closed.session) as svc:
        export_minutes_with(svc, previous_export("warm-up"), signers=closed.unlocked)  # caches
        dry_run = previous_export("dry-run")
        with monkeypatch.context() as patch:
            writes = _failing_at(patch, None)
            export_minutes_with(svc, dry_run, signers=closed.unlocked)
        assert writes.count("replace") >= 4  # two signatures, minutes.json, the PV
        last_rename = len(writes) - 1 - writes[::-1].index("replace")
        tolerated = []
        for point in range(len(writes)):
            out = previous_export(f"fail-{point}")
            before = _files(out)
            with monkeypatch.context() as patch:
                _failing_at(patch, point)
                try:
                    export_minutes_with(svc, out, signers=closed.unlocked)
                except StoreError as error:
                    _says_the_disk_is_full(error, out)
                    after = _files(out)
                    assert after["PV.pdf"] == before["PV.pdf"], writes[point]
                    if point != last_rename:
                        assert after == before, writes[point]
                    else:  # only the PV's own rename failed: minutes.json is the new one
                        parse_minutes(after["minutes.json"])
                        assert sorted(after) == sorted(before)
                    continue
            # Tolerated, and then the export is whole: a directory fsync (not possible
            # everywhere) or the existing output folder's mkdir.
            tolerated.append(writes[point])
            assert verify_pv(out / "PV.pdf").ok and _files(out)["PV.pdf"] != before["PV.pdf"]
    assert set(tolerated) <= {"fsync", "mkdir"} and tolerated.count("mkdir") <= 1
    assert len(tolerated) < len(writes) / 2
