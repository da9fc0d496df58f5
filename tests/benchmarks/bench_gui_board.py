"""Benchmark: the board with 2,000 candidates, and the event loop while a 1 GB bundle verifies.

    python tests/benchmarks/bench_gui_board.py [--candidates 2000] [--repeat 9] [--size-mb 1000]

Part 1, the board. A session of ``--candidates`` candidates x 10 members x 8 criteria, every
sheet sealed and revealed (``bench_board.py``'s fast set-up). The real ``BoardPage`` is
shown offscreen at 1366x768; medians over several columns / search strings of:

* sort: ``proxy.sort(column, order)`` on the board's ``BoardFilter`` (the model alone), and
  a click on a column header of the shown table (sort, relayout and repaint);
* filter: ``proxy.setFilterFixedString(text)`` (the model alone), and typing in the search
  box of the shown page.

Baseline, measured in the same run: a ``QStandardItemModel`` holding the very same cell
texts behind a plain ``QSortFilterProxyModel`` (and the same table settings for the shown
variant): what C++ alone costs, so the ratio is the price of the Python model.

Part 2, the event loop while ``verify_bundle`` checks a ~1 GB bundle through ``tasks.py``
(the bundle of ``bench_bundle_verify.py``, built once and cached): a 10 ms ``QTimer`` records
the largest gap between two ticks. Baseline: the same timer with the pool idle. Goal: no
stall over 100 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import (  # noqa: E402
    QElapsedTimer,
    QEvent,
    QEventLoop,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView  # noqa: E402

from jury_desk.bundle.verify import verify_bundle  # noqa: E402
from jury_desk.gui.app import create_app  # noqa: E402
from jury_desk.gui.controller import SessionController  # noqa: E402
from jury_desk.gui.models.board import SORT_ROLE  # noqa: E402
from jury_desk.gui.tasks import Task  # noqa: E402
from jury_desk.gui.views.board_page import BoardPage  # noqa: E402
from tests.benchmarks.bench_board import populated_session  # noqa: E402
from tests.benchmarks.bench_bundle_verify import NOW  # noqa: E402
from tests.benchmarks.bench_bundle_verify import build as build_bundle  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402

FILTERS = ("C00", "C1", "Admis", "final", "Liste", "9", "zzz", "")
SIZE = (1366, 768)


def settle() -> None:
    """Let the view lay out and paint what the last change queued."""
    QApplication.processEvents()
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def median_ms(actions: list[Callable[[], None]], after: Callable[[], None] = lambda: None) -> float:
    times = []
    for action in actions:
        start = time.perf_counter()
        action()
        after()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def sort_actions(proxy: QSortFilterProxyModel, repeat: int) -> list[Callable[[], None]]:
    columns = proxy.columnCount()
    return [
        (lambda c=i % columns, o=(i // columns) % 2: proxy.sort(c, Qt.SortOrder(o)))
        for i in range(repeat * 2)
    ]


def filter_actions(proxy: QSortFilterProxyModel) -> list[Callable[[], None]]:
    return [(lambda t=text: proxy.setFilterFixedString(t)) for text in FILTERS]


def header_clicks(table: QTableView, repeat: int) -> list[Callable[[], None]]:
    """What a click on a column header does: sort by it, flipping the order."""
    columns = table.model().columnCount()
    return [
        (lambda c=i % columns, o=(i // columns) % 2: table.sortByColumn(c, Qt.SortOrder(o)))
        for i in range(repeat * 2)
    ]


def plain_copy(source: QSortFilterProxyModel) -> QStandardItemModel:
    """The board's cell texts (and sort keys) in a C++ model: the baseline's data."""
    out = QStandardItemModel(source.rowCount(), source.columnCount())
    for row in range(source.rowCount()):
        for column in range(source.columnCount()):
            index = source.index(row, column)
            item = QStandardItem(str(source.data(index) or ""))
            item.setData(source.data(index, SORT_ROLE), SORT_ROLE)
            out.setItem(row, column, item)
    return out


def shown_table(model: QSortFilterProxyModel, board: QTableView) -> QTableView:
    """A table set up as the board's (columns fit to content, fixed rows, sortable)."""
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(board.horizontalHeader().resizeContentsPrecision())
    rows = table.verticalHeader()
    rows.setSectionResizeMode(board.verticalHeader().sectionResizeMode(0))
    rows.setDefaultSectionSize(board.verticalHeader().defaultSectionSize())
    table.resize(*SIZE)
    table.show()
    return table


