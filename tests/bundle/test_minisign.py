"""Unit tests of the minisign formats (no external tool; see test_minisign_interop.py)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.bundle import minisign as ms
from jury_desk.bundle.minisign import PublicKey, SecretKey, parse_signature, sign, verify
from jury_desk.core.errors import BundleError, KeyFileError, UsageError

# libsodium's "interactive" cost (N=2^14): fast, and still a real scrypt the stock tool reads.
FAST = {"opslimit": 524_288, "memlimit": 16_777_216}
DATA = b'{"format": "jury-desk-bundle/1"}\n'
COMMENT = "timestamp:1700000000\tfile:manifest.json\thashed"


@pytest.fixture(scope="module")
def sk() -> SecretKey:
    return SecretKey.generate()


@pytest.fixture(scope="module")
def pk(sk: SecretKey) -> PublicKey:
    return sk.public_key()


def _lines(sig: bytes) -> list[bytes]:
    return sig.split(b"\n")


def _b64_edit(line: bytes, index: int, xor: int = 0x01, value: bytes | None = None) -> bytes:
    raw = bytearray(base64.b64decode(line))
    if value is not None:
        raw[index : index + len(value)] = value
    else:
        raw[index] ^= xor
    return base64.b64encode(bytes(raw))


def _replace_line(sig: bytes, number: int, new: bytes) -> bytes:
    lines = _lines(sig)
    lines[number] = new
    return b"\n".join(lines)


def _check(exc: pytest.ExceptionInfo[BundleError], check: str) -> None:
    assert exc.value.code == check
    assert exc.value.entry == "manifest.json.minisig"


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize(("prehashed", "alg"), [(True, b"ED"), (False, b"Ed")])
def test_sign_verify_round_trip(sk, pk, prehashed, alg):
    sig = sign(DATA, sk, trusted_comment=COMMENT, prehashed=prehashed)
    lines = _lines(sig)
    assert len(lines) == 5 and lines[4] == b""  # four lines, newline-terminated
    assert lines[0] == b"untrusted comment: signature from minisign secret key"
    assert base64.b64decode(lines[1])[:10] == alg + sk.key_id
    assert lines[2] == b"trusted comment: " + COMMENT.encode()
    result = verify(DATA, sig, [pk])
    assert result.key == pk
    assert result.trusted_comment == COMMENT
    assert result.prehashed is prehashed


def test_prehashed_signature_covers_blake2b_of_data(sk, pk):
    sig = parse_signature(sign(DATA, sk, trusted_comment=COMMENT))
    digest = hashlib.blake2b(DATA, digest_size=64).digest()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    Ed25519PublicKey.from_public_bytes(pk.public).verify(sig.signature, digest)  # no raise


def test_signing_is_deterministic_with_a_fixed_comment(sk):
    assert sign(DATA, sk, trusted_comment=COMMENT) == sign(DATA, sk, trusted_comment=COMMENT)


def test_default_trusted_comment_has_timestamp_and_hashed_flag(sk, pk):
    comment = verify(DATA, sign(DATA, sk), [pk]).trusted_comment
    assert comment.startswith("timestamp:") and comment.endswith("\thashed")
    legacy = verify(DATA, sign(DATA, sk, prehashed=False), [pk]).trusted_comment
    assert "hashed" not in legacy


def test_verify_picks_the_matching_key_among_several(sk, pk):
    other = SecretKey.generate().public_key()
    assert verify(DATA, sign(DATA, sk), [other, pk]).key == pk


def test_crlf_and_missing_final_newline_are_accepted(sk, pk):
    sig = sign(DATA, sk, trusted_comment=COMMENT)
    assert verify(DATA, sig.replace(b"\n", b"\r\n"), [pk]).trusted_comment == COMMENT
    assert verify(DATA, sig.rstrip(b"\n"), [pk]).trusted_comment == COMMENT


def test_untrusted_comment_is_not_covered(sk, pk):
    sig = _replace_line(sign(DATA, sk), 0, b"untrusted comment: edited by anyone")
    assert verify(DATA, sig, [pk]).key == pk


# --------------------------------------------------------------------------- tampering


Tamper = Callable[[bytes], tuple[bytes, bytes]]


def _flip_data(sig: bytes) -> tuple[bytes, bytes]:
    return bytes([DATA[0] ^ 1]) + DATA[1:], sig


def _edit_line(number: int, edit: Callable[[bytes], bytes]) -> Tamper:
    return lambda sig: (DATA, _replace_line(sig, number, edit(_lines(sig)[number])))


TAMPERING = {
    # name: (prehashed, tamper(sig) -> (data, sig), expected check)
    "data byte (ED)": (True, _flip_data, "signature.invalid"),
    "data byte (legacy Ed)": (False, _flip_data, "signature.invalid"),
    # first, middle and last byte of the Ed25519 signature inside the record
    "signature byte 0": (True, _edit_line(1, lambda ln: _b64_edit(ln, 10)), "signature.invalid"),
    "signature byte 31": (True, _edit_line(1, lambda ln: _b64_edit(ln, 41)), "signature.invalid"),
    "signature byte 63": (True, _edit_line(1, lambda ln: _b64_edit(ln, 73)), "signature.invalid"),
    # "ED" read as legacy "Ed" means other signed bytes
    "algorithm switched": (
        True,
        _edit_line(1, lambda ln: _b64_edit(ln, 0, value=b"Ed")),
        "signature.invalid",
    ),
    "trusted comment": (
        True,
        _edit_line(2, lambda ln: ln + b" (edited)"),
        "signature.trusted-comment",
    ),
    "global signature": (
        True,
        _edit_line(3, lambda ln: _b64_edit(ln, 5)),
        "signature.trusted-comment",
    ),
    "key id": (True, _edit_line(1, lambda ln: _b64_edit(ln, 2)), "signature.unknown-key"),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_gives_the_exact_check(sk, pk, case):
    prehashed, tamper, check = TAMPERING[case]
    data, sig = tamper(sign(DATA, sk, trusted_comment=COMMENT, prehashed=prehashed))
    with pytest.raises(BundleError) as exc:
        verify(data, sig, [pk])
    _check(exc, check)


def test_untrusted_signer_is_unknown_key(sk):
    other = SecretKey.generate().public_key()
    for trusted in ([other], []):
        with pytest.raises(BundleError) as exc:
            verify(DATA, sign(DATA, sk), trusted)
        _check(exc, "signature.unknown-key")
        assert sk.key_id_hex in str(exc.value)


def test_same_key_id_with_another_public_key_is_invalid(sk):
    impostor = PublicKey(sk.key_id, SecretKey.generate().public)
    with pytest.raises(BundleError) as exc:
        verify(DATA, sign(DATA, sk), [impostor])
    _check(exc, "signature.invalid")


# --------------------------------------------------------------------------- malformed files


def _valid(sk: SecretKey) -> bytes:
    return sign(DATA, sk, trusted_comment=COMMENT)


_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _non_canonical(line: bytes) -> bytes:
    """Same 64 bytes, other spelling: set a padding bit of the last base64 digit."""
    index = _ALPHABET.index(line[-3:-2])
    return line[:-3] + _ALPHABET[index | 1 : (index | 1) + 1] + b"=="


MALFORMED = {
    "empty": lambda s: b"",
    "three lines": lambda s: b"\n".join(_lines(s)[:3]),
    "five lines": lambda s: s + b"extra\n",
    "blank trailing line": lambda s: s + b"\n",
    "no untrusted prefix": lambda s: _replace_line(s, 0, b"comment: x"),
    "no trusted prefix": lambda s: _replace_line(s, 2, b"trusted: " + COMMENT.encode()),
    "bad base64": lambda s: _replace_line(s, 1, b"!!!!" + _lines(s)[1][4:]),
    "short record": lambda s: _replace_line(s, 1, base64.b64encode(b"ED" + b"\0" * 40)),
    "long global sig": lambda s: _replace_line(s, 3, base64.b64encode(b"\0" * 65)),
    "unknown algorithm": lambda s: _replace_line(s, 1, _b64_edit(_lines(s)[1], 0, value=b"Xx")),
    "non-canonical base64": lambda s: _replace_line(s, 3, _non_canonical(_lines(s)[3])),
    "whitespace in base64": lambda s: _replace_line(s, 1, b" " + _lines(s)[1]),
    "non-UTF-8 trusted comment": lambda s: _replace_line(s, 2, b"trusted comment: caf\xe9"),
    "NUL in trusted comment": lambda s: _replace_line(s, 2, b"trusted comment: a\0b"),
    "stray carriage return": lambda s: _replace_line(s, 2, b"trusted comment: a\rb"),
    "oversized": lambda s: _replace_line(s, 2, b"trusted comment: " + b"x" * 20000),
    "trusted comment too long for minisign": lambda s: _replace_line(
        s, 2, b"trusted comment: " + b"x" * (ms.MAX_TRUSTED_COMMENT + 1)
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_signature_files_are_format_errors(sk, pk, case):
    bad = MALFORMED[case](_valid(sk))
    with pytest.raises(BundleError) as exc:
        verify(DATA, bad, [pk])
    _check(exc, "signature.format")


def test_non_canonical_case_really_decodes_to_the_same_bytes(sk):
    # Guards the test above: Python alone would accept this spelling of the signature.
    line = _lines(_valid(sk))[3]
    other = _non_canonical(line)
    assert other != line and base64.b64decode(other) == base64.b64decode(line)


def test_longest_trusted_comment_minisign_accepts_verifies(sk, pk):
    comment = "x" * ms.MAX_TRUSTED_COMMENT
    assert verify(DATA, sign(DATA, sk, trusted_comment=comment), [pk]).trusted_comment == comment


@given(
    position=st.integers(min_value=0, max_value=400),
    value=st.integers(min_value=0, max_value=255),
    cut=st.booleans(),
)
def test_verify_is_total_on_mutated_files(sk, pk, position, value, cut):
    sig = bytearray(_valid(sk))
    position %= len(sig)
    if cut:
        del sig[position:]
    else:
        sig[position] = value
    try:
        result = verify(DATA, bytes(sig), [pk])
    except BundleError as exc:
        assert exc.code in {
            "signature.format",
            "signature.unknown-key",
            "signature.invalid",
            "signature.trusted-comment",
        }
        assert exc.entry == "manifest.json.minisig"
    else:  # only a change nobody signed may pass: the untrusted comment or a line ending
        assert result.trusted_comment == COMMENT
        assert not cut or position >= len(_valid(sk)) - 1


@given(st.binary(max_size=600))
def test_verify_is_total_on_random_bytes(pk, blob):
    with pytest.raises(BundleError) as exc:
        verify(DATA, blob, [pk])
    assert exc.value.code == "signature.format"


def test_sign_refuses_multi_line_or_oversized_comments(sk):
    for comment in ("a\nb", "a\rb", "a\0b", "x" * (ms.MAX_TRUSTED_COMMENT + 1)):
        with pytest.raises(UsageError, match="trusted comment"):
            sign(DATA, sk, trusted_comment=comment)
    with pytest.raises(UsageError, match="untrusted comment"):
        sign(DATA, sk, untrusted_comment="two\nlines")


# --------------------------------------------------------------------------- public keys


def test_public_key_text_round_trip_and_identity(pk):
    text = pk.to_text()
    first, second, end = text.split("\n")
    assert end == ""
    assert first == f"untrusted comment: minisign public key {pk.key_id_hex}"
    loaded = PublicKey.from_text(text)
    assert (loaded.key_id, loaded.public) == (pk.key_id, pk.public)
    assert PublicKey.from_base64(second).public == pk.public
    assert pk.fingerprint == hashlib.sha256(pk.public).hexdigest()


def test_key_id_hex_is_the_little_endian_integer_in_uppercase():
    key = PublicKey(bytes.fromhex("4d8d175f74a0cd97"), b"\x01" * 32)
    assert key.key_id_hex == "97CDA0745F178D4D"  # as minisign prints that key


def test_public_key_file(tmp_path, pk):
    path = tmp_path / "k.pub"
    path.write_text(pk.to_text())
    assert PublicKey.from_file(path).public == pk.public
    with pytest.raises(KeyFileError, match="Cannot read"):
        PublicKey.from_file(tmp_path / "missing.pub")
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(KeyFileError, match="not a minisign public key"):
        PublicKey.from_file(path)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.replace("untrusted comment: ", ""),
        lambda t: t + "third line\n",
        lambda t: t.split("\n")[0] + "\n" + t.split("\n")[1][:-4] + "\n",
        lambda t: t.split("\n")[0] + "\n" + base64.b64encode(b"ED" + b"\0" * 40).decode() + "\n",
    ],
    ids=["no prefix", "three lines", "truncated", "wrong algorithm"],
)
def test_malformed_public_keys(pk, mutate):
    with pytest.raises(KeyFileError):
        PublicKey.from_text(mutate(pk.to_text()))


# --------------------------------------------------------------------------- secret keys


def test_scrypt_params_follow_libsodium_pickparams():
    assert ms.scrypt_params(ms.DEFAULT_OPSLIMIT, ms.DEFAULT_MEMLIMIT) == (1 << 20, 8, 1)
    assert ms.scrypt_params(524_288, 16_777_216) == (1 << 14, 8, 1)
    assert ms.scrypt_params(1 << 27, 1 << 30) == (1 << 20, 8, 4)  # memory-bound: p grows
    assert ms.scrypt_params(1000, 1 << 30) == (1 << 10, 8, 1)  # ops clamped up to 32768


def test_encrypted_secret_key_round_trip(sk):
    text = sk.to_text(b"correct horse", **FAST)
    raw = base64.b64decode(text.split("\n")[1])
    assert raw[:6] == b"EdScB2" and len(raw) == 158
    assert int.from_bytes(raw[38:46], "little") == FAST["opslimit"]
    assert int.from_bytes(raw[46:54], "little") == FAST["memlimit"]
    assert sk.seed not in raw  # the key part is encrypted
    loaded = SecretKey.from_text(text, b"correct horse")
    assert (loaded.key_id, loaded.seed, loaded.public) == (sk.key_id, sk.seed, sk.public)


def test_wrong_or_missing_passphrase(sk):
    text = sk.to_text(b"correct horse", **FAST)
    with pytest.raises(KeyFileError, match="^Wrong passphrase for the key"):
        SecretKey.from_text(text, b"correct hose", source="the key")
    with pytest.raises(KeyFileError, match="is encrypted: give its passphrase"):
        SecretKey.from_text(text, None)


def test_unencrypted_secret_key_round_trip_and_minisign_w_layout(sk):
    text = sk.to_text(None)
    raw = base64.b64decode(text.split("\n")[1])
    assert raw[:6] == b"Ed\0\0B2" and raw[6:54] == bytes(48)  # no salt, no cost, like -W
    assert SecretKey.from_text(text, None).seed == sk.seed
    # `minisign -G -W` leaves the checksum zeroed: such a key must load too.
    zeroed = base64.b64encode(raw[:-32] + bytes(32)).decode()
    assert SecretKey.from_text(f"untrusted comment: x\n{zeroed}\n", None).seed == sk.seed


@pytest.mark.parametrize("offset", [54 + 8, 54 + 8 + 40, 158 - 1], ids=["seed", "pk", "checksum"])
def test_damaged_unencrypted_key_is_refused(sk, offset):
    raw = bytearray(base64.b64decode(sk.to_text(None).split("\n")[1]))
    raw[offset] ^= 0x01
    text = f"untrusted comment: x\n{base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(KeyFileError, match="damaged"):
        SecretKey.from_text(text, None)


def test_secret_key_at_minisign_default_cost(sk):
    text = sk.to_text(b"pw")  # the real 1 GiB scrypt, as `minisign -G` writes it
    raw = base64.b64decode(text.split("\n")[1])
    assert int.from_bytes(raw[38:46], "little") == 33_554_432
    assert int.from_bytes(raw[46:54], "little") == 1_073_741_824
    assert SecretKey.from_text(text, b"pw").seed == sk.seed


def test_hostile_kdf_cost_is_refused_without_running_it(sk):
    raw = bytearray(base64.b64decode(sk.to_text(b"pw", **FAST).split("\n")[1]))
    raw[38:46] = (1 << 40).to_bytes(8, "little")
    raw[46:54] = (1 << 40).to_bytes(8, "little")
    text = f"untrusted comment: x\n{base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(KeyFileError, match="key-derivation cost"):
        SecretKey.from_text(text, b"pw")


@pytest.mark.parametrize(
    ("header", "message"),
    [(b"EDScB2", "not an Ed25519"), (b"EdXxB2", "key protection"), (b"EdScB3", "key protection")],
)
def test_unknown_secret_key_algorithms(sk, header, message):
    raw = header + base64.b64decode(sk.to_text(None).split("\n")[1])[6:]
    with pytest.raises(KeyFileError, match=message):
        SecretKey.from_text(f"untrusted comment: x\n{base64.b64encode(raw).decode()}\n", None)


def test_malformed_secret_key_files(tmp_path, sk):
    for bad in ("", "untrusted comment: x\n", "comment\n" + sk.to_text(None).split("\n")[1]):
        with pytest.raises(KeyFileError, match="not a minisign secret key"):
            SecretKey.from_text(bad, None)
    with pytest.raises(KeyFileError, match="Cannot read"):
        SecretKey.from_file(tmp_path / "none.key", None)


def test_passphrase_must_be_typable_into_minisign(sk):
    for bad in (b"a\nb", b"a\0b", b"x" * 1024):
        with pytest.raises(UsageError, match="passphrase"):
            sk.to_text(bad, **FAST)


def test_key_file_needs_passphrase(tmp_path, sk):
    enc, plain = tmp_path / "enc.key", tmp_path / "plain.key"
    enc.write_text(sk.to_text(b"pw", **FAST))
    plain.write_text(sk.to_text(None))
    assert ms.key_file_needs_passphrase(enc) is True
    assert ms.key_file_needs_passphrase(plain) is False
    assert SecretKey.from_file(plain, None).public_key().public == sk.public


def test_secret_key_repr_does_not_leak(sk):
    assert repr(sk) == f"SecretKey(key_id={sk.key_id_hex})"
    assert sk.seed.hex() not in repr(sk) and str(sk.seed) not in repr(sk)
