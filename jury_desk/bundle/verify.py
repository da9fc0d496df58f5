"""Verify a dossier bundle, in DESIGN.md §2's order: the desk never trusts a byte before its check.

1. Copy the bundle into ``<data_dir>/bundles/`` (0600, temporary name) and open THAT copy
   with the hardened ZIP reader, so what is checked is what is used later.
2. Verify ``manifest.json.minisig`` over the exact ``manifest.json`` bytes, before any JSON.
3. Parse the manifest strictly. 4. Check freshness (dates, rollback, reused seq).
5. The entries are exactly the listed files plus the two manifest files.
6. Hash every document from the copy and check its size and SHA-256.

**Fingerprint.** A bundle is identified by the SHA-256 of its signed ``manifest.json``
(``VerifiedBundle.fingerprint``, equal to ``manifest_sha256``), not by a hash of the whole file:
the signature binds the manifest, the manifest commits to every document's size and
SHA-256, and step 5 forbids any other entry, so hashing the container adds no security.
The ZIP container itself (entry order, the manifest's compression, timestamps) is not part
of the fingerprint: two bundles that differ only there carry the same signed content and
have the same fingerprint, on purpose. Once every check passed, the copy is renamed to
``<fingerprint>.jdbundle`` and the seq recorded in the ledger; on any rejection or
cancellation the copy is deleted and the ledger is untouched. ``reverify`` checks that the
manifest in a copy still hashes to the copy's name.

**Speed** (the goal: about as fast as ``openssl dgst -sha256`` over the documents). The
copy runs in the kernel (``copy_file_range``, else ``sendfile``) on the calling thread, and
``workers`` threads hash the documents from the copy with ``preadv`` into reused buffers
(``hashlib`` and ``preadv`` release the GIL). So that hashing need not wait for the end of
the copy (the ZIP's directory is at its end), the hashing threads walk the copy's local
headers as the copy writes them and hash each stored entry's bytes OF THE COPY as soon as
the copy has gone past them. That walk is only a guess, not a ZIP reader: once complete,
the copy is opened with the hardened reader and checked as in steps 1-5, and a digest
counts for an entry only if the entry's name, method, offset and length in the checked
copy are exactly those that were hashed; any other document is hashed again from the copy.
Digests are compared only after step 5.
``progress`` and ``cancel`` are only ever called from the calling thread, so a GUI may call
this from one worker and marshal progress by signal.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import importlib
import os
import queue
import stat
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jury_desk.bundle.layout import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_FILE,
    SIGNATURE_NAME,
)
from jury_desk.bundle.zipreader import STORED, HardenedZip, ZipLimits
from jury_desk.core.errors import BundleCancelled, BundleError, StoreError, UsageError
from jury_desk.core.paths import data_dir as resolve_data_dir
from jury_desk.core.paths import private_subdir

if TYPE_CHECKING:
    from jury_desk.bundle.manifest import FileEntry, Manifest
    from jury_desk.bundle.minisign import PublicKey, VerifiedSignature

# What checks the manifest and its signature: pydantic's schema and ``cryptography`` take
# as long to load as a tenth of a gigabyte takes to copy, so ``verify_bundle`` loads them on
# another thread while the copy runs (``_load_checkers_meanwhile``), and each step below
# imports what it uses (instant once loaded; a wait on the module lock while loading).
_CHECKERS = ("jury_desk.bundle.minisign", "jury_desk.bundle.manifest", "jury_desk.bundle.freshness")

#: The check codes a rejection may carry besides the ZIP reader's ``zip.*`` (zipreader.CHECKS),
#: in verification order, with what they mean (the GUI translates the codes).
CHECKS: dict[str, str] = {
    "bundle.unreadable": "the bundle file cannot be read, or is not a regular file",
    "bundle.missing-manifest": "the bundle has no manifest.json",
    "bundle.missing-signature": "the bundle has no manifest.json.minisig",
    "manifest.size": "manifest.json is over the size cap (refused before reading it)",
    "bundle.copy-changed": "(reverify) the copy's manifest.json no longer hashes to its name",
    "signature.format": "manifest.json.minisig is not a minisign signature",
    "signature.unknown-key": "the signing key is not one of the trusted keys",
    "signature.invalid": "the signature does not match manifest.json",
    "signature.trusted-comment": "the signature's trusted comment was altered",
    "manifest.json": "manifest.json is not strict UTF-8 JSON (duplicate keys, NaN...)",
    "manifest.format": "manifest.json is of another format or version",
    "manifest.schema": "manifest.json does not follow the schema (unknown or bad field)",
    "freshness.expired": "the bundle's expires_at has passed",
    "freshness.not-yet-valid": "the bundle's issued_at is in the future (beyond the clock skew)",
    "freshness.rollback": "a higher seq of this bundle_id was already accepted",
    "freshness.seq-reused": "this seq was already accepted with a different manifest",
    "bundle.unlisted-entry": "the bundle holds a file the manifest does not list",
    "bundle.missing-file": "a file the manifest lists is missing",
    "bundle.size-mismatch": "a file's size differs from the manifest's",
    "bundle.hash-mismatch": "a file's SHA-256 differs from the manifest's",
}

BUNDLES_DIR = "bundles"
SUFFIX = ".jdbundle"
_INCOMING_PREFIX = ".incoming-"
COPY_CHUNK = 8 << 20  # cancel is polled and progress reported between copy chunks
_HASH_CHUNK = 1 << 20  # per hashing thread; big enough that the GIL is rarely taken
_POLL_SECONDS = 0.02  # cancel and progress while workers hash
_PREADV = hasattr(os, "preadv")  # else (Windows) documents are read through the ZIP reader
# A ZIP local header (APPNOTE 4.3.7), read by the walk that guesses entries behind the copy.
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50
_FLAGS_UNGUESSABLE = 0x0001 | 0x0008  # encrypted; sizes in a trailing data descriptor
_NAME_ROOM = 256  # bytes read past a local header, for the name, in the same read
# copy_file_range/sendfile refusing these files (another file system, an old kernel...).
_UNSUPPORTED = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle that passed every check, and its private copy.

    ``fingerprint`` identifies the bundle: the SHA-256 of the signed ``manifest.json``,
    always equal to ``manifest_sha256`` (the field keeps its name for the session store,
    the ledger and the minutes). It is NOT the hash of the bundle file: the manifest
    commits to every document, so the file's ZIP layout is deliberately left out of it.
    """

    path: Path  # the private copy, <data_dir>/bundles/<fingerprint>.jdbundle
    fingerprint: str  # SHA-256 of manifest.json (see above)
    manifest: Manifest
    manifest_bytes: bytes
    manifest_sha256: str
    key_id_hex: str
    trusted_comment: str


