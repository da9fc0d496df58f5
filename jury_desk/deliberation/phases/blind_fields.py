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

**No dead end** (issue 11 point 5): an envelope sealed to the pinned reveal key cannot be
checked before the reveal (only the chair's key opens it). One that does not open, or opens
to values and salts that are not its commitments' (the secretariat sealed a wrong value),
is a **fault**: the chair's reveal act logs it (``blind-field-faulty``, signed; for wrong
values, with the values and salts found, so that anyone checks that they do not open the
commitments), the candidate stays unrevealed for good (``blind_fault``: no later reveal
tries it again) and the others are revealed. The room then records it as *non délibéré —
renvoyé* (``decisions.record_renvoi``), with the approvals of both institutions, and the
session can close. A value in the bundle copy (no pinned key) is checked against the
manifest when the bundle is opened: one that fails later was altered on the desk, and
stops the reveal instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import select

from jury_desk.bundle import blind_fields
from jury_desk.bundle.manifest import Candidate, Manifest
from jury_desk.core.errors import BundleError, JuryDeskError, RuleError, StoreError
from jury_desk.deliberation.transaction import Tx
from jury_desk.store.tables import BlindFault, BlindField, BlindName, SessionMeta

KIND_FAULT = "blind-field-faulty"
FAULT_ENVELOPE = "envelope"  # does not open with the pinned reveal key, or not to values
FAULT_COMMITMENT = "commitment"  # opens to values and salts that are not its commitments'

#: The bundle copy's opened values, by (path, size, mtime): read once for a reveal of many.
_COPIES: dict[tuple[str, int, int], dict[str, blind_fields.Opened]] = {}


@dataclass(frozen=True)
class Fault:
    """Sealed blind fields that the reveal cannot open (``FAULT_*``); ``found``: for wrong
    values, what the envelope holds."""

    reason: str
    found: Mapping[str, Any] | None = None


def open_at_reveal(tx: Tx, candidate_id: str, chair_id: str) -> blind_fields.Opened | Fault | None:
    """Open the candidate's sealed blind fields, checked against their commitments, not yet
    recorded (``record``: the candidate may stay unrevealed); None: nothing sealed, or
    opened at an earlier reveal."""
    manifest = tx.room.manifest
    if not manifest.seals_blind_fields or tx.room.blind_opened(candidate_id):
        return None
    return (tx.blind_opener or _open_live)(tx, tx.room.candidate(candidate_id), chair_id)


def record(tx: Tx, candidate_id: str, opened: blind_fields.Opened) -> dict[str, Any]:
    """Record the candidate's opened blind fields at its reveal; what its event says."""
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


def record_fault(
    tx: Tx, candidate_id: str, actor: str, forced_by: str | None, fault: Fault
) -> None:
    """The reveal's way out of faulty blind fields: recorded and logged in the name of the
    chair whose act found them; the candidate stays unrevealed, the act goes on."""
    candidate = tx.room.candidate(candidate_id)
    tx.conn.execute(
        insert(BlindFault).values(candidate_id=candidate_id, reason=fault.reason, at=tx.at)
    )
    tx.log(actor, KIND_FAULT, fault_payload(candidate, forced_by, fault))


def fault_payload(candidate: Candidate, forced_by: str | None, fault: Fault) -> dict[str, Any]:
    assert candidate.blind is not None
    found = {} if fault.found is None else {"found": dict(fault.found)}
    return {
        "candidate": candidate.id,
        "forced_by": forced_by,
        "commitments": dict(candidate.blind.commitments()),
        "reason": fault.reason,
        **found,
    }


def check_fault(manifest: Manifest, candidate: Candidate, payload: Mapping[str, Any]) -> Fault:
    """What anyone can check of the chair's word that blind fields are faulty (the replay):
    they are the signed manifest's commitments, sealed to the pinned key; wrong values do
    not open them. An envelope that does not open cannot be checked without the reveal key:
    it is the chair's signed word, as a void sheet's is. ``ValueError`` naming what fails."""
    if not manifest.seals_blind_fields or manifest.session.reveal_key is None:
        raise ValueError("only blind fields sealed to a pinned reveal key can fail to open")
    assert candidate.blind is not None
    if payload.get("commitments") != dict(candidate.blind.commitments()):
        raise ValueError("they are not the commitments in the signed manifest")
    reason, keys = payload.get("reason"), set(fault_payload(candidate, None, Fault("")))
    if reason == FAULT_ENVELOPE and set(payload) == keys:
        return Fault(FAULT_ENVELOPE)
    found = payload.get("found")
    if reason != FAULT_COMMITMENT or set(payload) != keys | {"found"}:
        raise ValueError("it gives no known reason")
    if not isinstance(found, dict) or not blind_fields.well_formed(candidate, found):
        raise ValueError("the values it gives are not a value and a salt for each field")
    try:
        blind_fields.check_opened(manifest, candidate, found)
    except BundleError:
        return Fault(FAULT_COMMITMENT, found)
    raise ValueError("the values it gives open the commitments: the blind fields are sound")


def _open_live(tx: Tx, candidate: Candidate, chair_id: str) -> blind_fields.Opened | Fault:
    manifest = tx.room.manifest
    if manifest.session.reveal_key is not None:
        from jury_desk.deliberation.phases.blind import reveal_secret

        reveal = reveal_secret(tx, chair_id)  # not the chair's key: refused, as for sheets
        try:
            found = blind_fields.envelope_contents(manifest, candidate, reveal)
        except JuryDeskError:
            return Fault(FAULT_ENVELOPE)
        if not blind_fields.well_formed(candidate, found):
            return Fault(FAULT_ENVELOPE)
        try:
            return blind_fields.check_opened(manifest, candidate, found)
        except BundleError:
            return Fault(FAULT_COMMITMENT, found)
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
    except JuryDeskError as exc:  # the copy cannot be read
        if isinstance(exc, RuleError):
            raise
        raise StoreError(
            f"The sealed blind fields cannot be opened ({exc}). Nothing was revealed. "
            "Report it to the secretariat."
        ) from None
