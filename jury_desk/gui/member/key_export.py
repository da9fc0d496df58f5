"""The member page's "Exporter ma clé…" (issue 12): the key this desk made for the member,
written still encrypted to a folder they pick (a USB key), for the room desk's sign-in.

A thin face over ``MemberDeskLike.export_key`` (``memberdesk.key_export``): it asks the
folder, then says where the file is and what to do with it in the room.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.i18n import fill
from jury_desk.gui.member.desk import MemberDeskLike
from jury_desk.gui.words import messages
from jury_desk.memberdesk.key_export import KeyFileThere


def export_key(parent: QWidget, desk: MemberDeskLike) -> Path | None:
    """Ask the folder and write the key there; the file written (None: nothing written)."""
    translate = QCoreApplication.translate
    if not desk.has_made_key():
        messages.present(parent, messages.Notice(
            "info", translate("MemberKeyExport", "Votre clé est votre fichier"),
            translate("MemberKeyExport",
                      "Ce poste signe avec le fichier de clé que vous avez choisi en l'ouvrant, "
                      "et n'en garde pas de copie : apportez ce fichier au poste de salle."),
        ))  # fmt: skip
        return None
    title = translate("MemberKeyExport", "Exporter ma clé (vers une clé USB)")
    folder = messages.choose_folder(parent, title, Path.home())
    if folder is None:
        return None
    try:
        path = desk.export_key(folder)
    except KeyFileThere:
        messages.present(parent, messages.Notice(
            "warning", translate("MemberKeyExport", "Un autre fichier porte ce nom"),
            translate("MemberKeyExport",
                      "Ce dossier contient déjà un autre fichier de clé de ce nom : rien n'a été "
                      "remplacé. Choisissez un autre dossier, ou retirez ce fichier."),
        ))  # fmt: skip
        return None
    except JuryDeskError as exc:
        messages.show_error(parent, exc)
        return None
    messages.present(parent, messages.Notice(
        "info", translate("MemberKeyExport", "Clé exportée"),
        fill(translate("MemberKeyExport",
                       "Votre clé est dans %1, toujours chiffrée par votre phrase secrète : "
                       "gardez ce fichier pour vous. Au poste de salle, choisissez votre nom "
                       "dans la salle du jury, cliquez « Se connecter pour noter… », "
                       "choisissez ce fichier et tapez votre phrase secrète."), str(path)),
    ))  # fmt: skip
    return path
