"""Every way a bundle can be bad, end to end through ``verify_bundle`` (the desk opening
it, through a private copy) and ``check_bundle`` (``jury-desk bundle verify``, in place).

Each case checks the exact ``check`` code, the entry named, and that the desk's data folder
is exactly as it was (no private copy, no ``bundles/`` folder, no ledger write).
"""

from __future__ import annotations

import base64
import json
import math
from datetime import timedelta

import pytest

from jury_desk.bundle.manifest import MAX_MANIFEST_BYTES
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.verify import check_bundle, verify_bundle
from jury_desk.bundle.writer import MANIFEST_NAME, SIGNATURE_NAME
from jury_desk.bundle.zipreader import ZipLimits
from tests.bundle.bundlekit import ISSUED, NOW, BundleKit, tree
from tests.bundle.zipcraft import DEFLATED, Member, craft_zip

DOC = "documents/C001/cv.pdf"  # the first document of every kit bundle
SIG = SIGNATURE_NAME


@pytest.fixture(params=[verify_bundle, check_bundle], ids=["copied", "in-place"])
def kit(tmp_path, request):
    return BundleKit(tmp_path, verifier=request.param)


def _with(members: list[Member], name: str, **changes) -> list[Member]:
    """A copy of ``members`` where entry ``name`` has ``changes`` applied."""
    out = []
    for m in members:
        if m.name == name:
            m = Member(**{**m.__dict__, **changes})
        out.append(m)
    return out


def _flip(data: bytes, pos: int) -> bytes:
    return data[:pos] + bytes([data[pos] ^ 0x01]) + data[pos + 1 :]


# --------------------------------------------------------------------------- signature


@pytest.mark.parametrize("where", [0, 0.5, -2])
def test_flipped_byte_in_manifest_breaks_the_signature(kit, data_dir, where):
    raw = kit.manifest_bytes
    pos = int(len(raw) * where) if isinstance(where, float) else where % len(raw)
    members = _with(kit.members(), MANIFEST_NAME, data=_flip(raw, pos))
    path = kit.craft(members)
    kit.rejects(path, data_dir, "signature.invalid", SIG)


def _sig_lines(kit) -> list[bytes]:
    return kit.members()[1].data.split(b"\n")


def _edit_sig_record(kit, offset: int) -> bytes:
    """Flip one bit of the decoded signature record at ``offset`` and re-encode it."""
    lines = _sig_lines(kit)
    record = bytearray(base64.b64decode(lines[1]))
    record[offset] ^= 0x01
    lines[1] = base64.b64encode(bytes(record))
    return b"\n".join(lines)


@pytest.mark.parametrize(
    ("offset", "check"),
    [
        (0, "signature.format"),  # algorithm "ED" -> "DD": neither ED nor Ed
        (1, "signature.format"),  # "ED" -> "EE"
        (2, "signature.unknown-key"),  # key id
        (9, "signature.unknown-key"),
        (10, "signature.invalid"),  # Ed25519 signature bytes
        (40, "signature.invalid"),
        (73, "signature.invalid"),
    ],
)
def test_flipped_byte_in_signature_record(kit, data_dir, offset, check):
    members = _with(kit.members(), SIG, data=_edit_sig_record(kit, offset))
    kit.rejects(kit.craft(members), data_dir, check, SIG)


def test_legacy_algorithm_claim_on_a_prehashed_signature_is_invalid(kit, data_dir):
    lines = _sig_lines(kit)
    record = base64.b64decode(lines[1])
    lines[1] = base64.b64encode(b"Ed" + record[2:])
    members = _with(kit.members(), SIG, data=b"\n".join(lines))
    kit.rejects(kit.craft(members), data_dir, "signature.invalid", SIG)


