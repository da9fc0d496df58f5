"""Verify a dossier bundle, in DESIGN.md §2's order: the desk never trusts a byte before its check.

1. Copy the bundle into ``<data_dir>/bundles/`` (0600, temporary name) and open THAT copy
   with the hardened ZIP reader, so what is checked is what is used later.
2. Verify ``manifest.json.minisig`` over the exact ``manifest.json`` bytes, before any JSON.
3. Parse the manifest strictly. 4. Check freshness (dates, rollback, reused seq).
5. The entries are exactly the listed files plus the two manifest files.
6. Stream every document and check its size and SHA-256.

Only then is the copy renamed to ``<sha256>.jdbundle`` and the seq recorded in the ledger.
On any rejection or cancellation the copy is deleted and the ledger is untouched.

Speed: hashing is the cost (the goal is "about as fast as ``openssl dgst``"). The SHA-256
of the whole copy is computed on a worker thread that follows the copy as it is written
(page cache hot), then the documents are hashed on the same pool (``hashlib`` and
``pread`` release the GIL). ``progress`` and ``cancel`` are only ever called from the
calling thread, so a GUI may call this from one worker and marshal progress by signal.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import os
import queue
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from jury_desk.bundle.freshness import FreshnessLedger, check_validity_window
from jury_desk.bundle.manifest import MAX_MANIFEST_BYTES, FileEntry, Manifest, parse_manifest
from jury_desk.bundle.minisign import MAX_SIGNATURE_FILE, PublicKey
from jury_desk.bundle.minisign import verify as verify_signature
from jury_desk.bundle.writer import MANIFEST_NAME, SIGNATURE_NAME
from jury_desk.bundle.zipreader import HardenedZip, ZipLimits
from jury_desk.core.errors import BundleCancelled, BundleError, StoreError, UsageError
from jury_desk.core.paths import private_subdir

#: The check codes a rejection may carry besides the ZIP reader's ``zip.*`` (zipreader.CHECKS),
#: in verification order, with what they mean (the GUI translates the codes).
CHECKS: dict[str, str] = {
    "bundle.unreadable": "the bundle file cannot be read, or is not a regular file",
    "bundle.missing-manifest": "the bundle has no manifest.json",
    "bundle.missing-signature": "the bundle has no manifest.json.minisig",
    "manifest.size": "manifest.json is over the size cap (refused before reading it)",
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
    "bundle.copy-changed": "(reverify) the private copy's SHA-256 is no longer its name",
}

BUNDLES_DIR = "bundles"
SUFFIX = ".jdbundle"
_INCOMING_PREFIX = ".incoming-"
_CHUNK = 1 << 20
_COPY_CHUNK = 4 << 20  # cancel is polled between copy chunks
_POLL_SECONDS = 0.02  # cancel and progress while workers hash

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class VerifiedBundle:
    path: Path  # the private copy, <data_dir>/bundles/<sha256>.jdbundle
    sha256: str  # of the whole bundle file
    manifest: Manifest
    manifest_bytes: bytes
    manifest_sha256: str
    key_id_hex: str
    trusted_comment: str


class _Stopped(Exception):
    """Internal: a worker noticed that the run was stopped (rejection elsewhere, or cancel)."""


class _Run:
    """The hashing threads of one verification.

    Workers only touch counters and the ``stop`` event; the calling thread polls ``cancel``
    and reports ``progress`` (total = bytes copied + bytes of the file hashed + bytes of
    documents hashed; the document part is an estimate until the manifest is read).
    """

    def __init__(self, workers: int, progress: Progress | None, cancel: Cancel | None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="jury-desk-verify")
        self._progress = progress
        self._cancel = cancel
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._done = 0
        self.total = 0
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

    def readable_end(self, pos: int) -> int:
        """Block until the copy has gone past ``pos`` (or is complete); return its end."""
        with self._copy:
            while self._copied <= pos and not self._copy_complete:
                self.check_stop()
                self._copy.wait(_POLL_SECONDS)
            return self._copied

    # -- calling thread -------------------------------------------------------------------

    def copied(self, end: int, *, complete: bool = False) -> None:
        with self._copy:
            self._copied = end
            self._copy_complete = complete
            self._copy.notify_all()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self._pool.submit(fn, *args)

    def poll(self) -> None:
        # Progress first, so a cancel decided on what the user just saw is honoured.
        if self._progress is not None:
            with self._lock:
                done = self._done
            self._progress(min(done, self.total), self.total)
        if self._cancel is not None and self._cancel():
            self.stop.set()
            raise BundleCancelled()

    def wait(self, futures: Iterable[Future[Any]]) -> None:
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_EXCEPTION)
            for future in finished:
                error = future.exception()
                if error is not None:
                    self.stop.set()
                    raise error
            self.poll()

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

    ``record=False`` checks freshness without remembering the seq (a dry run). On any
    failure no file is left in ``<data_dir>/bundles`` and the ledger is not written.
    """
    _require_keys(trusted_keys)
    source = Path(source)
    bundles = Path(data_dir) / BUNDLES_DIR
    had_bundles_dir = bundles.is_dir()
    tmp: Path | None = None
    try:
        private_subdir(Path(data_dir), BUNDLES_DIR)
        with _open_source(source) as src:
            size = os.fstat(src.fileno()).st_size
            fd, tmp_name = tempfile.mkstemp(prefix=_INCOMING_PREFIX, suffix=".part", dir=bundles)
            tmp = Path(tmp_name)  # mkstemp creates it 0600
            with os.fdopen(fd, "r+b", buffering=0) as dst:
                run = _Run(workers, progress, cancel)
                try:
                    run.total = 3 * size  # copy + whole-file hash + documents (estimate)
                    whole = run.submit(_hash_file, tmp, size, run)
                    _copy(src, dst, size, run)
                    checked = _check_contents(
                        tmp, size, whole, run, trusted_keys, Path(data_dir), now, limits, 1
                    )
                finally:
                    run.close()
        if record:
            _record(checked, Path(data_dir), now)
        final = bundles / f"{checked.sha256}{SUFFIX}"
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
    accepted since makes it a rollback. Its file name must still be its SHA-256. The copy
    is never deleted here, even if rejected: it is the evidence of the session.
    """
    _require_keys(trusted_keys)
    path = Path(private_copy)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleError(
            "bundle.unreadable", f"Cannot read the bundle: {exc.strerror}.", path.name
        ) from None
    run = _Run(workers, progress, cancel)
    try:
        run.total = 2 * size
        run.copied(size, complete=True)
        whole = run.submit(_hash_file, path, size, run)
        result = _check_contents(path, size, whole, run, trusted_keys, data_dir, now, limits, 0)
    finally:
        run.close()
    if path.name != f"{result.sha256}{SUFFIX}":
        raise BundleError(
            "bundle.copy-changed",
            "The desk's copy of the bundle changed since it was accepted. "
            "Open the bundle from the secretariat again.",
            path.name,
        )
    if record:
        _record(result, data_dir, now)
    return result


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


def _require_keys(trusted_keys: Sequence[PublicKey]) -> None:
    if not trusted_keys:
        raise UsageError(
            "No trusted secretariat key: add one in the settings or pass --trusted-key K.pub."
        )


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


def _copy(src: BinaryIO, dst: BinaryIO, size: int, run: _Run) -> None:
    """Copy ``size`` bytes, in the kernel when possible (no trip through Python)."""
    fast = hasattr(os, "copy_file_range")
    buffer = memoryview(bytearray(_COPY_CHUNK))
    pos = 0
    while pos < size:
        want = min(_COPY_CHUNK, size - pos)
        got = 0
        if fast:
            try:
                got = os.copy_file_range(src.fileno(), dst.fileno(), want, pos, pos)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                    raise
                fast = False
        if not fast:
            src.seek(pos)
            dst.seek(pos)
            got = src.readinto(buffer[:want]) or 0
            dst.write(buffer[:got])
        if got == 0:
            raise BundleError(
                "bundle.unreadable", "The bundle file shrank while it was being copied."
            )
        pos += got
        run.count(got)
        run.copied(pos)
        run.poll()
    run.copied(pos, complete=True)


def _hash_file(path: Path, size: int, run: _Run) -> str:
    """SHA-256 of the whole file, following the copy as it is written."""
    digest = hashlib.sha256()
    buffer = memoryview(bytearray(_CHUNK))
    pos = 0
    with open(path, "rb", buffering=0) as fh:
        while pos < size:
            end = run.readable_end(pos)
            got = fh.readinto(buffer[: min(_CHUNK, end - pos)]) or 0
            if got == 0:
                raise BundleError("bundle.unreadable", "The bundle copy is shorter than expected.")
            digest.update(buffer[:got])
            pos += got
            run.count(got)
            run.check_stop()
    return digest.hexdigest()


def _check_contents(
    path: Path,
    size: int,
    whole: Future[str],
    run: _Run,
    trusted_keys: Sequence[PublicKey],
    data_dir: Path,
    now: datetime | None,
    limits: ZipLimits | None,
    copies: int,
) -> VerifiedBundle:
    """Steps 1 (open) to 6 on a file this desk controls; ``copies`` = 1 if it was copied."""
    with HardenedZip(path, limits or ZipLimits()) as zf:
        run.poll()
        manifest_raw, signature = _read_signed_pair(zf)
        verified = verify_signature(manifest_raw, signature, trusted_keys)
        manifest = parse_manifest(manifest_raw)
        manifest_sha256 = hashlib.sha256(manifest_raw).hexdigest()
        check_validity_window(manifest, now)
        FreshnessLedger(data_dir).check(manifest, manifest_sha256)
        _check_entry_set(zf.names, manifest)
        for entry in manifest.files:
            _check_size(zf, entry)
        run.total = (copies + 1) * size + sum(f.size for f in manifest.files)
        run.poll()
        _hash_documents(zf, manifest.files, whole, run)
    return VerifiedBundle(
        path=path,
        sha256=whole.result(),
        manifest=manifest,
        manifest_bytes=manifest_raw,
        manifest_sha256=manifest_sha256,
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


def _hash_documents(
    zf: HardenedZip, files: Sequence[FileEntry], whole: Future[str], run: _Run
) -> None:
    # As many drain loops as threads, over one queue: per-file futures would cost more
    # than hashing a small document. The whole-file hash holds one thread until it ends.
    todo: queue.SimpleQueue[FileEntry] = queue.SimpleQueue()
    for entry in files:  # manifest order is file order: sequential reads
        todo.put(entry)
    drains = [run.submit(_drain, zf, todo, run) for _ in range(run.workers)]
    run.wait([whole, *drains])


def _drain(zf: HardenedZip, todo: queue.SimpleQueue[FileEntry], run: _Run) -> None:
    while True:
        try:
            entry = todo.get_nowait()
        except queue.Empty:
            return
        digest = hashlib.sha256()
        for chunk in zf.iter_chunks(entry.path, _CHUNK, check_crc=False):
            run.check_stop()
            digest.update(chunk)
            run.count(len(chunk))
        _check_digest(entry, digest.hexdigest())


def _record(result: VerifiedBundle, data_dir: Path, now: datetime | None) -> None:
    FreshnessLedger(data_dir).record(result.manifest, result.manifest_sha256, result.sha256, now)


def _discard(tmp: Path | None, bundles: Path, had_bundles_dir: bool) -> None:
    """Rejected, cancelled or failed: leave no trace in the data folder."""
    if tmp is not None:
        tmp.unlink(missing_ok=True)
    if not had_bundles_dir:
        try:
            bundles.rmdir()
        except OSError:
            pass  # not empty: another verification put a bundle there meanwhile
