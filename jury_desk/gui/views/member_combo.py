"""A combo box of jury members (their names shown, their ids as data)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from jury_desk.bundle.manifest import Member

MINIMUM_CHARS = 6  # the least a member combo shows, in characters (elided)


def member_combo(name: str, members: list[Member], chosen: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    # As narrow as a short name when its pane is (the longest name would otherwise set the
    # pane's least width, and a narrow detail pane scrolled sideways); wider when it can.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(MINIMUM_CHARS)
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
