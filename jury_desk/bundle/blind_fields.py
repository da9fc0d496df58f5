"""Blind fields sealed in the bundle (DESIGN.md §3; issue 11): unreadable before the reveal.

A sealable blind field (the scholarship flag, the candidate's name: ``SEALABLE``) must not
be readable in the session file before its candidate's reveal. The signed manifest
therefore holds, per candidate and per field, only a **salted commitment** to it: SHA-256
over the bundle, the candidate, the field, its value and 16 random bytes of salt (one salt
per field). A session file stores the signed manifest whole, so nothing of the value is in
it; and the salt makes the commitment useless to guess from (a flag has two values: without
a salt, one hash would tell which; a name could be guessed from a class list).

``record`` and ``documents`` are not sealable (``UNSEALABLE``): the members read the
documents to score, and the graduation rules compute from the record. ``bundle build``
refuses them as blind, and a desk starts no new session from a bundle listing them.

A candidate's opened fields travel as one *entry*: ``{"scholarship": v, "salt": hex}`` for
the flag (its form since the first sealed bundles, kept so that they open unchanged), plus
``{"name": v, "name_salt": hex}`` when the name is sealed too.

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
import functools
import hashlib
import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from jury_desk.bundle.layout import BLIND_VALUES_PATH
from jury_desk.core.errors import BundleError
from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, dumps_pretty, loads_strict

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from jury_desk.bundle.manifest import Candidate, Manifest, Session

FIELD = "scholarship"  # the first sealed field: its entry keys and commitment are unchanged
NAME = "name"
#: The blind fields sealed at rest, in the order an entry lists them.
SEALABLE = (FIELD, NAME)
#: Blind fields a bundle may no longer list: they cannot be sealed (read to score, or
#: computed from by the rules), so listing them would only hide them on screen.
UNSEALABLE = ("record", "documents")
VALUES_FORMAT = "jury-desk-blind-fields/1"
PURPOSE = "blind-field"  # the envelopes' HPKE purpose
_DOMAIN = b"jury-desk/blind-field/1\x00"
SALT_BYTES = 16
_MAX_VALUES_BYTES = 16 * 1024 * 1024

#: A candidate's opened blind fields: field -> (value, salt)
Opened = dict[str, tuple[Any, bytes]]


def salt_key(field: str) -> str:
    """The key of a field's salt in an entry (the flag's is ``salt``, as first sealed)."""
    return "salt" if field == FIELD else f"{field}_salt"


def entry_keys(fields: tuple[str, ...]) -> set[str]:
    return set(fields) | {salt_key(f) for f in fields}


def sealed_fields(session: Session) -> tuple[str, ...]:
    """The blind fields a bundle for ``session`` seals: the sealable ones listed, when a
    reveal opens them (rules under which nobody scores deliberate every candidate from the
    transcript at once, with no reveal: nothing there is blind)."""
    from jury_desk.core.graduates import transcript_only

    if transcript_only(session.graduation_rules):
        return ()
    return tuple(f for f in SEALABLE if f in session.blind_fields)


def seals_blind_fields(session: Session) -> bool:
    """Whether a bundle for ``session`` seals blind fields at all."""
    return bool(sealed_fields(session))


def unsealable(session: Session) -> list[str]:
    """The blind fields ``session`` lists that cannot be sealed (empty: none)."""
    return [f for f in session.blind_fields if f in UNSEALABLE]


def commitment(
    bundle_id: str, candidate_id: str, value: Any, salt: bytes, field: str = FIELD
) -> str:
    """The salted commitment the signed manifest holds for one blind field of a candidate."""
    fields = {
        "bundle": bundle_id,
        "candidate": candidate_id,
        "field": field,
        "value": value,
        "salt": salt.hex(),
    }
    return hashlib.sha256(_DOMAIN + dumps_canonical(fields)).hexdigest()


def _context(bundle_id: str, candidate_id: str, fields: tuple[str, ...]) -> dict[str, str]:
    return {"bundle": bundle_id, "candidate": candidate_id, "field": "+".join(fields)}


def seal_candidates(
    bundle_id: str,
    candidates: list[dict[str, Any]],
    reveal_public: bytes | None,
    salt: Callable[[str], bytes] | None = None,
    fields: tuple[str, ...] = (FIELD,),
    keep: dict[str, dict[str, Any]] | None = None,
) -> bytes | None:
    """Replace each candidate's clear ``fields`` by its ``blind`` seal, in place.
    Returns the ``blind-fields.json`` document to add to the bundle, or None when the
    values are sealed to ``reveal_public`` (the pinned reveal key). ``salt`` (a candidate
    id -> 16 bytes: the flag's; the other fields' derive from it) only for the demo's and
    the tests' reproducible bundles. ``keep``: given each candidate's values and salts
    even when they are sealed (what ``bundle build`` keeps for the secretariat)."""
    from jury_desk.signing import envelope

    values: dict[str, dict[str, Any]] = {}
    for cand in candidates:
        seal: dict[str, Any] = {}
        opened: dict[str, Any] = {}
        for field in fields:
            value = cand.pop(field)
            grain = salt_of(salt, cand["id"], field)
            seal[_SEAL_KEYS[field]] = commitment(bundle_id, cand["id"], value, grain, field)
            opened[field] = value
            opened[salt_key(field)] = grain.hex()
        if reveal_public is not None:
            context = _context(bundle_id, cand["id"], fields)
            sealed = envelope.seal_json(reveal_public, PURPOSE, context, opened)
            seal["envelope"] = base64.b64encode(sealed).decode("ascii")
        else:
            values[cand["id"]] = opened
        if keep is not None:
            keep[cand["id"]] = opened
        cand["blind"] = seal
    if reveal_public is not None:
        return None
    return values_document(values)


def values_document(values: Mapping[str, Mapping[str, Any]]) -> bytes:
    """``blind-fields.json``: each candidate's sealed values and salts. Also what
    ``bundle build`` keeps for the secretariat of a bundle sealed to a pinned key, so that
    ``bundle inspect --blind-values`` checks the commitments against it (``read_values``)."""
    return dumps_pretty({"format": VALUES_FORMAT, "candidates": dict(values)})


def salt_of(salt: Callable[[str], bytes] | None, candidate_id: str, field: str) -> bytes:
    """A field's salt: random, or derived from ``salt`` (reproducible bundles only)."""
    if salt is None:
        return secrets.token_bytes(SALT_BYTES)
    fixed = salt(candidate_id)
    if field == FIELD:
        return fixed
    return hashlib.sha256(fixed + b"|" + field.encode()).digest()[:SALT_BYTES]


