"""The room desk and two member desks as real, separate processes over 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

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
