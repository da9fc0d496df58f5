"""The trust store's two slots as a table: which secretariat key sits where."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from jury_desk.gui.i18n import fill
from jury_desk.gui.models.table import RowsTableModel
from jury_desk.gui.style import group_hex

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import PublicKey

KeySlot = tuple[str, "PublicKey | None"]


def slot_name(slot: str) -> str:
    if slot == "primary":
        return QCoreApplication.translate("slots", "Clé actuelle")
    return QCoreApplication.translate("slots", "Prochaine clé")


def key_title(key: PublicKey) -> str:
    """The key's own comment, unless it is minisign's boilerplate."""
    comment = key.comment.strip()
    if not comment or comment.startswith("minisign public key"):
        return QCoreApplication.translate("slots", "Clé de la scolarité")
    return comment


def key_details(key: PublicKey) -> str:
    """The technical identity of a key, for the small print."""
    return fill(
        QCoreApplication.translate("slots", "Identifiant %1 · empreinte %2"),
        key.key_id_hex,
        group_hex(key.fingerprint, per_line=16),
    )


class TrustedKeysModel(RowsTableModel[KeySlot]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)  # no rows until the trust store is read (after paint)

    def set_slots(self, keys: dict[str, PublicKey]) -> None:
        from jury_desk.bundle.trust import SLOTS

        self.set_rows([(slot, keys.get(slot)) for slot in SLOTS])

    def headers(self) -> list[str]:
        return [self.tr("Emplacement"), self.tr("Clé")]

    def cell(self, row: KeySlot, column: int, role: int) -> Any:
        slot, key = row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return slot_name(slot)
            if column == 1:
                return key_title(key) if key else self.tr("(vide)")
        if role == Qt.ItemDataRole.ToolTipRole and key is not None:
            return key_details(key)
        return None