def board_part(args: argparse.Namespace, folder: Path) -> None:
    t = time.perf_counter()
    svc, manifest = populated_session(folder, args.candidates)
    print(
        f"set-up: {args.candidates} candidates x {len(manifest.session.members)} members x "
        f"{len(manifest.session.rubric.criteria)} criteria ({time.perf_counter() - t:.1f} s)"
    )
    controller = SessionController(svc, None)  # type: ignore[arg-type]  # no document read
    t = time.perf_counter()
    page = BoardPage(controller)
    page.resize(*SIZE)
    page.show()
    settle()
    print(f"board page built and shown: {(time.perf_counter() - t) * 1000:.0f} ms")
    proxy = page.proxy

    model_sort = median_ms(sort_actions(proxy, args.repeat))
    model_filter = median_ms(filter_actions(proxy))
    proxy.setFilterFixedString("")
    shown_sort = median_ms(header_clicks(page.table, args.repeat), settle)
    shown_filter = median_ms([(lambda s=text: page.search.setText(s)) for text in FILTERS], settle)
    page.search.setText("")

    plain = QSortFilterProxyModel()
    plain.setSourceModel(plain_copy(proxy))
    plain.setFilterKeyColumn(-1)
    plain.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    plain.setSortRole(SORT_ROLE)
    base_sort = median_ms(sort_actions(plain, args.repeat))
    base_filter = median_ms(filter_actions(plain))
    plain.setFilterFixedString("")
    table = shown_table(plain, page.table)
    settle()
    base_shown_sort = median_ms(header_clicks(table, args.repeat), settle)
    base_shown_filter = median_ms(filter_actions(plain), settle)

    print(f"\nboard, {args.candidates} rows; medians (ms)\n")
    line = "{:<34} | {:>9} | {:>9} | {:>6}"
    print(line.format("measure", "desk", "baseline", "ratio"))
    for name, desk, base in (
        ("sort, proxy model", model_sort, base_sort),
        ("filter, proxy model", model_filter, base_filter),
        ("sort, header click, shown page", shown_sort, base_shown_sort),
        ("filter, typing in the search box", shown_filter, base_shown_filter),
    ):
        print(line.format(name, f"{desk:.1f}", f"{base:.1f}", f"{desk / base:.1f}x"))
        emit(f"board of {args.candidates}: {name}", desk, base, "ms",
             baseline_label="QStandardItemModel + QSortFilterProxyModel")  # fmt: skip
    print(
        "\nbaseline: the same cell texts in a QStandardItemModel behind a plain "
        "QSortFilterProxyModel (same table settings when shown)"
    )
    for widget in (page, table):
        widget.close()
        widget.deleteLater()
    svc.close()


class GapMeter:
    """A 10 ms timer that keeps the largest gap between two of its ticks."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.worst = 0
        self.ticks = 0

    def start(self) -> None:
        self.worst, self.ticks = 0, 0
        self.clock.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        self.worst = max(self.worst, self.clock.restart())
        self.ticks += 1

    def idle(self, loop: QEventLoop, ms: int = 2000) -> tuple[int, int]:
        """(worst gap, ticks) over ``ms`` with nothing else running: the baseline."""
        self.start()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        self.stop()
        return self.worst, self.ticks

    def during(self, loop: QEventLoop, task: Task, after_ms: int = 0) -> tuple[float, int, int]:
        """(seconds, worst gap, ticks) while ``task`` runs in the pool, to its end and then
        ``after_ms`` more (what the work leaves behind, e.g. a garbage-collection pass)."""
        task.finished.connect(lambda: QTimer.singleShot(after_ms, loop.quit))
        start = time.perf_counter()
        self.start()
        task.start()
        loop.exec()
        self.stop()
        return time.perf_counter() - start, self.worst, self.ticks


def stall_part(args: argparse.Namespace, folder: Path) -> None:
    bundle, _docs, pub = build_bundle(
        args.cache / f"verify-{args.size_mb}mb-2000c", args.size_mb, 2000
    )
    desk = folder / "desk"
    meter = GapMeter()
    loop = QEventLoop()

    idle_worst, idle_ticks = meter.idle(loop)

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
        return verify_bundle(
            bundle, trusted_keys=[pub], data_dir=desk, now=NOW, progress=progress, cancel=cancelled
        )

    results = []
    for _ in range(args.stall_runs):
        shutil.rmtree(desk, ignore_errors=True)
        task = Task(work, label="…")
        task.failed.connect(lambda exc: print(f"verification failed: {exc}"))
        results.append((*meter.during(loop, task), task.progress_shown))
    shutil.rmtree(desk, ignore_errors=True)

    print(
        f"\nevent loop while verify_bundle checks {bundle.stat().st_size / 1e6:.0f} MB in the pool"
    )
    print(f"baseline, pool idle for 2 s: worst gap {idle_worst} ms over {idle_ticks} ticks")
    for seconds, worst, ticks, shown in results:
        verdict = "OK" if worst <= 100 else "STALL"
        print(
            f"verify {seconds:5.2f} s: worst gap {worst:4d} ms over {ticks} ticks "
            f"(ratio to idle {worst / max(idle_worst, 1):.1f}x), progress dialog shown: "
            f"{shown}  goal <= 100 ms {verdict}"
        )
    emit(f"largest event-loop stall, bundle verify ({bundle.stat().st_size / 1e6:.0f} MB)",
         max(worst for _, worst, _, _ in results), max(idle_worst, 1), "ms",
         baseline_label="same 10 ms timer, pool idle", goal_value=100)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--size-mb", type=int, default=1000)
    parser.add_argument("--stall-runs", type=int, default=2)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "jury-desk-bench"
    )
    parser.add_argument("--skip-stall", action="store_true", help="only the board part")
    args = parser.parse_args()
    app = create_app()
    folder = Path(tempfile.mkdtemp(prefix="jd-bench-gui-board-"))
    try:
        board_part(args, folder)
        # Delete the board's widgets here, on the GUI thread: left to Python's cycle collector
        # they could be collected on a pool thread while the bundle verifies (a crash).
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        if not args.skip_stall:
            stall_part(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
