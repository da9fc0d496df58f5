"""A file path with a "Choose…" button beside it, for the minutes dialogs.

The path may also be typed or pasted. The button opens the desk's file chooser
(``messages.choose_open_file``, which tests script).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.words import messages


class FileField(QWidget):
    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = ""  # the chooser's title
        self.name_filter = ""
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{name}Path")
        self.edit.setMinimumWidth(320)
        self.edit.textChanged.connect(lambda _text: emit(self.changed))
        self.choose_button = QPushButton()
        self.choose_button.setObjectName(f"{name}Choose")
        self.choose_button.clicked.connect(self.choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.choose_button)

    def retranslate(self, *, title: str, name_filter: str, button: str, placeholder: str) -> None:
        self.title, self.name_filter = title, name_filter
        self.choose_button.setText(button)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(title)  # what a screen reader says of the field

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | None) -> None:
        self.edit.setText("" if path is None else str(path))

    def choose(self) -> None:
        chosen = messages.choose_open_file(self, self.title, self.name_filter)
        if chosen is not None:
            self.set_path(chosen)