@dataclass(frozen=True)
class _Job:
    """One entry to hash: for a stored entry, ``length`` raw bytes at ``offset`` of the copy;
    any other method is inflated by the ZIP reader."""

    name: str
    offset: int
    length: int
    method: int

    @classmethod
    def of(cls, zf: HardenedZip, name: str) -> _Job:
        return cls(name, *zf.entry_span(name))


class _Stopped(Exception):
    """Internal: a worker noticed that the run was stopped (rejection elsewhere, or cancel)."""


class _Run:
    """The hashing threads of one verification.

    Workers touch the job queue, the digests, counters and the ``stop`` event; the calling
    thread polls ``cancel`` and reports ``progress`` (total = bytes copied + bytes of
    documents hashed; an estimate until the manifest is read).
    """

    def __init__(
        self, workers: int, progress: Progress | None, cancel: Cancel | None, fd: int
    ) -> None:
        self.workers = workers
        self.fd = fd  # the private copy, read with preadv
        self.zf: HardenedZip | None = None  # the opened copy, once checked (for inflating)
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.digests: dict[_Job, str] = {}
        self.futures: list[Future[Any]] = []
        self.stop = threading.Event()
        self.total = 0
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="jury-desk-verify")
        self._progress = progress
        self._cancel = cancel
        self._lock = threading.Lock()
        self._done = 0
        self._reported = 0
        self._copy = threading.Condition()
        self._copied = 0
        self._copy_complete = False

    # -- any thread ---------------------------------------------------------------------

    def count(self, nbytes: int) -> None:
        with self._lock:
            self._done += nbytes

    def check_stop(self) -> None:
        if self.stop.is_set():
            raise _Stopped

    def wait_copied(self, end: int) -> bool:
        """Block until the copy has gone past ``end``; False if it ended before."""
        with self._copy:
            while self._copied < end and not self._copy_complete:
                self.check_stop()
                self._copy.wait(_POLL_SECONDS)
            return self._copied >= end

    # -- calling thread -------------------------------------------------------------------

    def copied(self, end: int, *, complete: bool = False) -> None:
        with self._copy:
            self._copied = end
            self._copy_complete = complete
            self._copy.notify_all()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        self.futures.append(self._pool.submit(fn, *args))

    def poll(self) -> None:
        # Progress first, so a cancel decided on what the user just saw is honoured.
        if self._progress is not None:
            with self._lock:
                done = self._done
            # Never backwards, even when the total shrinks from its estimate.
            self._reported = max(self._reported, min(done, self.total))
            self._progress(self._reported, self.total)
        if self._cancel is not None and self._cancel():
            self.stop.set()
            raise BundleCancelled()

    def wait_all(self) -> None:
        pending = set(self.futures)
        while pending:
            finished, pending = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_EXCEPTION)
            self._raise_failures(finished)
            self.poll()

    def _raise_failures(self, finished: Iterable[Future[Any]]) -> None:
        errors = [e for e in (f.exception() for f in finished) if e is not None]
        if errors:
            self.stop.set()
            # The worker that failed, not one that only noticed the stop.
            raise next((e for e in errors if not isinstance(e, _Stopped)), errors[0])

    def close(self) -> None:
        self.stop.set()
        with self._copy:
            self._copy.notify_all()
        self._pool.shutdown(wait=True)


