"""A large batch's signatures are checked in a second process while the room desk applies
(``exchange/signatures.py``): decided exactly as a small batch is, a forged message never
applied, and a second process that died replaced by checking here."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from jury_desk.exchange import signatures
from jury_desk.exchange.records import file_name, read_records

from .conftest import SESSION, until


@pytest.fixture
def beside(monkeypatch: pytest.MonkeyPatch):
    """Batches of 6 messages and more are checked in the second process, 4 at a time."""
    monkeypatch.setattr(signatures, "BESIDE_FROM", 6)
    monkeypatch.setattr(signatures, "CHUNK", 4)
    yield
    signatures.shutdown()


def outbox(jury, tmp_path: Path, member: str, count: int, *, forge: int | None = None) -> Path:
    """A member's outbox of ``count`` messages; message ``forge``'s body changed by hand."""
    box = jury.box(tmp_path / "home", member)
    for i in range(count):
        box.send("seal", f"sheet {i}".encode())
    usb = tmp_path / "usb"
    usb.mkdir()
    box.export_to(usb)
    path = usb / file_name(SESSION.bundle_id, member, to_room=True)
    if forge is not None:
        records = [e for _line, e in read_records(path).envelopes]
        records[forge - 1] = dataclasses.replace(records[forge - 1], body=b"score 20")
        path.write_bytes(b"".join(e.record for e in records))
    return path


def decided(jury, path: Path):
    room, ledger = jury.room()
    report = room.import_file(path)
    rejected = [(r.where, r.reason, r.message) for r in report.rejected]
    return rejected, [e.n for e in ledger.applied], report.waiting, dict(report.accepted)


def test_a_large_batch_is_decided_as_a_small_one(jury, tmp_path, beside, monkeypatch):
    path = outbox(jury, tmp_path, "mines-1", 14, forge=7)
    large = decided(jury, path)
    assert signatures._pool is not None  # the second process checked them
    monkeypatch.setattr(signatures, "BESIDE_FROM", 10**6)
    assert decided(jury, path) == large
    rejected, applied, waiting, accepted = large
    assert [(where, reason) for where, reason, _words in rejected] == [
        ("message 7 from mines-1", "signature")
    ]
    assert "not signed by mines-1's key" in rejected[0][2]
    assert applied == [1, 2, 3, 4, 5, 6]  # 8 to 14 wait for the real 7
    assert waiting == {"mines-1": 7} and accepted == {"mines-1": 6}


def test_a_forged_first_message_is_never_applied(jury, tmp_path, beside):
    path = outbox(jury, tmp_path, "albert-1", 9, forge=1)
    room, ledger = jury.room()
    report = room.import_file(path)
    assert [r.reason for r in report.rejected] == ["signature"]
    assert ledger.applied == [] and ledger.verdicts("albert-1") == []
    assert report.waiting == {"albert-1": 1}


def test_a_dead_second_process_is_replaced_by_checking_here(jury, tmp_path, beside):
    signatures.warm()
    pool = signatures._pool
    assert pool is not None
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    path = outbox(jury, tmp_path, "mines-2", 10, forge=4)
    rejected, applied, waiting, _accepted = decided(jury, path)
    assert [reason for _where, reason, _words in rejected] == ["signature"]
    assert applied == [1, 2, 3] and waiting == {"mines-2": 4}
    # The next large batch starts another process.
    again = tmp_path / "again"
    again.mkdir()
    assert decided(jury, outbox(jury, again, "albert-2", 8))[1] == list(range(1, 9))
    assert signatures._pool is not None and signatures._pool is not pool


def test_the_second_process_ends_with_a_desk_killed_mid_import():
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_DESK], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as desk:  # fmt: skip
        try:
            assert desk.stdout is not None
            beside = int(desk.stdout.readline())
            assert alive(beside)
        finally:
            desk.kill()
            desk.wait(timeout=30)
    assert until(lambda: not alive(beside), timeout=20), "the second process outlived its desk"


KILLED_DESK = """
import time
from jury_desk.exchange import signatures
signatures.warm()
print(*signatures._pool._processes, flush=True)
time.sleep(120)
"""
ROOT = Path(__file__).resolve().parents[2]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # Ended but not reaped yet by the init process: a zombie is not alive.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")
