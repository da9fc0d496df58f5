"""The reveal opens a candidate's sealed blind fields (issue 11; ``bundle/blind_fields.py``).

A bundle that seals the scholarship flags (and the names, when listed as blind) holds only
a salted commitment to each in its signed manifest, which is all the session file stores.
At the candidate's reveal each sealed field is opened, checked against its commitment,
recorded (``blind_field``, ``blind_name``) and written into the reveal event with its salt,
so that the replay (``audit verify``) checks it again:

* with the reveal key **pinned** by the bundle, from its envelope in the manifest, opened
  by the chair's key unlocked for the reveal;
* otherwise from the ``blind-fields.json`` of the desk's private bundle copy (checked
  against the manifest's SHA-256 of it): the copy must still be in the data folder.

Nothing is computed from a flag or shown of a name before its reveal: ``Room.scholarship``
and ``Room.candidate_name`` are None until then.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import select

from jury_desk.bundle import blind_fields
from jury_desk.bundle.manifest import Candidate, Manifest
from jury_desk.core.errors import BundleError, JuryDeskError, RuleError, StoreError
from jury_desk.deliberation.transaction import Tx
from jury_desk.store.tables import BlindField, BlindName, SessionMeta

#: The bundle copy's opened values, by (path, size, mtime): read once for a reveal of many.
_COPIES: dict[tuple[str, int, int], dict[str, blind_fields.Opened]] = {}


def open_at_reveal(tx: Tx, candidate_id: str, chair_id: str) -> dict[str, Any] | None:
    """Open and record the candidate's sealed blind fields; what the reveal event says of
    them (None: nothing sealed, or opened at an earlier reveal)."""
    manifest = tx.room.manifest
    if not manifest.seals_blind_fields or tx.room.blind_opened(candidate_id):
        return None
    candidate = tx.room.candidate(candidate_id)
    opened = (tx.blind_opener or _open_live)(tx, candidate, chair_id)
    if blind_fields.FIELD in opened:
        flag, salt = opened[blind_fields.FIELD]
        row = {"candidate_id": candidate_id, "scholarship": flag, "salt": salt.hex(), "at": tx.at}
        tx.conn.execute(insert(BlindField).values(**row))
    if blind_fields.NAME in opened:
        name, salt = opened[blind_fields.NAME]
        row = {"candidate_id": candidate_id, "name": name, "salt": salt.hex(), "at": tx.at}
        tx.conn.execute(insert(BlindName).values(**row))
    tx.room.forget_blind()
    return blind_fields.payload(opened)


def _open_live(tx: Tx, candidate: Candidate, chair_id: str) -> blind_fields.Opened:
    manifest = tx.room.manifest
    if manifest.session.reveal_key is not None:
        from jury_desk.deliberation.phases.blind import reveal_secret

        return _checked(lambda: blind_fields.open_envelope(
            manifest, candidate, reveal_secret(tx, chair_id)))  # fmt: skip
    recorded = tx.conn.execute(select(SessionMeta.bundle_path)).scalar_one_or_none()
    copy = None if recorded is None else _copy_path(tx, recorded)
    values = _checked(lambda: _copy_values(copy, manifest))
    return values[candidate.id]


def _copy_path(tx: Tx, recorded: str) -> str:
    """The bundle copy in the data folder that holds the session (``sessions/`` beside
    ``bundles/``: a folder moved or restored elsewhere keeps it under the same name, its
    manifest's hash), else the absolute path recorded at creation."""
    from jury_desk.bundle.verify import BUNDLES_DIR
    from jury_desk.store.records import driver

    file = driver(tx.conn).execute("PRAGMA database_list").fetchone()[2]
    if file:
        here = Path(file).resolve().parent.parent / BUNDLES_DIR / Path(recorded).name
        if here.is_file():
            return str(here)
    return recorded


def _copy_values(copy: str | None, manifest: Manifest) -> dict[str, blind_fields.Opened]:
    from jury_desk.bundle.verify import blind_values

    try:
        if copy is None:
            raise FileNotFoundError(copy)
        info = os.stat(copy)
    except OSError:
        raise RuleError(
            "blind-fields-missing",
            "The reveal opens the candidates' blind fields from the desk's copy of the "
            "bundle, and that copy is not in the data folder. Nothing was revealed. Open the "
            "bundle again from the secretariat's file on this desk, then reveal.",
        ) from None
    key = (str(copy), info.st_size, info.st_mtime_ns)
    if key not in _COPIES:
        _COPIES.clear()
        _COPIES[key] = blind_values(Path(copy), manifest)
    return _COPIES[key]


def _checked(read: Any) -> Any:
    """A commitment that the bundle's value does not open stops the reveal, named."""
    try:
        return read()
    except BundleError as exc:
        raise StoreError(
            f"The sealed blind fields cannot be opened: {exc.detail} Nothing was "
            "revealed. Keep the files as evidence and report it to the secretariat."
        ) from None
    except JuryDeskError as exc:  # an envelope that does not open with this key
        if isinstance(exc, RuleError):
            raise
        raise StoreError(
            f"The sealed blind fields cannot be opened ({exc}). Nothing was revealed. "
            "Report it to the secretariat."
        ) from None
