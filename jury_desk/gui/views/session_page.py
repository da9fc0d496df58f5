"""An open session: a header (what was verified, who is signed in) over four pages, the
lobby, the board, the scoring workspace of the member signed in, and (once the session is
closed) the minutes.

While a member is signed in, only their workspace is reachable: they sign out to give the
desk back to the room.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.verify import VerifiedBundle
from jury_desk.gui import shortcuts
from jury_desk.gui.controller import SessionController
from jury_desk.gui.i18n import fill
from jury_desk.gui.qtfixes.disposal import dispose
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, label
from jury_desk.gui.views.board_page import BoardPage
from jury_desk.gui.views.lobby_page import LobbyPage
from jury_desk.gui.views.scoring_page import ScoringPage
from jury_desk.gui.words import labels

SIGN_OUT_KEYS = shortcuts.SHORTCUTS["sign_out"][0]

if TYPE_CHECKING:
    from jury_desk.gui.desks.room_exchange import RoomExchange
    from jury_desk.gui.dialogs.fast_forward import FastForward
    from jury_desk.gui.dialogs.passphrase import PassphraseDialog
    from jury_desk.gui.views.desks_panel import DesksPanel
    from jury_desk.gui.views.minutes_page import MinutesPage


@dataclass(frozen=True)
class BundleSummary:
    """What the header says of the bundle the verifier just accepted (again, when resumed)."""

    manifest: Manifest
    sha256: str
    key_id_hex: str | None  # a resumed session keeps its bundle, not the key's id
    resumed: bool = False

    @classmethod
    def verified(cls, vb: VerifiedBundle) -> BundleSummary:
        return cls(vb.manifest, vb.fingerprint, vb.key_id_hex)


class SessionPage(Retranslating, QWidget):
    home_clicked = Signal()

    def __init__(
        self,
        controller: SessionController,
        summary: BundleSummary,
        parent: QWidget | None = None,
        *,
        data_dir: Path,
        exchange: RoomExchange | None = None,
    ) -> None:
        """``exchange``: the member desks' messages, for a session that takes them (issue
        12); without it the desk is the shared laptop alone, as before."""
        super().__init__(parent)
        self.setObjectName("sessionPage")
        self.controller = controller
        self.summary = summary
        self.data_dir = data_dir
        self.title = label("sessiontitle", name="sessionTitle")
        self.when = label("subtitle")  # wraps rather than widen the window
        self.checked = label("ok", wrap=False, name="verifiedLine")
        self.technical = label("technical", name="bundleTechnical")
        self.technical.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.who = label("subtitle", wrap=False, name="signedInLine")
        self.who.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.lobby_button = button("nav", "showLobby")
        self.board_button = button("nav", "showBoard")
        self.minutes_button = button("nav", "showMinutes")
        self.desks_button = button("nav", "showDesks")
        self.desks_button.setVisible(exchange is not None)
        self.fast_forward_button = button("nav", "demoFastForward")  # demo sessions only
        self.fast_forward_button.clicked.connect(self.ask_fast_forward)
        self.home_button = button("nav", "backHome")
        self.sign_out_button = button("nav", "signOut")
        self.sign_out_button.setVisible(False)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.nav = QButtonGroup(self)
        for nav in (self.lobby_button, self.board_button, self.desks_button, self.minutes_button):
            nav.setCheckable(True)
            self.nav.addButton(nav)
        self.desks_button.clicked.connect(self.show_desks)
        self.lobby_button.clicked.connect(self.show_lobby)
        self.board_button.clicked.connect(self.show_board)
        self.minutes_button.clicked.connect(self.show_minutes)
        controller.changed.connect(self._update_closing_buttons)
        self.home_button.clicked.connect(self.home_clicked)

        self.stack = QStackedWidget()
        self.lobby = LobbyPage(controller)
        self.board = BoardPage(controller)
        self.scoring: ScoringPage | None = None
        self.minutes: MinutesPage | None = None  # made when first shown (the session closed)
        self.fast_forward: FastForward | None = None
        self.stack.addWidget(self.lobby)
        self.stack.addWidget(self.board)
        self.exchange = exchange
        self.desks: DesksPanel | None = None
        if exchange is not None:
            from jury_desk.gui.views.desks_panel import DesksPanel  # TLS, segno: when needed

            self.desks = DesksPanel(exchange, controller.member_name)
            self.stack.addWidget(self.desks)
            # The board follows the seals as they arrive (applied off the GUI thread), and
            # the member desks on the network learn what the room decided (a reveal...).
            exchange.applied.connect(controller.refresh_all)
            controller.changed.connect(exchange.push_status)

        # The buttons on a row of their own, the title below over the whole width: on a
        # 1024-pixel screen a long title beside them took six lines (issue 15).
        heading = QHBoxLayout()
        for nav in (self.lobby_button, self.board_button, self.desks_button, self.minutes_button):
            heading.addWidget(nav)
        heading.addStretch(1)
        for nav in (self.fast_forward_button, self.home_button, self.sign_out_button):
            heading.addWidget(nav)
        second = QHBoxLayout()
        second.addWidget(self.when, 1)
        second.addWidget(self.who)
        self.verified_row = QWidget()
        third = QHBoxLayout(self.verified_row)
        third.setContentsMargins(0, 0, 0, 0)
        third.addWidget(self.checked)
        third.addWidget(self.technical, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addWidget(self.title)
        layout.addLayout(second)
        layout.addWidget(self.verified_row)
        layout.addSpacing(4)
        layout.addWidget(self.stack, 1)
        controller.signed_in_changed.connect(self._signed_in_changed)
        for name, nav, show in (
            ("lobby", self.lobby_button, self.show_lobby),
            ("board", self.board_button, self.show_board),
            ("minutes", self.minutes_button, self.show_minutes),
        ):
            shortcuts.bind(self, name, partial(_show_if_visible, nav, show))
        self.retranslate_ui()
        self.show_lobby()

    def _keep_focus(self, first: QWidget) -> None:
        """A page was shown: if the keyboard's control went with the page left (hidden, or
        nothing focused), it starts again on ``first`` of the page shown."""
        focus = QApplication.focusWidget()
        if focus is None or not focus.isVisible():
            first.setFocus()

    def take_focus(self) -> None:
        """The keyboard starts in the jury room's table (opening, signing out)."""
        self.lobby.jury_table.setFocus()

    def retranslate_ui(self) -> None:
        summary = self.summary
        manifest = summary.manifest
        session = manifest.session
        locale = QLocale()
        day = locale.toString(
            QDate(session.date.year, session.date.month, session.date.day),
            QLocale.FormatType.LongFormat,
        )
        kind = {
            "admission": self.tr("Jury d'admission"),
            "graduation": self.tr("Jury de diplôme"),
        }[session.kind]
        programme = {"bachelor": self.tr("Bachelor"), "master": self.tr("Master")}[
            session.programme
        ]
        self.title.setText(session.title)
        self.when.setText(f"{kind} · {programme} · {day} · {session.place}")
        if summary.resumed:
            checked = self.tr(
                "✓ Séance reprise : son dossier a été vérifié à nouveau et il est intact "
                "(%1 candidats, %2 documents)."
            )
        else:
            checked = self.tr(
                "✓ Dossier vérifié : signé par la scolarité et intact (%1 candidats, %2 documents)."
            )
        documents = sum(len(c.documents) for c in manifest.candidates)  # not the sealed flags
        self.checked.setText(fill(checked, len(manifest.candidates), documents))
        expires = labels.date_time(manifest.expires_at)
        technical = fill(
            self.tr("Dossier %1, version %2 · valable jusqu'au %3 · empreinte %4"),
            manifest.bundle_id,
            manifest.seq,
            expires,
            summary.sha256[:16] + "…",
        )
        if summary.key_id_hex:
            technical += " · " + fill(self.tr("clé %1"), summary.key_id_hex)
        self.technical.setText(technical)
        self.lobby_button.setText(self.tr("Salle du jury"))
        self.board_button.setText(self.tr("Tableau du jury"))
        self.minutes_button.setText(self.tr("Procès-verbal"))
        self.desks_button.setText(self.tr("Postes des membres"))
        self.desks_button.setToolTip(
            self.tr("Les feuilles scellées sur les postes des membres : clé USB ou réseau.")
        )
        self.fast_forward_button.setText(self.tr("Avance rapide (démo)…"))
        self.fast_forward_button.setToolTip(
            self.tr("Le jury fictif termine chaque candidat ouvert, selon les règles.")
        )
        self.home_button.setText(self.tr("Retour à l'accueil"))
        self.sign_out_button.setText(self.tr("Se déconnecter"))
        # From the keyboard too ("D" for déconnexion), active only while the button is shown
        # (a member is signed in). After setText, which resets a button's shortcut.
        self.sign_out_button.setShortcut(QKeySequence(SIGN_OUT_KEYS))
        self.sign_out_button.setToolTip(
            fill(
                self.tr("Revenir à la salle du jury (%1). Le brouillon est déjà enregistré."),
                QKeySequence(SIGN_OUT_KEYS).toString(QKeySequence.SequenceFormat.NativeText),
            )
        )
        self._show_who()
        self._update_closing_buttons()

    def _show_who(self) -> None:
        member = self.controller.signed_in
        if member is None:
            self.who.setText(self.tr("Personne n'est connecté pour noter."))
        else:
            self.who.setText(
                fill(
                    self.tr("Connecté(e) pour noter : %1 (%2)"),
                    member.name,
                    self.controller.institution_name(member.institution),
                )
            )

    # ---------------------------------------------------------------- pages

    def show_lobby(self) -> None:
        self.lobby_button.setChecked(True)
        self.stack.setCurrentWidget(self.lobby)
        self.verified_row.setVisible(True)
        self._keep_focus(self.lobby.jury_table)

    def show_board(self) -> None:
        self.board_button.setChecked(True)
        self.stack.setCurrentWidget(self.board)
        self._keep_focus(self.board.table)
        self.verified_row.setVisible(False)  # the lobby says it; the board needs the room

    def show_desks(self) -> None:
        if self.desks is None:
            return
        self.desks_button.setChecked(True)
        self.stack.setCurrentWidget(self.desks)
        self._keep_focus(self.desks.import_button)
        self.verified_row.setVisible(False)

    def show_minutes(self) -> MinutesPage | None:
        if self.controller.service.session_state() != "closed":
            return None
        if self.minutes is None:
            from jury_desk.gui.views.minutes_page import MinutesPage  # pyHanko: when needed

            self.minutes = MinutesPage(self.controller, self.data_dir)
            self.stack.addWidget(self.minutes)
        self.minutes_button.setChecked(True)
        self.stack.setCurrentWidget(self.minutes)
        self._keep_focus(next(iter(self.minutes.slots.values())).sign_button)
        self.verified_row.setVisible(False)
        return self.minutes

    def ask_fast_forward(self) -> PassphraseDialog:
        from jury_desk.gui.dialogs.fast_forward import FastForward

        if self.fast_forward is None:
            self.fast_forward = FastForward(self, self.controller)
        return self.fast_forward.ask()

    def _discard_minutes_if_reopened(self) -> None:
        """Reopened: the preview, the export and its check shown were the previous PV's. The
        page is made anew at the next close, for the PV that will supersede it."""
        minutes = self.minutes
        if minutes is None or self.controller.service.session_state() == "closed":
            return
        busy = [task for task in (minutes.rendering, minutes.exporting) if task is not None]
        if busy:  # never delete a page under its own background work: once it is done
            busy[0].finished.connect(self._discard_minutes_if_reopened)
            return
        if self.stack.currentWidget() is minutes:
            self.show_board()
        self.stack.removeWidget(minutes)
        dispose(minutes)
        self.minutes = None

    def _update_closing_buttons(self) -> None:
        self._discard_minutes_if_reopened()
        closed = self.controller.service.session_state() == "closed"
        demo = self.controller.manifest.session.demo
        free = self.controller.signed_in is None
        self.fast_forward_button.setVisible(demo and free and not closed)
        self.minutes_button.setEnabled(closed)
        self.minutes_button.setToolTip(
            self.tr("Signer, exporter et vérifier le procès-verbal.")
            if closed
            else self.tr("Le procès-verbal s'établit une fois la séance close.")
        )

    def _signed_in_changed(self) -> None:
        member = self.controller.signed_in
        if self.scoring is not None:
            self.stack.removeWidget(self.scoring)
            dispose(self.scoring)  # nothing of a member's sheet outlives their sign-out
            self.scoring = None
        for nav in (self.lobby_button, self.board_button, self.minutes_button, self.home_button):
            nav.setVisible(member is None)
        self.desks_button.setVisible(member is None and self.desks is not None)
        self.sign_out_button.setVisible(member is not None)
        self._update_closing_buttons()
        if member is None:
            self.show_lobby()
            self.take_focus()  # the keyboard goes on from the room, not from nowhere
        else:
            self.scoring = ScoringPage(self.controller, member)
            self.stack.addWidget(self.scoring)
            self.stack.setCurrentWidget(self.scoring)
            self.verified_row.setVisible(False)
            self.scoring.worklist_table.setFocus()
        self._show_who()

    def sign_out(self) -> None:
        if self.scoring is not None:
            self.scoring.sign_out()


def _show_if_visible(nav: QWidget, show: Callable[[], object]) -> None:
    """A page's shortcut shows it only while its button is on screen (not in projector mode)."""
    if nav.isVisible():
        show()
