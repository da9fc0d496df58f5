"""Benchmark: reading the minutes.json model of a closed 500-candidate session.

    python tests/benchmarks/bench_minutes_data.py [--candidates 500] [--repeat 7]

The closed session is ``bench_gui_export``'s (a ``jury-desk simulate`` run, cached under the
temporary folder). Measured through ``DeliberationService``, best of ``--repeat``, with the
SQL statements counted (SQLAlchemy ``before_cursor_execute``):

* ``minutes_data()``: every candidate's counted totals, notes, revisions, approvals and the
  rules' proposal, validated by the ``Minutes`` model (what an export reads first);
* baseline: ``board(chair)`` on the same session, which reads the same candidates from a
  handful of set-wide queries (what the GUI does on every refresh).

Goal: the minutes are read with a fixed number of queries (<= 20), not one or more per
candidate (before: ~9,100 queries and ~1.5 s for 500 candidates).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from jury_desk.deliberation.service import DeliberationService  # noqa: E402
from tests.benchmarks.bench_gui_export import closed_session  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402

GOAL_QUERIES = 20


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, int]:
    """(best time in ms, SQL statements of one call)."""
    count = [0]

    def record(*_args: object) -> None:
        count[0] += 1

    best = float("inf")
    event.listen(Engine, "before_cursor_execute", record)
    try:
        for _ in range(repeat):
            count[0] = 0
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return best * 1000, count[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "jury-desk-bench"
    )
    args = parser.parse_args()
    session, _ = closed_session(args.cache / f"export-{args.candidates}c", args.candidates)
    with DeliberationService.resume(session) as service:
        chair = next(m.id for m in service.manifest.session.members if "chair" in m.roles)
        service.minutes_data()  # warm up: imports, page cache
        minutes_ms, minutes_q = measure(service.minutes_data, args.repeat)
        board_ms, board_q = measure(lambda: service.board(chair), args.repeat)
    print(f"{args.candidates} candidates, closed session, best of {args.repeat}")
    print(f"  board(chair) (baseline)   {board_ms:8.1f} ms  {board_q:5d} queries")
    print(f"  minutes_data()            {minutes_ms:8.1f} ms  {minutes_q:5d} queries  "
          f"{minutes_ms / board_ms:.2f}x")  # fmt: skip
    label = "board(chair), same session"
    emit(f"minutes data of {args.candidates} candidates", minutes_ms, board_ms, "ms",
         baseline_label=label)  # fmt: skip
    emit(f"SQL queries, minutes data of {args.candidates} candidates", minutes_q, board_q,
         "queries", baseline_label=label, goal_value=GOAL_QUERIES)  # fmt: skip
    return 0 if minutes_q <= GOAL_QUERIES else 1


if __name__ == "__main__":
    raise SystemExit(main())
