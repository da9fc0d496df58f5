""" "Qui êtes-vous ?": the member chooses who they are, when the bundle pins no key for the
key they brought (or they brought none: the demo, a jury without key files).

The choice is only a claim: the room desk trusts this desk's key for that member once the
desk pairs on the room's network with the code the room desk shows (the code proves the
desk is in the room), and the member's first act registers the key in the session's log.
A member the bundle pins a key for is not offered (``memberdesk.opening``). Without a key
file, the desk makes the member's key, protected by their passphrase, typed a second time
here; at the next opening the same passphrase unlocks it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from jury_desk.core.errors import JuryDeskError, UsageError
from jury_desk.gui.dialogs.action import ActionDialog
from jury_desk.gui.dialogs.passphrase import passphrase_field
from jury_desk.gui.i18n import fill
from jury_desk.gui.member.desk import MemberChoiceLike, MemberDeskLike, MemberOpeningLike
from jury_desk.gui.style import fit_height
from jury_desk.gui.words import messages


def ask_who(
    parent: QWidget, opening: MemberOpeningLike, opened: Callable[[MemberDeskLike], object]
) -> ChooseMemberDialog | None:
    """Open the chooser (``opened`` gets the desk); None, said, when nobody may be chosen:
    the bundle pins every member's key and the key file brought is none of them."""
    if not opening.choices():
        messages.present(parent, messages.Notice(
            "warning", QCoreApplication.translate("ChooseMemberDialog", "Clé non reconnue"),
            QCoreApplication.translate(
                "ChooseMemberDialog",
                "Ce dossier de séance épingle la clé de chaque membre, et ce fichier de clé "
                "n'en est aucune (ou vous n'en avez choisi aucun). Ouvrez votre poste avec le "
                "fichier de clé que la scolarité vous a remis.",
            ),
        ))  # fmt: skip
        return None
    dialog = ChooseMemberDialog(parent, opening)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: opened(dialog.chosen_desk()))
    dialog.open()
    return dialog


class ChooseMemberDialog(ActionDialog):
    def __init__(self, parent: QWidget | None, opening: MemberOpeningLike) -> None:
        super().__init__(parent, name="chooseMember", button_name="openAsMember")
        self.opening = opening
        self.members: list[MemberChoiceLike] = list(opening.choices())
        self.who = QComboBox()
        self.who.setObjectName("whoAmI")
        for choice in self.members:
            self.who.addItem(f"{choice.name} ({choice.institution})", choice.member_id)
        self.again: QLineEdit = passphrase_field("passphraseAgain")
        self.form.addRow(self.tr("Je suis :"), self.who)
        self.form.addRow(self.tr("Phrase secrète, une seconde fois :"), self.again)
        self.key_note = self.explanation
        self.who.currentIndexChanged.connect(lambda _i: self._show_key())
        self.describe(
            title=self.tr("Membre du jury : qui êtes-vous ?"),
            headline=self.tr("Qui êtes-vous ?"),
            explanation="",
            action=self.tr("Ouvrir mon poste"),
        )
        self._show_key()
        self.who.setFocus()

    def chosen(self) -> MemberChoiceLike:
        return self.members[max(self.who.currentIndex(), 0)]

    def makes_key(self) -> bool:
        """No key file was brought and this desk has none yet for the chosen member."""
        return not self.opening.brought_key and not self.chosen().has_desk_key

    def _show_key(self) -> None:
        makes = self.makes_key()
        self.again.setVisible(makes)
        label = self.form.labelForField(self.again)
        if label is not None:
            label.setVisible(makes)
        intro = self.tr(
            "Ce dossier de séance n'épingle pas votre clé : dites qui vous êtes. La salle "
            "reconnaîtra ce poste quand vous la rejoindrez avec le code d'appairage affiché sur "
            "son écran ; votre premier message y enregistre votre clé."
        )
        if makes:
            how = self.tr(
                "Ce poste crée votre clé, protégée par la phrase secrète que vous venez de "
                "taper : tapez-la une seconde fois. Gardez-la : elle ouvrira ce poste la "
                "prochaine fois."
            )
        elif self.opening.brought_key:
            how = self.tr("Votre fichier de clé signera chacun de vos actes.")
        else:
            how = fill(
                self.tr("Ce poste a déjà une clé pour %1 : votre phrase secrète l'ouvre."),
                self.chosen().name,
            )
        self.explanation.setText(f"{intro}\n\n{how}")
        if self.isVisible():
            fit_height(self)  # another member: another sentence, the dialog holds it whole

    def attempt(self) -> MemberDeskLike:
        member = self.chosen().member_id
        try:
            return self.opening.desk(member, again=self.again.text() if self.makes_key() else None)
        except JuryDeskError as exc:
            if exc.code == "member-desk.again":
                raise UsageError(
                    self.tr("Les deux saisies diffèrent : tapez la même phrase secrète deux fois.")
                ) from None
            if exc.code == "member-desk.locked":
                raise UsageError(
                    self.tr(
                        "Cette phrase secrète n'ouvre pas la clé que ce poste garde pour ce "
                        "membre. Revenez à l'accueil et tapez-la à nouveau."
                    )
                ) from None
            raise

    def chosen_desk(self) -> MemberDeskLike:
        """The desk opened once the dialog was accepted."""
        assert self.result_value is not None
        return self.result_value  # type: ignore[return-value]

    def refuse(self, text: str) -> None:
        super().refuse(text)
        self.again.clear()
