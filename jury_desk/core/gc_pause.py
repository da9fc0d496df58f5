"""Pausing Python's cyclic garbage collector around heavy work, counted across threads.

A full collection holds the GIL for as long as it scans the heap: during a large PV the
screen froze for visible moments (bench_gui_export.py), and an import of 2,000 sealed sheets
set off full collections that walked the whole open session (bench_exchange.py). The work
frees its objects by reference counting anyway; collection resumes when the last pauser
ends (the GUI's pool and the room desk's writer may pause at the same time).

The desktop app goes further: it turns automatic collection off for good and collects on
its GUI thread only (``gui/garbage_collector.py``), because a collection that runs in a pool
worker or the room server's thread may free Qt objects owned by the GUI thread, a native
crash. ``keep_automatic_collection_off`` tells the pauses so: they then never turn it back
on, even when a pause began before the app turned it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True
_kept_off = False  # the app collects by hand (its GUI thread); nobody turns automatic back on


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the collector while the block runs (nested and concurrent pauses counted)."""
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        _gc_pausers += 1
        if _gc_pausers == 1:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled and not _kept_off:
                gc.enable()


def gc_is_paused() -> bool:
    """Whether heavy work asked for no collection now (the GUI's collector waits for it)."""
    return _gc_pausers > 0


def keep_automatic_collection_off(off: bool = True) -> None:
    """Turn automatic collection off (or, with ``off=False``, back on) for the process; the
    caller then collects where it is safe to (see the module's docstring)."""
    global _kept_off
    with _gc_lock:
        _kept_off = off
        if off:
            gc.disable()
        elif _gc_pausers == 0:
            gc.enable()
