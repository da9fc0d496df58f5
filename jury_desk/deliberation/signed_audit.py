"""``audit verify`` of a signed session (format 2): the chain and the replay, side by side.

The two halves are independent until the end: the chain (every hash, every Ed25519
signature, every reveal against its commitments: ``store.audit.check_signed_rows``) and the
replay of the acts through the rules (``replay.replay``). On a large log each takes
seconds, and ``cryptography`` holds the GIL while it verifies, so the chain runs in a second
process (the machine's second core) on the very rows the replay reads, in the one read
transaction of the caller. The replay's verdict counts only if the chain holds: a replay of
a broken chain proves nothing, and whatever it raised is dropped with it.

**What a desk verified, kept** (``Verified``): the export checks the session it exports
from (the attacker with the laptop may have edited it under the desk). Once the whole log
has been verified in this process, the chain's verifier and the replay's session are kept
in memory with the head they reached and a digest of every stored event up to it; the next
check only reads the file's events again to compare that digest (so an event rewritten
before the head is seen), checks the chain and signatures of the new events and replays
them on the kept session, and compares every table of the file with it, as the whole
check does. It only ever accepts: anything else (a digest that differs, a bad event, a
table that differs, a shorter log) drops what was kept and runs the whole check, whose
report names the difference.

**Ahead of the export** (``check_ahead``): the first check of a desk process is the whole
log (about 7 s at 2,000 candidates). The room desk runs it in the background at resume and
after each ouverture des plis, so that the chair's export finds it kept and checks only
the events since. Run ahead or not, the export accepts only what holds.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jury_desk.deliberation.replay import Replayed, WithReplay, replay
from jury_desk.signing.event_log import LogVerifier, Row
from jury_desk.store.audit import ChainReport, checked_signed_rows, continue_rows, roster_of
from jury_desk.store.log_tables import Difference

_SELECT = (
    "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature FROM audit_event ORDER BY seq"
)
#: Below this many events, starting a process costs more than the chain (~0.1 ms an event).
BESIDE_FROM = 3000


def check_signed_session(
    conn: sqlite3.Connection,
    *,
    beside_from: int = BESIDE_FROM,
    with_replay: WithReplay | None = None,
    kept: Verified | None = None,
) -> tuple[ChainReport, list[Difference]]:
    """The chain's report and, when it holds, the replay's differences (``conn`` inside one
    read transaction). ``with_replay``: as ``replay.replay``; what it makes counts only if
    the chain holds too. ``kept``: what this process verified before, to check only what
    follows it (and kept up to date)."""
    rows: list[Row] = conn.execute(_SELECT).fetchall()
    if kept is not None:
        with kept.lock:
            if (done := kept.go_on(conn, rows, with_replay)) is not None:
                return done
            return _whole(conn, rows, beside_from, with_replay, kept)
    return _whole(conn, rows, beside_from, with_replay, None)


def _whole(
    conn: sqlite3.Connection,
    rows: list[Row],
    beside_from: int,
    with_replay: WithReplay | None,
    kept: Verified | None,
) -> tuple[ChainReport, list[Difference]]:
    roster = roster_of(conn.execute)
    if isinstance(roster, ChainReport):  # no session record, or its manifest is not valid
        return roster, []
    replays: list[Replayed] = []
    keep = None if kept is None else replays.append
    if len(rows) < beside_from:
        report, verifier = checked_signed_rows(rows, *roster)
        differences = replay(conn, rows, with_replay=with_replay, keep=keep) if report.ok else []
    else:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            chain: Future[tuple[ChainReport, LogVerifier]] = pool.submit(
                checked_signed_rows, rows, *roster
            )
            replayed = _attempt(lambda: replay(conn, rows, with_replay=with_replay, keep=keep))
            report, verifier = chain.result()
        differences = replayed() if report.ok else []
    if kept is not None and report.ok and not differences and replays:
        kept.keep(rows, verifier, replays[0])
    else:
        for made in replays:
            made.close()
    return report, differences


def check_ahead(path: Path, kept: Verified) -> str | None:
    """The export's check of the session file, run ahead of it (``kept``: the desk's): the
    whole log the first time, what follows after. Why the file fails, if it does (nothing is
    kept then)."""
    from jury_desk.store.log_tables import session_file_problem

    return session_file_problem(path, kept=kept)


class Verified:
    """What this process verified of one session's signed log, to go on from (module
    docstring). Each desk keeps one per open session (``DeliberationService.verified``)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()  # one check at a time; closing the desk waits for it
        self._kept: _Kept | None = None

    def keep(self, rows: Sequence[Row], verifier: LogVerifier, replayed: Replayed) -> None:
        self.forget()
        self._kept = _Kept(len(rows), _hashed(rows), verifier, replayed)

    def forget(self) -> None:
        with self.lock:
            if self._kept is not None:
                self._kept.replayed.close()
                self._kept = None

    def go_on(
        self, conn: sqlite3.Connection, rows: list[Row], with_replay: WithReplay | None
    ) -> tuple[ChainReport, list[Difference]] | None:
        """The check of ``rows`` from what was kept, if it accepts them; None: nothing is
        kept any more, and the whole log must be checked."""
        kept, self._kept = self._kept, None  # kept again only if everything holds
        if kept is None:
            return None
        try:
            done = kept.go_on(conn, rows, with_replay)
        except BaseException:
            kept.replayed.close()
            raise
        if done is None:
            kept.replayed.close()
            return None
        self._kept = kept
        return done


@dataclass
class _Kept:
    length: int  # events verified
    hashed: Any  # those events as stored, hashed (``_hashed``)
    verifier: LogVerifier  # the chain's, after them
    replayed: Replayed  # the replay's session, after them

    def go_on(
        self, conn: sqlite3.Connection, rows: list[Row], with_replay: WithReplay | None
    ) -> tuple[ChainReport, list[Difference]] | None:
        new = rows[self.length :]
        if len(rows) < self.length or (
            _hashed(rows[: self.length]).digest() != self.hashed.digest()
        ):
            return None
        report = continue_rows(self.verifier, new)
        if not report.ok or self.replayed.more(conn, new, with_replay):
            return None
        self.length = len(rows)
        _hashed(new, self.hashed)
        return report, []


def _hashed(rows: Sequence[Row], hashed: Any = None) -> Any:
    """SHA-256 over the events as stored (every column), going on from ``hashed``."""
    hashed = hashlib.sha256() if hashed is None else hashed
    for row in rows:
        hashed.update(repr(tuple(row)).encode("utf-8"))  # a tuple's repr names each value
    return hashed


def _attempt(work: Callable[[], Sequence[Difference]]) -> Callable[[], list[Difference]]:
    """Run ``work`` now; its result, or what it raised, is given (or raised) when asked."""
    try:
        done = list(work())
    except Exception as exc:
        failure: Any = exc

        def raise_it() -> list[Difference]:
            raise failure

        return raise_it
    return lambda: done