# --------------------------------------------------------------------------- public API


def verify_bundle(
    source: Path,
    *,
    trusted_keys: Sequence[PublicKey],
    data_dir: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    now: datetime | None = None,
    record: bool = True,
    workers: int = 2,
    limits: ZipLimits | None = None,
) -> VerifiedBundle:
    """Verify ``source`` and keep a private copy of it; raise BundleError/BundleCancelled.

    ``workers`` threads hash the documents (1 = one core for hashing; the copy runs in the
    kernel beside it). ``record=False`` checks freshness without remembering the seq (a dry
    run). On any failure no file is left in ``<data_dir>/bundles`` and the ledger is not
    written.
    """
    _check_arguments(trusted_keys, workers)
    _load_checkers_meanwhile()
    source = Path(source)
    limits = limits or ZipLimits()
    bundles = Path(data_dir) / BUNDLES_DIR
    had_bundles_dir = bundles.is_dir()
    tmp: Path | None = None
    try:
        private_subdir(Path(data_dir), BUNDLES_DIR)
        with _open_source(source) as src:
            size = os.fstat(src.fileno()).st_size
            fd, tmp_name = tempfile.mkstemp(prefix=_INCOMING_PREFIX, suffix=".part", dir=bundles)
            tmp = Path(tmp_name)  # mkstemp creates it 0600
            # The copy is not fsync'ed: what is checked is read back from it (page cache
            # included), and a copy torn by a crash fails the next reverify.
            with os.fdopen(fd, "r+b", buffering=0) as dst:
                run = _Run(workers, progress, cancel, dst.fileno())
                try:
                    run.total = 2 * size  # copy + documents (estimate)
                    if _PREADV:
                        walk = _LocalHeaderWalk(run, limits.max_entries)
                        for _ in range(workers):
                            run.submit(_hash_behind_the_copy, run, walk)
                    _copy(src, dst, size, run, source.name)
                    checked = _check_contents(
                        tmp, size, run, trusted_keys, Path(data_dir), now, limits
                    )
                finally:
                    run.close()
        if record:
            _record(checked, Path(data_dir), now)
        final = bundles / f"{checked.fingerprint}{SUFFIX}"
        os.replace(tmp, final)
        return replace(checked, path=final)
    except OSError as exc:
        _discard(tmp, bundles, had_bundles_dir)
        raise StoreError(
            f"Cannot copy the bundle into {bundles}: {exc.strerror or exc}. "
            "Free some disk space or choose another data folder with --data-dir."
        ) from None
    except BaseException:
        _discard(tmp, bundles, had_bundles_dir)
        raise


