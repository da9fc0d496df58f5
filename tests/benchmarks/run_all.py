"""Run every benchmark in tests/benchmarks/ and print one table (``make bench``).

    python tests/benchmarks/run_all.py [--quick] [--only NAME ...] [--log FILE]

Each ``bench_*.py`` runs in its own process, one after the other (they measure time: never
two at once). Its own report is echoed as it comes and kept in ``--log``; its ``BENCH {json}``
lines (``benchrow.py``) become the rows of the final table: measure, jury-desk, baseline,
ratio, goal, met. Every baseline is measured in the same run (DESIGN.md §8).

The default sizes are the issue's (2,000 candidates x 10 members x 8 criteria, a 1 GB
bundle, a 500-candidate PV); ``--quick`` runs smaller ones. The first run also builds the
cached inputs (the 1 GB bundle, a simulated closed 500-candidate session) under the
temporary folder. Exit status: 0 when every benchmark ran, 1 when one failed or gave no
row (a missed goal shows in the table, it is not a failure of the run).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.benchrow import parse  # noqa: E402

#: Smaller sizes for --quick, per script (a script not listed runs with its defaults).
QUICK: dict[str, list[str]] = {
    "bench_bundle_verify.py": ["--size-mb", "200", "--repeat", "2"],
    "bench_board.py": ["--candidates", "500", "--repeat", "10"],
    "bench_graduation.py": ["--candidates", "500", "--repeat", "10"],
    "bench_gui_board.py": [
        "--candidates",
        "500",
        "--repeat",
        "3",
        "--size-mb",
        "200",
        "--stall-runs",
        "1",
    ],  # fmt: skip
    "bench_gui_start.py": ["--repeat", "3"],
    "bench_cli_start.py": ["--repeat", "5"],
    "bench_minutes.py": ["--candidates", "100", "--repeat", "3"],
    "bench_memory.py": ["--candidates", "500", "--repeat", "1"],
    "bench_gui_export.py": ["--candidates", "100", "--runs", "2"],
    "bench_gui_desks.py": ["--sheets", "500", "--runs", "2"],
    "bench_exchange.py": ["--per-desk", "50", "--sheets", "500", "--repeat", "2"],
    "bench_signed_log.py": ["--candidates", "200", "--repeat", "3"],
    "bench_desk_status.py": ["--candidates", "200", "--repeat", "3"],
    "bench_build.py": ["--candidates", "100", "--size-mb", "50", "--repeat", "2"],
    "bench_archive.py": ["--decisions", "20000", "--pv-candidates", "100", "--repeat", "2"],
    "bench_pv_verify.py": ["--candidates", "200", "--repeat", "2"],
}
COLUMNS = ("measure", "jury-desk", "baseline", "ratio", "goal", "met")


def run(script: Path, extra: list[str], log: object) -> tuple[list[dict[str, object]], int, float]:
    """Run one benchmark, echoing and logging its output; (its rows, exit code, seconds)."""
    start = time.perf_counter()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    proc = subprocess.Popen(
        [sys.executable, str(script), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    rows = []
    assert proc.stdout is not None
    for line in proc.stdout:
        print(f"  {line}", end="", flush=True)
        print(line, end="", file=log)  # type: ignore[call-overload]
        row = parse(line)
        if row is not None:
            rows.append(row)
    return rows, proc.wait(), time.perf_counter() - start


def number(value: object, unit: str = "") -> str:
    if not isinstance(value, int | float):
        return "-"
    text = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{text} {unit}".strip()


def table(rows: list[dict[str, object]]) -> str:
    cells = [
        (
            str(row["measure"]),
            number(row["value"], str(row["unit"])),
            f"{number(row['baseline'], str(row['unit']))} ({row['baseline_label']})",
            f"{row['ratio']:.2f}x" if isinstance(row["ratio"], float) else "-",
            str(row["goal"] or "-"),
            {True: "yes", False: "NO", None: ""}[row["met"]],  # type: ignore[index]
        )
        for row in rows
    ]
    widths = [max(len(c[i]) for c in [COLUMNS, *cells]) for i in range(len(COLUMNS))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="e.g. bench_board")
    parser.add_argument("--log", type=Path, default=ROOT / "bench-out" / "bench.log")
    args = parser.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem in args.only or s.name in args.only]
    args.log.parent.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    failed: list[str] = []
    began = time.perf_counter()
    with open(args.log, "w", encoding="utf-8") as log:
        for script in scripts:
            extra = QUICK.get(script.name, []) if args.quick else []
            print(f"\n== {script.name} {' '.join(extra)}".rstrip(), flush=True)
            print(f"== {script.name} {' '.join(extra)}", file=log)
            found, code, seconds = run(script, extra, log)
            print(f"== {script.name}: {len(found)} rows, exit {code}, {seconds:.0f} s", flush=True)
            rows += found
            if not found:
                failed.append(f"{script.name} (exit {code}, no row)")
        summary = table(rows)
        total = time.perf_counter() - began
        sizes = "quick sizes" if args.quick else "the issue's sizes"
        heading = f"jury-desk benchmarks, {sizes}, {os.cpu_count()} CPUs, {total:.0f} s"
        print(f"\n{heading}\n\n{summary}", flush=True)
        print(f"\n{heading}\n\n{summary}", file=log)
        met = [r for r in rows if r["met"] is not None]
        print(f"\ngoals met: {sum(bool(r['met']) for r in met)}/{len(met)}; log: {args.log}")
        if failed:
            print("FAILED: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
