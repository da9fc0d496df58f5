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
copy runs in the kernel (``copy_file_range``, else ``sendfile``) on the calling thread while
``workers`` threads hash the copy behind it (``bundle/hashing.py``); digests are compared
only after step 5. ``check_bundle`` (the command line) runs the same checks on the bundle
where it is, through one descriptor, and keeps nothing. ``progress`` and ``cancel`` are
only ever called from the calling thread, so a GUI may call this from one worker and
marshal progress by signal.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import importlib
import os
import stat
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from jury_desk.bundle.hashing import (
    Cancel,
    Job,
    Progress,
    Run,
    drain,
    start_hashing_behind,
)
from jury_desk.bundle.layout import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_FILE,
    SIGNATURE_NAME,
)
from jury_desk.bundle.zipreader import HardenedZip, ZipLimits
from jury_desk.core.errors import BundleError, StoreError, UsageError
from jury_desk.core.paths import data_dir as resolve_data_dir
from jury_desk.core.paths import private_subdir

if TYPE_CHECKING:
    from jury_desk.bundle.blind_fields import Opened
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
# copy_file_range/sendfile refusing these files (another file system, an old kernel...).
_UNSUPPORTED = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


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
    #: the manifest.json.minisig bytes: the session file keeps them, so that ``audit verify``
    #: re-checks the secretariat's signature of the stored manifest years later
    signature: bytes = b""


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
                run = Run(workers, progress, cancel, dst.fileno())
                try:
                    run.total = 2 * size  # copy + documents (estimate)
                    start_hashing_behind(run, limits.max_entries)
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
        run = Run(workers, progress, cancel, handle.fileno())
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
    limits = limits or ZipLimits()
    with _open_source(source) as src:
        size = os.fstat(src.fileno()).st_size
        run = Run(workers, progress, cancel, src.fileno())
        try:
            run.total = size  # documents (estimate)
            run.copied(size, complete=True)  # nothing to wait for: hash while the checks run
            start_hashing_behind(run, limits.max_entries)
            checked = _check_contents(source, 0, run, trusted_keys, Path(data_dir), now, limits)
        finally:
            run.close()
    if record:
        _record(checked, resolve_data_dir(data_dir), now)  # created private if need be
    return checked


def read_document(vb: VerifiedBundle, path: str) -> bytes:
    """The bytes of one listed document, re-checked against the manifest's size and SHA-256."""
    with HardenedZip(vb.path) as zf:
        return _read_listed(zf, vb.manifest, path)


def _read_listed(zf: HardenedZip, manifest: Manifest, path: str) -> bytes:
    entry = next((f for f in manifest.files if f.path == path), None)
    if entry is None:
        raise BundleError("bundle.missing-file", "The manifest does not list this file.", path)
    if path not in zf.names:
        raise BundleError("bundle.missing-file", "The bundle has no such file.", path)
    _check_size(zf, entry)
    data = zf.read(path, entry.size)
    _check_digest(entry, hashlib.sha256(data).hexdigest())
    return data


def blind_values(copy: Path, manifest: Manifest) -> dict[str, Opened]:
    """The blind fields of a bundle that pins no reveal key, from its (private copy's)
    ``blind-fields.json``: checked against the signed manifest's SHA-256 of it, then each
    against its candidate's commitment (``bundle/blind_fields.py``)."""
    from jury_desk.bundle.blind_fields import read_values
    from jury_desk.bundle.layout import BLIND_VALUES_PATH

    with HardenedZip(copy) as zf:
        return read_values(manifest, _read_listed(zf, manifest, BLIND_VALUES_PATH))


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


def _copy(src: BinaryIO, dst: BinaryIO, size: int, run: Run, name: str) -> None:
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


def _check_contents(
    path: Path,
    copied: int,
    run: Run,
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
            if manifest.seals_blind_fields and manifest.session.reveal_key is None:
                from jury_desk.bundle.blind_fields import read_values
                from jury_desk.bundle.layout import BLIND_VALUES_PATH

                # Each value must open its commitment: a wrong one would stop the reveal.
                read_values(manifest, _read_listed(zf, manifest, BLIND_VALUES_PATH))
        finally:
            run.close()  # no worker may outlive the reader it reads through
    return verified_result(path, manifest_raw, manifest, verified, signature)


def verified_result(
    path: Path,
    manifest_raw: bytes,
    manifest: Manifest,
    verified: VerifiedSignature,
    signature: bytes,
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
        signature=signature,
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


def _hash_documents(zf: HardenedZip, files: Sequence[FileEntry], run: Run) -> None:
    """Hash what was not hashed behind the copy, then compare every digest."""
    jobs = [Job.of(zf, entry.path) for entry in files]
    run.wait_all()  # the hashing behind the copy
    # Only a guess identical to the checked entry counts. The rest: largest first, so that
    # the threads end together.
    todo = sorted(set(jobs) - run.digests.keys(), key=lambda j: j.length, reverse=True)
    run.zf = zf
    for job in todo:
        run.jobs.put(job)
    for _ in range(min(run.workers, len(todo))):
        run.submit(drain, run)
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
