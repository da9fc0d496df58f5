"""The hashing threads of a bundle verification (``bundle/verify.py``).

``workers`` threads hash the documents with ``preadv`` into reused buffers (``hashlib`` and
``preadv`` release the GIL). So that hashing need not wait for the end of the copy (the
ZIP's directory is at its end), they walk the file's local headers as the copy writes them
(``LocalHeaderWalk``) and hash each stored entry as soon as the copy has gone past it. That
walk is only a guess, not a ZIP reader: a digest counts only if the checked reader later
finds exactly that entry there (``verify._hash_documents``); anything else is hashed again
through the checked reader (``drain``). When nothing is copied (``check_bundle``), the walk
simply starts with the whole file "copied".

``Run`` is what the threads of one verification share: the job queue, the digests, the
copy's progress, the ``stop`` event. ``progress`` and ``cancel`` are only ever called from
the calling thread.
"""

from __future__ import annotations

import hashlib
import os
import queue
import struct
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from jury_desk.bundle.layout import MANIFEST_NAME, SIGNATURE_NAME
from jury_desk.bundle.zipreader import STORED, HardenedZip
from jury_desk.core.errors import BundleCancelled, BundleError

HASH_CHUNK = 1 << 20  # per hashing thread; big enough that the GIL is rarely taken
POLL_SECONDS = 0.02  # cancel and progress while workers hash
PREADV = hasattr(os, "preadv")  # else (Windows) documents are read through the ZIP reader
# A ZIP local header (APPNOTE 4.3.7), read by the walk that guesses entries behind the copy.
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50
_FLAGS_UNGUESSABLE = 0x0001 | 0x0008  # encrypted; sizes in a trailing data descriptor
_NAME_ROOM = 256  # bytes read past a local header, for the name, in the same read

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Job:
    """One entry to hash: for a stored entry, ``length`` raw bytes at ``offset`` of the copy;
    any other method is inflated by the ZIP reader."""

    name: str
    offset: int
    length: int
    method: int

    @classmethod
    def of(cls, zf: HardenedZip, name: str) -> Job:
        return cls(name, *zf.entry_span(name))


class Stopped(Exception):
    """Internal: a worker noticed that the run was stopped (rejection elsewhere, or cancel)."""


class Run:
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
        self.jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self.digests: dict[Job, str] = {}
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
            raise Stopped

    def wait_copied(self, end: int) -> bool:
        """Block until the copy has gone past ``end``; False if it ended before."""
        with self._copy:
            while self._copied < end and not self._copy_complete:
                self.check_stop()
                self._copy.wait(POLL_SECONDS)
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
            finished, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_EXCEPTION)
            self._raise_failures(finished)
            self.poll()

    def _raise_failures(self, finished: Iterable[Future[Any]]) -> None:
        errors = [e for e in (f.exception() for f in finished) if e is not None]
        if errors:
            self.stop.set()
            # The worker that failed, not one that only noticed the stop.
            raise next((e for e in errors if not isinstance(e, Stopped)), errors[0])

    def close(self) -> None:
        self.stop.set()
        with self._copy:
            self._copy.notify_all()
        self._pool.shutdown(wait=True)


class LocalHeaderWalk:
    """Guesses the copy's stored entries, in file order, from their local headers as the
    copy writes them, for hashing before the copy ends. Not a ZIP reader: it trusts
    nothing and stops at anything unexpected; the checked reader confirms every guess
    (``_hash_documents``). Shared by the hashing threads."""

    def __init__(self, run: Run, max_entries: int) -> None:
        self._run = run
        self._left = max_entries  # a hostile file cannot keep it walking
        self._pos = 0
        self._lock = threading.Lock()

    def next_job(self) -> Job | None:
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

    def _step(self) -> Job | None:
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
        return Job(name.decode("utf-8", "replace"), data, length, method)

    def _read(self, offset: int, size: int, more: int = 0) -> bytes | None:
        """``size`` bytes at ``offset`` and up to ``more`` after them if already copied."""
        if not self._run.wait_copied(offset + size):
            return None
        data = os.pread(self._run.fd, size + more, offset)
        return data if len(data) >= size else None

    def stop(self) -> None:
        with self._lock:
            self._left = 0


def start_hashing_behind(run: Run, max_entries: int) -> None:
    """Start ``run.workers`` threads hashing the stored entries as the copy passes them
    (none where ``preadv`` is missing: the checked reader then reads every document)."""
    if PREADV:
        walk = LocalHeaderWalk(run, max_entries)
        for _ in range(run.workers):
            run.submit(hash_behind_the_copy, run, walk)


def hash_behind_the_copy(run: Run, walk: LocalHeaderWalk) -> None:
    buffer = memoryview(bytearray(HASH_CHUNK))
    while (job := walk.next_job()) is not None:
        digest = hash_job(job, run, buffer)
        if digest is None:  # the copy ended first: the walk went astray
            walk.stop()
            return
        run.digests[job] = digest


def drain(run: Run) -> None:
    buffer = memoryview(bytearray(HASH_CHUNK))
    while True:
        try:
            job = run.jobs.get_nowait()
        except queue.Empty:
            return
        digest = hash_job(job, run, buffer)
        if digest is not None:  # (never None here: the checked entries are in the copy)
            run.digests[job] = digest


def hash_job(job: Job, run: Run, buffer: memoryview) -> str | None:
    """The SHA-256 of the job's bytes, following the copy; None if the copy ends first."""
    digest = hashlib.sha256()
    if job.method == STORED and PREADV:
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
        for chunk in run.zf.iter_chunks(job.name, HASH_CHUNK, check_crc=False):
            digest.update(chunk)
            run.count(len(chunk))
            run.check_stop()
    return digest.hexdigest()
