"""Sealed envelopes (DESIGN.md §3, blind at rest): HPKE, from ``cryptography``.

Every envelope is RFC 9180 HPKE in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256
and ChaCha20-Poly1305, sealed to an X25519 public key. Nothing here is a new construction:
the only choice made is the HPKE ``info``, which binds an envelope to what it is (its
purpose and the session, candidate and member it belongs to), so an envelope copied to
another row, candidate or session no longer opens.

Three uses, one function pair:

* a **sealed sheet** is sealed to the session's *reveal key*;
* a **draft** is sealed to its author's box key (``member_key.box_key``);
* the **reveal key**'s secret half is sealed to the chair's box key: only the chair's
  unlocked key opens it, and it is never in the file in clear.

An envelope that does not open (wrong key, altered bytes, moved) raises ``EnvelopeError``
and yields nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from jury_desk.core.errors import JuryDeskError
from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
_INFO_PREFIX = b"jury-desk/envelope/1\x00"
#: The encapsulated key (32) plus the AEAD tag (16): an envelope is never shorter.
OVERHEAD = 48
MAX_ENVELOPE = 1 << 20

SHEET = "sealed-sheet"
DRAFT = "draft"
REVEAL_KEY = "reveal-key"


class EnvelopeError(JuryDeskError):
    """An envelope could not be opened: wrong key, altered, or not where it was sealed."""

    code = "envelope"


def _info(purpose: str, context: Mapping[str, Any]) -> bytes:
    return _INFO_PREFIX + dumps_canonical({"purpose": purpose, **context})


def _public(recipient: bytes | X25519PublicKey) -> X25519PublicKey:
    if isinstance(recipient, X25519PublicKey):
        return recipient
    try:
        return X25519PublicKey.from_public_bytes(bytes(recipient))
    except ValueError:
        raise EnvelopeError("The recipient's key is not a 32-byte X25519 public key.") from None


def seal(
    recipient: bytes | X25519PublicKey, purpose: str, context: Mapping[str, Any], plaintext: bytes
) -> bytes:
    """HPKE-seal ``plaintext`` to ``recipient``, bound to ``purpose`` and ``context``."""
    return _SUITE.encrypt(plaintext, _public(recipient), info=_info(purpose, context))


def open_(
    key: X25519PrivateKey, purpose: str, context: Mapping[str, Any], envelope: bytes
) -> bytes:
    """The plaintext of an envelope sealed to ``key`` with this purpose and context."""
    if not OVERHEAD <= len(envelope) <= MAX_ENVELOPE:
        raise EnvelopeError(f"This is not a {purpose} envelope (wrong size).")
    try:
        return _SUITE.decrypt(bytes(envelope), key, info=_info(purpose, context))
    except (InvalidTag, ValueError):
        raise EnvelopeError(
            f"The {purpose} envelope does not open with this key: it was sealed to another "
            "key, altered, or moved from where it was sealed."
        ) from None


def seal_json(
    recipient: bytes | X25519PublicKey, purpose: str, context: Mapping[str, Any], value: Any
) -> bytes:
    return seal(recipient, purpose, context, dumps_canonical(value))


def open_json(
    key: X25519PrivateKey, purpose: str, context: Mapping[str, Any], envelope: bytes
) -> Any:
    data = open_(key, purpose, context, envelope)
    try:
        return loads_strict(data, max_bytes=MAX_ENVELOPE)
    except StrictJSONError as exc:  # only a sealer holding no key could write this
        raise EnvelopeError(f"The {purpose} envelope holds no valid JSON ({exc}).") from None


# --------------------------------------------------------------------------- the reveal key


def new_reveal_key() -> X25519PrivateKey:
    """A session's reveal key; the caller keeps only its public half and the wrapped secret."""
    return X25519PrivateKey.generate()


def public_bytes(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def wrap_reveal_key(
    reveal: X25519PrivateKey, chair_box: bytes | X25519PublicKey, session: str
) -> bytes:
    """The reveal key's secret half, sealed to the chair's box key for this session."""
    return seal(chair_box, REVEAL_KEY, {"session": session}, reveal.private_bytes_raw())


def unwrap_reveal_key(
    chair_box: X25519PrivateKey, session: str, wrapped: bytes
) -> X25519PrivateKey:
    """The reveal key, opened with the chair's box key (``member_key.box_key``)."""
    return X25519PrivateKey.from_private_bytes(
        open_(chair_box, REVEAL_KEY, {"session": session}, wrapped)
    )


def sheet_context(session: str, candidate: str, member: str) -> dict[str, str]:
    """Where a sheet or draft belongs: its envelope opens nowhere else."""
    return {"session": session, "candidate": candidate, "member": member}
