"""A score sheet sealed blind (DESIGN.md §3): its commitment, its envelope, its receipt.

Sealing a sheet makes three things:

* the **commitment** (``store.audit.sheet_commitment``: SHA-256 of a random salt and the
  sheet's candidate, member and scores), which enters the signed log;
* the **envelope**: the salt and the scores, HPKE-sealed to the session's reveal key and
  bound to the session, candidate and member, so that no file holds the scores in clear
  before the reveal;
* the **receipt**: the commitment's first 12 hex digits, which the member notes. The PV's
  minutes.json lists every sheet's commitment, so the member can check, without trusting
  anyone, that the sheet counted is the one they sealed.

Opening an envelope at the reveal checks it against its commitment: a sheet that is not
the one sealed is refused, whatever key opened it.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from jury_desk.core.receipt import receipt
from jury_desk.signing import envelope
from jury_desk.signing.envelope import EnvelopeError
from jury_desk.store.audit import sheet_commitment

SALT_BYTES = 16


@dataclass(frozen=True)
class SealedSheet:
    commitment: str
    envelope: bytes

    @property
    def receipt(self) -> str:
        return receipt(self.commitment)


@dataclass(frozen=True)
class OpenedSheet:
    salt: bytes
    scores: dict[str, float]


def seal_sheet(
    reveal_public: bytes | X25519PublicKey,
    session: str,
    candidate: str,
    member: str,
    scores: Mapping[str, float],
) -> SealedSheet:
    salt = os.urandom(SALT_BYTES)
    commitment = sheet_commitment(salt, candidate, member, scores)
    sealed = envelope.seal_json(
        reveal_public,
        envelope.SHEET,
        envelope.sheet_context(session, candidate, member),
        {"salt": salt.hex(), "scores": dict(scores)},
    )
    return SealedSheet(commitment, sealed)


def open_sheet(
    reveal: X25519PrivateKey,
    session: str,
    candidate: str,
    member: str,
    sealed: SealedSheet,
) -> OpenedSheet:
    """The salt and scores of a sealed sheet, checked against its commitment."""
    where = envelope.sheet_context(session, candidate, member)
    content: Any = envelope.open_json(reveal, envelope.SHEET, where, sealed.envelope)
    try:
        salt = bytes.fromhex(content["salt"])
        scores = {str(k): float(v) for k, v in content["scores"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise EnvelopeError(f"The sealed sheet of {member} for {candidate} is malformed.") from None
    opened = sheet_commitment(salt, candidate, member, content["scores"])
    if not hmac.compare_digest(opened, sealed.commitment):
        raise EnvelopeError(
            f"The sealed sheet of {member} for {candidate} does not match its commitment: "
            "it is not the sheet that was sealed."
        )
    return OpenedSheet(salt, scores)
