"""The room's status for one member desk: the reveal key, and what it may know of its
candidates (issue 12). It travels beside the verdicts: a file ``<bundle>--<member>.jdstatus``
(transport A, replaced whole, atomically) or a frame (transport B).

It is one envelope signed by the room desk, numbered by the session log's length when it
was made: a desk keeps the newest it has verified and ignores an older one (a stale file
brought back on a USB key changes nothing). Which facts it holds is decided by the
deliberation service's read models (``deliberation/ledger.py``): never another member's
score before the reveal. Qt-free; it decides nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.core.storage import atomic_output
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.exchange.envelope import ROOM, Envelope, ExchangeError, Session, parse_record

KIND_STATUS = "status"
#: The status's page of revealed sheets (``deliberation/desk_status.py``), by candidate.
SHEETS = "sheets"
#: The status's page of summary blocks, by block number; every block's version; its size.
SUMMARY = "summary"
BLOCKS = "blocks"
BLOCK = "block"
SUFFIX_STATUS = ".jdstatus"


def sheets_version(sheets: Any) -> str:
    """The digest a desk checks a page's sheets against: the status's ``sheets_v``."""
    return version_of(dumps_canonical(sheets))


def version_of(encoded: bytes) -> str:
    """``sheets_version`` of sheets already in canonical JSON."""
    return hashlib.sha256(encoded).hexdigest()[:24]


def status_name(bundle_id: str, member: str) -> str:
    return f"{bundle_id}--{member}{SUFFIX_STATUS}"


def write_status(folder: Path, envelope: Envelope) -> Path:
    """Replace the member's status file in ``folder`` with ``envelope``, whole or not at all."""
    path = folder / status_name(envelope.session.bundle_id, envelope.recipient)
    with atomic_output(path) as out:
        out.write(envelope.record)
    return path


def check_status(
    envelope: Envelope, session: Session, member: str, room_key: Ed25519PublicKey | None
) -> None:
    """ExchangeError unless ``envelope`` is the room's status for ``member`` in ``session``."""
    if (
        envelope.kind != KIND_STATUS
        or envelope.session != session
        or envelope.sender != ROOM
        or envelope.recipient != member
    ):
        raise ExchangeError("session", "the status is for another session or member: ignored")
    if room_key is None:
        raise ExchangeError(
            "room-key", "this desk has not paired with the room desk: no status is trusted"
        )
    envelope.verify(room_key)


def read_status(folder: Path, session: Session, member: str) -> Envelope | None:
    """The status file for ``member`` in ``folder``, parsed (not yet verified), if any."""
    path = folder / status_name(session.bundle_id, member)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ExchangeError("file.read", f"{path.name} cannot be read: {exc.strerror}") from None
    return parse_record(data)
