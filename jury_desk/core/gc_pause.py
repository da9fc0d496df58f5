"""Pausing Python's cyclic garbage collector around heavy work, counted across threads.

A full collection holds the GIL for as long as it scans the heap: during a large PV the
screen froze for visible moments (bench_gui_export.py), and an import of 2,000 sealed sheets
set off full collections that walked the whole open session (bench_exchange.py). The work
frees its objects by reference counting anyway; collection resumes when the last pauser
ends (the GUI's pool and the room desk's writer may pause at the same time).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True


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
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()