def reverify(
    private_copy: Path,
    *,
    trusted_keys: Sequence[PublicKey],
    data_dir: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    now: datetime | None = None,
    record: bool = True,
    workers: int = 2,
    limits: ZipLimits | None = None,
) -> VerifiedBundle:
    """Re-run every check on a private copy (to resume a session); nothing is copied.

    The same bundle again (same seq and manifest) passes freshness; a newer version
    accepted since makes it a rollback. Its manifest must still hash to its file name
    (``bundle.copy-changed``, checked as soon as manifest.json is read). The copy is never
    deleted here, even if rejected: it is the evidence of the session.
    """
    _check_arguments(trusted_keys, workers)
    path = Path(private_copy)
    with _open_source(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        run = _Run(workers, progress, cancel, handle.fileno())
        try:
            run.total = size  # documents (estimate)
            run.copied(size, complete=True)  # nothing is hashed before the checks
            result = _check_contents(
                path, 0, run, trusted_keys, data_dir, now, limits or ZipLimits(), path.name
            )
        finally:
            run.close()
    if record:
        _record(result, data_dir, now)
    return result


def check_bundle(
    source: Path,
    *,
    trusted_keys: Sequence[PublicKey],
    data_dir: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    now: datetime | None = None,
    record: bool = True,
    workers: int = 2,
    limits: ZipLimits | None = None,
) -> VerifiedBundle:
    """Every check of ``verify_bundle`` on ``source`` itself, keeping nothing of it.

    For a bundle the desk checks but does not open (``jury-desk bundle verify``, ``bundle
    inspect``): a private copy would guard later reads, and there are none, so copying a
    gigabyte (and needing that much free space) only to delete it bought nothing. Every
    byte is read through ONE descriptor, so the reader, the signature and every digest see
    the same file even if the path is replaced meanwhile. Each byte that decides the
    verdict is read once and checked. ``record`` writes the freshness ledger as
    ``verify_bundle`` does; the result's ``path`` is ``source``.
    """
    _check_arguments(trusted_keys, workers)
    _load_checkers_meanwhile()
    source = Path(source)
    with _open_source(source) as src:
        size = os.fstat(src.fileno()).st_size
        run = _Run(workers, progress, cancel, src.fileno())
        try:
            run.total = size  # documents (estimate)
            run.copied(size, complete=True)  # nothing to wait for: hash while the checks run
            if _PREADV:
                walk = _LocalHeaderWalk(run, (limits or ZipLimits()).max_entries)
                for _ in range(workers):
                    run.submit(_hash_behind_the_copy, run, walk)
            checked = _check_contents(
                source, 0, run, trusted_keys, Path(data_dir), now, limits or ZipLimits()
            )
        finally:
            run.close()
    if record:
        _record(checked, resolve_data_dir(data_dir), now)  # created private if need be
    return checked


def read_document(vb: VerifiedBundle, path: str) -> bytes:
    """The bytes of one listed document, re-checked against the manifest's size and SHA-256."""
    entry = next((f for f in vb.manifest.files if f.path == path), None)
    if entry is None:
        raise BundleError("bundle.missing-file", "The manifest does not list this file.", path)
    with HardenedZip(vb.path) as zf:
        if path not in zf.names:
            raise BundleError("bundle.missing-file", "The bundle has no such file.", path)
        _check_size(zf, entry)
        data = zf.read(path, entry.size)
    _check_digest(entry, hashlib.sha256(data).hexdigest())
    return data


# --------------------------------------------------------------------------- steps


def _check_arguments(trusted_keys: Sequence[PublicKey], workers: int) -> None:
    """Before anything is copied or opened."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if not trusted_keys:
        raise UsageError(
            "No trusted secretariat key: add one in the settings or pass --trusted-key K.pub."
        )


def _load_checkers_meanwhile() -> None:
    """Start loading the manifest's and the signature's checkers, beside the copy."""
    missing = [name for name in _CHECKERS if name not in sys.modules]
    if missing:
        threading.Thread(target=_import_quietly, args=(missing,), name="jury-desk-imports").start()


def _import_quietly(names: list[str]) -> None:
    # A failure here is not reported: the step that needs the module imports it again,
    # on the calling thread, and fails there with the error the user should see.
    try:
        for name in names:
            importlib.import_module(name)
    except BaseException:
        pass


def _open_source(source: Path) -> BinaryIO:
    try:
        handle: BinaryIO = open(source, "rb", buffering=0)
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            handle.close()
            raise IsADirectoryError(errno.EISDIR, "not a regular file")
    except OSError as exc:
        raise BundleError(
            "bundle.unreadable", f"Cannot read the bundle: {exc.strerror}.", source.name
        ) from None
    return handle


def _copy(src: BinaryIO, dst: BinaryIO, size: int, run: _Run, name: str) -> None:
    """Copy ``size`` bytes in chunks, in the kernel when the system can; between chunks,
    report progress, poll cancel and let the hashing threads follow."""
    copiers = [_buffered]
    if hasattr(os, "sendfile"):
        copiers.insert(0, _sendfile)
    if hasattr(os, "copy_file_range"):
        copiers.insert(0, _copy_file_range)
    pos = 0
    while pos < size:
        try:
            got = copiers[0](src, dst, min(COPY_CHUNK, size - pos), pos)
        except OSError as exc:
            if exc.errno not in _UNSUPPORTED or len(copiers) == 1:
                raise
            copiers.pop(0)
            continue
        if got == 0:
            if len(copiers) > 1:  # some file systems answer 0 instead of "unsupported"
                copiers.pop(0)
                continue
            raise BundleError(
                "bundle.unreadable",
                "The bundle file shrank while it was being copied. Copy it again, then retry.",
                name,
            )
        pos += got
        run.count(got)
        run.copied(pos)
        run.poll()
    run.copied(pos, complete=True)


def _copy_file_range(src: BinaryIO, dst: BinaryIO, want: int, pos: int) -> int:
    return os.copy_file_range(src.fileno(), dst.fileno(), want, pos, pos)


def _sendfile(src: BinaryIO, dst: BinaryIO, want: int, pos: int) -> int:
    os.lseek(dst.fileno(), pos, os.SEEK_SET)  # sendfile writes at the file position
    return os.sendfile(dst.fileno(), src.fileno(), pos, want)


def _buffered(src: BinaryIO, dst: BinaryIO, want: int, pos: int) -> int:
    src.seek(pos)
    data = memoryview(src.read(want) or b"")
    dst.seek(pos)
    written = 0
    while written < len(data):  # unbuffered writes may be partial
        written += dst.write(data[written:]) or 0
    return len(data)


class _LocalHeaderWalk:
    """Guesses the copy's stored entries, in file order, from their local headers as the
    copy writes them, for hashing before the copy ends. Not a ZIP reader: it trusts
    nothing and stops at anything unexpected; the checked reader confirms every guess
    (``_hash_documents``). Shared by the hashing threads."""

    def __init__(self, run: _Run, max_entries: int) -> None:
        self._run = run
        self._left = max_entries  # a hostile file cannot keep it walking
        self._pos = 0
        self._lock = threading.Lock()

    def next_job(self) -> _Job | None:
        with self._lock:
            while self._left > 0:
                self._run.check_stop()
                self._left -= 1
                job = self._step()
                if job is None:
                    self._left = 0
                elif job.method == STORED and job.name not in (MANIFEST_NAME, SIGNATURE_NAME):
                    return job
            return None

    def _step(self) -> _Job | None:
        # One read for the header and, usually, the name that follows it.
        head = self._read(self._pos, _LOCAL_HEADER.size, _NAME_ROOM)
        if head is None:
            return None
        fields = _LOCAL_HEADER.unpack_from(head)
        signature, flags, method, length = fields[0], fields[2], fields[3], fields[7]
        name_len, extra_len = fields[9], fields[10]
        if signature != _LOCAL_SIGNATURE or flags & _FLAGS_UNGUESSABLE or length == 0xFFFFFFFF:
            return None  # the central directory, or sizes this walk cannot know
        name = head[_LOCAL_HEADER.size : _LOCAL_HEADER.size + name_len]
        if len(name) < name_len:
            whole = self._read(self._pos + _LOCAL_HEADER.size, name_len)
            if whole is None:
                return None
            name = whole
        data = self._pos + _LOCAL_HEADER.size + name_len + extra_len
        self._pos = data + length
        return _Job(name.decode("utf-8", "replace"), data, length, method)

    def _read(self, offset: int, size: int, more: int = 0) -> bytes | None:
        """``size`` bytes at ``offset`` and up to ``more`` after them if already copied."""
        if not self._run.wait_copied(offset + size):
            return None
        data = os.pread(self._run.fd, size + more, offset)
        return data if len(data) >= size else None

    def stop(self) -> None:
        with self._lock:
            self._left = 0


def _hash_behind_the_copy(run: _Run, walk: _LocalHeaderWalk) -> None:
    buffer = memoryview(bytearray(_HASH_CHUNK))
    while (job := walk.next_job()) is not None:
        digest = _hash_job(job, run, buffer)
        if digest is None:  # the copy ended first: the walk went astray
            walk.stop()
            return
        run.digests[job] = digest


def _drain(run: _Run) -> None:
    buffer = memoryview(bytearray(_HASH_CHUNK))
    while True:
        try:
            job = run.jobs.get_nowait()
        except queue.Empty:
            return
        digest = _hash_job(job, run, buffer)
        if digest is not None:  # (never None here: the checked entries are in the copy)
            run.digests[job] = digest


def _hash_job(job: _Job, run: _Run, buffer: memoryview) -> str | None:
    """The SHA-256 of the job's bytes, following the copy; None if the copy ends first."""
    digest = hashlib.sha256()
    if job.method == STORED and _PREADV:
        pos, end = job.offset, job.offset + job.length
        while pos < end:
            want = min(len(buffer), end - pos)
            if not run.wait_copied(pos + want):
                return None
            got = os.preadv(run.fd, [buffer[:want]], pos)
            if got <= 0:
                raise BundleError(
                    "bundle.unreadable",
                    "The desk's copy of the bundle shrank while it was checked.",
                    job.name,
                )
            digest.update(buffer[:got])
            pos += got
            run.count(got)
            run.check_stop()
    else:
        assert run.zf is not None  # only queued once the copy is opened
        for chunk in run.zf.iter_chunks(job.name, _HASH_CHUNK, check_crc=False):
            digest.update(chunk)
            run.count(len(chunk))
            run.check_stop()
    return digest.hexdigest()


def _check_contents(
    path: Path,
    copied: int,
    run: _Run,
    trusted_keys: Sequence[PublicKey],
    data_dir: Path,
    now: datetime | None,
    limits: ZipLimits,
    expected_name: str | None = None,
) -> VerifiedBundle:
    """Steps 1 (open) to 6 on the file ``run`` reads (``run.fd``: the same file, whatever
    ``path`` names by now); ``copied`` bytes were copied."""
    with HardenedZip(path, limits, opened=run.fd) as zf:
        try:
            run.poll()
            manifest_raw, signature = _read_signed_pair(zf)
            fingerprint = hashlib.sha256(manifest_raw).hexdigest()
            if expected_name is not None and expected_name != f"{fingerprint}{SUFFIX}":
                raise BundleError(
                    "bundle.copy-changed",
                    "The desk's copy of the bundle changed since it was accepted. "
                    "Open the bundle from the secretariat again.",
                    expected_name,
                )
            from jury_desk.bundle.freshness import FreshnessLedger, check_validity_window
            from jury_desk.bundle.manifest import parse_manifest
            from jury_desk.bundle.minisign import verify as verify_signature

            verified = verify_signature(manifest_raw, signature, trusted_keys)
            manifest = parse_manifest(manifest_raw)
            check_validity_window(manifest, now)
            FreshnessLedger(data_dir).check(manifest, fingerprint)
            _check_entry_set(zf.names, manifest)
            for entry in manifest.files:
                _check_size(zf, entry)
            run.total = copied + sum(f.size for f in manifest.files)
            run.poll()
            _hash_documents(zf, manifest.files, run)
        finally:
            run.close()  # no worker may outlive the reader it reads through
    return verified_result(path, manifest_raw, manifest, verified)


def verified_result(
    path: Path, manifest_raw: bytes, manifest: Manifest, verified: VerifiedSignature
) -> VerifiedBundle:
    """The result of a bundle (or receipt) whose signature and manifest were checked."""
    fingerprint = hashlib.sha256(manifest_raw).hexdigest()
    return VerifiedBundle(
        path=path,
        fingerprint=fingerprint,
        manifest=manifest,
        manifest_bytes=manifest_raw,
        manifest_sha256=fingerprint,
        key_id_hex=verified.key.key_id_hex,
        trusted_comment=verified.trusted_comment,
    )


def _read_signed_pair(zf: HardenedZip) -> tuple[bytes, bytes]:
    names = set(zf.names)
    if MANIFEST_NAME not in names:
        raise BundleError(
            "bundle.missing-manifest", "The bundle has no manifest.json.", MANIFEST_NAME
        )
    if SIGNATURE_NAME not in names:
        raise BundleError(
            "bundle.missing-signature",
            "The bundle is not signed. Ask the secretariat to sign it (jury-desk bundle sign).",
            SIGNATURE_NAME,
        )
    # Sizes first: a huge manifest is refused without reading it.
    if zf.size(MANIFEST_NAME) > MAX_MANIFEST_BYTES:
        raise BundleError(
            "manifest.size",
            f"manifest.json is larger than {MAX_MANIFEST_BYTES} bytes.",
            MANIFEST_NAME,
        )
    if zf.size(SIGNATURE_NAME) > MAX_SIGNATURE_FILE:
        raise BundleError("signature.format", "The signature file is too large.", SIGNATURE_NAME)
    return zf.read(MANIFEST_NAME, MAX_MANIFEST_BYTES), zf.read(SIGNATURE_NAME, MAX_SIGNATURE_FILE)


def _check_entry_set(names: Sequence[str], manifest: Manifest) -> None:
    listed = {f.path for f in manifest.files}
    for name in names:
        if name not in listed and name not in (MANIFEST_NAME, SIGNATURE_NAME):
            raise BundleError(
                "bundle.unlisted-entry",
                "The bundle contains a file its manifest does not list.",
                name,
            )
    present = set(names)
    for entry in manifest.files:
        if entry.path not in present:
            raise BundleError(
                "bundle.missing-file", "A file listed in the manifest is missing.", entry.path
            )


def _check_size(zf: HardenedZip, entry: FileEntry) -> None:
    actual = zf.size(entry.path)
    if actual != entry.size:
        raise BundleError(
            "bundle.size-mismatch",
            f"The file has {actual} bytes but the manifest says {entry.size}: "
            "it was altered or damaged.",
            entry.path,
        )


def _check_digest(entry: FileEntry, digest: str) -> None:
    if not hmac.compare_digest(digest, entry.sha256):
        raise BundleError(
            "bundle.hash-mismatch",
            "The file's SHA-256 differs from the manifest's: it was altered or damaged.",
            entry.path,
        )


def _hash_documents(zf: HardenedZip, files: Sequence[FileEntry], run: _Run) -> None:
    """Hash what was not hashed behind the copy, then compare every digest."""
    jobs = [_Job.of(zf, entry.path) for entry in files]
    run.wait_all()  # the hashing behind the copy
    # Only a guess identical to the checked entry counts. The rest: largest first, so that
    # the threads end together.
    todo = sorted(set(jobs) - run.digests.keys(), key=lambda j: j.length, reverse=True)
    run.zf = zf
    for job in todo:
        run.jobs.put(job)
    for _ in range(min(run.workers, len(todo))):
        run.submit(_drain, run)
    run.wait_all()
    for entry, job in zip(files, jobs, strict=True):
        _check_digest(entry, run.digests.get(job, ""))


def _record(result: VerifiedBundle, data_dir: Path, now: datetime | None) -> None:
    from jury_desk.bundle.freshness import FreshnessLedger

    FreshnessLedger(data_dir).record(
        result.manifest, result.manifest_sha256, result.fingerprint, now
    )


def _discard(tmp: Path | None, bundles: Path, had_bundles_dir: bool) -> None:
    """Rejected, cancelled or failed: leave no trace in the data folder."""
    if tmp is not None:
        tmp.unlink(missing_ok=True)
    if not had_bundles_dir:
        try:
            bundles.rmdir()
        except OSError:
            pass  # not empty: another verification put a bundle there meanwhile
