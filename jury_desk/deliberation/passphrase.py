"""Members' passphrases: scrypt hashes only, constant-time checks, throttled retries.

The passphrase itself is never stored, logged or put in the audit chain. Each member has
their own random salt and the scrypt parameters are stored with the hash, so the cost can
be raised later without locking anyone out. After ``FREE_ATTEMPTS`` consecutive failures,
each further failure locks the member out for 2 s, 4 s, 8 s... (capped): slow enough to
stop guessing at the desk, short enough never to stall a jury.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from jury_desk.core.errors import AuthError

MIN_LENGTH = 8
FREE_ATTEMPTS = 2  # the 3rd consecutive failure starts the lock-out
MAX_LOCK_SECONDS = 300
SALT_BYTES = 16
DIGEST_BYTES = 32


class PassphraseError(AuthError):
    """An ``AuthError`` with its own stable code (``auth-failed``, ``auth-throttled``...)."""

    def __init__(
        self, code: str, message: str, retry_after: int | None = None, **params: str
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params = params  # facts a face words in its own language (RuleError.params)
        self.retry_after = retry_after  # seconds to wait, for ``auth-throttled``


@dataclass(frozen=True)
class ScryptParams:
    n: int = 2**14
    r: int = 8
    p: int = 1


PRODUCTION = ScryptParams()
#: Only for tests: the same code path at a fraction of the cost.
FAST_FOR_TESTS = ScryptParams(n=2**4, r=1, p=1)


def check_strength(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_LENGTH:
        raise PassphraseError(
            "passphrase-too-weak",
            f"Choose a passphrase of at least {MIN_LENGTH} characters.",
        )


def derive(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=256 * 1024 * 1024,
        dklen=DIGEST_BYTES,
    )


def new_hash(passphrase: str, params: ScryptParams) -> tuple[bytes, bytes]:
    """(salt, digest) for a newly chosen passphrase."""
    salt = os.urandom(SALT_BYTES)
    return salt, derive(passphrase, salt, params)


def matches(passphrase: str, salt: bytes, digest: bytes, params: ScryptParams) -> bool:
    return hmac.compare_digest(derive(passphrase, salt, params), digest)


def lock_seconds(failures: int) -> int:
    """How long to refuse attempts after ``failures`` consecutive failures (0: not locked)."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_SECONDS)
