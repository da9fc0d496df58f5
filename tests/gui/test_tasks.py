"""The one background helper: results, known errors, bugs, progress and cancellation."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from jury_desk.core.errors import BundleError
from jury_desk.gui.qtfixes.signals import _Probe, emit
from jury_desk.gui.tasks import SHOW_AFTER_MS, Task, TaskCancelled

WAIT_MS = 5000
# These tests watch the collector pause and resume (conftest.gc_in_the_gui_thread).
AUTOMATIC_GC = True


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_result_and_progress_arrive_on_the_gui_thread_without_a_dialog(qtbot, parent):
    seen: list[tuple[int, int, bool]] = []
    gui_thread = threading.current_thread()

    def work(progress, cancelled):
        for done in (1, 2, 3):
            progress(done, 3)
        return threading.current_thread() is not gui_thread

    task = Task(work, parent=parent, label="…")
    task.progressed.connect(
        lambda d, t: seen.append((d, t, threading.current_thread() is gui_thread))
    )
    with qtbot.waitSignal(task.succeeded, timeout=WAIT_MS) as result:
        task.start()
    assert result.args == [True]  # the work ran off the GUI thread
    assert seen == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert task.progress_shown is False  # finished well before SHOW_AFTER_MS
    assert task.dialog is None and not task.running


def test_byte_counts_beyond_32_bits_reach_the_dialog(qtbot, parent):
    total = 3 << 30  # a 1 GiB bundle is reported as copy + two hashing passes
    seen: list[tuple[int, int]] = []
    task = Task(lambda progress, cancelled: progress(total // 2, total), parent=parent, label="…")
    dialog = task.dialog
    task.progressed.connect(lambda d, t: seen.append((d, t)))
    task.progressed.connect(lambda d, t: seen.append((dialog.value(), dialog.maximum())))
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        task.start()
    assert seen == [(total // 2, total), (500, 1000)]


def test_emitting_signals_keeps_the_interpreter_sound():
    """PySide6 6.12.0's emit() drops a reference to True each time; ours gives it back."""
    probe = _Probe()
    probe.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(500):
        emit(probe.ping)
    assert abs(sys.getrefcount(True) - before) < 20  # unguarded: -500 on PySide6 6.12.0


def test_a_known_error_is_delivered_not_raised(qtbot, parent):
    def work(progress, cancelled):
        raise BundleError("signature.invalid", "bad signature", "manifest.json.minisig")

    task = Task(work, parent=parent)
    with qtbot.waitSignal(task.failed, timeout=WAIT_MS) as failed:
        task.start()
    (error,) = failed.args
    assert isinstance(error, BundleError)
    assert (error.code, error.entry) == ("signature.invalid", "manifest.json.minisig")


def test_a_bug_goes_to_the_exception_hook(qtbot, parent, monkeypatch):
    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: hooked.append(e))

    def work(progress, cancelled):
        raise ZeroDivisionError("a bug")

    task = Task(work, parent=parent)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        task.start()
    assert len(hooked) == 1 and isinstance(hooked[0], ZeroDivisionError)
    assert hooked[0].__traceback__ is not None  # the report will show where it happened


def test_slow_work_shows_a_dialog_whose_cancel_button_stops_it(qtbot, parent):
    started = threading.Event()
    polls: list[bool] = []

    def work(progress, cancelled):
        started.set()
        progress(1, 10)
        for _ in range(2000):  # up to 20 s, polled like the verifier does
            polls.append(cancelled())
            if polls[-1]:
                raise TaskCancelled
            threading.Event().wait(0.01)
        return "finished anyway"

    task = Task(work, parent=parent, label="Vérification…")
    dialog = task.dialog
    assert dialog is not None and dialog.minimumDuration() == SHOW_AFTER_MS
    task.start()
    assert started.wait(WAIT_MS / 1000)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Annuler"
    with qtbot.waitSignal(task.cancelled, timeout=WAIT_MS):
        cancel.click()
    assert polls[-1] is True and polls.count(True) == 1
    assert task.progress_shown is True
    assert task.is_cancel_requested()


def test_heavy_work_runs_with_garbage_collection_paused_until_the_last_one_ends(qtbot, parent):
    import gc

    assert gc.isenabled()
    release = threading.Event()

    def heavy(progress, cancelled):
        release.wait(WAIT_MS / 1000)
        return gc.isenabled()

    first = Task(heavy, parent=parent, pause_gc=True)
    second = Task(lambda p, c: gc.isenabled(), parent=parent, pause_gc=True)
    with qtbot.waitSignal(second.succeeded, timeout=WAIT_MS) as inner:
        first.start()
        qtbot.waitUntil(lambda: not gc.isenabled())  # the first one has paused it
        second.start()
    assert inner.args == [False]
    assert not gc.isenabled()  # the first one still runs: still paused
    with qtbot.waitSignal(first.succeeded, timeout=WAIT_MS) as outer:
        release.set()
    assert outer.args == [False]
    assert gc.isenabled()  # resumed once the last pauser is done

    ordinary = Task(lambda p, c: gc.isenabled(), parent=parent)
    with qtbot.waitSignal(ordinary.succeeded, timeout=WAIT_MS) as plain:
        ordinary.start()
    assert plain.args == [True]  # an ordinary task leaves it alone


def test_a_paused_collector_is_resumed_even_when_the_work_fails(qtbot, parent):
    import gc

    def failing(progress, cancelled):
        raise BundleError("bundle-damaged", "broken")

    task = Task(failing, parent=parent, pause_gc=True)
    with qtbot.waitSignal(task.failed, timeout=WAIT_MS):
        task.start()
    assert gc.isenabled()
