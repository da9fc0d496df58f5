"""The room's status for one member desk after the reveals (issue 12): its size against the
1 MiB record cap, and its build time against the old build (one candidate detail read per
revealed candidate), measured in the same run on a copy of the cached ``decided`` signed
session (``bench_signed_log.signed_session``: every candidate revealed, 10 members).

    python tests/benchmarks/bench_desk_status.py --candidates 2000 --repeat 3
"""

from __future__ import annotations

import argparse
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
    return 0 if size <= cap else 1


if __name__ == "__main__":
    sys.exit(main())
