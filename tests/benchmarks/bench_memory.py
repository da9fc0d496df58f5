"""Benchmark: peak memory of a desk showing a 2,000-candidate board, against a bare window.

    python tests/benchmarks/bench_memory.py [--candidates 2000] [--repeat 3]

The session (``--candidates`` x 10 members x 8 criteria, every sheet sealed and revealed:
``bench_board.populated_session``) is made once by this process. Then, each in a fresh
interpreter so that nothing is shared, best of ``--repeat``, the peak resident set size
(``VmHWM`` on Linux, else ``getrusage(RUSAGE_SELF).ru_maxrss``) of:

* ``desk``: the desk's QApplication, the session opened through the service, the board read
  model built and the real ``BoardPage`` shown at 1366x768 (offscreen), all events processed;
* ``service only`` (Qt-free, for insight): the session opened and the board read model built,
  without importing Qt;
* ``bare``: a bare PySide6 ``QApplication`` with an empty ``QMainWindow`` shown at 1366x768.

Goal: the desk's peak <= 2.5x the bare window's (my budget: a 2,000-candidate session may cost
at most one and a half bare Qt applications on top of the window itself).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.benchrow import emit  # noqa: E402

GOAL_RATIO = 2.5
SIZE = (1366, 768)
VIEWER = "mines-1"  # the chair of bench_board.big_manifest


def peak_mib() -> float:
    """This process's peak resident set size. Linux's VmHWM counts from the exec; getrusage's
    ru_maxrss would also count the launcher's pages the child shared before it."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / (1 << 20)


def settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
        QApplication.sendPostedEvents()


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(*SIZE)
    window.show()
    settle()
    print(f"PEAK {peak_mib():.1f}", flush=True)
    window.close()
    app.quit()


def child_service(session: Path) -> None:
    from jury_desk.deliberation.service import DeliberationService

    with DeliberationService.resume(session) as service:
        rows = service.board(VIEWER).rows
        assert len(rows) > 0
        print(f"PEAK {peak_mib():.1f}", flush=True)
    assert "PySide6" not in sys.modules


def child_desk(session: Path) -> None:
    from jury_desk.deliberation.service import DeliberationService
    from jury_desk.gui.app import create_app
    from jury_desk.gui.controller import SessionController
    from jury_desk.gui.views.board_page import BoardPage

    app = create_app()
    service = DeliberationService.resume(session)
    controller = SessionController(service, None)  # type: ignore[arg-type]  # no document read
    page = BoardPage(controller)
    page.resize(*SIZE)
    page.show()
    settle()
    shown = page.proxy.rowCount()
    print(f"PEAK {peak_mib():.1f} rows {shown}", flush=True)
    page.close()
    service.close()
    app.quit()


def measure(kind: str, session: Path) -> float:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(session)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
        cwd=ROOT,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("PEAK ")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"the {kind} child failed:\n{result.stderr[-2000:]}")
    return float(lines[-1].split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SESSION"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, session = args.child
        {"bare": lambda: child_bare(), "service": lambda: child_service(Path(session)),
         "desk": lambda: child_desk(Path(session))}[kind]()  # fmt: skip
        return 0

    from tests.benchmarks.bench_board import populated_session

    with tempfile.TemporaryDirectory(prefix="jd-bench-memory-") as scratch:
        service, manifest = populated_session(Path(scratch), args.candidates)
        session = service.path
        service.close()
        runs: dict[str, list[float]] = {"bare": [], "service": [], "desk": []}
        for _ in range(args.repeat):  # interleaved, like the other benchmarks
            for kind in runs:
                runs[kind].append(measure(kind, session))
    best = {kind: min(values) for kind, values in runs.items()}
    size = f"{args.candidates} x {len(manifest.session.members)} x "
    size += f"{len(manifest.session.rubric.criteria)}"
    print(f"\npeak resident memory (MiB), best of {args.repeat}, session {size}\n")
    for kind, values in runs.items():
        ratio = best[kind] / best["bare"]
        runs_text = ", ".join(map(str, values))
        print(f"  {kind:<8} {best[kind]:7.1f}  {ratio:4.2f}x   runs: {runs_text}")
    emit(
        f"peak memory, board of {size} shown",
        best["desk"],
        best["bare"],
        "MiB",
        baseline_label="bare PySide6 window",
        goal_ratio=GOAL_RATIO,
    )
    emit(
        f"peak memory, board of {size}, Qt-free",
        best["service"],
        best["bare"],
        "MiB",
        baseline_label="bare PySide6 window",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
