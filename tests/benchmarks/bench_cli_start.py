"""Benchmark: ``jury-desk --help`` as a whole process, against ``python -c pass``.

    python tests/benchmarks/bench_cli_start.py [--repeat 10]

Both are fresh processes of the same interpreter, as the user (or a secretariat's script)
starts them: the venv's ``jury-desk`` console script, and ``python -c pass``. Best of
``--repeat``, the runs interleaved so that load from other processes hits both alike. What
is left above the baseline is jury-desk's own start-up: the console script, the command
groups' parsers and the modules they import (tests/test_cli_imports.py keeps pyHanko,
ReportLab, SQLAlchemy and Qt out of it). The issue sets no goal: the ratio is reported.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.benchrow import emit  # noqa: E402


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    jury_desk = Path(sys.executable).with_name("jury-desk")
    measures = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "jury-desk --help": [str(jury_desk), "--help"],
    }
    for argv in measures.values():  # warm the page cache alike
        timed(argv)
    runs: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(args.repeat):
        for name, argv in measures.items():
            runs[name].append(timed(argv))
    best = {name: min(times) for name, times in runs.items()}
    for name, times in runs.items():
        print(f"{name:<18} best {best[name]:.3f} s   runs " + " ".join(f"{t:.3f}" for t in times))
    emit("jury-desk --help, whole process", best["jury-desk --help"], best["python -c pass"],
         "s", baseline_label="python -c pass")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
