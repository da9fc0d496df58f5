"""A combo box of jury members (their names shown, their ids as data)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from jury_desk.bundle.manifest import Member


def member_combo(name: str, members: list[Member], chosen: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    fill_members(combo, members, chosen)
    return combo


def fill_members(combo: QComboBox, members: list[Member], chosen: str | None = None) -> None:
    """Refill with ``members``, keeping ``chosen`` (else the current member) selected."""
    current = chosen or combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for member in members:
        combo.addItem(member.name, member.id)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
