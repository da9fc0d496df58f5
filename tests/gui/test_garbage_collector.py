"""The app collects cyclic garbage on its GUI thread only (``gui/garbage_collector.py``).

A collection in a pool worker or the room server's thread may free Qt objects owned by the
GUI thread: a native crash. These tests make garbage in other threads, as the app's workers
do, and check where Python's collector ran.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from jury_desk.core.gc_pause import gc_paused
from jury_desk.gui.garbage_collector import GuiThreadCollector, install_collector

AUTOMATIC_GC = True  # this module watches the collector itself (tests/gui/conftest.py)
ROOT = Path(__file__).resolve().parents[2]


class Cycle:
    """A pair of objects that only the cyclic collector can free."""

    def __init__(self) -> None:
        self.me = self


def _garbage_in_a_worker(count: int) -> weakref.ref[Cycle]:
    """Make ``count`` cycles in another thread (far past gen 0's threshold); return a
    reference to the first one, dead once a collection freed it."""
    first: list[weakref.ref[Cycle]] = []

    def work() -> None:
        for i in range(count):
            cycle = Cycle()
            if i == 0:
                first.append(weakref.ref(cycle))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=60)
    return first[0]


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The thread of every collection that starts while the test runs."""
    seen: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.get_ident())

    gc.collect()
    gc.callbacks.append(callback)
    try:
        yield seen
    finally:
        gc.callbacks.remove(callback)


@pytest.fixture
def collector(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    found = GuiThreadCollector(qapp, interval_ms=20)
    try:
        yield found
    finally:
        found.stop()
        found.setParent(None)
        found.deleteLater()
        assert gc.isenabled()


def test_garbage_made_in_a_worker_is_collected_in_the_gui_thread(qtbot, collector, collections):
    assert not gc.isenabled()
    gui_thread = threading.get_ident()
    dead = _garbage_in_a_worker(20 * gc.get_threshold()[0])
    assert dead() is not None, "collected before the GUI thread's timer ran"
    qtbot.waitUntil(lambda: dead() is None, timeout=10_000)
    assert collections, "nothing was collected"
    assert set(collections) == {gui_thread}


def test_without_the_collector_python_would_collect_in_the_worker(collections):
    """The control: what the app's collector prevents does happen by default."""
    assert gc.isenabled()
    gui_thread = threading.get_ident()
    dead = _garbage_in_a_worker(20 * gc.get_threshold()[0])
    assert dead() is None
    assert any(thread != gui_thread for thread in collections)


def test_a_pause_does_not_turn_automatic_collection_back_on(qtbot, collector):
    """Heavy work in the pool pauses collection; its end must not undo the app's choice,
    even when the pause began before the app turned automatic collection off."""
    with gc_paused():
        pass
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    with gc_paused():
        install_collector_again = GuiThreadCollector(collector.parent(), interval_ms=20)
    try:
        assert not gc.isenabled()
    finally:
        install_collector_again.stop()
        install_collector_again.setParent(None)
        install_collector_again.deleteLater()


def test_the_timer_waits_while_work_paused_collection(qtbot, collector, collections):
    _garbage_in_a_worker(20 * gc.get_threshold()[0])
    with gc_paused():
        assert collector.check() == 0
        assert collections == []
    qtbot.waitUntil(lambda: bool(collections), timeout=10_000)


def test_install_collector_makes_one_per_application(qapp):
    first = install_collector(qapp)
    try:
        assert install_collector(qapp) is first
        assert len(qapp.findChildren(GuiThreadCollector)) == 1
    finally:
        first.stop()
        first.deleteLater()
        first.setParent(None)


def test_the_app_collects_only_in_its_gui_thread(tmp_path):
    """The app as ``jury-desk`` starts it, in its own process: garbage made in a worker
    thread is collected, and only ever in the GUI thread."""
    script = textwrap.dedent(
        f"""
        import gc, threading, weakref
        from pathlib import Path
        from PySide6.QtCore import QSettings, QTimer
        from jury_desk.gui.app import start
        app, window = start(Path({str(tmp_path)!r}), QSettings())
        seen = []
        gc.callbacks.append(lambda phase, info: phase == "start" and seen.append(
            threading.get_ident()))
        class Cycle:
            def __init__(self):
                self.me = self
        first = []
        def work():
            for i in range(20 * gc.get_threshold()[0]):
                c = Cycle()
                if i == 0:
                    first.append(weakref.ref(c))
        worker = threading.Thread(target=work)
        worker.start()
        worker.join(60)
        def done():
            if first[0]() is None:
                app.quit()
        poll = QTimer()
        poll.timeout.connect(done)
        poll.start(50)
        QTimer.singleShot(20_000, app.quit)
        app.exec()
        print(first[0]() is None, gc.isenabled(), set(seen) == {{threading.get_ident()}})
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
    ).stdout.split()
    assert out == ["True", "False", "True"]
