"""What ``jury-desk audit verify SESSION [--pv PV.pdf]`` checks, for every face that needs it.

The command line's ``audit verify`` and ``archive add --session`` run this one function
(never a second verifier): the session file's audit chain recomputed; every table row
replayed against what the log says (``store/log_tables.py``); the secretariat's signature
of the stored manifest, against the trusted keys given (``manifest_signature``); and, with
a PV, the PV anchoring the log (same bundle, its printed head the log's last event:
``anchor.py``). It only reads the file, so it may run while a desk has the session open.

Why the signature too: the chain and the replay start from the manifest stored in the file.
Whoever rewrites the file whole (a log whose keys were all registered in the room, or an
unsigned format-1 log) can edit that manifest and re-sign it with a throwaway key; only the
secretariat's trusted key tells its manifest from theirs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import BundleError, JuryDeskError, MinutesError, StoreError
from jury_desk.minutes.anchor import AnchorView, SessionAnchor, check_anchor, pv_minutes
from jury_desk.minutes.model import Minutes
from jury_desk.signing.event_log import RegisteredKey
from jury_desk.store.audit import UNSIGNED_LABEL
from jury_desk.store.engine import open_readonly
from jury_desk.store.log_tables import Difference, check_session_file


@dataclass(frozen=True)
class SessionAudit:
    events: int
    head_hash: str
    anchored: str | None  # where the PV anchors the log, when a PV was given
    format_label: str = UNSIGNED_LABEL  # "unsigned log, format 1" or "signed log, format 2"
    #: a signed log: each member's registered key, by member id
    keys: Mapping[str, RegisteredKey] = field(default_factory=dict)
    #: what was found of the secretariat's signature of the stored manifest
    manifest_signature: str = ""
    #: a signed log's reveal key: "pinned" by the bundle, made in the "room" at the chair's
    #: registration, or "none" yet (the chair has not registered); None for format 1
    reveal_key: str | None = None


class TablesDisagree(StoreError):
    """The chain is intact but table rows do not say what the log says (an edited file)."""

    code = "store.tables-disagree"

    def __init__(self, name: str, differences: list[Difference]) -> None:
        self.differences = differences
        super().__init__(
            f"The tables of {name} do not match its audit chain: {differences[0].line()} "
            f"({len(differences)} in all). The file was altered outside the desk: keep it "
            "as evidence; the desk refuses to export from it."
        )


class ManifestNotSigned(StoreError):
    """The stored manifest is not signed by a trusted secretariat key (edited, re-signed)."""

    code = "store.manifest-signature"


def audit_session(
    path: Path,
    pv: Minutes | Path | None = None,
    pv_name: str | None = None,
    trusted_keys: Sequence[PublicKey] = (),
) -> SessionAudit:
    """The chain, the tables, the manifest's signature (when ``trusted_keys`` are given),
    then the anchor of ``pv`` (its minutes, or the PV file, read only once the log has
    passed). ``StoreError`` (a broken chain, ``TablesDisagree``, ``ManifestNotSigned``) or
    ``MinutesError`` (an unreadable PV, ``anchor.*``) otherwise."""
    report, differences = check_session_file(path)
    if not report.ok:
        raise StoreError(
            f"Audit chain of {path.name} is BROKEN at event #{report.first_bad_seq}: "
            f"{report.reason}. The {report.length} events before it are intact; keep the "
            "file as evidence and report it to the secretariat."
        )
    if differences:
        raise TablesDisagree(path.name, differences)
    signature = manifest_signature(path, trusted_keys)
    origin = reveal_key_origin(path) if report.log_format == 2 else None
    anchored = None
    if pv is not None:
        name = pv_name or (pv.name if isinstance(pv, Path) else "the PV")
        minutes = pv_minutes(pv) if isinstance(pv, Path) else pv
        anchored = check_anchor(minutes, session_anchor(path), name)
        check_reveal_key(minutes, origin, name)
    return SessionAudit(
        report.length, report.head_hash, anchored, report.format_label, report.keys, signature,
        origin,
    )  # fmt: skip


def check_reveal_key(minutes: Minutes | AnchorView, origin: str | None, pdf_name: str) -> None:
    """The PV says where the reveal key came from as the session file does (``origin``:
    None for format 1); minutes written before they said it are not checked."""
    said, found = minutes.reveal_key, origin if origin in ("pinned", "room") else "absent"
    if said is None or said == found:
        return
    raise MinutesError(
        "anchor.reveal-key",
        f"{pdf_name} says the reveal key was {_ORIGIN_SAID[said]}, but this session's was "
        f"{_ORIGIN_SAID[found]}: the PV does not tell this session's reveal.",
        pdf_name,
    )


_ORIGIN_SAID = {
    "pinned": "pinned by the bundle",
    "room": "made in the room",
    "absent": "never made",
}


def reveal_key_origin(path: Path) -> str:
    """Where a signed session's reveal key comes from: "pinned" (the bundle's
    ``session.reveal_key``, made with the chair's key at home), "room" (made by the desk at
    the chair's registration) or "none" (not made yet). Read from the verified file."""

    def read(conn: sqlite3.Connection) -> tuple[Any, list[str]]:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        made = "reveal_key" in tables and conn.execute("SELECT 1 FROM reveal_key").fetchone()
        meta = conn.execute("SELECT manifest_json FROM session_meta").fetchone()
        return meta, ["room" if made else "none"]

    from jury_desk.bundle.manifest import parse_manifest

    row, (room_made,) = _read_session(path, read)
    if parse_manifest(bytes(row[0])).session.reveal_key is not None:
        return "pinned"
    return room_made


