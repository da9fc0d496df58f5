"""Accepting a bundle: the private copy, the ledger, progress, cancel, reverify, read_document."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import threading
from collections import Counter
from datetime import timedelta

import pytest

from jury_desk.bundle import hashing
from jury_desk.bundle import verify as verify_module
from jury_desk.bundle.freshness import FreshnessLedger
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.verify import check_bundle, read_document, reverify
from jury_desk.bundle.writer import MANIFEST_NAME
from jury_desk.bundle.zipreader import HardenedZip
from jury_desk.core.errors import BundleCancelled, BundleError, StoreError, UsageError
from tests.bundle.bundlekit import NOW, BundleKit, tree
from tests.bundle.zipcraft import DEFLATED, STORED, Member

DOC = "documents/C001/cv.pdf"


@pytest.fixture
def kit(tmp_path):
    return BundleKit(tmp_path)


def test_accepts_a_valid_bundle_and_keeps_a_private_copy(kit, data_dir):
    path = kit.write()
    vb = kit.verify(path, data_dir)
    fingerprint = hashlib.sha256(kit.manifest_bytes).hexdigest()
    assert vb.fingerprint == vb.manifest_sha256 == fingerprint  # not the hash of the whole file
    assert vb.path == data_dir / "bundles" / f"{fingerprint}.jdbundle"
    assert vb.path.read_bytes() == path.read_bytes()
    assert stat.S_IMODE(vb.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / "bundles").stat().st_mode) == 0o700
    assert vb.manifest == kit.manifest
    assert vb.manifest_bytes == kit.manifest_bytes
    assert vb.key_id_hex == kit.pub.key_id_hex
    assert vb.trusted_comment.startswith("jury-desk bundle kit-2026 seq 1")
    assert sorted(tree(data_dir)) == [
        "bundles",
        f"bundles/{fingerprint}.jdbundle",
        "ledger.sqlite",
    ]
    entry = FreshnessLedger(data_dir).get("kit-2026")
    assert entry is not None
    assert (entry.seq, entry.manifest_sha256, entry.bundle_sha256) == (
        1,
        fingerprint,
        fingerprint,
    )


def test_the_fingerprint_ignores_the_zip_container_on_purpose(kit, data_dir):
    # Same signed manifest and documents, other ZIP bytes (entry order, the manifest
    # stored instead of deflated): the same bundle, so the same fingerprint and copy name.
    # Intended: the signature covers the manifest, which commits to every document.
    written = kit.write()
    members = kit.members()
    stored_manifest = Member(MANIFEST_NAME, kit.manifest_bytes, method=STORED)
    relaid = kit.craft([*members[2:], members[1], stored_manifest])
    assert relaid.read_bytes() != written.read_bytes()
    first = kit.verify(written, data_dir)
    second = kit.verify(relaid, data_dir)
    assert second.fingerprint == first.fingerprint == hashlib.sha256(kit.manifest_bytes).hexdigest()
    assert second.path == first.path
    assert first.path.read_bytes() == relaid.read_bytes()  # the latest accepted copy
    assert os.listdir(data_dir / "bundles") == [first.path.name]


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
    assert (one.fingerprint, one.manifest_sha256) == (two.fingerprint, two.manifest_sha256)
    before = tree(data_dir)
    with pytest.raises(ValueError):
        kit.verify(path, data_dir, workers=0)
    assert tree(data_dir) == before


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
    assert calls[-1][:2] == (size + documents, size + documents)  # copy + documents


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
            return seen["total"] not in (0, 2 * size)
        return seen["done"] > size  # some document bytes were hashed

    with pytest.raises(BundleCancelled):
        kit.verify(path, data_dir, progress=progress, cancel=cancel)
    assert set(polls) == {threading.get_ident()}
    assert tree(data_dir) == {}
    assert not [t for t in threading.enumerate() if t.name.startswith("jury-desk-verify")]


def test_cancel_is_polled_between_copy_chunks(tmp_path, data_dir, monkeypatch):
    monkeypatch.setattr(verify_module, "COPY_CHUNK", 1 << 20)
    kit, path = _big_kit(tmp_path)
    size = path.stat().st_size
    copied_at_poll = []

    def cancel() -> bool:
        partial = list((data_dir / "bundles").glob(".incoming-*"))
        copied_at_poll.append(partial[0].stat().st_size if partial else None)
        return False

    kit.verify(path, data_dir, cancel=cancel)
    during = {n for n in copied_at_poll if n is not None and 0 < n < size}
    assert len(during) >= size // (1 << 20) - 1, copied_at_poll


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
    assert (info.value.code, info.value.entry) == ("freshness.rollback", "seq")
    assert vb.path.is_file()  # the session's evidence is never deleted


def test_reverify_an_expired_copy(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    late = kit.manifest.expires_at + timedelta(days=1)
    with pytest.raises(BundleError) as info:
        reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=late)
    assert info.value.code == "freshness.expired"
    assert vb.path.is_file()


def test_reverify_notices_a_tampered_copy(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    raw = vb.path.read_bytes()
    pos = raw.index(kit.documents[DOC]) + 10
    vb.path.write_bytes(raw[:pos] + b"X" + raw[pos + 1 :])
    with pytest.raises(BundleError) as info:
        reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.code, info.value.entry) == ("bundle.hash-mismatch", DOC)


def test_reverify_accepts_the_same_signed_content_in_another_container(kit, data_dir):
    # Entry order is not signed: the manifest still hashes to the name, so it is the same
    # bundle (see test_the_fingerprint_ignores_the_zip_container_on_purpose).
    vb = kit.verify(kit.write(), data_dir)
    members = kit.members()
    vb.path.write_bytes(kit.craft(members[2:] + members[:2]).read_bytes())
    again = reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (again.fingerprint, again.manifest, again.path) == (vb.fingerprint, vb.manifest, vb.path)


def test_reverify_notices_a_copy_whose_manifest_is_not_its_name(kit, data_dir):
    # Another validly signed bundle (a newer seq, which freshness alone would accept) put
    # in place of the copy: its manifest does not hash to the copy's name.
    vb = kit.verify(kit.write(), data_dir)
    newer = kit.write("v2.jdbundle", kit.make_manifest(seq=2)).read_bytes()
    vb.path.write_bytes(newer)
    before = tree(data_dir)
    with pytest.raises(BundleError) as info:
        reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.code, info.value.entry) == ("bundle.copy-changed", vb.path.name)
    assert tree(data_dir) == before  # nothing recorded, the evidence kept
    entry = FreshnessLedger(data_dir).get("kit-2026")
    assert entry is not None and entry.seq == 1


def test_reverify_a_missing_copy(kit, data_dir):
    with pytest.raises(BundleError) as info:
        reverify(data_dir / "gone.jdbundle", trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.code, info.value.entry) == ("bundle.unreadable", "gone.jdbundle")


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
    assert (info.value.code, info.value.entry) == ("zip.crc", DOC)


def test_read_document_notices_tampering_with_a_forged_crc(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    data = kit.documents[DOC]
    members = [m if m.name != DOC else type(m)(DOC, data[:-2] + b"X\n") for m in kit.members()]
    vb.path.write_bytes(kit.craft(members).read_bytes())
    with pytest.raises(BundleError) as info:
        read_document(vb, DOC)
    assert (info.value.code, info.value.entry) == ("bundle.hash-mismatch", DOC)


def test_read_document_refuses_an_unlisted_path(kit, data_dir):
    vb = kit.verify(kit.write(), data_dir)
    with pytest.raises(BundleError) as info:
        read_document(vb, "manifest.json")
    assert (info.value.code, info.value.entry) == ("bundle.missing-file", "manifest.json")


def test_a_full_disk_is_a_store_error_and_leaves_no_trace(kit, data_dir, monkeypatch):
    def disk_full(*_args) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(verify_module, "_copy", disk_full)
    with pytest.raises(StoreError, match="No space left on device"):
        kit.verify(kit.write(), data_dir)
    assert tree(data_dir) == {}


# --------------------------------------------------------------------------- copy and hashing


@pytest.mark.parametrize(
    ("refused", "how"),
    [
        ((), None),
        (("copy_file_range",), "error"),
        (("copy_file_range",), "zero"),  # some file systems copy nothing instead of failing
        (("copy_file_range", "sendfile"), "error"),
    ],
)
def test_every_copy_method_makes_the_same_copy(tmp_path, data_dir, monkeypatch, refused, how):
    # Where the kernel refuses a method (another file system, an old kernel), the next is
    # used: copy_file_range, then sendfile, then a plain buffer.
    monkeypatch.setattr(verify_module, "COPY_CHUNK", 1 << 20)
    kit, path = _big_kit(tmp_path)
    calls = {"copy_file_range": 0, "sendfile": 0}
    for name in calls:
        real = getattr(os, name)

        def counted(*args, _name=name, _real=real):
            calls[_name] += 1
            if _name not in refused:
                return _real(*args)
            if how == "zero":
                return 0
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(os, name, counted)
    vb = kit.verify(path, data_dir)
    assert vb.path.read_bytes() == path.read_bytes()
    chunks = -(-path.stat().st_size // (1 << 20))
    kernel = [name for name in calls if name not in refused]
    expected = {name: 1 for name in refused}  # given up on at the first refusal
    expected.update({name: chunks for name in kernel[:1]})
    assert calls == {**dict.fromkeys(calls, 0), **expected}


def test_a_source_that_shrinks_during_the_copy_is_refused(tmp_path, data_dir, monkeypatch):
    monkeypatch.setattr(verify_module, "COPY_CHUNK", 1 << 20)
    kit, path = _big_kit(tmp_path)

    def truncate_after_the_first_chunk(done: int, total: int) -> None:
        if done:
            os.truncate(path, 1 << 20)

    kit.rejects(
        path, data_dir, "bundle.unreadable", path.name, progress=truncate_after_the_first_chunk
    )


def _count_hashed(monkeypatch) -> list[str]:
    hashed: list[str] = []
    real = hashing.hash_job

    def counting(job, run, buffer):
        hashed.append(job.name)
        return real(job, run, buffer)

    monkeypatch.setattr(hashing, "hash_job", counting)
    return hashed


def test_documents_hashed_behind_the_copy_are_hashed_once(kit, data_dir, monkeypatch):
    hashed = _count_hashed(monkeypatch)
    kit.verify(kit.write(), data_dir)
    assert sorted(hashed) == sorted(kit.documents)


def _tampered(kit: BundleKit) -> list[Member]:
    return [
        m if m.name != DOC else Member(DOC, kit.documents[DOC][:-1] + b"X") for m in kit.members()
    ]


@pytest.mark.parametrize("shift", ["offset", "length", "name", "past-the-end"])
def test_a_wrong_guess_behind_the_copy_is_never_trusted(kit, data_dir, monkeypatch, shift):
    # The walk of local headers is a guess: a digest counts only for the exact range of
    # the checked copy. Wrong guesses are hashed again from the copy.
    real = hashing.LocalHeaderWalk._step

    def wrong(self):
        job = real(self)
        if job is None or job.name not in kit.documents:
            return job
        name, offset, length = job.name, job.offset, job.length
        if shift == "offset":
            offset -= 1
        elif shift == "length":
            length -= 1
        elif shift == "past-the-end":  # the copy ends before: the walk stops there
            if name != sorted(kit.documents)[0]:
                return job
            length += 1 << 30
        else:
            name = name[::-1]
        return hashing.Job(name, offset, length, job.method)

    monkeypatch.setattr(hashing.LocalHeaderWalk, "_step", wrong)
    hashed = _count_hashed(monkeypatch)
    assert kit.verify(kit.write(), data_dir, record=False).manifest == kit.manifest
    # Wrong ranges of the documents were hashed, then the right ones; wrong names never count.
    times = dict.fromkeys(kit.documents, 1 if shift == "name" else 2)
    if shift == "past-the-end":
        times = {**dict.fromkeys(kit.documents, 1), sorted(kit.documents)[0]: 2}
    assert Counter(n for n in hashed if n in kit.documents) == times
    kit.rejects(kit.craft(_tampered(kit)), data_dir, "bundle.hash-mismatch", DOC)


@pytest.mark.parametrize(
    "layout", [{"data_descriptor": True}, {"zip64": True}, {"method": DEFLATED}]
)
def test_entries_the_walk_cannot_guess_are_hashed_after_the_copy(
    kit, data_dir, monkeypatch, layout
):
    # The walk stops at sizes it cannot read from a local header (data descriptor, ZIP64)
    # and skips what is not stored: those documents are hashed from the checked reader.
    first = sorted(kit.documents)[0]
    members = [Member(**{**m.__dict__, **layout}) if m.name == first else m for m in kit.members()]
    hashed = _count_hashed(monkeypatch)
    assert kit.verify(kit.craft(members), data_dir, record=False).manifest == kit.manifest
    assert sorted(hashed) == sorted(kit.documents)  # each once, by the walk or after
    flipped = _tampered(kit)
    flipped = [Member(**{**m.__dict__, **layout}) if m.name == first else m for m in flipped]
    kit.rejects(kit.craft(flipped), data_dir, "bundle.hash-mismatch", DOC)


def test_without_preadv_documents_are_read_through_the_zip_reader(kit, data_dir, monkeypatch):
    monkeypatch.setattr(hashing, "PREADV", False)
    hashed = _count_hashed(monkeypatch)
    vb = kit.verify(kit.write(), data_dir)
    assert sorted(hashed) == sorted(kit.documents) and vb.manifest == kit.manifest
    members = [
        m if m.name != DOC else type(m)(DOC, kit.documents[DOC][:-1] + b"X") for m in kit.members()
    ]
    kit.rejects(kit.craft(members), data_dir, "bundle.hash-mismatch", DOC)


def test_a_copy_that_shrinks_while_hashed_is_refused(kit, data_dir, monkeypatch):
    monkeypatch.setattr(os, "preadv", lambda fd, buffers, offset: 0)
    kit.rejects(kit.write(), data_dir, "bundle.unreadable", DOC, workers=1)


def test_workers_split_the_documents_largest_first(kit, data_dir, monkeypatch):
    # Without a guess (reverify, or a source that cannot be reopened), the largest
    # documents go first so that the threads end together.
    vb = kit.verify(kit.write(), data_dir)
    hashed = _count_hashed(monkeypatch)
    reverify(vb.path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW, workers=1)
    sizes = {f.path: f.size for f in kit.manifest.files}
    assert [sizes[n] for n in hashed] == sorted(sizes.values(), reverse=True)


# -- check_bundle: every check where the bundle is (``jury-desk bundle verify``) -------------


def test_check_in_place_keeps_nothing_but_the_ledger(kit, data_dir):
    path = kit.write()
    vb = check_bundle(path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert vb.path == path and vb.manifest == kit.manifest
    assert vb.fingerprint == hashlib.sha256(kit.manifest_bytes).hexdigest()
    assert sorted(tree(data_dir)) == ["ledger.sqlite"]
    check_bundle(path, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW, record=False)
    assert sorted(tree(data_dir)) == ["ledger.sqlite"]


def _swap_once_opened(monkeypatch, path, replacement):
    """The attacker's move: once the verifier has opened ``path``, put another file there."""
    real_open = verify_module._open_source

    def open_then_swap(source):
        handle = real_open(source)
        os.replace(replacement, path)
        return handle

    monkeypatch.setattr(verify_module, "_open_source", open_then_swap)


