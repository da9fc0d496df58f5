"""A jury member's signing key (DESIGN.md §4): Ed25519, in minisign's file formats.

The public key is a minisign public key (what the bundle pins, one line of base64); the
secret key is a minisign secret key file, its key part encrypted under the member's
passphrase with scrypt exactly as minisign does (``bundle/minisign.py`` reads and writes
both, byte-compatible with minisign 0.11). Unlocking the key *is* the passphrase check: a
wrong passphrase cannot decrypt it, and nothing else about the passphrase is stored.

The scrypt cost is the desk's passphrase cost (N=2^14, r=8, p=1, 16 MiB) rather than
minisign's default (1 GiB): a member unlocks their key at every act, on a shared laptop,
so each unlock must stay well under a second. It is written in the file, so minisign
reads these keys as they are.

Besides signing, the key derives the member's *box* key: an X25519 key pair (HKDF-SHA256
of the Ed25519 seed, domain-separated) that envelopes (``envelope.py``) are sealed to,
for the member's drafts and, for the chair, the reveal key. Its public half is published
in the member's signed key registration, so anyone can seal to it; only the holder of
the unlocked Ed25519 key can open.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from jury_desk.bundle.minisign import MAX_PASSPHRASE, PublicKey, SecretKey, is_encrypted
from jury_desk.core.errors import KeyFileError

#: HKDF ``info`` of the box key: the same seed never serves two algorithms unseparated.
_BOX_INFO = b"jury-desk/member-box-key/1"


@dataclass(frozen=True)
class KeyCost:
    """The scrypt cost written into a member's secret key file (libsodium's units)."""

    opslimit: int
    memlimit: int


#: N=2^14, r=8, p=1: the cost of the desk's passphrase hash today.
MEMBER = KeyCost(opslimit=524_288, memlimit=16_777_216)
#: Only for tests: N=2^10, the smallest cost minisign itself accepts to read.
FAST_FOR_TESTS = KeyCost(opslimit=32_768, memlimit=16_777_216)


def passphrase_bytes(passphrase: str) -> bytes:
    """The bytes minisign would hash for this passphrase (UTF-8, one line)."""
    data = passphrase.encode("utf-8")
    if len(data) > MAX_PASSPHRASE or any(c in data for c in b"\r\n\x00"):
        raise KeyFileError(
            f"A passphrase is one line of at most {MAX_PASSPHRASE} bytes; choose another."
        )
    return data


def new_key(comment: str, passphrase: str, cost: KeyCost = MEMBER) -> tuple[SecretKey, str]:
    """A fresh key pair: the key in memory and its encrypted secret key file text."""
    key = SecretKey.generate()
    text = _with_comment(key, comment).to_text(
        passphrase_bytes(passphrase), opslimit=cost.opslimit, memlimit=cost.memlimit
    )
    return key, text


def _with_comment(key: SecretKey, comment: str) -> SecretKey:
    return SecretKey(key_id=key.key_id, seed=key.seed, public=key.public, comment=comment)


def unlock(secret_text: str | bytes, passphrase: str, *, source: str = "The key") -> SecretKey:
    """The secret key, decrypted with ``passphrase``; a wrong one raises ``KeyFileError``.

    A key stored without a passphrase (``minisign -G -W``) is refused: anyone holding the
    file could then act in the member's name.
    """
    data = secret_text.encode("utf-8") if isinstance(secret_text, str) else secret_text
    if not is_encrypted(data, source):
        raise KeyFileError(
            f"{source} is not protected by a passphrase; a member's key must be "
            "(make one with `jury-desk member keygen`)."
        )
    return SecretKey.from_text(data, passphrase_bytes(passphrase), source=source)


def verify(public: PublicKey | Ed25519PublicKey, message: bytes, signature: bytes) -> bool:
    """True when ``signature`` is ``public``'s Ed25519 signature of ``message``."""
    key = public if isinstance(public, Ed25519PublicKey) else ed25519(public)
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def ed25519(public: PublicKey) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(public.public)


def fingerprint(public: PublicKey) -> str:
    """SHA-256 (hex) of the raw public key: what the PV prints and a member checks."""
    return hashlib.sha256(public.public).hexdigest()


def box_key(key: SecretKey) -> X25519PrivateKey:
    """The member's X25519 box key, derived from their unlocked signing key."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_BOX_INFO).derive(key.seed)
    return X25519PrivateKey.from_private_bytes(seed)


def box_public(key: SecretKey) -> bytes:
    """The raw 32 bytes of the box key's public half (published at registration)."""
    return box_key(key).public_key().public_bytes_raw()


def signing_key(key: SecretKey) -> Ed25519PrivateKey:
    """The member's unlocked key as ``cryptography``'s Ed25519 key: what a member desk signs
    its messages to the room with (``exchange/envelope.py``)."""
    return Ed25519PrivateKey.from_private_bytes(key.seed)
