"""``audit verify`` of a signed session (format 2): the chain and the replay, side by side.

The two halves are independent until the end: the chain (every hash, every Ed25519
signature, every reveal against its commitments: ``store.audit.check_signed_rows``) and the
replay of the acts through the rules (``replay.replay``). On a large log each takes
seconds, and ``cryptography`` holds the GIL while it verifies, so the chain runs in a second
process (the machine's second core) on the very rows the replay reads, in the one read
transaction of the caller. The replay's verdict counts only if the chain holds: a replay of
a broken chain proves nothing, and whatever it raised is dropped with it.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from jury_desk.deliberation.replay import WithReplay, replay
from jury_desk.signing.event_log import Row
from jury_desk.store.audit import ChainReport, check_signed_rows, roster_of
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
) -> tuple[ChainReport, list[Difference]]:
    """The chain's report and, when it holds, the replay's differences (``conn`` inside one
    read transaction). ``with_replay``: as ``replay.replay``; what it makes counts only if
    the chain holds too."""
    rows: list[Row] = conn.execute(_SELECT).fetchall()
    roster = roster_of(conn.execute)
    if isinstance(roster, ChainReport):  # no session record, or its manifest is not valid
        return roster, []
    if len(rows) < beside_from:
        report = check_signed_rows(rows, *roster)
        return report, (replay(conn, rows, with_replay=with_replay) if report.ok else [])
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        chain: Future[ChainReport] = pool.submit(check_signed_rows, rows, *roster)
        replayed = _attempt(lambda: replay(conn, rows, with_replay=with_replay))
        report = chain.result()
    if not report.ok:
        return report, []
    return report, replayed()


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
