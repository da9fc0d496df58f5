"""``jury-desk simulate --desks files|network``: the sheets sealed on member desks (issue 12).

The room desk (this process: the simulated session) and one member-desk process per member
who scores (``desk_process``), real separate processes. Each desk verifies the bundle
itself, opens its member's key file (the key the member registered in the room: the same
key on both desks, as a member brings their key file), seals its sheets to the session's
reveal key and sends them:

* ``files``: through a shared folder, as a USB key would carry them; the room desk imports
  the folder and writes each member's replies and status there, in a bounded loop;
* ``network``: over the room network on 127.0.0.1 only; each desk pairs with the code the
  room desk shows, then sends live and receives its verdicts and the room's status.

The room desk applies every seal through the rules (``deliberation/ledger.py``): each sheet
is in the session's log as its member's signed act. Every loop is bounded by ``timeout``.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import UsageError
from jury_desk.deliberation.ledger import ServiceLedger, exchange_folder, status_for
from jury_desk.deliberation.service import DeliberationService
from jury_desk.exchange.reception import Reception
from jury_desk.rehearsal import desk_process

MODES = ("files", "network")
POLL_S = 0.05


def seal_on_desks(
    service: DeliberationService,
    passphrases: Mapping[str, str],
    sheets: Mapping[str, Mapping[str, Mapping[str, float]]],
    *,
    mode: str,
    bundle: Path,
    trusted_key: PublicKey,
    work: Path,
    timeout: float = 300.0,
) -> dict[str, dict[str, Any]]:
    """Seal ``sheets`` ({member: {candidate: scores}}) on one desk process per member;
    returns each desk's report. UsageError (one line) if a desk fails or time runs out."""
    if mode not in MODES:
        raise UsageError(f"--desks {mode}: choose files or network.")
    ledger = ServiceLedger(service)
    keys = work / "keys"
    keys.mkdir(parents=True, exist_ok=True, mode=0o700)
    with service.desk_read() as conn:
        rows = conn.execute(text("SELECT member_id, secret_key FROM member_key")).all()
    stored: dict[str, str] = {str(member): str(secret) for member, secret in rows}
    base: dict[str, Any] = {
        "bundle": str(bundle), "trusted_key": trusted_key.to_text(), "mode": mode,
        "timeout": timeout,
    }  # fmt: skip
    server = None
    if mode == "network":
        from jury_desk.exchange.identity import RoomIdentity
        from jury_desk.exchange.server import RoomServer

        identity = RoomIdentity.create()
        reception = Reception(ledger.session, ledger.key_of, ledger, identity.key)
        server = RoomServer(
            reception, identity, register=ledger.pair,
            status_of=lambda member: status_for(reception, ledger, member),
        )  # fmt: skip
        host, port = server.start()
        base |= {"host": host, "port": port, "code": server.window.code}
    else:
        room_key = Ed25519PrivateKey.generate()
        reception = Reception(ledger.session, ledger.key_of, ledger, room_key)
        folder = work / "usb"
        folder.mkdir(parents=True, exist_ok=True)
        base |= {"folder": str(folder), "room_key": room_key.public_key().public_bytes_raw().hex()}
    procs: dict[str, subprocess.Popen[str]] = {}
    try:
        for member, theirs in sheets.items():
            key_file = keys / f"{member}.key"
            key_file.write_text(str(stored[member]), encoding="utf-8")
            os.chmod(key_file, 0o600)
            job = base | {
                "member": member, "key_file": str(key_file), "passphrase": passphrases[member],
                "data_dir": str(work / f"desk-{member}"), "sheets": dict(theirs),
            }  # fmt: skip
            proc = subprocess.Popen(
                desk_process.command(),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(job))
            proc.stdin.close()
            procs[member] = proc
        deadline = time.monotonic() + timeout + 30
        while any(p.poll() is None for p in procs.values()):
            if time.monotonic() > deadline:
                raise UsageError("--desks: a member desk did not finish in time; nothing exported.")
            if mode == "files":
                exchange_folder(reception, ledger, Path(base["folder"]))
            time.sleep(POLL_S)
        return {member: _report(member, proc) for member, proc in procs.items()}
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
        if server is not None:
            server.stop()


def _report(member: str, proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    if proc.returncode != 0:
        line = (err.strip().splitlines() or ["it stopped"])[-1]
        raise UsageError(f"--desks: the desk of {member} failed: {line}")
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    if report["refused"] or report["unanswered"]:
        raise UsageError(
            f"--desks: the room refused a seal of {member}: {(report['refused'] or ['?'])[0]}"
        )
    return report
