"""The lobby: who sits on the jury, who is here (with times), each school's quorum, the
declared conflicts; a member checks in, signs in to score, or declares a conflict.

Every button calls the service through the controller; a refusal (quorum, absent member,
wrong passphrase...) is the service's, shown in plain words.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.manifest import Member
from jury_desk.core.errors import KeyFileError
from jury_desk.deliberation.member_keys import key_on_desk_refusal
from jury_desk.deliberation.passphrase import MIN_LENGTH
from jury_desk.deliberation.readmodels import ConflictView
from jury_desk.deliberation.room import QuorumStatus
from jury_desk.gui import operations
from jury_desk.gui.controller import SessionController
from jury_desk.gui.dialogs.action import ActionDialog, replace_dialog
from jury_desk.gui.dialogs.passphrase import PassphraseDialog, passphrase_field
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.room import ConflictsModel, JuryRoomModel, seat_rows
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, fit_rows, label, set_role, table_view
from jury_desk.gui.words import labels, messages


class QuorumIndicator(Retranslating, QFrame):
    """One line per school: present voting members against the quorum, green when met."""

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.heading = label("section")
        self.lines: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        for institution in controller.manifest.session.institutions:
            line = label("quorum-unmet", wrap=False, name=f"quorum-{institution.code}")
            self.lines[institution.code] = line
            layout.addWidget(line)
        layout.addStretch(1)
        self.status: QuorumStatus | None = None
        self.retranslate_ui()

    def show_status(self, status: QuorumStatus) -> None:
        self.status = status
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Quorum :"))
        if self.status is None:
            return
        for line in self.status.lines:
            widget = self.lines[line.institution]
            mark = "✓" if line.met else "✗"
            widget.setText(
                fill(
                    self.tr("%1 %2 : présents %3, requis %4"),
                    mark,
                    self.controller.institution_name(line.institution),
                    line.present,
                    line.required,
                )
            )
            set_role(widget, "quorum-met" if line.met else "quorum-unmet")


class ConflictDialog(ActionDialog):
    """Declare a conflict for a member: the candidate, one of the five categories, a note."""

    def __init__(self, controller: SessionController, member: Member, parent: QWidget) -> None:
        super().__init__(parent, name="conflictDialog", button_name="declareConflict")
        self.describe(
            title=self.tr("Déclarer un conflit d'intérêts"),
            headline=fill(self.tr("Conflit d'intérêts de %1"), member.name),
            explanation=self.tr(
                "Un membre en conflit ne note pas ce candidat, ne voit pas ses notes et "
                "n'approuve pas sa décision. La déclaration figure au procès-verbal et ne "
                "peut pas être retirée."
            ),
            action=self.tr("Déclarer le conflit"),
        )
        self.controller = controller
        self.member = member
        self.candidate = QComboBox()
        self.candidate.setObjectName("conflictCandidate")
        blind = "name" in controller.manifest.session.blind_fields
        for c in controller.manifest.candidates:
            self.candidate.addItem(c.id if blind else f"{c.id} — {c.name}", c.id)
        self.category = QComboBox()
        self.category.setObjectName("conflictCategory")
        for code in labels.CONFLICT_CATEGORIES:
            self.category.addItem(labels.word(labels.CONFLICT_CATEGORIES, code), code)
        self.note = QPlainTextEdit()
        self.note.setObjectName("conflictNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.form.addRow(self.tr("Candidat :"), self.candidate)
        self.form.addRow(self.tr("Motif :"), self.category)
        self.form.addRow(self.tr("Précision (facultative) :"), self.note)
        # A signed session: the declaration is the member's signed act.
        self.passphrase = passphrase_field("passphrase") if controller.signed else None
        if self.passphrase is not None:
            self.form.addRow(self.tr("Phrase secrète :"), self.passphrase)
        self.setMinimumWidth(600)

    def attempt(self) -> object:
        passphrase = None if self.passphrase is None else self.passphrase.text()
        if self.passphrase is not None:
            self.passphrase.clear()
        operations.declare_conflict(
            self.controller,
            self.member.id,
            self.candidate.currentData(),
            self.category.currentData(),
            self.note.toPlainText(),
            passphrase,
        )
        return None


class LobbyPage(Retranslating, QWidget):
    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lobbyPage")
        self.controller = controller
        self.dialog: QDialog | None = None
        manifest = controller.manifest
        self.quorum = QuorumIndicator(controller)

        self.jury_box = QGroupBox()
        self.jury = JuryRoomModel(parent=self)
        self.jury_table = table_view("roomTable", self.jury, stretch=0)
        self.jury_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.jury_table.doubleClicked.connect(lambda _index: self.sign_in_selected())
        self.check_in_button = button("large", "checkIn")
        self.check_in_button.clicked.connect(self.check_in_selected)
        self.check_out_button = button("large", "checkOut")
        self.check_out_button.clicked.connect(self.check_out_selected)
        self.sign_in_button = button("primary", "signIn")
        self.sign_in_button.clicked.connect(self.sign_in_selected)
        self.conflict_button = button("large", "declareConflict")
        self.conflict_button.clicked.connect(self.declare_conflict_selected)
        self.jury_hint = label("hint")
        # A signed session: scoring waits for the reveal key the chair's arrival makes.
        self.waiting_chair = label("error", name="waitingChair")
        actions = QHBoxLayout()
        for widget in (self.check_in_button, self.check_out_button, self.conflict_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.sign_in_button)
        jury = QVBoxLayout(self.jury_box)
        jury.addWidget(self.jury_hint)
        jury.addWidget(self.waiting_chair)
        jury.addWidget(self.jury_table)
        jury.addLayout(actions)

        self.conflicts_box = QGroupBox()
        blind = "name" in manifest.session.blind_fields
        names = {c.id: c.id if blind else f"{c.id} — {c.name}" for c in manifest.candidates}
        self.conflicts = ConflictsModel(names, self)
        self.conflicts_table = table_view("conflictsTable", self.conflicts, stretch=4)
        self.conflicts_hint = label("hint")
        conflicts = QVBoxLayout(self.conflicts_box)
        conflicts.addWidget(self.conflicts_hint)
        conflicts.addWidget(self.conflicts_table, 1)

        # In a scroll area: on a short screen (1024x700) the room scrolls as a whole rather
        # than lay its buttons over the jury table (issue 15).
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.quorum)
        # The jury first, every member in sight; then the conflicts (all of them when the
        # room suffices, else at least two rows and a scroll bar); what is left, below
        # (at 1920x1080 the conflicts' box took it, its hint floating in the middle).
        for table in (self.jury_table, self.conflicts_table):  # as tall as their rows wish
            table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        layout.addWidget(self.jury_box)
        layout.addWidget(self.conflicts_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("lobbyScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        controller.follow(self, self.refresh)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.jury_box.setTitle(self.tr("Jury"))
        self.jury_table.setAccessibleName(self.tr("Membres du jury et leur présence"))
        self.conflicts_table.setAccessibleName(self.tr("Conflits d'intérêts déclarés"))
        self.jury_hint.setText(
            self.tr(
                "Choisissez votre nom, pointez votre arrivée avec votre phrase secrète (la "
                "première fois, vous la choisissez), puis connectez-vous pour noter."
            )
            if self.controller.signed
            else self.tr(
                "Choisissez votre nom, pointez votre arrivée, puis connectez-vous pour noter "
                "(la première fois, vous choisissez votre phrase secrète)."
            )
        )
        self.waiting_chair.setText(
            fill(
                self.tr(
                    "⚠ La notation attend le président, %1 : sa première arrivée crée la clé "
                    "qui garde les feuilles scellées jusqu'à l'ouverture des plis. Président, "
                    "pointez votre arrivée."
                ),
                self.controller.chair.name,
            )
        )
        self.check_in_button.setText(self.tr("Pointer l'arrivée"))
        self.check_out_button.setText(self.tr("Pointer le départ"))
        self.sign_in_button.setText(self.tr("Se connecter pour noter…"))
        self.conflict_button.setText(self.tr("Déclarer un conflit…"))
        self.conflicts_box.setTitle(self.tr("Conflits d'intérêts"))
        self.conflicts_hint.setText(
            self.tr("Un membre en conflit ne note pas le candidat et ne voit pas ses notes.")
        )
        self.jury.retranslate()
        self.conflicts.retranslate()

    # ---------------------------------------------------------------- state

    def refresh(self) -> None:
        service = self.controller.service
        members = self.controller.manifest.session.members
        chosen = self.selected_member()
        schools = {i.code: i.name for i in self.controller.manifest.session.institutions}
        signed_in = self.controller.signed_in
        self.jury.set_rows(
            seat_rows(
                members,
                schools,
                service.attendance(),
                service.present_members(),
                {m.id for m in members if service.has_passphrase(m.id)},
                signed_in.member_id if signed_in else None,
            )
        )
        self.conflicts.set_rows(self._conflicts())
        self.quorum.show_status(service.quorum_status())
        self.waiting_chair.setVisible(service.waits_for_reveal_key())
        fit_rows(self.jury_table, least=3)  # a short window scrolls it, never overlaps
        fit_rows(self.conflicts_table, least=2)
        if chosen is not None:
            self.select_member(chosen.id)
        self._update_buttons()

    def _conflicts(self) -> list[ConflictView]:
        # The service lists conflicts per candidate (anyone may see who is conflicted); the
        # board's counts say which candidates to ask about.
        viewer = self.controller.chair.id
        service = self.controller.service
        return [
            conflict
            for row in service.board(viewer).rows
            if row.conflicts
            for conflict in service.candidate_detail(viewer, row.candidate_id).conflicts
        ]

    def selected_member(self) -> Member | None:
        rows = self.jury_table.selectionModel().selectedRows()
        seat = self.jury.row_at(rows[0]) if rows else None
        return seat.member if seat is not None else None

    def select_member(self, member_id: str) -> None:
        for row, seat in enumerate(self.jury.rows()):
            if seat.member.id == member_id:
                self.jury_table.selectRow(row)

    def _update_buttons(self) -> None:
        rows = self.jury_table.selectionModel().selectedRows()
        seat = self.jury.row_at(rows[0]) if rows else None
        self.check_in_button.setEnabled(seat is not None and not seat.present)
        self.check_out_button.setEnabled(seat is not None and seat.present)
        self.sign_in_button.setEnabled(seat is not None and seat.present)
        self.conflict_button.setEnabled(seat is not None and seat.present)

    # ---------------------------------------------------------------- actions

    def check_in_selected(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        controller = self.controller
        if not controller.signed:
            controller.act_or_tell(self, lambda: operations.check_in(controller, member.id))
            return
        self.ask_signed_check_in(member)

    def ask_signed_check_in(self, member: Member) -> PassphraseDialog | None:
        """A signed session: checking in is the member's signed act. The first time, it
        registers their key: the pair made here under the passphrase they choose (typed
        twice), or, when the bundle pins their key, the secret key file they bring."""
        controller = self.controller
        first = not controller.service.has_passphrase(member.id)
        pinned = first and member.pinned_key() is not None
        carried = controller.service.key_on_desk(member.id)
        key_file: bytes | None = None
        if pinned or carried:
            key_file = self._choose_key_file(member, carried=carried)
            if key_file is None:
                return None

        def attempt(passphrase: str) -> object:
            if not controller.service.has_passphrase(member.id):  # not after a retry
                operations.register_key(controller, member.id, passphrase, key_file)
            self._bring_key(member, passphrase, key_file)
            operations.check_in(controller, member.id, passphrase)
            return None

        if carried:
            explanation = self._carried_explanation()
        elif pinned:
            explanation = self.tr(
                "Le secrétariat a fixé votre clé dans le dossier. Tapez la phrase secrète de "
                "votre fichier de clé : elle signera chacun de vos actes de la séance."
            )
        elif first:
            explanation = fill(
                self.tr(
                    "C'est votre première arrivée sur ce poste : choisissez une phrase secrète "
                    "d'au moins %1 signes et tapez-la deux fois. Elle signe chacun de vos actes "
                    "(arrivée, notes, propositions, approbations…) ; personne d'autre ne doit "
                    "la connaître."
                ),
                MIN_LENGTH,
            )
        else:
            explanation = self.tr("Tapez votre phrase secrète : votre arrivée est signée.")
        dialog = PassphraseDialog(
            self,
            title=self.tr("Pointer l'arrivée"),
            headline=fill(self.tr("Arrivée de %1"), member.name),
            explanation=explanation,
            action=self.tr("Pointer l'arrivée"),
            attempt=attempt,
            choose=first and not pinned,
        )
        self._open(dialog)
        return dialog

    def _choose_key_file(self, member: Member, *, carried: bool) -> bytes | None:
        """The key file a member brings (the bundle's pinned key, or ``carried``: the one
        exported from the member desk that registered their key); None: none chosen."""
        title = (
            fill(self.tr("Clé exportée du poste de %1"), member.name)
            if carried
            else fill(self.tr("Clé secrète de %1"), member.name)
        )
        chosen = messages.choose_open_file(
            self, title, self.tr("Clé secrète minisign (*.key);;Tous les fichiers (*)")
        )
        if chosen is None:
            if carried:  # no file: say where it comes from, not a silent dead end
                messages.show_error(self, key_on_desk_refusal(member.name))
            return None
        try:
            return chosen.read_bytes()
        except OSError as exc:
            messages.show_error(self, KeyFileError(f"{chosen}: {exc.strerror or exc}"))
            return None

    def _bring_key(self, member: Member, passphrase: str, key_file: bytes | None) -> None:
        """A member registered from their desk: the room keeps the key file they brought
        (checked by the service against the registered key), once; nothing on a retry."""
        if key_file is not None and self.controller.service.key_on_desk(member.id):
            operations.bring_key(self.controller, member.id, passphrase, key_file)

    def _carried_explanation(self) -> str:
        return self.tr(
            "Vous avez enregistré votre clé depuis votre poste de membre : ce poste de salle "
            "utilise le fichier que vous en avez exporté (« Exporter ma clé… »). Tapez sa "
            "phrase secrète : elle signera chacun de vos actes ici aussi."
        )

    def check_out_selected(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        controller = self.controller
        if not controller.signed:
            controller.act_or_tell(self, lambda: operations.check_out(controller, member.id))
            return
        dialog = PassphraseDialog(
            self,
            title=self.tr("Pointer le départ"),
            headline=fill(self.tr("Départ de %1"), member.name),
            explanation=self.tr("Tapez votre phrase secrète : votre départ est signé."),
            action=self.tr("Pointer le départ"),
            attempt=lambda passphrase: operations.check_out(controller, member.id, passphrase),
        )
        self._open(dialog)

    def declare_conflict_selected(self) -> None:
        member = self.selected_member()
        if member is not None:
            self._open(ConflictDialog(self.controller, member, self))

    def sign_in_selected(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        service = self.controller.service
        first = not service.has_passphrase(member.id)
        carried = service.key_on_desk(member.id)
        key_file = self._choose_key_file(member, carried=True) if carried else None
        if carried and key_file is None:
            return

        def attempt(passphrase: str) -> object:
            if first:
                operations.set_passphrase(self.controller, member.id, passphrase)
            self._bring_key(member, passphrase, key_file)
            return self.controller.sign_in(member.id, passphrase)

        if carried:
            explanation = self._carried_explanation()
        elif first:
            explanation = fill(
                self.tr(
                    "C'est votre première connexion sur ce poste : choisissez une phrase "
                    "secrète d'au moins %1 signes et tapez-la deux fois. Elle vous sera "
                    "demandée pour sceller vos feuilles et approuver les décisions ; "
                    "personne d'autre ne doit la connaître."
                ),
                MIN_LENGTH,
            )
        else:
            explanation = self.tr(
                "Tapez votre phrase secrète pour ouvrir votre espace de notation."
            )
        dialog = PassphraseDialog(
            self,
            title=self.tr("Connexion"),
            headline=fill(self.tr("Première connexion de %1"), member.name)
            if first
            else member.name,
            explanation=explanation,
            action=self.tr("Choisir et se connecter") if first else self.tr("Se connecter"),
            attempt=attempt,
            choose=first,
        )
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = replace_dialog(self.dialog, dialog)
