"""The minisign formats (https://jedisct1.github.io/minisign/): keys, signing, verification.

The secretariat may sign a bundle with the stock ``minisign -S`` tool or with
``jury-desk bundle sign``, so everything here is byte-compatible with minisign 0.11:

* public key: ``untrusted comment: ...`` + base64("Ed" || key_id(8) || pk(32));
* signature: 4 lines (untrusted comment, base64(alg || key_id || sig), ``trusted comment: ...``,
  base64(global_sig)); alg "ED" signs BLAKE2b-512(data), legacy "Ed" signs the data itself;
  the global signature covers sig || trusted_comment, so the trusted comment cannot be edited;
* secret key: base64 of a 158-byte record whose key part is XORed with an scrypt stream
  (libsodium's crypto_pwhash_scryptsalsa208sha256 parameters), or stored as is ("\\0\\0").

Parsing is strict and total: a malformed file is always a known error, never a traceback.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jury_desk.bundle.layout import MAX_SIGNATURE_FILE, SIGNATURE_NAME
from jury_desk.core.errors import BundleError, KeyFileError, UsageError

SIG_ALG_LEGACY = b"Ed"  # Ed25519 over the raw data
SIG_ALG_PREHASHED = b"ED"  # Ed25519 over BLAKE2b-512(data); minisign's default since 0.8
KDF_SCRYPT = b"Sc"
KDF_NONE = b"\x00\x00"
CHECKSUM_BLAKE2B = b"B2"

UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "

#: minisign's (libsodium's "sensitive") scrypt cost: N=2^20, r=8, p=1, i.e. 1 GiB of memory.
DEFAULT_OPSLIMIT = 33_554_432
DEFAULT_MEMLIMIT = 1_073_741_824


# Line caps of minisign itself (fgets into 1024- and 8192-byte buffers, newline included):
# staying within them keeps every file we accept or write readable by the stock tool.
MAX_UNTRUSTED_LINE = 1022
MAX_TRUSTED_LINE = 8190
MAX_TRUSTED_COMMENT = MAX_TRUSTED_LINE - len(TRUSTED_PREFIX)
MAX_UNTRUSTED_COMMENT = MAX_UNTRUSTED_LINE - len(UNTRUSTED_PREFIX)
MAX_PASSPHRASE = 1023  # minisign's PASSWORDMAXBYTES minus the terminating NUL
MAX_KEY_FILE = 4096

_KEY_ID = 8
_ED_PUBLIC = 32
_ED_SECRET = 64  # libsodium's layout: seed(32) || public key(32)
_ED_SIG = 64
_SALT = 32
_CHECKSUM = 32
_KEYNUM_SK = _KEY_ID + _ED_SECRET + _CHECKSUM  # the 104 bytes the scrypt stream covers
_PUBLIC_RECORD = 2 + _KEY_ID + _ED_PUBLIC
_SIGNATURE_RECORD = 2 + _KEY_ID + _ED_SIG
_SECRET_RECORD = 2 + 2 + 2 + _SALT + 8 + 8 + _KEYNUM_SK

# A secret key file chooses its own scrypt cost; refuse one costlier than minisign's default
# so a hostile key file cannot make the desk allocate gigabytes or spin for minutes.
_MAX_SCRYPT_WORK = (1 << 20) * 8 * 1


class _Malformed(ValueError):
    """Internal: why a file does not parse; turned into the caller's known error."""


# --------------------------------------------------------------------------- helpers


def _lines(data: bytes, count: int, cap: int) -> list[str]:
    """Split a minisign text file into exactly ``count`` lines (LF or CRLF, final EOL optional)."""
    if len(data) > cap:
        raise _Malformed(f"it is {len(data)} bytes, more than the {cap} a minisign file can be")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise _Malformed(f"it is not valid UTF-8 text (byte {exc.start})") from None
    if text.endswith("\n"):
        text = text[:-1]
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if len(lines) != count:
        raise _Malformed(f"it has {len(lines)} lines, expected {count}")
    for line in lines:
        if "\r" in line or "\x00" in line:
            raise _Malformed("it contains a stray carriage return or NUL character")
    return lines


def _comment(line: str, prefix: str, max_line: int) -> str:
    if not line.startswith(prefix):
        raise _Malformed(f"a line should start with {prefix.strip()!r}")
    if len(line.encode("utf-8")) > max_line:
        raise _Malformed(f"a comment line is longer than {max_line} bytes")
    return line[len(prefix) :]