@pytest.mark.parametrize("line", [2, 3])
def test_flipped_byte_in_trusted_comment_or_global_signature(kit, data_dir, line):
    lines = _sig_lines(kit)
    if line == 2:
        lines[2] = lines[2][:-1] + b"X"  # "trusted comment: kit" -> "...kiX"
    else:
        raw = bytearray(base64.b64decode(lines[3]))
        raw[5] ^= 0x01
        lines[3] = base64.b64encode(bytes(raw))
    members = _with(kit.members(), SIG, data=b"\n".join(lines))
    kit.rejects(kit.craft(members), data_dir, "signature.trusted-comment", SIG)


def test_garbage_signature_file(kit, data_dir):
    members = _with(kit.members(), SIG, data=b"not a signature\n")
    kit.rejects(kit.craft(members), data_dir, "signature.format", SIG)


def test_oversized_signature_file_is_refused_unread(kit, data_dir):
    members = _with(kit.members(), SIG, data=b"x" * 20_000)
    kit.rejects(kit.craft(members), data_dir, "signature.format", SIG)


def test_unknown_key(kit, data_dir):
    path = kit.write()
    other = SecretKey.generate().public_key()
    kit.rejects(path, data_dir, "signature.unknown-key", SIG, trusted_keys=[other])


def test_wrong_key_with_the_same_key_id(kit, data_dir):
    # A key that claims the signer's id but is another key: the signature must not verify.
    impostor = PublicKey(kit.pub.key_id, SecretKey.generate().public_key().public)
    path = kit.write()
    kit.rejects(path, data_dir, "signature.invalid", SIG, trusted_keys=[impostor])


def test_manifest_resigned_with_an_untrusted_key(kit, data_dir):
    changed = kit.manifest_bytes.replace(b'"seq": 1', b'"seq": 9')
    members = kit.members(changed, signer=SecretKey.generate())
    kit.rejects(kit.craft(members), data_dir, "signature.unknown-key", SIG)


def test_missing_signature(kit, data_dir):
    members = [m for m in kit.members() if m.name != SIG]
    kit.rejects(kit.craft(members), data_dir, "bundle.missing-signature", SIG)


def test_missing_manifest(kit, data_dir):
    members = [m for m in kit.members() if m.name != MANIFEST_NAME]
    kit.rejects(kit.craft(members), data_dir, "bundle.missing-manifest", MANIFEST_NAME)


# --------------------------------------------------------------------------- manifest


def test_huge_manifest_is_refused_before_reading(kit, data_dir):
    huge = b"{" + b" " * (MAX_MANIFEST_BYTES + 1) + b"}"
    members = kit.members()
    members[0] = Member(MANIFEST_NAME, huge)  # stored, so the ratio check does not fire
    kit.rejects(kit.craft(members), data_dir, "manifest.size", MANIFEST_NAME)


def test_duplicate_json_keys(kit, data_dir):
    text = kit.manifest_bytes.decode().replace('"seq": 1,', '"seq": 1,\n  "seq": 2,', 1)
    kit.rejects(kit.signed_json(text=text), data_dir, "manifest.json", MANIFEST_NAME)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers(kit, data_dir, constant):
    text = kit.manifest_bytes.decode().replace('"seq": 1,', f'"seq": 1,\n  "x": {constant},', 1)
    kit.rejects(kit.signed_json(text=text), data_dir, "manifest.json", MANIFEST_NAME)


def test_nan_in_a_schema_field(kit, data_dir):
    obj = kit.manifest_dict()
    obj["session"]["scholarship_target"] = math.nan
    text = json.dumps(obj)  # Python writes NaN: the strict reader must refuse it
    assert "NaN" in text
    kit.rejects(kit.signed_json(text=text), data_dir, "manifest.json", MANIFEST_NAME)


@pytest.mark.parametrize("where", ["top", "session", "candidate", "file"])
def test_unknown_fields(kit, data_dir, where):
    obj = kit.manifest_dict()
    target = {
        "top": obj,
        "session": obj["session"],
        "candidate": obj["candidates"][0],
        "file": obj["files"][0],
    }[where]
    target["surprise"] = True
    kit.rejects(kit.signed_json(obj), data_dir, "manifest.schema", MANIFEST_NAME)


