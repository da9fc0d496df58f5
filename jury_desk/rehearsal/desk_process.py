"""One member desk in a process of its own, for ``jury-desk simulate --desks`` (issue 12).

    python -m jury_desk.rehearsal.desk_process < job.json
    jury-desk --member-desk-process < job.json       (the same, from the frozen app)

The job (one JSON object on stdin, so that the passphrase is in no command line nor
environment) names the bundle and the trusted key (the desk verifies the bundle itself, as
the room desk does), the member's key file and passphrase, the desk's data folder, the
transport (``files``: a folder; ``network``: the room's address and pairing code) and the
sheets to seal. The desk seals each, sends them, and waits, in bounded loops, until the room
desk has answered each; it prints one JSON line (what was accepted, what was refused, with
the room's words) and exits 0, or prints one line on stderr and exits 1.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import JuryDeskError
from jury_desk.memberdesk.desk import MemberDesk

POLL_S = 0.05
#: The hidden first argument that makes ``jury-desk`` (the frozen app, which has no
#: ``python -m``) run one member desk: see ``command``.
ARG = "--member-desk-process"


def command() -> list[str]:
    """How ``simulate --desks`` starts a member-desk process: through the app itself when
    frozen (``sys.executable`` is then the app), else through this interpreter."""
    if getattr(sys, "frozen", False):
        return [sys.executable, ARG]
    return [sys.executable, "-m", "jury_desk.rehearsal.desk_process"]


def run(job: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + float(job.get("timeout", 120))
    room_key = job.get("room_key")
    desk = MemberDesk.open(
        Path(job["bundle"]),
        Path(job["key_file"]),
        job["passphrase"],
        Path(job["data_dir"]),
        [PublicKey.from_text(job["trusted_key"])],
        member=job["member"],
        room_key=None
        if room_key is None
        else Ed25519PublicKey.from_public_bytes(bytes.fromhex(room_key)),
    )
    with desk:
        if job["mode"] == "files":
            return _over_files(desk, Path(job["folder"]), job["sheets"], deadline)
        return _over_network(desk, job, deadline)


def _seal_all(desk: MemberDesk, sheets: dict[str, dict[str, float]]) -> list[Any]:
    sent = []
    for candidate, scores in sheets.items():
        desk.save_draft(candidate, scores)
        desk.seal(candidate)
        sent.append(desk.box.sent()[-1])
    return sent


def _result(desk: MemberDesk, sent: list[Any]) -> dict[str, Any]:
    verdicts = [desk.box.verdict_for(e) for e in sent]
    return {
        "member": desk.member,
        "accepted": sum(1 for v in verdicts if v is not None and v.accepted),
        "refused": [v.message for v in verdicts if v is not None and not v.accepted],
        "unanswered": sum(1 for v in verdicts if v is None),
    }


def _wait(deadline: float, what: str, done: Any, step: Any = lambda: None) -> None:
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the room desk did not answer in time ({what})")
        step()
        time.sleep(POLL_S)


def _over_files(
    desk: MemberDesk, folder: Path, sheets: dict[str, dict[str, float]], deadline: float
) -> dict[str, Any]:
    def trip() -> None:
        desk.export_to(folder)
        desk.import_from(folder)

    desk.join()
    _wait(deadline, "the reveal key", lambda: desk.reveal_public() is not None, trip)
    sent = _seal_all(desk, sheets)
    _wait(deadline, "the seals", lambda: all(desk.box.verdict_for(e) for e in sent), trip)
    return _result(desk, sent)


def _over_network(desk: MemberDesk, job: dict[str, Any], deadline: float) -> dict[str, Any]:
    from jury_desk.exchange.link import RoomLink, pair, pinned_room

    host, port = str(job["host"]), int(job["port"])
    if pinned_room(desk.folder) is None:
        pair(desk.box, desk.folder, host, port, str(job["code"]))
    room_der = pinned_room(desk.folder)
    assert room_der is not None
    link = RoomLink(desk.box, host, port, room_der, on_status=desk.receive_status)
    stop = threading.Event()
    worker = threading.Thread(target=link.run, args=(stop,), kwargs={"poll": 0.02})
    worker.start()
    try:
        desk.join()
        _wait(deadline, "the reveal key", lambda: desk.reveal_public() is not None)
        sent = _seal_all(desk, job["sheets"])
        _wait(deadline, "the seals", lambda: all(desk.box.verdict_for(e) for e in sent))
        return _result(desk, sent)
    finally:
        stop.set()
        worker.join(timeout=10)


def main() -> int:
    try:
        job = json.loads(sys.stdin.read())
        print(json.dumps(run(job)), flush=True)
    except (JuryDeskError, TimeoutError, OSError, KeyError, ValueError) as exc:
        print(f"member desk: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
