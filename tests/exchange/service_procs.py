"""A room desk running the real signed session, and member desks sealing real sheets, as
separate processes over 127.0.0.1 (``make bench``: ``bench_exchange.py --service``).

    python -m tests.exchange.service_procs room   WORKDIR MEMBERS CANDIDATES
    python -m tests.exchange.service_procs member WORKDIR MEMBER HOST PORT CODE COUNT PAUSE

The room makes a signed session of CANDIDATES candidates whose bundle pins the keys of
MEMBERS members (half per school; keys made in WORKDIR/keys, test keys only), registers and
checks everyone in, then listens and prints ``LISTENING host port code``. Each message is
applied by the ServiceLedger (the rules, the log, the verdict) and the time of each batch's
commit is kept; on ``STOP`` it prints one JSON line as ``desk_procs`` does. A member pairs,
then seals COUNT candidates (sheets encrypted to the reveal key, its act signed), one every
PAUSE seconds, each sent at once on its live link, and prints the time of each seal.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from jury_desk.bundle.manifest import Manifest
from jury_desk.deliberation.ledger import ServiceLedger, status_for
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.exchange.envelope import Envelope, Session
from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.link import RoomLink, pair, pinned_room
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.reception import Reception
from jury_desk.exchange.server import RoomServer
from jury_desk.exchange.verdict import Verdict
from jury_desk.memberdesk import acts
from jury_desk.signing import desk_proof, member_key
from tests.exchange.desk_procs import settle
from tests.factories import manifest_dict

SCORES = {"academic": 14.0, "motivation": 12.5, "project": 15.0}


def passphrase(member: str) -> str:
    return f"bench passphrase {member}"


def member_ids(count: int) -> list[str]:
    return [f"m-{'mines' if i % 2 else 'albert'}-{i}" for i in range(1, count + 1)]


def room(workdir: Path, n_members: int, n_candidates: int) -> None:
    (workdir / "keys").mkdir(parents=True, exist_ok=True)
    data = manifest_dict("admission", n_candidates=n_candidates)
    data["candidates"][0]["conflicts"] = []
    people = []
    for i, member in enumerate(member_ids(n_members)):
        key, text = member_key.new_key(member, passphrase(member), member_key.FAST_FOR_TESTS)
        (workdir / "keys" / f"{member}.key").write_text(text, encoding="utf-8")
        people.append({
            "id": member, "name": f"Membre {i + 1}",
            "institution": "MINES" if "mines" in member else "ALBERT",
            "roles": ["chair", "member"] if i == 0 else ["member"],
            "public_key": key.public_key().to_base64(),
        })  # fmt: skip
    signers = [m for m in data["session"]["members"] if "signer" in m["roles"]]
    people[0]["roles"].append("signer")
    people[0]["signer_cert_sha256"] = signers[0]["signer_cert_sha256"]
    people[1]["roles"].append("signer")
    people[1]["signer_cert_sha256"] = signers[1]["signer_cert_sha256"]
    data["session"]["members"] = people
    manifest = Manifest.model_validate(data)
    svc = DeliberationService.create(
        workdir / "room.jdsession", manifest, "ab" * 32, scrypt=FAST_FOR_TESTS, signed=True
    )
    for member in member_ids(n_members):
        text = (workdir / "keys" / f"{member}.key").read_text(encoding="utf-8")
        svc.register_key(member, passphrase(member), text)
        svc.check_in(member, passphrase=passphrase(member))
    ledger = ServiceLedger(svc)
    applied: dict[str, list[tuple[int, float]]] = {m: [] for m in member_ids(n_members)}
    batch: list[Envelope] = []
    apply, commit = ledger.apply, ledger.commit

    def applying(envelope: Envelope, at: str) -> Verdict:
        verdict = apply(envelope, at)
        if verdict.accepted:
            batch.append(envelope)
        return verdict

    def committing() -> None:
        commit()  # the session's commit: durable, the board's row then shows
        now = time.time()
        for envelope in batch:
            applied[envelope.sender].append((envelope.n, now))
        batch.clear()

    ledger.apply, ledger.commit = applying, committing  # type: ignore[method-assign]
    identity = RoomIdentity.create()
    reception = Reception(ledger.session, ledger.key_of, ledger, identity.key)
    server = RoomServer(reception, identity, probe_stalls=True,
                        status_of=lambda m: status_for(reception, ledger, m))  # fmt: skip
    host, port = server.start()
    address = ledger.session
    print("LISTENING", host, port, server.window.code, address.bundle_id, address.seq,
          address.fingerprint, flush=True)  # fmt: skip
    for line in sys.stdin:
        if line.strip() == "STOP":
            break
    server.stop()
    svc.close()
    print(json.dumps({"applied": applied, "max_stall_s": server.max_stall_s}), flush=True)


def member(workdir: Path, name: str, argv: list[str]) -> None:
    host, port, code, count, pause = argv[0], int(argv[1]), argv[2], int(argv[3]), float(argv[4])
    address = Session(argv[5], int(argv[6]), argv[7])
    text = (workdir / "keys" / f"{name}.key").read_text(encoding="utf-8")
    key = member_key.unlock(text, passphrase(name))
    folder = workdir / "desks" / name
    folder.mkdir(parents=True, exist_ok=True)
    box = MemberBox(folder, address, name, member_key.signing_key(key))
    status: dict[str, Any] = {}
    pair(box, folder, host, port, code)
    room_der = pinned_room(folder)
    assert room_der is not None
    link = RoomLink(box, host, port, room_der,
                    on_status=lambda e: status.update(json.loads(e.body)))  # fmt: skip
    stop = threading.Event()
    worker = threading.Thread(target=link.run, args=(stop,), kwargs={"poll": 0.01})
    worker.start()
    deadline = time.monotonic() + 60
    while "reveal_public" not in status and time.monotonic() < deadline:
        time.sleep(0.01)
    reveal = bytes.fromhex(status["reveal_public"])
    sealed: list[tuple[int, float]] = []
    for i in range(count):
        act, _sheet = acts.sealed_sheet(reveal, address, name, f"C{i + 1:03d}", SCORES)
        envelope = box.send(desk_proof.KIND_ACT, desk_proof.act_body(*act))
        sealed.append((envelope.n, time.time()))
        if pause:
            time.sleep(pause)
    settle(box, stop, worker)
    refused = [a.verdict.reason for a in box.answered() if not a.verdict.accepted]
    print(json.dumps({"member": name, "sealed": sealed, "pending": len(box.pending()),
                      "refused": refused}), flush=True)  # fmt: skip


def main(argv: list[str]) -> None:
    workdir = Path(argv[1])
    if argv[0] == "room":
        room(workdir, int(argv[2]), int(argv[3]))
    else:
        member(workdir, argv[2], argv[3:])


if __name__ == "__main__":
    main(sys.argv[1:])