def test_wrong_format(kit, data_dir):
    obj = kit.manifest_dict()
    obj["format"] = "jury-desk-bundle/2"
    kit.rejects(kit.signed_json(obj), data_dir, "manifest.format", MANIFEST_NAME)


def test_not_utf8(kit, data_dir):
    members = kit.members(kit.manifest_bytes.replace(b"Mines", b"M\xe9nes"))
    kit.rejects(kit.craft(members), data_dir, "manifest.json", MANIFEST_NAME)


# --------------------------------------------------------------------------- freshness


def test_expired(kit, data_dir):
    path = kit.write()
    late = kit.manifest.expires_at + timedelta(seconds=1)
    kit.rejects(path, data_dir, "freshness.expired", "expires_at", now=late)


def test_not_yet_valid(kit, data_dir):
    path = kit.write()
    early = ISSUED - timedelta(minutes=6)  # beyond the 5-minute clock-skew allowance
    kit.rejects(path, data_dir, "freshness.not-yet-valid", "issued_at", now=early)


def test_small_clock_skew_is_tolerated(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir, now=ISSUED - timedelta(minutes=4))
    assert vb.manifest.issued_at == ISSUED


def test_rollback(kit, data_dir):
    newer = kit.write("v2.jdbundle", kit.make_manifest(seq=2))
    kit.verify(newer, data_dir)
    older = kit.write("v1.jdbundle", kit.make_manifest(seq=1))
    kit.rejects(older, data_dir, "freshness.rollback", "seq")


def test_same_seq_with_a_different_manifest(kit, data_dir):
    kit.verify(kit.write("a.jdbundle"), data_dir)
    changed = kit.make_manifest(n_candidates=3)
    kit.rejects(kit.write("b.jdbundle", changed), data_dir, "freshness.seq-reused", "seq")


def test_rollback_is_per_bundle_id(kit, data_dir):
    kit.verify(kit.write("v2.jdbundle", kit.make_manifest(seq=2)), data_dir)
    other = kit.make_manifest(seq=1, bundle_id="another-session")
    assert kit.verify(kit.write("o.jdbundle", other), data_dir).manifest.seq == 1


# --------------------------------------------------------------------------- entry set


def test_extra_entry(kit, data_dir):
    members = kit.members() + [Member("documents/C001/extra.pdf", b"%PDF-1.4 sneaky")]
    kit.rejects(kit.craft(members), data_dir, "bundle.unlisted-entry", "documents/C001/extra.pdf")


def test_extra_entry_outside_documents(kit, data_dir):
    members = kit.members() + [Member("README.txt", b"hello")]
    kit.rejects(kit.craft(members), data_dir, "bundle.unlisted-entry", "README.txt")


def test_missing_document(kit, data_dir):
    members = [m for m in kit.members() if m.name != DOC]
    kit.rejects(kit.craft(members), data_dir, "bundle.missing-file", DOC)


# --------------------------------------------------------------------------- documents


@pytest.mark.parametrize("where", [0, 0.5, -1])
def test_flipped_byte_in_a_document(kit, data_dir, where):
    data = kit.documents[DOC]
    pos = int(len(data) * where) if isinstance(where, float) else where % len(data)
    members = _with(kit.members(), DOC, data=_flip(data, pos))  # CRC recomputed: only
    kit.rejects(kit.craft(members), data_dir, "bundle.hash-mismatch", DOC)  # SHA-256 sees it


def test_flipped_byte_in_the_last_document(kit, data_dir):
    last = sorted(kit.documents)[-1]
    members = _with(kit.members(), last, data=_flip(kit.documents[last], 3))
    kit.rejects(kit.craft(members), data_dir, "bundle.hash-mismatch", last)


def test_flipped_byte_in_a_deflated_document(kit, data_dir):
    members = _with(kit.members(), DOC, data=_flip(kit.documents[DOC], 7), method=DEFLATED)
    kit.rejects(kit.craft(members), data_dir, "bundle.hash-mismatch", DOC)


