"""The room's status for one member desk (issue 12), against the 1 MiB record cap.

* After the reveals, on a copy of the cached ``decided`` signed session
  (``bench_signed_log.signed_session``: every candidate revealed, 10 members): its size,
  and its build time against the old build (one candidate detail read per revealed
  candidate), measured in the same run.
* At the largest session a bundle may hold (``--largest``, 10,000 candidates, before the
  reveals): each status's size, how many statuses a desk needs to hold every summary block,
  and the build time against the same status unbounded (every block at once, as before the
  summary came in blocks: past the body's budget).

    python tests/benchmarks/bench_desk_status.py --candidates 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation.ledger import ServiceLedger
from jury_desk.exchange.envelope import MAX_RECORD_BYTES
from tests.benchmarks.benchrow import emit


def old_status(ledger: ServiceLedger, member: str) -> bytes:
    """The status as built before (every revealed candidate's sheets, one detail read
    each): the baseline, and what passed the record cap."""
    svc = ledger.service
    candidates = {}
    for row in svc.board(member).rows:
        if row.viewer_conflicted:
            continue
        sheets = []
        if row.scores_visible:
            detail = svc.candidate_detail(member, row.candidate_id)
            sheets = [{"member": s.member_id, "total": s.total, "scores": dict(s.scores)}
                      for s in detail.sheets]  # fmt: skip
        candidates[row.candidate_id] = {"state": str(row.state), "sheets": sheets}
    return dumps_canonical({"candidates": candidates})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "jury-desk-bench"
    )
    parser.add_argument("--session", type=Path, help="a decided signed session (else cached)")
    parser.add_argument("--largest", type=int, default=10_000)
    args = parser.parse_args()
    from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
    from jury_desk.deliberation.service import DeliberationService
    from tests.benchmarks.bench_board import START, median_ms
    from tests.benchmarks.bench_signed_log import signed_session

    decided = args.session or signed_session(args.cache, args.candidates)["decided"]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "status.jdsession"
        shutil.copyfile(decided, copy)
        svc = DeliberationService.resume(copy, now=lambda: START, scrypt=FAST_FOR_TESTS)
        ledger = ServiceLedger(svc)
        member = svc.manifest.session.members[-1].id
        body = ledger.status(member)[1]
        size = len(body) * 4 // 3  # the record holds the body in base64
        old_size = len(old_status(ledger, member)) * 4 // 3
        new = median_ms(lambda: ledger.status(member), args.repeat)
        old = median_ms(lambda: old_status(ledger, member), args.repeat)
        svc.close()
    cap = MAX_RECORD_BYTES
    print(
        f"member desk status after the reveals, {args.candidates} candidates: {new:.0f} ms "
        f"(old build {old:.0f} ms); record about {size:,} B of {cap:,} (old {old_size:,} B)"
    )
    emit(f"member desk status build, {args.candidates} revealed", new, old, "ms",
         baseline_label="the old build, one detail read per candidate")  # fmt: skip
    emit(f"member desk status record, {args.candidates} revealed", size, cap, "B",
         baseline_label="the 1 MiB record cap", goal_ratio=1.0)  # fmt: skip
    largest = largest_session(args.largest, args.repeat)
    return 0 if size <= cap and largest <= cap else 1


def largest_session(candidates: int, repeat: int) -> int:
    """The figures at ``candidates`` (a new signed session, every member checked in); the
    largest record."""
    from jury_desk.deliberation import desk_status
    from tests.benchmarks.bench_board import big_manifest, median_ms
    from tests.deliberation.jury import open_signed_room

    manifest = big_manifest(candidates)
    with tempfile.TemporaryDirectory() as tmp:
        room = open_signed_room(
            Path(tmp), manifest=manifest, present=[m.id for m in manifest.session.members]
        )
        ledger = ServiceLedger(room.svc)
        member = "albert-1"
        blocks: set[str] = set()
        sizes = []
        while True:
            body = json.loads(ledger.status(member)[1])
            sizes.append(len(dumps_canonical(body)) * 4 // 3)
            blocks.update(body["summary"])
            if len(blocks) == len(body["blocks"]) or len(sizes) == 20:
                break
        paged = median_ms(lambda: ledger.status(member), repeat)
        budget, size = desk_status.BODY_BUDGET, desk_status.BLOCK_SIZE
        desk_status.BODY_BUDGET, desk_status.BLOCK_SIZE = 1 << 30, candidates
        try:
            whole_body = ledger.status(member)[1]
            whole = median_ms(lambda: ledger.status(member), repeat)
        finally:
            desk_status.BODY_BUDGET, desk_status.BLOCK_SIZE = budget, size
        room.svc.close()
    cap = MAX_RECORD_BYTES
    print(
        f"member desk status at {candidates} candidates (before the reveals): {paged:.0f} ms "
        f"(unbounded {whole:.0f} ms); records about {max(sizes):,} B of {cap:,} (unbounded "
        f"{len(whole_body) * 4 // 3:,} B); every block held after {len(sizes)} statuses"
    )
    emit(f"member desk status build, {candidates} candidates", paged, whole, "ms",
         baseline_label="the same status unbounded (every block at once)")  # fmt: skip
    emit(f"member desk status record, {candidates} candidates", max(sizes), cap, "B",
         baseline_label="the 1 MiB record cap", goal_ratio=1.0)  # fmt: skip
    return max(sizes)


if __name__ == "__main__":
    sys.exit(main())