def test_check_in_place_reads_one_file_even_if_the_path_is_swapped(kit, data_dir, monkeypatch):
    # Whatever the path names once the bundle is opened, every check reads the opened
    # file: a genuine bundle swapped for a tampered one is judged as the genuine one...
    genuine = kit.write()
    tampered = kit.craft(_with_document(kit, b"tampered!"), name="tampered.jdbundle")
    _swap_once_opened(monkeypatch, genuine, tampered)
    vb = check_bundle(genuine, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert vb.manifest == kit.manifest
    assert b"tampered!" in genuine.read_bytes()  # the swap did happen


def test_check_in_place_a_tampered_file_swapped_for_a_genuine_one_is_refused(
    kit, data_dir, monkeypatch
):
    # ... and a tampered bundle stays refused when a genuine one replaces it meanwhile.
    tampered = kit.craft(_with_document(kit, b"tampered!"), name="tampered.jdbundle")
    genuine = kit.write("genuine.jdbundle")
    _swap_once_opened(monkeypatch, tampered, genuine)
    with pytest.raises(BundleError) as info:
        check_bundle(tampered, trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    assert (info.value.code, info.value.entry) == ("bundle.size-mismatch", DOC)
    assert tree(data_dir) == {}


def _with_document(kit: BundleKit, data: bytes) -> list[Member]:
    return [Member(**{**m.__dict__, "data": data}) if m.name == DOC else m for m in kit.members()]


def test_a_checker_that_fails_to_load_beside_the_copy_prints_nothing(kit, data_dir, monkeypatch):
    # The loading thread is only a head start: its failure must not print a traceback (the
    # command line's errors are one line); the step that needs the module imports it again.
    monkeypatch.setattr(verify_module, "_CHECKERS", ("jury_desk.no_such_module",))
    escaped: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: escaped.append(args.exc_value))
    vb = check_bundle(kit.write(), trusted_keys=[kit.pub], data_dir=data_dir, now=NOW)
    loaders = [t for t in threading.enumerate() if t.name == "jury-desk-imports"]
    for thread in loaders:
        thread.join(timeout=30)
    assert vb.manifest == kit.manifest
    assert escaped == []