def test_raw_flip_in_stored_document_bytes(kit, data_dir):
    # Flip the bundle file itself (CRC left stale): the SHA-256 check names the document.
    path = kit.write()
    raw = path.read_bytes()
    pos = raw.index(kit.documents[DOC]) + 20
    path.write_bytes(_flip(raw, pos))
    kit.rejects(path, data_dir, "bundle.hash-mismatch", DOC)


@pytest.mark.parametrize("delta", [-1, 1])
def test_size_mismatch(kit, data_dir, delta):
    data = kit.documents[DOC]
    resized = data[:-1] if delta < 0 else data + b"\n"
    members = _with(kit.members(), DOC, data=resized)
    kit.rejects(kit.craft(members), data_dir, "bundle.size-mismatch", DOC)


def test_document_in_the_manifest_with_a_wrong_size_but_right_bytes(kit, data_dir):
    obj = kit.manifest_dict()
    obj["files"][0]["size"] += 1
    raw = json.dumps(obj, indent=2).encode()
    path = kit.craft(kit.members(raw))
    kit.rejects(path, data_dir, "bundle.size-mismatch", obj["files"][0]["path"])


# --------------------------------------------------------------------------- ZIP level


def _add(kit, *extra: Member) -> list[Member]:
    return kit.members() + list(extra)


@pytest.mark.parametrize(
    ("name", "check", "entry"),
    [
        ("documents/../../etc/passwd", "zip.path-traversal", "documents/../../etc/passwd"),
        ("../escape.pdf", "zip.path-traversal", "../escape.pdf"),
        ("/etc/passwd", "zip.absolute-path", "/etc/passwd"),
        ("C:/Windows/win.ini", "zip.absolute-path", "C:/Windows/win.ini"),
        ("documents\\C001\\cv.pdf", "zip.backslash", "documents\\C001\\cv.pdf"),
        (b"documents/C001/cv.pdf\x00.txt", "zip.nul", "documents/C001/cv.pdf\\x00.txt"),
        ("documents/Ame\u0301lie.pdf", "zip.non-nfc", "documents/Ame\u0301lie.pdf"),
        ("documents/C001/", "zip.directory", "documents/C001/"),
    ],
)
def test_hostile_names(kit, data_dir, name, check, entry):
    kit.rejects(kit.craft(_add(kit, Member(name, b"x"))), data_dir, check, entry)


def test_duplicate_entries(kit, data_dir):
    evil = Member(DOC, b"%PDF-1.4 the other one")
    kit.rejects(kit.craft(_add(kit, evil)), data_dir, "zip.duplicate", DOC)


def test_case_colliding_entries(kit, data_dir):
    evil = Member(DOC.upper(), b"%PDF-1.4 the other one")
    kit.rejects(kit.craft(_add(kit, evil)), data_dir, "zip.case-collision", DOC.upper())


def test_case_colliding_manifest(kit, data_dir):
    evil = Member("Manifest.json", b"{}")
    kit.rejects(kit.craft(_add(kit, evil)), data_dir, "zip.case-collision", "Manifest.json")


def test_symlink_entry(kit, data_dir):
    members = _with(kit.members(), DOC, external_attr=(0o120777 << 16))
    kit.rejects(kit.craft(members), data_dir, "zip.symlink", DOC)


def test_encrypted_entry(kit, data_dir):
    members = _with(kit.members(), DOC, flags=0x0001)
    kit.rejects(kit.craft(members), data_dir, "zip.encrypted", DOC)


@pytest.mark.parametrize("method", [12, 14, 93])  # bzip2, LZMA, zstd
def test_unsupported_compression_method(kit, data_dir, method):
    members = _with(kit.members(), DOC, method=method, payload=kit.documents[DOC])
    kit.rejects(kit.craft(members), data_dir, "zip.method", DOC)


