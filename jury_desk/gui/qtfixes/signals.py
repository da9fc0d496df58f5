"""``emit(signal, *args)``: every Python-side signal emission of the GUI goes through here.

Why: PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a reference,
so each emission from Python drops one reference to ``True``. On Python 3.11 (where ``True``
is not immortal) a long session would eventually free ``True`` and crash the interpreter
("bool_dealloc: deallocating True or False"). PySide6 6.11.3 does not have the bug.

The defect is probed once at import and, only if present, each emission gives the reference
back. Pinning PySide6 to a fixed version makes this a no-op.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before


EMIT_LEAKS_TRUE = _emit_drops_a_reference()


def _immortalise_bools() -> None:
    """Lift ``True``/``False``'s reference counts far out of reach, as Python 3.12's immortal
    objects do. ``emit()`` below covers our own emissions, but other paths leak too (pytest-qt's
    emissions, other bool-returning bindings): seen as a "bool_dealloc" abort at exit in 2 of 6
    runs of the GUI tests. In CPython 3.11, ``ob_refcnt`` is every object's first field."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


if EMIT_LEAKS_TRUE:
    _immortalise_bools()
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def emit(signal: SignalInstance, *args: Any) -> None:
    # PySide6's stubs say emit() returns None; at run time it returns whether the signal was
    # connected (a bool), which 6.12.0 hands back with one reference too few.
    result: object = signal.emit(*args)  # type: ignore[func-returns-value]
    if EMIT_LEAKS_TRUE and isinstance(result, bool):
        _incref(result)  # the reference PySide forgot to give us
