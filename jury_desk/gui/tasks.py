"""Background work for the GUI: the one helper every long operation goes through.

A ``Task`` runs a plain function on the global ``QThreadPool``. The function receives two
callables, ``progress(done, total)`` and ``cancelled() -> bool``, so Qt-free code (the bundle
verifier, the PV renderer) can report progress and poll for cancellation without knowing Qt.
Progress and the outcome come back to the GUI thread by queued signals. A progress dialog
appears only when the work lasts longer than ``SHOW_AFTER_MS`` and its Cancel button sets the
flag the worker polls.

Outcomes, each followed by ``finished``:

* ``succeeded(result)``;
* ``failed(error)`` for a known error (``JuryDeskError``): the caller shows it plainly;
* ``cancelled()`` when the work stopped because the user cancelled;
* a bug (any other exception) goes to ``sys.excepthook``, i.e. the crash dialog.

If the work completes before it notices a cancellation, it succeeded: its result is real
(a verified bundle was kept) and is delivered as such.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from jury_desk.core.errors import BundleCancelled, JuryDeskError
from jury_desk.core.gc_pause import gc_paused
from jury_desk.gui.qtfixes.signals import emit

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
Work = Callable[[ProgressFn, CancelledFn], Any]

SHOW_AFTER_MS = 500
_SCALE = 1000  # QProgressBar holds an int: report per mille, whatever the byte counts


class TaskCancelled(Exception):
    """Raised by a work function that noticed ``cancelled()``; not an error."""


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits on it so delivery is queued, never direct."""

    # Byte counts exceed a 32-bit int; PySide6's stubs know only type arguments.
    progress = Signal("qlonglong", "qlonglong")  # type: ignore[arg-type]
    done = Signal(str, object)  # outcome ("ok" | "known" | "cancelled" | "bug"), payload


def _without_gc(work: Work) -> Work:
    def paused(progress: ProgressFn, cancelled: CancelledFn) -> Any:
        with gc_paused():
            return work(progress, cancelled)

    return paused


class _Runnable(QRunnable):
    def __init__(self, work: Work, relay: _Relay, flag: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._flag = flag

    def run(self) -> None:
        relay = self._relay
        try:
            result = self._work(
                lambda done, total: emit(relay.progress, done, total), self._flag.is_set
            )
        except (BundleCancelled, TaskCancelled):
            emit(relay.done, "cancelled", None)
        except JuryDeskError as exc:
            emit(relay.done, "known", exc)
        except BaseException as exc:
            emit(relay.done, "bug", exc)
        else:
            emit(relay.done, "ok", result)


class Task(QObject):
    """One background job. Create it, connect its signals, then ``start()``."""

    progressed = Signal("qlonglong", "qlonglong")  # type: ignore[arg-type]
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        work: Work,
        *,
        parent: QWidget | None = None,
        label: str | None = None,
        pool: QThreadPool | None = None,
        cancellable: bool = True,
        pause_gc: bool = False,
    ) -> None:
        """``pause_gc``: for work that builds a large heap (the PV): see ``gc_paused``."""
        super().__init__(parent)
        self._work = _without_gc(work) if pause_gc else work
        self._pool = pool or QThreadPool.globalInstance()
        self._flag = threading.Event()
        self._relay = _Relay()
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.running = False
        self.progress_shown = False  # did the user get to see the progress dialog?
        self.dialog: QProgressDialog | None = None
        if label is not None:
            self.dialog = self._make_dialog(parent, label, cancellable)

    # ---------------------------------------------------------------- control

    def start(self) -> Task:
        self.running = True
        if self.dialog is not None:
            self.dialog.setValue(0)  # starts the dialog's own "show after" timer
        self._pool.start(_Runnable(self._work, self._relay, self._flag))
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it stops at its next ``cancelled()`` poll."""
        self._flag.set()

    def is_cancel_requested(self) -> bool:
        """Thread-safe: may be called from the worker too."""
        return self._flag.is_set()

    # ---------------------------------------------------------------- GUI thread

    def _make_dialog(
        self, parent: QWidget | None, label: str, cancellable: bool
    ) -> QProgressDialog:
        # A busy bar (range 0..0) until the work reports its first progress.
        dialog = QProgressDialog(label, self.tr("Annuler"), 0, 0, parent)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle(self.tr("Veuillez patienter"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(480)
        dialog.canceled.connect(self.cancel)
        return dialog

    @Slot("qlonglong", "qlonglong")
    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None and total > 0 and not self._flag.is_set():
            if self.dialog.maximum() != _SCALE:
                self.dialog.setRange(0, _SCALE)
            self.dialog.setValue(min(_SCALE, done * _SCALE // total))
        emit(self.progressed, done, total)

    @Slot(str, object)
    def _on_done(self, outcome: str, payload: object) -> None:
        self.running = False
        if self.dialog is not None:
            self.progress_shown = self.dialog.isVisible() or self.dialog.wasCanceled()
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if outcome == "ok":
            emit(self.succeeded, payload)
        elif outcome == "known":
            emit(self.failed, payload)
        elif outcome == "cancelled":
            emit(self.cancelled)
        else:
            assert isinstance(payload, BaseException)
            sys.excepthook(type(payload), payload, payload.__traceback__)
        emit(self.finished)


class TaskGroup:
    """The background jobs of one owner (the Desks panel's exchange, a member desk's link):
    plain functions with no progress and no cancel, each outcome reported to the owner, and
    each job kept alive until it is done."""

    def __init__(self, pool: QThreadPool, on_failure: Callable[[JuryDeskError], None]) -> None:
        self.pool = pool
        self.on_failure = on_failure
        self.running: set[Task] = set()

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        parent: QWidget | None = None,
        *,
        pause_gc: bool = False,
    ) -> Task:
        """``pause_gc``: for work that makes many objects (a file of 2,000 sealed sheets),
        as ``Task`` says."""

        def plain(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return work()

        task = Task(plain, parent=parent, pool=self.pool, cancellable=False, pause_gc=pause_gc)
        task.succeeded.connect(done)
        task.failed.connect(self.on_failure)
        task.finished.connect(lambda: self.running.discard(task))
        self.running.add(task)
        return task.start()

    def cancel_all(self) -> None:
        for task in list(self.running):
            task.cancel()