#: Where the manifest's seal (``BlindSeal``) holds each field's commitment.
_SEAL_KEYS = {FIELD: "commitment", NAME: "name_commitment"}


@functools.cache
def _name_adapter() -> TypeAdapter[str]:
    from jury_desk.bundle.manifest import Text  # late: the manifest imports this module's users

    return TypeAdapter(Text)


def _valid(field: str, value: Any) -> bool:
    """A flag is a bool; a name is what the manifest accepts as one in clear."""
    if field == FIELD:
        return isinstance(value, bool)
    try:
        _name_adapter().validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


#: How a refusal names a field (``WrongValue.what``).
LABELS = {FIELD: "scholarship flag", NAME: "name"}


class WrongValue(BundleError):
    """An opened value that does not open its commitment; ``what`` names the field."""

    def __init__(self, candidate_id: str, field: str | None) -> None:
        self.what = "blind fields" if field is None else LABELS[field]
        verb = "do" if field is None else "does"
        super().__init__(
            "manifest.blind",
            f"candidate {candidate_id}: its {self.what} {verb} not open its commitment in the "
            "signed manifest (a value or salt was altered).",
            BLIND_VALUES_PATH,
        )


def check_opened(manifest: Manifest, candidate: Candidate, entry: Any) -> Opened:
    """The candidate's opened fields if ``entry`` gives exactly its sealed fields and each
    opens its commitment; ``WrongValue`` otherwise."""
    assert candidate.blind is not None
    fields = candidate.blind.fields()
    if not isinstance(entry, Mapping) or set(entry) != entry_keys(fields):
        raise WrongValue(candidate.id, None)
    out: Opened = {}
    for field in fields:
        value, salt = entry[field], entry[salt_key(field)]
        try:
            grain = bytes.fromhex(salt)
        except (TypeError, ValueError):
            grain = b""
        if (
            not _valid(field, value)
            or len(grain) != SALT_BYTES
            or commitment(manifest.bundle_id, candidate.id, value, grain, field)
            != candidate.blind.commitments()[field]
        ):
            raise WrongValue(candidate.id, field)
        out[field] = (value, grain)
    return out


def read_values(manifest: Manifest, data: bytes) -> dict[str, Opened]:
    """Every candidate's opened blind fields from ``blind-fields.json`` (already checked
    against the manifest's SHA-256 of it), each checked against its commitments."""

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
        assert cand.blind is not None
        wanted = sorted(entry_keys(cand.blind.fields()))
        if not isinstance(entry, dict) or set(entry) != set(wanted):
            raise refuse(f"candidate {cand.id}: give {', '.join(wanted)} only")
        out[cand.id] = check_opened(manifest, cand, entry)
    return out


def envelope_contents(manifest: Manifest, candidate: Candidate, reveal: X25519PrivateKey) -> Any:
    """What a candidate's blind-field envelope (sealed to the pinned reveal key) holds, opened
    with it, unchecked; ``EnvelopeError`` if it does not open."""
    from jury_desk.signing import envelope

    assert candidate.blind is not None and candidate.blind.envelope is not None
    sealed = base64.b64decode(candidate.blind.envelope)
    context = _context(manifest.bundle_id, candidate.id, candidate.blind.fields())
    return envelope.open_json(reveal, PURPOSE, context, sealed)


def well_formed(candidate: Candidate, found: Any) -> bool:
    """Whether an envelope's contents are a value and a salt for each sealed field (which may
    still not open the commitments): only then can anyone check a claim that they do not."""
    assert candidate.blind is not None
    fields = candidate.blind.fields()
    if not isinstance(found, dict) or set(found) != entry_keys(fields):
        return False
    for field in fields:
        salt = found[salt_key(field)]
        if not (
            _valid(field, found[field])
            and isinstance(salt, str)
            and len(salt) == 2 * SALT_BYTES
            and all(c in "0123456789abcdef" for c in salt)
        ):
            return False
    return True


def open_envelope(manifest: Manifest, candidate: Candidate, reveal: X25519PrivateKey) -> Opened:
    """A candidate's blind fields sealed to the pinned reveal key, opened with it."""
    assert candidate.blind is not None
    found = envelope_contents(manifest, candidate, reveal)
    if not isinstance(found, dict) or set(found) != entry_keys(candidate.blind.fields()):
        raise BundleError(
            "manifest.blind", f"candidate {candidate.id}: its blind-field envelope is malformed"
        )
    return check_opened(manifest, candidate, found)


def payload(opened: Opened) -> dict[str, Any]:
    """What the reveal event (and minutes.json) records of a candidate's opened fields."""
    out: dict[str, Any] = {}
    for field in SEALABLE:
        if field in opened:
            out[field] = opened[field][0]
            out[salt_key(field)] = opened[field][1].hex()
    return out
