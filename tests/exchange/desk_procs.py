"""A room desk and member desks as separate processes over 127.0.0.1 (tests and ``make bench``).

    python -m tests.exchange.desk_procs room   WORKDIR MEMBERS...
    python -m tests.exchange.desk_procs member WORKDIR MEMBER HOST PORT CODE COUNT PAUSE [--verbose]
    python -m tests.exchange.desk_procs probe

The room prints ``LISTENING host port code`` once it listens, applies what comes (each batch
of accepted messages appended and fsynced to a journal, standing in for the session's commit)
and, on a line ``STOP`` on its stdin, prints one JSON line: per member the applied messages
with the room's time of applying, and the loop's largest stall. A member pairs, then seals
COUNT messages (one every PAUSE seconds), sending each at once over a live link, and prints one
JSON line with the time of each seal once every one has its verdict (``--verbose``: also a
line ``SAVED n`` as each is saved); restarted, it sends what its outbox still has pending.
A probe runs an idle asyncio loop beside them and prints its largest stall on STOP: the
machine's share.

Keys: WORKDIR/keys/<member>.pem (made by ``make_keys``); test keys only, in a temporary folder.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jury_desk.exchange.envelope import Envelope, Session
from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.link import RoomLink, pair, pinned_room
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.reception import Reception
from jury_desk.exchange.records import RecordFile
from jury_desk.exchange.server import RoomServer
from jury_desk.exchange.verdict import MemoryLedger

SESSION = Session("ADM-2026-PROCS", 1, "ef" * 32)


ROOT = Path(__file__).resolve().parents[2]


def spawn(
    *args: str, stdin: bool = False, module: str = "tests.exchange.desk_procs"
) -> subprocess.Popen[str]:
    """One desk (or the probe) in a process of its own, text on its stdout."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.PIPE if stdin else None, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def make_keys(workdir: Path, members: list[str]) -> None:
    (workdir / "keys").mkdir(parents=True, exist_ok=True)
    for member in members:
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        (workdir / "keys" / f"{member}.pem").write_bytes(pem)


def load_key(workdir: Path, member: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(
        (workdir / "keys" / f"{member}.pem").read_bytes(), None
    )
    assert isinstance(key, Ed25519PrivateKey)
    return key


def room(workdir: Path, members: list[str]) -> None:
    keys = {m: load_key(workdir, m).public_key() for m in members}
    identity = RoomIdentity.create()
    journal = RecordFile(workdir / "room-journal.records")
    applied: dict[str, list[tuple[int, float]]] = {m: [] for m in members}

    def commit(done: list[Envelope]) -> None:
        journal.append(done)  # one durable write per batch, as the session's commit is
        at = time.time()
        for envelope in done:
            applied[envelope.sender].append((envelope.n, at))

    reception = Reception(SESSION, keys.get, MemoryLedger(on_commit=commit), identity.key)
    server = RoomServer(reception, identity, probe_stalls=True)
    host, port = server.start()
    print("LISTENING", host, port, server.window.code, flush=True)
    for line in sys.stdin:
        if line.strip() == "STOP":
            break
    server.stop()
    print(json.dumps({"applied": applied, "max_stall_s": server.max_stall_s}), flush=True)


def member(
    workdir: Path,
    name: str,
    host: str,
    port: int,
    code: str,
    count: int,
    pause: float,
    verbose: bool = False,
) -> None:
    folder = workdir / "desks" / name
    folder.mkdir(parents=True, exist_ok=True)
    box = MemberBox(folder, SESSION, name, load_key(workdir, name))
    if pinned_room(folder) is None:  # restarted after a crash: already paired
        pair(box, folder, host, port, code)
    room_der = pinned_room(folder)
    assert room_der is not None
    link = RoomLink(box, host, port, room_der)
    stop = threading.Event()
    worker = threading.Thread(target=link.run, args=(stop,), kwargs={"poll": 0.01})
    worker.start()
    sealed: list[tuple[int, float]] = []
    body = b"s" * 600  # a sealed sheet of 8 criteria, encrypted to the reveal key: ~600 bytes
    for _ in range(count):
        envelope = box.send("seal", body)
        sealed.append((envelope.n, time.time()))
        if verbose:
            print("SAVED", envelope.n, flush=True)  # reported once the append is fsynced
        if pause:
            time.sleep(pause)
    settle(box, stop, worker)
    print(json.dumps({"member": name, "sealed": sealed, "pending": len(box.pending())}), flush=True)


def settle(box: MemberBox, stop: threading.Event, worker: threading.Thread) -> None:
    """Wait (bounded) until every message has its verdict, then stop the link."""
    deadline = time.monotonic() + 300
    while box.pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    worker.join(timeout=30)


def probe() -> None:
    """An idle asyncio loop's largest stall until STOP: what the machine's load alone costs."""
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()

    async def run() -> float:
        loop, worst, tick = asyncio.get_running_loop(), 0.0, 0.005
        while not stop.is_set():
            start = loop.time()
            await asyncio.sleep(tick)
            worst = max(worst, loop.time() - start - tick)
        return worst

    print(json.dumps({"max_stall_s": asyncio.run(run())}), flush=True)


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "probe":
        probe()
        return
    workdir = Path(argv[1])
    if mode == "room":
        room(workdir, argv[2:])
    else:
        name, host, port, code, count = argv[2], argv[3], int(argv[4]), argv[5], int(argv[6])
        pause = float(argv[7]) if len(argv) > 7 else 0.0
        member(workdir, name, host, port, code, count, pause, verbose="--verbose" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
