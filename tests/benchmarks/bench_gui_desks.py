"""Benchmark: the room desk's largest event-loop stall while its Desks panel imports a USB
key's outbox of 2,000 sealed sheets (``jury_desk/gui/desks/room_exchange.py``, issue 12).

    python tests/benchmarks/bench_gui_desks.py [--sheets 2000] [--runs 3]

In a QApplication (offscreen), a 10 ms ``QTimer`` (``bench_gui_board.GapMeter``) records
the largest gap between two ticks while the panel's "Importer un fichier…" runs: the
import (every signature checked, each message applied in order, one commit) on the Qt
thread pool, then the panel's rows from the report on the GUI thread. The room's rules are
a ``MemoryLedger``'s (the service's own import is ``bench_exchange.py``'s). Baseline: the
same timer for 2 s with the pool idle. Goal: no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from jury_desk.exchange.envelope import Session  # noqa: E402
from jury_desk.exchange.identity import RoomIdentity  # noqa: E402
from jury_desk.exchange.memberbox import MemberBox  # noqa: E402
from jury_desk.exchange.verdict import MemoryLedger  # noqa: E402
from jury_desk.gui.app import create_app  # noqa: E402
from jury_desk.gui.desks.room_exchange import RoomExchange, RoomSide  # noqa: E402
from jury_desk.gui.views.desks_panel import DesksPanel  # noqa: E402
from tests.benchmarks.bench_gui_board import GapMeter  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402

GOAL_MS = 100
SESSION = Session("ADM-2026-BENCH", 1, "cd" * 32)
MEMBER = "m-albert-1"
SHEET = b"s" * 600  # a sealed sheet of 8 criteria, encrypted to the reveal key: ~600 bytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = create_app()
    meter, loop = GapMeter(), QEventLoop()
    idle_worst, idle_ticks = meter.idle(loop)
    key = Ed25519PrivateKey.generate()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        desk = MemberBox(Path(tmp) / "desk", SESSION, MEMBER, key)
        (Path(tmp) / "desk").mkdir(exist_ok=True)
        for _ in range(args.sheets):
            desk.send("seal", SHEET)
        for run in range(args.runs):
            usb = Path(tmp) / f"usb-{run}"  # a fresh room each run: every sheet is new to it
            usb.mkdir()
            desk.export_to(usb)
            side = RoomSide(SESSION, (MEMBER,), {MEMBER: key.public_key()}.get, MemoryLedger(),
                            RoomIdentity.create())  # fmt: skip
            exchange = RoomExchange(side)
            panel = DesksPanel(exchange, str)
            panel.show()
            meter.start()
            started = time.perf_counter()
            task = exchange.import_file(usb / desk.out.path.name)
            task.finished.connect(lambda: QTimer.singleShot(200, loop.quit))
            loop.exec()
            seconds = time.perf_counter() - started
            meter.stop()
            accepted = panel.model.index(0, panel.model.ACCEPTED).data()
            results.append((seconds, meter.worst, meter.ticks, accepted))
            exchange.close()
            panel.deleteLater()

    print(f"\nevent loop while the Desks panel imports {args.sheets} sealed sheets")
    print(f"baseline, pool idle for 2 s: worst gap {idle_worst} ms over {idle_ticks} ticks")
    for seconds, worst, ticks, accepted in results:
        verdict = "OK" if worst <= GOAL_MS else "STALL"
        print(f"import {seconds:5.2f} s ({accepted} accepted): worst gap {worst:4d} ms over "
              f"{ticks} ticks  goal <= {GOAL_MS} ms {verdict}")  # fmt: skip
    emit(
        f"largest event-loop stall, Desks panel import ({args.sheets} sheets)",
        max(worst for _, worst, _, _ in results),
        max(idle_worst, 1),
        "ms",
        baseline_label="same 10 ms timer, pool idle",
        goal_value=GOAL_MS,
    )
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
