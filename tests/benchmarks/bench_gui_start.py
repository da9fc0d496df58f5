"""Benchmark: cold start of the desk to its first painted window, against a bare PySide6
QMainWindow measured the same way in the same run (DESIGN.md §8).

    python tests/benchmarks/bench_gui_start.py [--repeat 5] [--platform offscreen]

Each measure is a fresh interpreter (``python -c``): the parent notes the time, starts it,
and stops the clock when the child prints that its main window received its first paint
event (the child then exits at once). Interpreter start-up is in both, as it is for a user.
Best of ``--repeat``, the runs interleaved so that load from other processes hits all alike.

* ``bare``: ``QApplication`` + an empty ``QMainWindow`` at 1366x768 (the baseline);
* ``desk``: what ``jury-desk`` runs for the GUI, ``jury_desk.gui.app.start`` itself (style,
  language, crash hook, the main window with its start screen) on an empty data folder;
* ``desk via cli``: the same behind the ``jury-desk`` command's own argument check
  (``jury_desk.cli._bare_gui_call``), which answers a bare ``jury-desk [--data-dir D]``
  without importing the command groups.

Goal: ``desk`` <= 1.5x ``bare``. ``python -X importtime`` on the child shows where an
excess goes; ``--phases`` prints, for the desk, the median of each phase measured inside the
process (Qt imported, ``jury_desk.gui.app`` imported, ``start()``, shown to first paint).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.benchrow import emit  # noqa: E402

# The child marks the time after each phase (in ``T``) and prints them at its first paint.
_FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject
class _FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            T.append(time.perf_counter())
            print("painted", *(f"{(b - a) * 1000:.2f}" for a, b in zip(T, T[1:])), flush=True)
            os._exit(0)
        return False
"""

BARE = (
    """
import time; T = [time.perf_counter()]
import os
from PySide6.QtWidgets import QApplication, QMainWindow
"""
    + _FIRST_PAINT
    + """
app = QApplication([])
window = QMainWindow()
window.resize(1366, 768)
watch = _FirstPaint()
window.installEventFilter(watch)
window.show()
app.exec()
"""
)

DESK = (
    """
import time; T = [time.perf_counter()]
import os, sys
from pathlib import Path
{prelude}
import PySide6.QtWidgets
T.append(time.perf_counter())
from PySide6.QtCore import QSettings
from jury_desk.gui.app import start
"""
    + _FIRST_PAINT
    + """
T.append(time.perf_counter())
data_dir = Path(sys.argv[1])
app, window = start(data_dir, QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat))
T.append(time.perf_counter())
watch = _FirstPaint()
window.installEventFilter(watch)  # before the event loop delivers the first paint
app.exec()
"""
)
# What the desk's marks measure, in order (``--phases``).
PHASE_NAMES = ("Qt imported", "jury_desk.gui.app imported", "start(): app, language, window",
               "shown to first paint")  # fmt: skip


MEASURES = {
    "bare": BARE,
    "desk": DESK.replace("{prelude}", ""),
    "desk via cli": DESK.replace(
        "{prelude}",
        "from jury_desk.cli import _bare_gui_call\n_bare_gui_call(['--data-dir', sys.argv[1]])",
    ),
}


def run_once(code: str, data_dir: Path, env: dict[str, str]) -> tuple[float, list[float]]:
    """Seconds from launch to the child's first paint, and the child's phases (ms)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait()
    word, *marks = line.split() or [""]
    if word != "painted":
        raise SystemExit(f"the child did not paint (exit {child.returncode}): {code[:200]}")
    return elapsed, [float(mark) for mark in marks]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--phases", action="store_true", help="also time the desk's phases")
    parser.add_argument(
        "--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"), help="Qt QPA"
    )
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "PYTHONPATH": str(ROOT)}
    runs: dict[str, list[float]] = {name: [] for name in MEASURES}
    desk_phases: list[list[float]] = []
    with tempfile.TemporaryDirectory(prefix="jd-bench-start-") as scratch:
        data_dir = Path(scratch) / "desk-data"
        data_dir.mkdir(mode=0o700)
        for code in MEASURES.values():  # warm the OS file cache for everyone alike
            run_once(code, data_dir, env)
        for _ in range(args.repeat):
            for name, code in MEASURES.items():
                seconds, marks = run_once(code, data_dir, env)
                runs[name].append(seconds)
                if name == "desk":
                    desk_phases.append(marks)
    best = {name: min(times) for name, times in runs.items()}
    bare = best["bare"]
    print(f"\ncold start to the first paint, platform {args.platform}, best of {args.repeat}\n")
    print(f"{'measure':<14} | {'best (s)':>8} | {'ratio':>5} | goal")
    for name, seconds in best.items():
        goal = (
            "<= 1.50  " + ("met" if seconds / bare <= 1.5 else "NOT MET") if name == "desk" else ""
        )
        print(f"{name:<14} | {seconds:8.3f} | {seconds / bare:5.2f} | {goal}")
    print("\nevery run (s):")
    for name, times in runs.items():
        print(f"  {name:<14} " + "  ".join(f"{t:.3f}" for t in times))
    if args.phases:
        print(f"\nthe desk's start inside the process, median of {args.repeat} (ms)")
        for i, phase in enumerate(PHASE_NAMES):
            print(f"  {phase:<32} {statistics.median(m[i] for m in desk_phases):7.1f}")
    print("\nbaseline: a bare PySide6 QApplication + QMainWindow, same interpreter, same platform")
    for name, goal in (("desk", 1.5), ("desk via cli", None)):
        emit(f"GUI cold start to first paint, {name}", best[name], bare, "s",
             baseline_label="bare PySide6 window", goal_ratio=goal)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
