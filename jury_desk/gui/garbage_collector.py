"""The app's cyclic garbage collector, run on the GUI thread only.

Python's automatic collection runs in whichever thread happens to cross its threshold. In
this app that may be a Qt pool worker (an export, an import) or the room server's thread,
and a collection there may free Qt objects that belong to the GUI thread: a native crash
(`malloc_consolidate(): unaligned fastbin chunk detected` in a test run of the screen tour).
So, as Anki and qutebrowser do, automatic collection is off for the whole process and a
timer on the GUI thread collects each generation when its count has crossed the threshold
Python would have used. Work that paused collection (``core/gc_pause.gc_paused``) is not
interrupted: the timer waits until the pause ends.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from jury_desk.core.gc_pause import gc_is_paused, keep_automatic_collection_off

INTERVAL_MS = 1_000  # the cost of a young collection is small; a second is what Anki uses


class GuiThreadCollector(QObject):
    """Owned by the QApplication (created in the GUI thread): see the module docstring."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("gui-thread-collector")
        self.threshold = gc.get_threshold()
        keep_automatic_collection_off()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the generations whose count passed their threshold; return how many
        objects were unreachable (0 when nothing was due, or while work paused collection)."""
        if gc_is_paused():
            return 0
        young, middle, old = gc.get_count()
        found = 0
        if young > self.threshold[0]:
            found = gc.collect(0)
            if middle > self.threshold[1]:
                found += gc.collect(1)
                if old > self.threshold[2]:
                    found += gc.collect(2)
        return found

    def stop(self) -> None:
        """Give collection back to Python (tests; the app keeps it until it exits)."""
        self.timer.stop()
        keep_automatic_collection_off(False)


def install_collector(parent: QObject) -> GuiThreadCollector:
    """The one collector of ``parent`` (the QApplication), created once."""
    found = parent.findChild(GuiThreadCollector, "gui-thread-collector")
    if isinstance(found, GuiThreadCollector):
        return found
    return GuiThreadCollector(parent)
