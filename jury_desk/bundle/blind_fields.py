"""Blind fields sealed in the bundle (DESIGN.md §3; issue 11): unreadable before the reveal.

A blind field (the scholarship flag) must not be readable in the session file before its
candidate's reveal. The signed manifest therefore holds, per candidate, only a **salted
commitment** to it: SHA-256 over the bundle, the candidate, the field, its value and 16
random bytes of salt. A session file stores the signed manifest whole, so nothing of the
value is in it; and the salt makes the commitment useless to guess from (a flag has two
values: without a salt, one hash would tell which).

The values and salts themselves travel beside the manifest:

* when the bundle **pins the reveal key** (``session.reveal_key``): each candidate's values
  and salt are an HPKE envelope sealed to it (``signing/envelope.py``), in the manifest;
  only the chair's unlocked key opens them, at the reveal. Neither the session file nor
  the bundle copy in the data folder holds them readable;
* otherwise (the demo, a reveal key made in the room): in clear in the bundle's
  ``documents/blind-fields.json``, whose SHA-256 is in the signed manifest's files. The
  desk reads them from its private bundle copy at the reveal. That copy holds them in clear:
  only a pinned reveal key keeps them from whoever holds the desk's data folder.

Either way the reveal event carries the opened values and salt, signed by the chair, and
the replay (``audit verify``) checks each against its commitment in the signed manifest.
A value that does not open its commitment is refused at the build, at the bundle's check,
at the reveal and at the replay.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from jury_desk.bundle.layout import BLIND_VALUES_PATH
from jury_desk.core.errors import BundleError
from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, dumps_pretty, loads_strict

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from jury_desk.bundle.manifest import Candidate, Manifest, Session

FIELD = "scholarship"  # the one blind field sealed today (a name or a record is not)
VALUES_FORMAT = "jury-desk-blind-fields/1"
PURPOSE = "blind-field"  # the envelopes' HPKE purpose
_DOMAIN = b"jury-desk/blind-field/1\x00"
SALT_BYTES = 16
_MAX_VALUES_BYTES = 4 * 1024 * 1024

#: A candidate's opened blind field: (value, salt)
Opened = tuple[bool, bytes]


def seals_blind_fields(session: Session) -> bool:
    """Whether a bundle for ``session`` seals the scholarship flags: when they are blind and
    a reveal opens them (rules under which nobody scores deliberate every candidate from the
    transcript at once, with no reveal: nothing there is blind)."""
    from jury_desk.core.graduates import transcript_only

    return FIELD in session.blind_fields and not transcript_only(session.graduation_rules)


def commitment(bundle_id: str, candidate_id: str, value: bool, salt: bytes) -> str:
    """The salted commitment the signed manifest holds for a candidate's scholarship flag."""
    fields = {
        "bundle": bundle_id,
        "candidate": candidate_id,
        "field": FIELD,
        "value": value,
        "salt": salt.hex(),
    }
    return hashlib.sha256(_DOMAIN + dumps_canonical(fields)).hexdigest()


def _context(bundle_id: str, candidate_id: str) -> dict[str, str]:
    return {"bundle": bundle_id, "candidate": candidate_id, "field": FIELD}


def seal_candidates(
    bundle_id: str,
    candidates: list[dict[str, Any]],
    reveal_public: bytes | None,
    salt: Callable[[str], bytes] | None = None,
) -> bytes | None:
    """Replace each candidate's clear ``scholarship`` by its ``blind`` seal, in place.
    Returns the ``blind-fields.json`` document to add to the bundle, or None when the
    values are sealed to ``reveal_public`` (the pinned reveal key). ``salt`` (a candidate
    id -> 16 bytes) only for the demo's reproducible bundles."""
    from jury_desk.signing import envelope

    values: dict[str, dict[str, Any]] = {}
    for cand in candidates:
        value = cand.pop(FIELD)
        grain = salt(cand["id"]) if salt is not None else secrets.token_bytes(SALT_BYTES)
        seal: dict[str, Any] = {"commitment": commitment(bundle_id, cand["id"], value, grain)}
        opened = {FIELD: value, "salt": grain.hex()}
        if reveal_public is not None:
            sealed = envelope.seal_json(
                reveal_public, PURPOSE, _context(bundle_id, cand["id"]), opened
            )
            seal["envelope"] = base64.b64encode(sealed).decode("ascii")
        else:
            values[cand["id"]] = opened
        cand["blind"] = seal
    if reveal_public is not None:
        return None
    return dumps_pretty({"format": VALUES_FORMAT, "candidates": values})


def check_opened(manifest: Manifest, candidate: Candidate, value: Any, salt: Any) -> Opened:
    """``(value, salt)`` if they open the candidate's commitment; ``BundleError`` otherwise."""
    assert candidate.blind is not None
    try:
        grain = bytes.fromhex(salt)
    except (TypeError, ValueError):
        grain = b""
    if (
        not isinstance(value, bool)
        or len(grain) != SALT_BYTES
        or (
            commitment(manifest.bundle_id, candidate.id, value, grain) != candidate.blind.commitment
        )
    ):
        raise BundleError(
            "manifest.blind",
            f"candidate {candidate.id}: its blind field does not open the commitment in the "
            "signed manifest (a value or salt was altered).",
            BLIND_VALUES_PATH,
        )
    return value, grain


def read_values(manifest: Manifest, data: bytes) -> dict[str, Opened]:
    """Every candidate's opened blind field from ``blind-fields.json`` (already checked
    against the manifest's SHA-256 of it), each checked against its commitment."""

    def refuse(why: str) -> BundleError:
        return BundleError("manifest.blind", why, BLIND_VALUES_PATH)

    try:
        doc = loads_strict(data, max_bytes=_MAX_VALUES_BYTES)
    except StrictJSONError as exc:
        raise refuse(f"not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != VALUES_FORMAT:
        raise refuse(f"not a {VALUES_FORMAT} document")
    listed = doc.get("candidates")
    if not isinstance(listed, dict) or set(listed) != {c.id for c in manifest.candidates}:
        raise refuse("it must give the blind fields of exactly the manifest's candidates")
    out = {}
    for cand in manifest.candidates:
        entry = listed[cand.id]
        if not isinstance(entry, dict) or set(entry) != {FIELD, "salt"}:
            raise refuse(f"candidate {cand.id}: give {FIELD} and salt only")
        out[cand.id] = check_opened(manifest, cand, entry[FIELD], entry["salt"])
    return out


def open_envelope(manifest: Manifest, candidate: Candidate, reveal: X25519PrivateKey) -> Opened:
    """A candidate's blind field sealed to the pinned reveal key, opened with it."""
    from jury_desk.signing import envelope

    assert candidate.blind is not None and candidate.blind.envelope is not None
    sealed = base64.b64decode(candidate.blind.envelope)
    found = envelope.open_json(reveal, PURPOSE, _context(manifest.bundle_id, candidate.id), sealed)
    if not isinstance(found, dict) or set(found) != {FIELD, "salt"}:
        raise BundleError(
            "manifest.blind", f"candidate {candidate.id}: its blind-field envelope is malformed"
        )
    return check_opened(manifest, candidate, found[FIELD], found["salt"])


def payload(opened: Opened) -> Mapping[str, Any]:
    """What the reveal event records of an opened blind field."""
    return {FIELD: opened[0], "salt": opened[1].hex()}
