"""Accepting a bundle: the private copy, the ledger, progress, cancel, reverify, read_document."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import threading
from datetime import timedelta

import pytest

from jury_desk.bundle import verify as verify_module
from jury_desk.bundle.freshness import FreshnessLedger
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.verify import read_document, reverify
from jury_desk.bundle.zipreader import HardenedZip
from jury_desk.core.errors import BundleCancelled, BundleError, StoreError, UsageError
from tests.bundle.bundlekit import NOW, BundleKit, tree

DOC = "documents/C001/cv.pdf"


@pytest.fixture
def kit(tmp_path):
    return BundleKit(tmp_path)


def test_accepts_a_valid_bundle_and_keeps_a_private_copy(kit, data_dir):
    path = kit.write()
    vb = kit.verify(path, data_dir)
    whole = hashlib.sha256(path.read_bytes()).hexdigest()
    assert vb.sha256 == whole
    assert vb.path == data_dir / "bundles" / f"{whole}.jdbundle"
    assert vb.path.read_bytes() == path.read_bytes()
    assert stat.S_IMODE(vb.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / "bundles").stat().st_mode) == 0o700
    assert vb.manifest == kit.manifest
    assert vb.manifest_bytes == kit.manifest_bytes
    assert vb.manifest_sha256 == hashlib.sha256(kit.manifest_bytes).hexdigest()
    assert vb.key_id_hex == kit.pub.key_id_hex
    assert vb.trusted_comment.startswith("jury-desk bundle kit-2026 seq 1")
    assert sorted(tree(data_dir)) == ["bundles", f"bundles/{whole}.jdbundle", "ledger.sqlite"]
    entry = FreshnessLedger(data_dir).get("kit-2026")
    assert entry is not None
    assert (entry.seq, entry.manifest_sha256, entry.bundle_sha256) == (
        1,
        vb.manifest_sha256,
        whole,
    )


def test_a_second_trusted_key_slot_verifies(kit, data_dir):
    other = SecretKey.generate().public_key()
    vb = kit.verify(kit.write(), data_dir, trusted_keys=[other, kit.pub])
    assert vb.key_id_hex == kit.pub.key_id_hex


def test_record_false_writes_no_ledger(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir, record=False)
    assert not (data_dir / "ledger.sqlite").exists()
    assert vb.path.is_file()


def test_the_same_bundle_twice_is_accepted_and_replaces_its_copy(kit, data_dir):
    path = kit.write()
    first = kit.verify(path, data_dir)
    ledger_before = (data_dir / "ledger.sqlite").read_bytes()
    second = kit.verify(path, data_dir)
    assert second.path == first.path
    assert os.listdir(data_dir / "bundles") == [first.path.name]
    assert (data_dir / "ledger.sqlite").read_bytes() == ledger_before


def test_a_newer_seq_is_accepted_and_recorded(kit, data_dir):
    kit.verify(kit.write("v1.jdbundle"), data_dir)
    kit.verify(kit.write("v3.jdbundle", kit.make_manifest(seq=3)), data_dir)
    entry = FreshnessLedger(data_dir).get("kit-2026")
    assert entry is not None and entry.seq == 3


def test_no_trusted_key_is_a_usage_error_before_copying(kit, data_dir):
    with pytest.raises(UsageError):
        kit.verify(kit.write(), data_dir, trusted_keys=[])
    assert tree(data_dir) == {}


def test_one_and_two_workers_agree(kit, data_dir, tmp_path):
    path = kit.write()
    one = kit.verify(path, data_dir, workers=1, record=False)
    two = kit.verify(path, tmp_path / "other-desk", workers=2, record=False)
    assert (one.sha256, one.manifest_sha256) == (two.sha256, two.manifest_sha256)
    with pytest.raises(ValueError):
        kit.verify(path, data_dir, workers=0)


def test_manifest_in_a_bundle_made_by_stock_tools_order(kit, data_dir):
    # Entry order is not signed: documents first, manifest last still verifies.
    members = kit.members()
    path = kit.craft(members[2:] + members[:2])
    assert kit.verify(path, data_dir).manifest_bytes == kit.manifest_bytes


def test_an_empty_document_list_is_accepted(kit, data_dir):
    obj = kit.manifest_dict()
    obj["files"] = []
    for cand in obj["candidates"]:
        cand["documents"] = []
    raw = json.dumps(obj).encode()
    members = kit.members(raw)[:2]
    vb = kit.verify(kit.craft(members), data_dir)
    assert vb.manifest.files == []


# --------------------------------------------------------------------------- progress


def _big_kit(tmp_path) -> tuple[BundleKit, object]:
    """A bundle with a few MB of documents, so progress has steps to report."""
    kit = BundleKit(tmp_path, n_candidates=3)
    rng = hashlib.sha256(b"seed").digest()
    kit.documents = {
        path: (rng * (1 << 15))[: (1 << 20) + i] for i, path in enumerate(sorted(kit.documents))
    }
    obj = kit.manifest_dict()
    for f in obj["files"]:
        data = kit.documents[f["path"]]
        f["size"], f["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    raw = json.dumps(obj, indent=2).encode()
    return kit, kit.craft(kit.members(raw), name="big.jdbundle")


def test_progress_is_monotonic_complete_and_on_the_calling_thread(tmp_path, data_dir):
    kit, path = _big_kit(tmp_path)
    calls: list[tuple[int, int, int]] = []
    kit.verify(
        path,
        data_dir,
        progress=lambda done, total: calls.append((done, total, threading.get_ident())),
    )
    assert len(calls) >= 3
    assert {ident for _, _, ident in calls} == {threading.get_ident()}
    dones = [done for done, _, _ in calls]
    assert dones == sorted(dones)
    assert all(done <= total for done, total, _ in calls)
    size = path.stat().st_size
    documents = sum(len(d) for d in kit.documents.values())
    assert calls[-1][:2] == (2 * size + documents, 2 * size + documents)


@pytest.mark.parametrize("phase", ["copy", "after-manifest", "documents"])
def test_cancel_leaves_no_trace(tmp_path, data_dir, phase):
    kit, path = _big_kit(tmp_path)
    size = path.stat().st_size
    seen = {"done": 0, "total": 0}
    polls = []

    def progress(done: int, total: int) -> None:
        seen.update(done=done, total=total)

    def cancel() -> bool:
        polls.append(threading.get_ident())
        if phase == "copy":
            return True
        if phase == "after-manifest":  # the total becomes exact once the manifest is read
            return seen["total"] not in (0, 3 * size)
        return seen["done"] > 2 * size  # some document bytes were hashed

    with pytest.raises(BundleCancelled):
        kit.verify(path, data_dir, progress=progress, cancel=cancel)
    assert set(polls) == {threading.get_ident()}
    assert tree(data_dir) == {}
    assert not [t for t in threading.enumerate() if t.name.startswith("jury-desk-verify")]


def test_cancel_is_polled_during_the_copy(tmp_path, data_dir):
    kit, path = _big_kit(tmp_path)
    seen = []

    def cancel() -> bool:
        seen.append(len(list((data_dir / "bundles").iterdir())))
        return False

    kit.verify(path, data_dir, cancel=cancel)
    # The copy of a >4 MiB bundle takes more than one 4 MiB chunk, each followed by a poll.
    assert len(seen) >= path.stat().st_size // (4 << 20) + 1


# --------------------------------------------------------------------------- reverify


def test_reverify_the_private_copy(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    before = tree(data_dir)
    again = reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert again == vb
    assert tree(data_dir) == before


def test_reverify_after_a_newer_version_is_a_rollback(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    kit.verify(kit.write("v2.jdbundle", kit.make_manifest(seq=2)), data_dir)
    with pytest.raises(BundleError) as info:
        reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.check, info.value.entry) == ("freshness.rollback", "seq")
    assert vb.path.is_file()  # the session's evidence is never deleted


def test_reverify_an_expired_copy(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    late = kit.manifest.expires_at + timedelta(days=1)
    with pytest.raises(BundleError) as info:
        reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=late)
    assert info.value.check == "freshness.expired"
    assert vb.path.is_file()


def test_reverify_notices_a_tampered_copy(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    raw = vb.path.read_bytes()
    pos = raw.index(kit.documents[DOC]) + 10
    vb.path.write_bytes(raw[:pos] + b"X" + raw[pos + 1 :])
    with pytest.raises(BundleError) as info:
        reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.check, info.value.entry) == ("bundle.hash-mismatch", DOC)


def test_reverify_notices_a_copy_that_is_not_its_name(kit, data_dir):
    # Same signed parts, different ZIP bytes (entry order): the name no longer matches.
    vb = kit.verify(kit.write(), data_dir)
    members = kit.members()
    vb.path.write_bytes(kit.craft(members[2:] + members[:2]).read_bytes())
    with pytest.raises(BundleError) as info:
        reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.check, info.value.entry) == ("bundle.copy-changed", vb.path.name)


def test_reverify_a_missing_copy(kit, data_dir):
    with pytest.raises(BundleError) as info:
        reverify(data_dir / "gone.jdbundle", trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.check, info.value.entry) == ("bundle.unreadable", "gone.jdbundle")


# --------------------------------------------------------------------------- read_document


def test_read_document(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    for path, data in kit.documents.items():
        assert read_document(vb, path) == data


def test_read_document_notices_damage_to_the_copy(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    with HardenedZip(vb.path) as zf:
        offset, size, _ = zf.entry_span(DOC)
    raw = bytearray(vb.path.read_bytes())
    raw[offset + size - 2] ^= 0x01
    vb.path.write_bytes(bytes(raw))
    with pytest.raises(BundleError) as info:
        read_document(vb, DOC)
    assert (info.value.check, info.value.entry) == ("zip.crc", DOC)


def test_read_document_notices_tampering_with_a_forged_crc(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    data = kit.documents[DOC]
    members = [m if m.name != DOC else type(m)(DOC, data[:-2] + b"X\n") for m in kit.members()]
    vb.path.write_bytes(kit.craft(members).read_bytes())
    with pytest.raises(BundleError) as info:
        read_document(vb, DOC)
    assert (info.value.check, info.value.entry) == ("bundle.hash-mismatch", DOC)


def test_read_document_refuses_an_unlisted_path(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    with pytest.raises(BundleError) as info:
        read_document(vb, "manifest.json")
    assert (info.value.check, info.value.entry) == ("bundle.missing-file", "manifest.json")


def test_a_full_disk_is_a_store_error_and_leaves_no_trace(kit, data_dir, monkeypatch):
    def disk_full(*_args) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(verify_module, "_copy", disk_full)
    with pytest.raises(StoreError, match="No space left on device"):
        kit.verify(kit.write(), data_dir)
    assert tree(data_dir) == {}
