"""The room desk's TLS identity, kept across restarts of the room desk (issue 12).

Member desks pin the room desk's certificate when they pair. If the room desk made a new
identity each time a session opens, every member would have to pair again after a restart
(a crash, a laptop that slept, the desk reopened after lunch). So the identity of a session
is kept:

* the certificate and the Ed25519 key sit in a private folder beside the session file, the
  key as PKCS#8 encrypted under a random 256-bit secret (``RoomIdentity.save``);
* that secret is kept in the operating system's own keyring only (``jury_desk.secrets``:
  Secret Service, Keychain, Credential Locker; never a plaintext "alternative" keyring);
* it is written when the room first opens to its network (where desks pin it), never by
  merely opening the session.

Without a usable keyring nothing is written: the room desk makes a new identity for this
run, and the member desks say that the room's certificate changed and ask to join again
(never a secret in clear at rest). A damaged or altered kept identity is replaced by a new
one, with the same consequence.
"""

from __future__ import annotations

import hashlib
import secrets as random
from dataclasses import dataclass
from pathlib import Path

from jury_desk import secrets
from jury_desk.exchange.envelope import ExchangeError, Session
from jury_desk.exchange.identity import KEY_FILE, RoomIdentity

FOLDER = "room-desk"  # beside the session files: one sub-folder per session, 0700


@dataclass(frozen=True)
class KeptIdentity:
    identity: RoomIdentity
    kept: bool  # already kept: the same identity will be there at the next opening


def keyring_name(session: Session, session_file: Path) -> str:
    """The keyring entry of one session's room identity (its bundle, and which file)."""
    where = hashlib.sha256(str(session_file.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"room-desk/{session.bundle_id}/{session.seq}/{where}"


def identity_folder(session: Session, session_file: Path) -> Path:
    digest = hashlib.sha256(keyring_name(session, session_file).encode("utf-8")).hexdigest()
    return session_file.resolve().parent / FOLDER / digest[:24]


def room_identity(session: Session, session_file: Path) -> KeptIdentity:
    """The session's kept room identity, or a new one, not yet kept: opening a session
    writes nothing (``keep`` does, once the room opens to its network)."""
    secret = secrets.recall_passphrase(keyring_name(session, session_file))
    folder = identity_folder(session, session_file)
    if secret is not None and (folder / KEY_FILE).exists():
        try:
            return KeptIdentity(RoomIdentity.load(folder, secret.encode("ascii")), True)
        except (ExchangeError, UnicodeEncodeError):
            pass  # damaged or altered: a new identity, and the desks pair again
    return KeptIdentity(RoomIdentity.create(), False)


def keep(found: KeptIdentity, session: Session, session_file: Path) -> bool:
    """Keep ``found``'s identity for the next openings (the room opens to its network, where
    desks pin it); False when it cannot be kept (no usable system keyring): nothing written."""
    if found.kept:
        return True
    name = keyring_name(session, session_file)
    folder = identity_folder(session, session_file)
    fresh = random.token_hex(32)
    if not secrets.remember_passphrase(name, fresh):
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.parent.chmod(0o700)
        found.identity.save(folder, fresh.encode("ascii"))
    except OSError:
        secrets.forget_passphrase(name)
        return False
    return True
