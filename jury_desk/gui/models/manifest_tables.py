"""Tables over a verified bundle's manifest: its candidates and its jury."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from jury_desk.bundle.manifest import Candidate, Manifest, Member
from jury_desk.gui.models.table import RowsTableModel


def role_names(roles: list[str]) -> str:
    """ "Président(e) du jury", "Membre", and "signe le PV" for the institution's signer."""
    if "chair" in roles:
        text = QCoreApplication.translate("roles", "Président(e) du jury")
    else:
        text = QCoreApplication.translate("roles", "Membre")
    if "signer" in roles:
        text += " · " + QCoreApplication.translate("roles", "signe le PV")
    return text


class CandidatesModel(RowsTableModel[Candidate]):
    """The candidates as listed before any score exists. Blind fields are never shown."""

    def __init__(self, manifest: Manifest, parent: QObject | None = None) -> None:
        super().__init__(manifest.candidates, parent)
        self._name_blind = "name" in manifest.session.blind_fields

    def headers(self) -> list[str]:
        return [self.tr("N° de dossier"), self.tr("Candidat"), self.tr("Documents")]

    def cell(self, row: Candidate, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.id
            if column == 1:
                return self.tr("(masqué pendant la notation)") if self._name_blind else row.name
            if column == 2:
                return str(len(row.documents))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class JuryModel(RowsTableModel[Member]):
    """The jury: who sits, for which school, in which role."""

    def __init__(self, manifest: Manifest, parent: QObject | None = None) -> None:
        super().__init__(manifest.session.members, parent)
        self._schools = {i.code: i.name for i in manifest.session.institutions}

    def headers(self) -> list[str]:
        return [self.tr("Membre"), self.tr("École"), self.tr("Rôle")]

    def cell(self, row: Member, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.name
        if column == 1:
            return self._schools.get(row.institution, row.institution)
        if column == 2:
            return role_names(list(row.roles))
        return None
