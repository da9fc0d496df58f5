"""The chair's pinned reveal key (DESIGN.md §3; issue 11, for issue 12's members at home).

Sealed sheets are sealed to the session's *reveal key*. When the bundle pins none, the room
desk makes one at the chair's first sign-in (``phases/blind.make_reveal_key``), so nobody
can seal before the chair has signed in. When the secretariat pins the chair's key, it can
pin the reveal key too, and every member may seal from the start, at home or in the room.

The pinned reveal key is the chair's own *box key* (``member_key.box_key``: X25519, derived
with HKDF from the chair's Ed25519 seed): its secret half is already in the chair's secret
key file, encrypted under the chair's passphrase with scrypt, and the desk keeps it only
re-encrypted at its own cost, like every member's key. So no second secret file exists to
lose, leave in clear, or bring to the wrong desk, and opening the sheets is the chair's
unlocked key, as in the room-made case.

Its public half cannot be computed from the chair's public key (that needs the seed), so
``member keygen --role chair`` writes it to ``NAME.reveal.pub``, *signed by the chair's
key*: ``bundle build`` pins it only with the chair's pinned key, and the manifest's schema
checks that signature, so a reveal key the chair did not make is refused before any session
exists. The desk checks, at the chair's registration, that the key brought opens it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.core.errors import KeyFileError
from jury_desk.core.strict_json import StrictJSONError, dumps_pretty, loads_strict
from jury_desk.signing import member_key

FORMAT = "jury-desk-reveal-key/1"
SUFFIX = ".reveal.pub"
#: What the chair's key signs: the domain, then the 32 raw bytes of the reveal public key.
_CONTEXT = b"jury-desk/reveal-key-pin/1\x00"
_MAX_FILE = 4096


@dataclass(frozen=True)
class RevealPin:
    """The reveal public key and the chair's Ed25519 signature of it."""

    public: bytes  # 32 bytes, X25519
    signature: bytes  # 64 bytes, Ed25519 over _CONTEXT + public

    def fields(self) -> dict[str, str]:
        """The manifest's ``session.reveal_key`` object (and the file's fields)."""
        return {
            "public": base64.b64encode(self.public).decode("ascii"),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    @classmethod
    def from_fields(cls, value: Any) -> RevealPin:
        """``ValueError`` unless ``value`` is {public, signature} in base64, of the sizes."""
        if not isinstance(value, dict) or set(value) != {"public", "signature"}:
            raise ValueError("a reveal key is an object with public and signature only")
        try:
            public = base64.b64decode(value["public"], validate=True)
            signature = base64.b64decode(value["signature"], validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise ValueError("the reveal key's public and signature must be base64") from None
        if len(public) != 32 or len(signature) != 64:
            raise ValueError("a reveal key is 32 bytes, its signature 64")
        return cls(public, signature)

    def made_by(self, chair: PublicKey) -> bool:
        """Whether ``chair``'s key signed this reveal key."""
        return member_key.verify(chair, _CONTEXT + self.public, self.signature)

    def opened_by(self, chair: SecretKey) -> bool:
        """Whether this unlocked key holds the reveal key's secret half."""
        return member_key.box_public(chair) == self.public


def make_pin(chair: SecretKey) -> RevealPin:
    """The chair's reveal key, signed by the chair's key (``member keygen --role chair``)."""
    public = member_key.box_public(chair)
    return RevealPin(public, chair.sign_raw(_CONTEXT + public))


def file_text(pin: RevealPin, name: str) -> str:
    return dumps_pretty({"format": FORMAT, "name": name, **pin.fields()}).decode("utf-8")


def read_file(path: Path) -> RevealPin:
    """A ``NAME.reveal.pub`` file; ``KeyFileError`` saying what is wrong with it."""
    try:
        with path.open("rb") as f:
            data = f.read(_MAX_FILE + 1)
    except OSError as exc:
        raise KeyFileError(f"cannot read it ({exc.strerror or exc}).") from None
    if len(data) > _MAX_FILE:
        raise KeyFileError("it is too large to be a reveal key file.")
    try:
        value = loads_strict(data, max_bytes=_MAX_FILE)
    except StrictJSONError as exc:
        raise KeyFileError(f"it is not a reveal key file ({exc}).") from None
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise KeyFileError(f"it is not a reveal key file (format {FORMAT} expected).")
    try:
        fields = {k: v for k, v in value.items() if k in ("public", "signature")}
        return RevealPin.from_fields(fields)
    except ValueError as exc:
        raise KeyFileError(f"it is not a valid reveal key file ({exc}).") from None
