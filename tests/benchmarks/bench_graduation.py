"""Benchmark: proposals and the chair's board for 2,000 graduates x 30 units.

    python tests/benchmarks/bench_graduation.py [--candidates 2000] [--units 30] [--repeat 30]

A graduation session whose rules weigh 30 units of the transcript (none graded by the jury:
the deliberation starts from the transcript). Measured through ``DeliberationService``:

* board: ``service.board(chair)`` after a change (a note), with every graduate's diploma
  average, requirements, rules' proposal and the borderline-first order; goal <= 50 ms.
  Baseline: the 60,000 weighted averages in bare float arithmetic (what the exact Decimal
  averages would cost on every refresh were they not kept per graduate).
* first board after opening: every graduate assessed once (Decimal averages, checks,
  proposal), against the same baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jury_desk.bundle.manifest import Manifest  # noqa: E402
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS  # noqa: E402
from jury_desk.deliberation.service import DeliberationService  # noqa: E402
from tests.benchmarks.bench_board import median_ms  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402
from tests.factories import manifest_dict  # noqa: E402

START = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
CHAIR = "m-mines-1"


def graduation_manifest(candidates: int, units: int) -> Manifest:
    d = manifest_dict("graduation", n_candidates=candidates, bundle_id="bench-graduation")
    ects = 4
    rules = d["session"]["graduation_rules"]
    rules["required_ects"] = ects * units
    rules["units"] = [
        {"code": f"U{k:02d}", "label": {"fr": f"UE {k}", "en": f"Unit {k}"}, "ects": ects}
        | ({"minimum": 7} if k % 5 == 0 else {})
        for k in range(units)
    ]
    for i, cand in enumerate(d["candidates"]):
        cand["record"]["courses"] = [
            {
                "code": f"U{k:02d}",
                "title": f"UE {k}",
                "ects": ects,
                "grade": ((i * 7 + k * 13) % 29) / 2 + 5.5,
                "validated": True,
            }
            for k in range(units)
        ]
    return Manifest.model_validate(d)


def float_averages(manifest: Manifest) -> Callable[[], list[float]]:
    records = [
        [(c.ects, c.grade or 0.0) for c in cand.record.courses] for cand in manifest.candidates
    ]  # type: ignore[union-attr]

    def run() -> list[float]:
        return [sum(w * g for w, g in r) / sum(w for w, _ in r) for r in records]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jd-bench-graduation-"))
    manifest = graduation_manifest(args.candidates, args.units)
    svc = DeliberationService.create(
        folder / "bench.jdsession",
        manifest,
        "ab" * 32,
        now=lambda: START,
        scrypt=FAST_FOR_TESTS,
        signed=False,
    )
    for member in manifest.session.members:
        svc.check_in(member.id)
    baseline = median_ms(float_averages(manifest), args.repeat)

    t = time.perf_counter()
    board = svc.board(CHAIR)
    cold = (time.perf_counter() - t) * 1000
    assert all(row.graduate is not None for row in board.rows)
    borderline = sum(1 for row in board.rows if row.graduate and row.graduate.borderline)
    notes = iter(range(10**6))
    warm = median_ms(
        lambda: svc.board(CHAIR),
        args.repeat,
        before=lambda: svc.add_note(CHAIR, "C002", f"note {next(notes)}"),  # a change
    )
    size = f"{args.candidates} graduates x {args.units} units"
    print(f"{size}: {borderline} borderline")
    print(f"board (service, after a change)    {warm:8.1f} ms  goal <= 50 ms")
    print(f"board, first after opening         {cold:8.1f} ms")
    print(f"baseline: float averages, no rules {baseline:8.1f} ms")
    emit(f"graduation board after a change, {size}", warm, baseline, "ms",
         baseline_label="bare float weighted averages", goal_value=50)  # fmt: skip
    emit(f"graduation board, first after opening, {size}", cold, baseline, "ms",
         baseline_label="bare float weighted averages")  # fmt: skip
    svc.close()


if __name__ == "__main__":
    main()
