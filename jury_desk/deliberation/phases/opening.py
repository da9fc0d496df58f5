"""Opening: a new session file from a verified bundle, or the one the jury left.

A session is tied for good to the exact signed manifest bytes it was started from, and to
being a simulation or not: resuming checks both, and re-verifies the private bundle copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, insert
from sqlmodel import select

from jury_desk.bundle.manifest import Manifest, manifest_bytes, parse_manifest
from jury_desk.core.errors import BundleError, StoreError
from jury_desk.core.storage import storage_errors
from jury_desk.deliberation.room import Room
from jury_desk.deliberation.states import SessionState
from jury_desk.deliberation.transaction import Clock, stamp
from jury_desk.signing.event_log import KIND_CREATED, NOBODY
from jury_desk.store.audit import append_event, append_signed
from jury_desk.store.session_file import SessionFile
from jury_desk.store.tables import Conflict, SessionMeta
from jury_desk.store.tally import refresh_tally

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.bundle.verify import VerifiedBundle


def create_file(
    path: Path,
    manifest: Manifest,
    bundle_sha256: str,
    bundle_path: Path | None,
    signed_manifest: bytes | None,
    key_id_hex: str | None,
    clock: Clock,
    simulated: bool,
    log_format: int = 1,
    manifest_minisig: bytes | None = None,
) -> SessionFile:
    """A new session file holding ``manifest``; nothing is left behind if that fails.
    ``log_format`` 2 makes a signed log (every act signed by its member), for good.
    ``manifest_minisig`` is the secretariat's signature of the manifest bytes, kept for
    ``audit verify``."""
    raw = signed_manifest if signed_manifest is not None else manifest_bytes(manifest)
    if parse_manifest(raw) != manifest:
        raise StoreError("The manifest bytes do not match the manifest given.")
    _refuse_unsealable(manifest)
    _require_blind_opener(manifest, bundle_path, log_format)
    at = stamp(clock)
    file = SessionFile.open(path, create=True, now=at)
    try:
        with storage_errors(path), file.engine.begin() as conn:
            _initialise(
                conn, manifest, raw, bundle_sha256, bundle_path, key_id_hex, at, simulated,
                log_format, manifest_minisig,
            )  # fmt: skip
    except BaseException:
        file.close()
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return file


def _refuse_unsealable(manifest: Manifest) -> None:
    """No new session from a bundle (signed by an older ``bundle build``) that lists
    ``record`` or ``documents`` as blind: they cannot be sealed, so the session file would
    hold them in clear while the room believes them blind. A session already started from
    one still resumes, verifies and exports (only its start is refused)."""
    from jury_desk.bundle.blind_fields import unsealable

    listed = unsealable(manifest.session)
    if listed:
        raise BundleError(
            "manifest.unsealable",
            f"this bundle lists {' and '.join(listed)} as blind fields, which cannot be kept "
            "unreadable in the session file; no session was started. Ask the secretariat to "
            "rebuild it without them in blind_fields (and to anonymize the documents "
            "themselves if they must not name the candidate).",
            "session.blind_fields",
        )


def _require_blind_opener(manifest: Manifest, bundle_path: Path | None, log_format: int) -> None:
    """A bundle that seals blind fields needs, at each reveal, the chair's key (sealed to
    the pinned reveal key: a signed log) or its private copy (otherwise)."""
    if not manifest.seals_blind_fields:
        return
    if manifest.session.reveal_key is not None and log_format != 2:
        raise StoreError(
            "This bundle seals the blind fields (scholarship flag, name) to the chair's "
            "pinned reveal key: only a signed session (format 2) can open them at the reveal."
        )
    if manifest.session.reveal_key is None and bundle_path is None:
        raise StoreError(
            "This bundle's blind fields (scholarship flag, name) are read from its copy at "
            "each reveal: open the bundle file itself (a session needs its copy in the data "
            "folder)."
        )


def resume_file(path: Path, at: str) -> tuple[SessionFile, Manifest]:
    """An existing session file and the manifest stored in it, re-parsed."""
    file = SessionFile.open(path, create=False, now=at)
    try:
        with file.engine.begin() as conn:
            raw = conn.execute(select(SessionMeta.manifest_json)).scalar_one_or_none()
        if raw is None:
            raise StoreError(f"{path.name} has no session in it. Open the bundle again.")
        manifest = parse_manifest(bytes(raw))
    except BaseException:
        file.close()
        raise
    return file, manifest


def check_resumable(
    path: Path, verified: VerifiedBundle, bundle_sha256: str, was_simulated: bool, simulated: bool
) -> None:
    """Refuse to continue a session started from other bundle bytes, and a simulation as a
    real deliberation (or the reverse)."""
    if bundle_sha256 != verified.fingerprint:
        raise StoreError(
            f"A session for {verified.manifest.bundle_id} already exists, started from a "
            "different bundle. Resume that session, or ask the secretariat which bundle "
            "is current."
        )
    if was_simulated != simulated:
        kind = {True: "a simulation", False: "a real deliberation"}
        raise StoreError(
            f"The session {path} is {kind[not simulated]}; it cannot be continued as "
            f"{kind[simulated]}. Move that "
            "file out of the data folder (or use another data folder), then open the "
            "bundle again."
        )


def session_meta(room: Room) -> Row:
    return room.conn.execute(select(SessionMeta)).one()


def reverify_copy(
    meta: Row,
    path: Path,
    trusted_keys: Sequence[PublicKey],
    data_dir: Path,
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
    """Re-verify the session's private bundle copy against today's trusted keys.

    Freshness is judged as of the session's creation: expiry guards the *acceptance* of
    a bundle, and a jury that accepted it in time must be able to finish its work (and
    a rollback to an older seq is still refused by the ledger).
    """
    from jury_desk.bundle.verify import BUNDLES_DIR, reverify

    if meta.bundle_path is None:
        raise StoreError(f"{path.name} was not started from a bundle and cannot be re-verified.")
    # The path recorded at creation is absolute; a data folder moved or restored elsewhere
    # (a new laptop, a backup) holds the same copy under the same name, which is its
    # manifest's hash: ``reverify`` and the comparison below check it as strictly.
    recorded = Path(meta.bundle_path)
    here = data_dir / BUNDLES_DIR / recorded.name
    verified = reverify(
        here if here.is_file() else recorded,
        trusted_keys=trusted_keys,
        data_dir=data_dir,
        now=datetime.fromisoformat(meta.created_at),
        progress=progress,
        cancel=cancel,
    )
    if verified.fingerprint != meta.bundle_sha256 or verified.manifest_bytes != bytes(
        meta.manifest_json
    ):
        raise StoreError(
            "The session's bundle copy no longer matches the session. Open the bundle "
            "again from the secretariat's file."
        )


def _initialise(
    conn: Connection,
    manifest: Manifest,
    raw: bytes,
    bundle_sha256: str,
    bundle_path: Path | None,
    key_id_hex: str | None,
    at: str,
    simulated: bool,
    log_format: int,
    manifest_minisig: bytes | None,
) -> None:
    """The session's first transaction: its facts, the bundle's conflicts, empty tallies
    and the genesis event that ties the chain to the bundle (and to being a simulation)."""
    created = initial_rows(
        conn, manifest, raw, bundle_sha256, bundle_path, key_id_hex, at, simulated, log_format,
        manifest_minisig,
    )  # fmt: skip
    if log_format == 1:
        append_event(conn, at, "desk", "session-created", created)
        return
    # Format 2: signed by nobody; its hash is the session id, made unique by the nonce.
    created |= {"log_format": 2, "nonce": secrets.token_hex(16)}
    append_signed(conn, at, NOBODY, KIND_CREATED, created, None)


def initial_rows(
    conn: Connection,
    manifest: Manifest,
    raw: bytes,
    bundle_sha256: str,
    bundle_path: Path | str | None,
    key_id_hex: str | None,
    at: str,
    simulated: bool,
    log_format: int,
    manifest_minisig: bytes | None = None,
) -> dict[str, Any]:
    """The rows a session begins with; returns what its creation event records (the replay
    of a signed log makes them again and compares)."""
    manifest_sha256 = hashlib.sha256(raw).hexdigest()
    conn.execute(
        insert(SessionMeta).values(
            id=1,
            bundle_id=manifest.bundle_id,
            bundle_seq=manifest.seq,
            bundle_sha256=bundle_sha256,
            manifest_sha256=manifest_sha256,
            manifest_json=raw,
            bundle_path=str(bundle_path) if bundle_path is not None else None,
            key_id_hex=key_id_hex,
            created_at=at,
            state=SessionState.OPEN.value,
            reopen_count=0,
            simulated=simulated,
            log_format=log_format,
            manifest_minisig=manifest_minisig,
        )
    )
    conflicts = []
    for candidate in manifest.candidates:
        for declared in candidate.conflicts:
            conn.execute(
                insert(Conflict).values(
                    member_id=declared.member,
                    candidate_id=candidate.id,
                    source="bundle",
                    category=declared.category,
                    note=declared.note,
                    at=at,
                )
            )
            conflicts.append({"member": declared.member, "candidate": candidate.id})
        refresh_tally(conn, manifest, candidate.id)
    return {
        "bundle_id": manifest.bundle_id,
        "seq": manifest.seq,
        "bundle_sha256": bundle_sha256,
        "manifest_sha256": manifest_sha256,
        "key_id": key_id_hex,
        "conflicts": conflicts,
        "simulated": simulated,
    }
