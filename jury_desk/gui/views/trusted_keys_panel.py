"""Settings: the secretariat keys this desk trusts (add after confirmation, remove).

The keys are read in the background once the window has been painted (``load``): reading
them needs pydantic and cryptography, which would otherwise delay the first window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.trusted_keys import TrustedKeysModel, key_details, slot_name
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, label, table_view
from jury_desk.gui.tasks import Task
from jury_desk.gui.words import messages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.bundle.trust import TrustStore
    from jury_desk.gui.dialogs.key_confirm import KeyConfirmDialog


def _open_store(data_dir: Path) -> TrustStore:
    from jury_desk.bundle.trust import TrustStore

    return TrustStore(data_dir)


class TrustedKeysPanel(Retranslating, QGroupBox):
    keys_changed = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trustedKeysPanel")
        self.data_dir = data_dir
        self._store: TrustStore | None = None
        self.loading: Task | None = None
        self.loaded = False
        self.confirm_dialog: KeyConfirmDialog | None = None
        self.model = TrustedKeysModel(self)
        self.hint = label("hint")
        # The table is made with the keys (see ``_make_table``): the first QTableView of the
        # process is costly (bench_gui_start.py): the first window need not pay for an empty
        # table.
        self.table: QTableView | None = None
        self.selected_fingerprint = label("technical", name="selectedFingerprint")
        self.selected_fingerprint.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.add_button = button("", "addKey")
        self.add_button.clicked.connect(self.choose_key_file)
        self.remove_button = button("", "removeKey")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.column = QVBoxLayout(self)
        self.column.addWidget(self.hint)
        self.column.addWidget(self.selected_fingerprint)
        self.column.addLayout(buttons)
        self.retranslate_ui()

    def _make_table(self) -> QTableView:
        if self.table is None:
            table = self.table = table_view("trustedKeysTable", self.model, stretch=1)
            table.setAccessibleName(self.tr("Clés de la scolarité reconnues par ce poste"))
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.selectionModel().selectionChanged.connect(self._update_buttons)
            self.model.modelReset.connect(self._fit_height)
            self.column.insertWidget(1, table)  # under the hint, above the fingerprint
        return self.table

    @property
    def store(self) -> TrustStore:
        if self._store is None:
            self._store = _open_store(self.data_dir)
        return self._store

    def load(self) -> None:
        """Read the trust store off the GUI thread; the table fills in when it is read."""
        if self.loading is not None:
            return
        data_dir = self.data_dir
        self.loading = Task(lambda _p, _c: _open_store(data_dir), parent=self)
        self.loading.succeeded.connect(self._loaded)
        self.loading.start()

    def _loaded(self, store: TrustStore) -> None:
        self._store = store
        self.refresh()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Clés de la scolarité"))
        self.hint.setText(
            self.tr(
                "Ce poste n'ouvre que les dossiers signés par ces clés. Choisissez une clé pour "
                "voir son empreinte."
            )
        )
        self.add_button.setText(self.tr("Ajouter une clé…"))
        self.remove_button.setText(self.tr("Retirer la clé choisie"))
        self.model.retranslate()
        self._update_buttons()

    # ---------------------------------------------------------------- state

    def refresh(self) -> None:
        self.loaded = True
        table = self._make_table()
        try:
            self.model.set_slots(self.store.slots())
        except JuryDeskError as exc:  # a damaged trust.json: say so, show empty slots
            self.model.set_slots({})
            messages.show_error(self, exc)
        filled = [i for i, (_, key) in enumerate(self.model.rows()) if key is not None]
        if filled:
            table.selectRow(filled[0])
        self._update_buttons()

    def _fit_height(self) -> None:
        """Exactly the two slots: no scroll bar, no empty band under them."""
        table = self._make_table()
        rows = sum(table.rowHeight(r) for r in range(self.model.rowCount()))
        frame = 2 * table.frameWidth()
        table.setFixedHeight(rows + table.horizontalHeader().height() + frame)

    def _selected_key(self) -> PublicKey | None:
        if self.table is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0]) if rows else None
        return row[1] if row else None

    def _selected_slot(self) -> str | None:
        if self.table is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row_at(rows[0])
        return row[0] if row and row[1] is not None else None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._selected_slot() is not None)
        key = self._selected_key()
        self.selected_fingerprint.setVisible(key is not None)
        if key is not None:
            self.selected_fingerprint.setText(key_details(key))
        self.add_button.setEnabled(self.loaded and any(key is None for _, key in self.model.rows()))

    # ---------------------------------------------------------------- add

    def choose_key_file(self) -> None:
        path = messages.choose_open_file(
            self,
            self.tr("Choisir la clé de la scolarité"),
            self.tr("Clé publique de la scolarité (*.pub);;Tous les fichiers (*)"),
        )
        if path is not None:
            self.add_key_file(path)

    def add_key_file(self, path: Path) -> KeyConfirmDialog | None:
        """Read the key and ask for confirmation; the key is added only if confirmed."""
        from jury_desk.bundle.minisign import PublicKey
        from jury_desk.bundle.trust import SLOTS
        from jury_desk.gui.dialogs.key_confirm import KeyConfirmDialog

        try:
            key = PublicKey.from_file(path)
            current = self.store.slots()
        except JuryDeskError as exc:
            messages.show_error(self, exc)
            return None
        refusal = self._refusal(key, current)
        if refusal is not None:
            messages.present(self, refusal)
            return None
        free = [slot for slot in SLOTS if slot not in current]
        dialog = KeyConfirmDialog(key, free, self)
        dialog.accepted.connect(lambda: self._trust(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.confirm_dialog = dialog
        dialog.open()
        return dialog

    def _refusal(self, key: PublicKey, current: dict[str, PublicKey]) -> messages.Notice | None:
        from jury_desk.bundle.trust import SLOTS
        from jury_desk.gui.demo import is_demo_key

        title = self.tr("Clé non ajoutée")
        if is_demo_key(key):
            return messages.Notice(
                "warning",
                title,
                self.tr(
                    "C'est la clé de démonstration : elle est publique et ne doit jamais servir "
                    "pour une vraie séance. La démonstration s'ouvre sans elle, depuis l'accueil."
                ),
                key.key_id_hex,
            )
        for slot, pinned in current.items():
            if pinned.public == key.public:
                return messages.Notice(
                    "info",
                    title,
                    fill(self.tr("Cette clé est déjà enregistrée : %1."), slot_name(slot)),
                    key.key_id_hex,
                )
        if len(current) == len(SLOTS):
            return messages.Notice(
                "warning",
                title,
                self.tr("Les deux emplacements sont occupés. Retirez d'abord une clé."),
            )
        return None

    def _trust(self, dialog: KeyConfirmDialog) -> None:
        try:
            self.store.add(dialog.chosen_slot(), dialog.key)
        except JuryDeskError as exc:
            messages.show_error(self, exc)
        self.refresh()
        emit(self.keys_changed)

    # ---------------------------------------------------------------- remove

    def remove_selected(self) -> None:
        slot = self._selected_slot()
        if slot is None:
            return
        question = self.tr(
            "Retirer cette clé ? Les dossiers et les séances signés par elle ne pourront plus "
            "être ouverts ni repris sur ce poste, tant qu'elle n'y est pas ajoutée à nouveau."
        )
        if not messages.confirm(
            self, self.tr("Retirer la clé"), question, self.tr("Retirer la clé")
        ):
            return
        try:
            self.store.remove(slot)
        except JuryDeskError as exc:
            messages.show_error(self, exc)
        self.refresh()
        emit(self.keys_changed)
