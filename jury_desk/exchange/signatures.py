"""The signatures of a batch of envelopes, checked beside the apply, in a second process.

Importing a file of 2,000 sealed sheets verifies 2,000 Ed25519 signatures (about 0.1 ms
each) and applies 2,000 acts through the rules. ``cryptography`` holds the GIL while it
verifies, so a thread would gain nothing; a second process (the machine's second core)
checks them while the room desk applies the ones already checked (``audit verify`` does the
same with the chain, ``deliberation/signed_audit.py``).

No message is applied before its own signature is known to hold: the checks are sent in
the order the messages will be applied, in chunks, and ``error`` waits for the chunk of the
message asked about (the first chunk is short: the apply starts at once). A signature the
process finds bad is checked again here, which makes the refusal's words; a process that
died is replaced by checking here. Small batches (the network's, a few messages) are checked
here: a process costs more than they do.

The process is started once (``warm``, or at the first large batch) and serves every later
import; it ends with the desk, even a desk killed mid-import.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from jury_desk.exchange.envelope import Envelope, ExchangeError

#: From this many messages in a batch, their signatures are checked in the second process.
BESIDE_FROM = 200
#: Messages per chunk sent to it: the first chunk's wait is the apply's only delay.
CHUNK = 100

Check = tuple[bytes, bytes, bytes]  # (raw public key, signature, signed bytes)

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def check_chunk(checks: Sequence[Check]) -> list[bool]:
    """In the second process: whether each signature holds."""
    held = []
    for raw, sig, data in checks:
        try:
            Ed25519PublicKey.from_public_bytes(raw).verify(sig, data)
        except (InvalidSignature, ValueError):
            held.append(False)
        else:
            held.append(True)
    return held


def _end_with_the_desk() -> None:
    """In the second process: end when the room desk's process ends, even killed (-9)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="room-desk-watch", daemon=True).start()


def _beside() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
            _pool = ProcessPoolExecutor(1, mp_context=context, initializer=_end_with_the_desk)
        return _pool


def _forget(pool: ProcessPoolExecutor) -> None:
    """The process died (killed, out of memory): the next batch starts another."""
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def warm() -> None:
    """Start the second process now, so that the first large import does not wait for it."""
    pool = _beside()
    try:
        pool.submit(check_chunk, []).result()
    except BrokenProcessPool:
        _forget(pool)


def shutdown() -> None:
    """End the second process (the desk closes; tests)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


class Signatures:
    """The signature check of each envelope of ``order`` (envelope, its sender's key), in the
    order they will be applied."""

    def __init__(self, order: Sequence[tuple[Envelope, Ed25519PublicKey]]) -> None:
        self._keys = {id(envelope): key for envelope, key in order}
        self._at = {id(envelope): i for i, (envelope, _key) in enumerate(order)}
        self._chunks: list[Future[list[bool]]] = []
        self._pool: ProcessPoolExecutor | None = None
        if len(order) >= BESIDE_FROM:
            self._pool = _beside()
            raw = {id(key): key.public_bytes(Encoding.Raw, PublicFormat.Raw) for _e, key in order}
            checks = [(raw[id(key)], e.sig, e.signed_bytes) for e, key in order]
            try:
                for start in range(0, len(checks), CHUNK):
                    self._chunks.append(
                        self._pool.submit(check_chunk, checks[start : start + CHUNK])
                    )
            except (BrokenProcessPool, RuntimeError):
                self._lost()

    def _lost(self) -> None:
        if self._pool is not None:
            _forget(self._pool)
        self._pool, self._chunks = None, []

    def error(self, envelope: Envelope) -> ExchangeError | None:
        """None if ``envelope`` is signed by its sender's key, else why it is refused."""
        held = True
        if self._chunks:
            at = self._at[id(envelope)]
            try:
                held = self._chunks[at // CHUNK].result()[at % CHUNK]
            except BrokenProcessPool:
                self._lost()
        if held:
            if self._chunks:
                return None
        try:
            envelope.verify(self._keys[id(envelope)])  # here: a small batch, or the words
        except ExchangeError as exc:
            return exc
        return None