def test_overlapping_entries(kit, data_dir):
    # A stored entry whose bytes hold a complete second entry (the overlap bomb trick).
    inner = Member("documents/C001/inner.pdf", b"%PDF-1.4 inner")
    outer = Member("documents/C001/outer.pdf", inner.local_record() + b"tail")
    members = kit.members() + [outer]
    # Lay out once to learn where outer's data starts, then point inner's central record there.
    offset = craft_zip(members).index(inner.local_record())
    inner.write_local = False
    inner.central = {"header_offset": offset}
    path = kit.craft(members + [inner])
    kit.rejects(path, data_dir, "zip.overlap", "documents/C001/inner.pdf")


def test_zip_bomb_by_ratio(kit, data_dir):
    bomb = Member("documents/C001/bomb.pdf", b"\0" * (4 << 20), method=DEFLATED)
    kit.rejects(kit.craft(_add(kit, bomb)), data_dir, "zip.ratio", "documents/C001/bomb.pdf")


def test_zip_bomb_by_total_size(kit, data_dir):
    # Every entry is small and compresses little; together they pass the cap at fill/2.
    base = sum(len(m.data) for m in kit.members())
    extra = [Member(f"documents/fill/{i}.pdf", bytes(range(256)) * 20) for i in range(5)]
    limits = ZipLimits(max_total_size=base + 2 * 5120 + 100)
    path = kit.craft(kit.members() + extra)
    kit.rejects(path, data_dir, "zip.total-too-large", "documents/fill/2.pdf", limits=limits)


def test_entry_lying_about_its_size(kit, data_dir):
    # Central directory says 10 bytes, the deflate stream makes far more: refused on open
    # (local header mismatch) before any inflating.
    members = _with(kit.members(), DOC, method=DEFLATED, central={"file_size": 10})
    kit.rejects(kit.craft(members), data_dir, "zip.header-mismatch", DOC)


def test_truncated_zip(kit, data_dir):
    path = kit.write()
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    kit.rejects(path, data_dir, "zip.truncated", None)


def test_truncated_by_one_byte(kit, data_dir):
    path = kit.write()
    path.write_bytes(path.read_bytes()[:-1])
    kit.rejects(path, data_dir, "zip.truncated", None)


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4\n%%EOF\n", b"", b"\x1f\x8b\x08\x00" + bytes(100), bytes(4096)]
)
def test_not_a_zip(kit, data_dir, content):
    path = kit.folder / "not.jdbundle"
    path.write_bytes(content)
    kit.rejects(path, data_dir, "zip.not-zip", None)


def test_unreadable_source(kit, data_dir):
    kit.rejects(kit.folder / "absent.jdbundle", data_dir, "bundle.unreadable", "absent.jdbundle")


def test_a_directory_is_not_a_bundle(kit, data_dir):
    folder = kit.folder / "dir.jdbundle"
    folder.mkdir()
    kit.rejects(folder, data_dir, "bundle.unreadable", "dir.jdbundle")


def test_bundles_folder_that_existed_is_kept_untouched(kit, data_dir):
    # The desk already holds a bundle (opened through its private copy); a rejected bundle,
    # copied or checked in place, leaves that folder exactly as it was.
    verify_bundle(kit.write("good.jdbundle"), data_dir=data_dir, trusted_keys=[kit.pub], now=NOW)
    before = tree(data_dir)
    assert any(name.startswith("bundles/") for name in before)
    members = _with(kit.members(), DOC, data=b"tampered")
    kit.rejects(kit.craft(members), data_dir, "bundle.size-mismatch", DOC)
    assert tree(data_dir) == before


def test_crc_damage_in_the_manifest_entry(kit, data_dir):
    # The manifest is read with its CRC checked: a stale CRC is a ZIP-level rejection.
    members = _with(kit.members(), MANIFEST_NAME, central={"crc": 0}, local={"crc": 0})
    kit.rejects(kit.craft(members), data_dir, "zip.crc", MANIFEST_NAME)
