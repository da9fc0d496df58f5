"""The room desk and two member desks as real, separate processes over 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

from jury_desk.exchange.records import read_records

from .desk_procs import make_keys, spawn


def test_two_member_desks_seal_into_a_room_desk_in_other_processes(tmp_path: Path):
    members = ["mines-1", "albert-1"]
    make_keys(tmp_path, members)
    room = spawn("room", str(tmp_path), *members, stdin=True)
    try:
        assert room.stdout is not None
        word, host, port, code = room.stdout.readline().split()
        assert word == "LISTENING" and host == "127.0.0.1"
        desks = [spawn("member", str(tmp_path), m, host, port, code, "5", "0.01") for m in members]
        results = [json.loads(d.communicate(timeout=120)[0].splitlines()[-1]) for d in desks]
        assert all(d.returncode == 0 for d in desks)
        out, _ = room.communicate("STOP\n", timeout=60)
    finally:
        if room.poll() is None:
            room.kill()
            room.wait(timeout=30)
    summary = json.loads(out.splitlines()[-1])
    assert {r["member"]: r["pending"] for r in results} == {"mines-1": 0, "albert-1": 0}
    for member in members:
        assert [n for n, _at in summary["applied"][member]] == [1, 2, 3, 4, 5]
    assert room.returncode == 0


def test_a_member_desk_killed_mid_run_loses_nothing_and_sends_nothing_twice(tmp_path: Path):
    make_keys(tmp_path, ["mines-1"])
    room = spawn("room", str(tmp_path), "mines-1", stdin=True)
    try:
        assert room.stdout is not None
        _word, host, port, code = room.stdout.readline().split()
        desk = spawn("member", str(tmp_path), "mines-1", host, port, code, "400", "0.002",
                     "--verbose")  # fmt: skip
        assert desk.stdout is not None
        saved = []
        while len(saved) < 25:
            line = desk.stdout.readline()
            assert line.startswith("SAVED"), line
            saved.append(int(line.split()[1]))
        os.kill(desk.pid, signal.SIGKILL)
        desk.wait(timeout=30)
        desk.stdout.close()
        outbox = read_records(next((tmp_path / "desks" / "mines-1").glob("*.jdoutbox")))
        assert outbox.damaged == []
        written = [e.n for _line, e in outbox.envelopes]
        assert set(saved) <= set(written)
        # Restarted, the desk sends what is still pending and nothing is applied twice.
        again = spawn("member", str(tmp_path), "mines-1", host, port, code, "0", "0")
        result = json.loads(again.communicate(timeout=120)[0].splitlines()[-1])
        assert result["pending"] == 0
        out, _ = room.communicate("STOP\n", timeout=60)
    finally:
        if room.poll() is None:
            room.kill()
            room.wait(timeout=30)
    applied = [n for n, _at in json.loads(out.splitlines()[-1])["applied"]["mines-1"]]
    assert applied == list(range(1, len(written) + 1))