def manifest_signature(path: Path, trusted_keys: Sequence[PublicKey]) -> str:
    """The line saying whose signature the stored manifest carries; ``ManifestNotSigned``
    when it is missing or not a trusted key's. Without trusted keys nothing can be checked
    (a minisign signature names its key by id only), and the line says so."""

    def read(conn: sqlite3.Connection) -> tuple[Any, list[str]]:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(session_meta)")}
        stored = "manifest_minisig" if "manifest_minisig" in columns else "NULL"
        sql = f"SELECT manifest_json, {stored}, bundle_path FROM session_meta"
        return conn.execute(sql).fetchone(), []

    row, _ = _read_session(path, read)
    manifest, signature, copy = bytes(row[0]), row[1], row[2]
    if not trusted_keys:
        return (
            "Secretariat signature of the manifest: not checked (no trusted key: pass "
            "--trusted-key SECRETARIAT.pub, or add it to the desk's trusted keys)."
        )
    if signature is None:  # a session made before schema 8: its private bundle copy's
        signature = _copy_signature(manifest, copy, path)
    if signature is None:
        raise ManifestNotSigned(
            f"{path.name} holds no secretariat signature of its manifest, and its bundle copy "
            "is gone: it was not opened from a signed bundle, or the signature was removed. "
            "Check its PV against the bundle instead: `minutes verify PV --bundle B`."
        )
    from jury_desk.bundle.minisign import verify

    try:
        verified = verify(manifest, bytes(signature), trusted_keys)
    except BundleError as exc:
        raise ManifestNotSigned(
            f"The manifest stored in {path.name} is not signed by a trusted secretariat key "
            f"({exc.code}: {exc.detail}). It was edited or re-signed outside the desk: keep the "
            "file as evidence and report it to the secretariat."
        ) from None
    return f"Secretariat signature of the manifest: valid, key {verified.key.key_id_hex}."


def session_anchor(path: Path) -> SessionAnchor:
    """The bundle fingerprints and the event hashes of a session file, read-only."""

    def read(conn: sqlite3.Connection) -> tuple[Any, list[str]]:
        meta = conn.execute("SELECT bundle_sha256, manifest_sha256 FROM session_meta").fetchone()
        return meta, [row[0] for row in conn.execute("SELECT hash FROM audit_event ORDER BY seq")]

    meta, hashes = _read_session(path, read)
    return SessionAnchor(str(meta[0]), str(meta[1]), hashes)


def _copy_signature(manifest: bytes, copy: str | None, session: Path) -> bytes | None:
    """The signature in the session's private bundle copy, if it signs these manifest bytes.
    The copy is looked for in the data folder that holds the session (``sessions/`` beside
    ``bundles/``), then at the absolute path recorded at creation: a data folder moved or
    restored elsewhere keeps its copy under the same name."""
    from jury_desk.bundle.receipt import signed_pair
    from jury_desk.bundle.verify import BUNDLES_DIR

    if copy is None:
        return None
    here = session.resolve().parent.parent / BUNDLES_DIR / Path(copy).name
    found = next((p for p in (here, Path(copy)) if p.is_file()), None)
    if found is None:
        return None
    try:
        raw, signature = signed_pair(found)
    except (JuryDeskError, OSError):
        return None
    return signature if raw == manifest else None


def _read_session(
    path: Path, read: Callable[[sqlite3.Connection], tuple[Any, list[str]]]
) -> tuple[Any, list[str]]:
    """``read``'s session_meta row (and list), read-only; a plain ``StoreError`` when the
    file is no readable session or holds no session record."""
    conn = open_readonly(path, archive=True)
    try:
        row, more = read(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path.name} is not a readable jury-desk session ({exc}).") from None
    finally:
        conn.close()
    if row is None:
        raise StoreError(f"{path.name} has no session record.")
    return row, more