def _b64(line: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(line.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise _Malformed(f"the {what} is not valid base64") from None
    # Re-encoding must give the same text: refuses non-canonical padding bits and
    # therefore any second spelling of the same signature.
    if len(raw) != size or base64.b64encode(raw).decode("ascii") != line:
        raise _Malformed(f"the {what} is not a {size}-byte base64 record")
    return raw


def _check_comment_text(text: str, limit: int, what: str) -> str:
    if any(c in text for c in "\r\n\x00"):
        raise UsageError(f"The {what} must be one line without NUL characters.")
    if len(text.encode("utf-8")) > limit:
        raise UsageError(f"The {what} must be at most {limit} bytes long.")
    return text


def _key_id_hex(key_id: bytes) -> str:
    # minisign prints le64_load(keynum) with %016" PRIX64 ".
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _read_capped(path: Path, cap: int, what: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        raise KeyFileError(f"Cannot read the {what} {path}: {exc.strerror or exc}.") from None
    if len(data) > cap:
        raise KeyFileError(f"{path} is too large to be a minisign {what}.")
    return data


# --------------------------------------------------------------------------- public key


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: what a desk pins in its trust store."""

    key_id: bytes
    public: bytes
    comment: str = ""

    def __post_init__(self) -> None:
        if len(self.key_id) != _KEY_ID or len(self.public) != _ED_PUBLIC:
            raise ValueError("a minisign public key has an 8-byte id and a 32-byte key")
        _check_comment_text(self.comment, MAX_UNTRUSTED_COMMENT, "key comment")

    @property
    def key_id_hex(self) -> str:
        """The key id exactly as ``minisign`` prints it (16 uppercase hex digits)."""
        return _key_id_hex(self.key_id)

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of the raw 32-byte Ed25519 key, to confirm a key out of band."""
        return hashlib.sha256(self.public).hexdigest()

    @classmethod
    def from_base64(cls, line: str, *, comment: str = "") -> PublicKey:
        """Parse the one-line form (what ``minisign -P`` takes)."""
        try:
            raw = _b64(line.strip(), _PUBLIC_RECORD, "public key")
        except _Malformed as exc:
            raise KeyFileError(f"This is not a minisign public key: {exc}.") from None
        return cls._from_record(raw, comment, "This")

    @classmethod
    def from_text(cls, text: str, *, source: str = "The public key") -> PublicKey:
        try:
            first, second = _lines(text.encode("utf-8", "surrogatepass"), 2, MAX_KEY_FILE)
            comment = _comment(first, UNTRUSTED_PREFIX, MAX_UNTRUSTED_LINE)
            raw = _b64(second, _PUBLIC_RECORD, "public key")
        except _Malformed as exc:
            raise KeyFileError(f"{source} is not a minisign public key: {exc}.") from None
        return cls._from_record(raw, comment, source)

    @classmethod
    def from_file(cls, path: Path) -> PublicKey:
        data = _read_capped(Path(path), MAX_KEY_FILE, "public key file")
        try:
            text = data.decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise KeyFileError(f"{path} is not a minisign public key (not UTF-8 text).") from None
        return cls.from_text(text, source=str(path))

    @classmethod
    def _from_record(cls, raw: bytes, comment: str, source: str) -> PublicKey:
        if raw[:2] != SIG_ALG_LEGACY:
            raise KeyFileError(f"{source} is not an Ed25519 minisign public key.")
        return cls(key_id=raw[2:10], public=raw[10:], comment=comment)

    def to_base64(self) -> str:
        return base64.b64encode(SIG_ALG_LEGACY + self.key_id + self.public).decode("ascii")

    def to_text(self) -> str:
        comment = self.comment or f"minisign public key {self.key_id_hex}"
        return f"{UNTRUSTED_PREFIX}{comment}\n{self.to_base64()}\n"


# --------------------------------------------------------------------------- secret key


def scrypt_params(opslimit: int, memlimit: int) -> tuple[int, int, int]:
    """(N, r, p) exactly as libsodium's crypto_pwhash_scryptsalsa208sha256 "pickparams"."""
    opslimit = max(opslimit, 32768)
    r = 8
    cpu_bound = opslimit < memlimit // 32
    max_n = opslimit // (r * 4) if cpu_bound else memlimit // (r * 128)
    n_log2 = 1
    while n_log2 < 63 and (1 << n_log2) <= max_n // 2:
        n_log2 += 1
    if cpu_bound:
        return 1 << n_log2, r, 1
    max_rp = min((opslimit // 4) // (1 << n_log2), 0x3FFFFFFF)
    return 1 << n_log2, r, max_rp // r


def _scrypt_stream(passphrase: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    n, r, p = scrypt_params(opslimit, memlimit)
    if p < 1 or n * r * p > _MAX_SCRYPT_WORK:
        raise KeyFileError(
            "The key file asks for an unsupported key-derivation cost; "
            "re-create the key with minisign or jury-desk."
        )
    # OpenSSL needs 128*r*(N+p+2) bytes; hashlib's default cap (32 MiB) is far too low.
    maxmem = 128 * r * (n + p + 2) + (1 << 20)
    return hashlib.scrypt(passphrase, salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=_KEYNUM_SK)


def _checksum(key_id: bytes, secret: bytes) -> bytes:
    return hashlib.blake2b(SIG_ALG_LEGACY + key_id + secret, digest_size=_CHECKSUM).digest()


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _check_passphrase(passphrase: bytes) -> None:
    # minisign reads the passphrase with fgets() and hashes strlen() bytes of it.
    if len(passphrase) > MAX_PASSPHRASE or any(c in passphrase for c in b"\r\n\x00"):
        raise UsageError(
            f"The passphrase must be one line of at most {MAX_PASSPHRASE} bytes without NUL."
        )


@dataclass(frozen=True)
class _SecretRecord:
    kdf: bytes
    salt: bytes
    opslimit: int
    memlimit: int
    keynum_sk: bytes
    comment: str


def _parse_secret(data: bytes, source: str) -> _SecretRecord:
    try:
        first, second = _lines(data, 2, MAX_KEY_FILE)
        comment = _comment(first, UNTRUSTED_PREFIX, MAX_UNTRUSTED_LINE)
        raw = _b64(second, _SECRET_RECORD, "secret key")
    except _Malformed as exc:
        raise KeyFileError(f"{source} is not a minisign secret key: {exc}.") from None
    if raw[0:2] != SIG_ALG_LEGACY:
        raise KeyFileError(f"{source} is not an Ed25519 minisign secret key.")
    if raw[2:4] not in (KDF_SCRYPT, KDF_NONE) or raw[4:6] != CHECKSUM_BLAKE2B:
        raise KeyFileError(f"{source} uses a key protection this version does not know.")
    return _SecretRecord(
        kdf=raw[2:4],
        salt=raw[6:38],
        opslimit=int.from_bytes(raw[38:46], "little"),
        memlimit=int.from_bytes(raw[46:54], "little"),
        keynum_sk=raw[54:],
        comment=comment,
    )


def is_encrypted(data: bytes, source: str) -> bool:
    """True when the secret key text is passphrase-protected (scrypt)."""
    return _parse_secret(data, source).kdf == KDF_SCRYPT


def key_file_needs_passphrase(path: Path) -> bool:
    """True when the secret key file is passphrase-protected (so the CLI knows to ask)."""
    return is_encrypted(_read_capped(Path(path), MAX_KEY_FILE, "secret key file"), str(path))


@dataclass(frozen=True, repr=False)
class SecretKey:
    """A minisign secret key in memory. Its repr never shows the key material."""

    key_id: bytes
    seed: bytes = field(compare=False)
    public: bytes
    comment: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if len(self.key_id) != _KEY_ID or len(self.seed) != 32 or len(self.public) != 32:
            raise ValueError("a minisign secret key has an 8-byte id and a 32-byte seed")

    def __repr__(self) -> str:
        return f"SecretKey(key_id={self.key_id_hex})"

    @property
    def key_id_hex(self) -> str:
        return _key_id_hex(self.key_id)

    @classmethod
    def generate(cls) -> SecretKey:
        private = Ed25519PrivateKey.generate()
        return cls(
            key_id=os.urandom(_KEY_ID),
            seed=private.private_bytes_raw(),
            public=private.public_key().public_bytes_raw(),
        )

    @classmethod
    def from_text(
        cls, text: str | bytes, passphrase: bytes | None, *, source: str = "The secret key"
    ) -> SecretKey:
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        record = _parse_secret(data, source)
        keynum_sk = record.keynum_sk
        if record.kdf == KDF_SCRYPT:
            if passphrase is None:
                raise KeyFileError(f"{source} is encrypted: give its passphrase.")
            stream = _scrypt_stream(passphrase, record.salt, record.opslimit, record.memlimit)
            keynum_sk = _xor(keynum_sk, stream)
        key_id, secret, checksum = keynum_sk[:8], keynum_sk[8:72], keynum_sk[72:]
        expected = _checksum(key_id, secret)
        # `minisign -G -W` leaves the checksum zeroed; every other writer fills it in.
        unchecked = record.kdf == KDF_NONE and checksum == bytes(_CHECKSUM)
        if not unchecked and not hmac.compare_digest(checksum, expected):
            if record.kdf == KDF_SCRYPT:
                raise KeyFileError(f"Wrong passphrase for {source}.")
            raise KeyFileError(f"{source} is damaged (its checksum does not match).")
        seed, public = secret[:32], secret[32:]
        derived = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
        if not hmac.compare_digest(derived, public):
            raise KeyFileError(f"{source} is damaged (its two halves do not match).")
        return cls(key_id=key_id, seed=seed, public=public, comment=record.comment)

    @classmethod
    def from_file(cls, path: Path, passphrase: bytes | None) -> SecretKey:
        data = _read_capped(Path(path), MAX_KEY_FILE, "secret key file")
        return cls.from_text(data, passphrase, source=str(path))

    def to_text(
        self,
        passphrase: bytes | None,
        *,
        opslimit: int = DEFAULT_OPSLIMIT,
        memlimit: int = DEFAULT_MEMLIMIT,
    ) -> str:
        """The key file text; scrypt-encrypted unless ``passphrase`` is None (``minisign -W``).

        ``opslimit``/``memlimit`` are stored in the file and only lowered in tests.
        """
        secret = self.seed + self.public
        keynum_sk = self.key_id + secret + _checksum(self.key_id, secret)
        if passphrase is None:
            kdf, salt, ops, mem = KDF_NONE, bytes(_SALT), 0, 0
            default_comment = "minisign unencrypted secret key"
        else:
            _check_passphrase(passphrase)
            kdf, salt, ops, mem = KDF_SCRYPT, os.urandom(_SALT), opslimit, memlimit
            keynum_sk = _xor(keynum_sk, _scrypt_stream(passphrase, salt, ops, mem))
            default_comment = "minisign encrypted secret key"
        record = (
            SIG_ALG_LEGACY
            + kdf
            + CHECKSUM_BLAKE2B
            + salt
            + ops.to_bytes(8, "little")
            + mem.to_bytes(8, "little")
            + keynum_sk
        )
        encoded = base64.b64encode(record).decode("ascii")
        return f"{UNTRUSTED_PREFIX}{self.comment or default_comment}\n{encoded}\n"

    def public_key(self) -> PublicKey:
        return PublicKey(key_id=self.key_id, public=self.public)

    def sign_raw(self, message: bytes) -> bytes:
        """A bare Ed25519 signature of ``message`` (no minisign framing): the event log's."""
        return self._private().sign(message)

    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True)
class ParsedSignature:
    """The fields of a .minisig file, not yet verified."""

    untrusted_comment: str
    prehashed: bool
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes

    @property
    def key_id_hex(self) -> str:
        return _key_id_hex(self.key_id)


@dataclass(frozen=True)
class VerifiedSignature:
    key: PublicKey
    trusted_comment: str
    prehashed: bool


def _sig_error(check: str, message: str) -> BundleError:
    return BundleError(check, message, entry=SIGNATURE_NAME)


def parse_signature(sig_file: bytes) -> ParsedSignature:
    """Parse a .minisig file strictly; anything malformed is ``signature.format``."""
    try:
        lines = _lines(bytes(sig_file), 4, MAX_SIGNATURE_FILE)
        untrusted = _comment(lines[0], UNTRUSTED_PREFIX, MAX_UNTRUSTED_LINE)
        record = _b64(lines[1], _SIGNATURE_RECORD, "signature")
        trusted = _comment(lines[2], TRUSTED_PREFIX, MAX_TRUSTED_LINE)
        global_sig = _b64(lines[3], _ED_SIG, "global signature")
        if record[:2] not in (SIG_ALG_PREHASHED, SIG_ALG_LEGACY):
            raise _Malformed("its algorithm is neither Ed25519 (ED) nor legacy Ed25519 (Ed)")
    except _Malformed as exc:
        raise _sig_error(
            "signature.format",
            f"The signature file is not a minisign signature: {exc}. "
            "Ask the secretariat to sign the bundle again.",
        ) from None
    return ParsedSignature(
        untrusted_comment=untrusted,
        prehashed=record[:2] == SIG_ALG_PREHASHED,
        key_id=record[2:10],
        signature=record[10:],
        trusted_comment=trusted,
        global_signature=global_sig,
    )


def _signed_message(data: bytes, prehashed: bool) -> bytes:
    return hashlib.blake2b(data, digest_size=64).digest() if prehashed else data


def default_trusted_comment(file_name: str | None = None, *, prehashed: bool = True) -> str:
    """minisign's default: ``timestamp:<unix time>[\\tfile:<name>][\\thashed]``."""
    parts = [f"timestamp:{int(time.time())}"]
    if file_name:
        parts.append(f"file:{file_name}")
    if prehashed:
        parts.append("hashed")
    return "\t".join(parts)


def sign(
    data: bytes,
    sk: SecretKey,
    *,
    trusted_comment: str | None = None,
    prehashed: bool = True,
    untrusted_comment: str = "signature from minisign secret key",
) -> bytes:
    """The bytes of a .minisig file for ``data``, as ``minisign -S`` (or ``-S -l``) writes it.

    Ed25519 is deterministic: with an explicit ``trusted_comment`` the output is reproducible.
    """
    if trusted_comment is None:
        trusted_comment = default_trusted_comment(prehashed=prehashed)
    _check_comment_text(trusted_comment, MAX_TRUSTED_COMMENT, "trusted comment")
    _check_comment_text(untrusted_comment, MAX_UNTRUSTED_COMMENT, "untrusted comment")
    private = sk._private()
    alg = SIG_ALG_PREHASHED if prehashed else SIG_ALG_LEGACY
    signature = private.sign(_signed_message(data, prehashed))
    global_sig = private.sign(signature + trusted_comment.encode("utf-8"))
    record = base64.b64encode(alg + sk.key_id + signature).decode("ascii")
    text = (
        f"{UNTRUSTED_PREFIX}{untrusted_comment}\n{record}\n"
        f"{TRUSTED_PREFIX}{trusted_comment}\n{base64.b64encode(global_sig).decode('ascii')}\n"
    )
    return text.encode("utf-8")


def _ed25519_ok(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def verify(data: bytes, sig_file: bytes, trusted: Sequence[PublicKey]) -> VerifiedSignature:
    """Check a .minisig over ``data`` against the trusted keys, in minisign's order.

    Raises BundleError (entry ``manifest.json.minisig``) with check ``signature.format``,
    ``signature.unknown-key``, ``signature.invalid`` or ``signature.trusted-comment``.
    """
    parsed = parse_signature(sig_file)
    candidates = [key for key in trusted if hmac.compare_digest(key.key_id, parsed.key_id)]
    if not candidates:
        raise _sig_error(
            "signature.unknown-key",
            f"The bundle is signed with key {parsed.key_id_hex}, which this desk does not "
            "trust. Check the key with the secretariat and add it to the trusted keys.",
        )
    message = _signed_message(bytes(data), parsed.prehashed)
    # Two slots may pin keys with the same id (a re-generated key); any valid one will do.
    key = next((k for k in candidates if _ed25519_ok(k.public, parsed.signature, message)), None)
    if key is None:
        raise _sig_error(
            "signature.invalid",
            f"The signature by key {parsed.key_id_hex} does not match manifest.json: the "
            "bundle was altered or damaged. Ask the secretariat for a fresh copy.",
        )
    comment = parsed.signature + parsed.trusted_comment.encode("utf-8")
    if not _ed25519_ok(key.public, parsed.global_signature, comment):
        raise _sig_error(
            "signature.trusted-comment",
            "The trusted comment of the signature was altered. "
            "Ask the secretariat for a fresh copy of the bundle.",
        )
    return VerifiedSignature(
        key=key, trusted_comment=parsed.trusted_comment, prehashed=parsed.prehashed
    )
