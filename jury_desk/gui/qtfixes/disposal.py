"""Taking a screen away for good, without its last signals reaching Python half-destroyed.

A page is deleted after its session is closed. While Qt destroys its children one by one,
item views and models still emit (selection cleared, model gone); a Python slot of the
page would then run against a closed service or a C++ object already freed. Silencing the
whole tree first makes the deletion uneventful.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget


def dispose(widget: QWidget) -> None:
    """Silence ``widget`` and everything in it, hide it, and delete it later."""
    for child in widget.findChildren(QObject):
        child.blockSignals(True)
    widget.blockSignals(True)
    widget.hide()
    widget.deleteLater()
