"""The ``changeEvent(LanguageChange) -> retranslate_ui()`` pattern, written once."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    """Mix into a QWidget subclass (first base) that defines ``retranslate_ui()``.

    Qt sends ``LanguageChange`` to every widget when a translator is installed or removed;
    the widget then sets all its texts again, from ``tr()`` calls, in the new language.
    """

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)  # type: ignore[misc]
