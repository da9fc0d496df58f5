"""Plain words for known errors, and the few entry points through which the desk talks.

The core raises errors with stable codes (``JuryDeskError.code``) and an English detail.
This module maps the common codes to plain French sentences that say what to do
(``tr()``: English comes from the catalogue); an unmapped code falls back to the core's
detail. Every refusal of the service ends with what would unblock it (no dead ends,
DESIGN.md §3; ``tests/gui/test_messages.py`` reads each sentence's last clause); a
``{name}`` in a sentence is a fact the refusal carries (``RuleError.params``). The
technical reason (code, entry, detail) is always shown too, in small type, so a rejected
bundle names exactly what the verifier refused.

Every dialog the desk shows for a message, a yes/no question or a file choice goes through
``present``, ``confirm``, ``choose_open_file``, ``choose_save_file`` and ``choose_folder``.
They call the module attributes ``presenter``, ``confirmer``, ``open_chooser``,
``save_chooser`` and ``folder_chooser``: real Qt dialogs in the app, which tests replace
(``monkeypatch.setattr``) to read and answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal, NamedTuple

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from jury_desk.core.errors import (
    BundleCancelled,
    BundleError,
    JuryDeskError,
    KeyFileError,
    RuleError,
    StoreError,
    UsageError,
)
from jury_desk.gui.i18n import QT_TRANSLATE_NOOP
from jury_desk.gui.words.exchange_words import EXCHANGE, exchange_words

CONTEXT = "messages"
Level = Literal["info", "warning", "error"]


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Notice(NamedTuple):  # immutable, and lighter to import than dataclasses at start-up
    """What a dialog says: a title, a plain sentence, and the technical reason in small type."""

    level: Level
    title: str
    text: str
    detail: str = ""


# --------------------------------------------------------------------------- bundle checks

_DAMAGED = QT_TRANSLATE_NOOP(
    "messages",
    "Le dossier est incomplet ou endommagé (copie interrompue ?). Copiez-le à nouveau ou "
    "demandez-en un nouvel exemplaire à la scolarité.",
)
_FORGED = QT_TRANSLATE_NOOP(
    "messages",
    "Le dossier contient un fichier au nom ou à la structure interdits : il a pu être fabriqué "
    "pour tromper ce poste. Ne l'utilisez pas et prévenez la scolarité.",
)
_TOO_BIG = QT_TRANSLATE_NOOP(
    "messages",
    "Le dossier dépasse les tailles autorisées. Ne l'utilisez pas et prévenez la scolarité.",
)
_UNSUPPORTED = QT_TRANSLATE_NOOP(
    "messages",
    "Le dossier est enregistré dans un format que ce poste ne lit pas. Demandez à la scolarité "
    "de le refaire avec jury-desk.",
)
_TAMPERED = QT_TRANSLATE_NOOP(
    "messages",
    "Le dossier a été modifié après sa signature par la scolarité. Ne l'utilisez pas et "
    "demandez-en un nouvel exemplaire.",
)
_BAD_SIGNATURE = QT_TRANSLATE_NOOP(
    "messages",
    "La signature du dossier est illisible ou altérée. Demandez un nouvel exemplaire à la "
    "scolarité.",
)
_BAD_MANIFEST = QT_TRANSLATE_NOOP(
    "messages",
    "La description du dossier n'est pas conforme. Demandez à la scolarité de le reconstruire "
    "avec jury-desk.",
)

BUNDLE_CHECKS: dict[str, str] = {
    "zip.not-zip": QT_TRANSLATE_NOOP(
        "messages",
        "Ce fichier n'est pas un dossier de séance (.jdbundle). Vérifiez que vous avez choisi "
        "le bon fichier.",
    ),
    "zip.truncated": _DAMAGED,
    "zip.corrupt": _DAMAGED,
    "zip.crc": _DAMAGED,
    "zip.path-traversal": _FORGED,
    "zip.absolute-path": _FORGED,
    "zip.backslash": _FORGED,
    "zip.nul": _FORGED,
    "zip.control-char": _FORGED,
    "zip.non-nfc": _FORGED,
    "zip.name-encoding": _FORGED,
    "zip.name-too-long": _FORGED,
    "zip.empty-segment": _FORGED,
    "zip.dot-segment": _FORGED,
    "zip.directory": _FORGED,
    "zip.duplicate": _FORGED,
    "zip.case-collision": _FORGED,
    "zip.symlink": _FORGED,
    "zip.special-file": _FORGED,
    "zip.overlap": _FORGED,
    "zip.header-mismatch": _FORGED,
    "zip.too-many-entries": _TOO_BIG,
    "zip.entry-too-large": _TOO_BIG,
    "zip.total-too-large": _TOO_BIG,
    "zip.ratio": _TOO_BIG,
    "manifest.size": _TOO_BIG,
    "zip.encrypted": QT_TRANSLATE_NOOP(
        "messages",
        "Le dossier contient des fichiers chiffrés, que ce poste ne peut pas lire. Demandez un "
        "dossier non chiffré à la scolarité.",
    ),
    "zip.method": _UNSUPPORTED,
    "zip.zip64": _UNSUPPORTED,
    "zip.multi-disk": _UNSUPPORTED,
    "bundle.missing-manifest": _DAMAGED,
    "bundle.missing-signature": QT_TRANSLATE_NOOP(
        "messages",
        "Le dossier n'est pas signé. Seuls les dossiers signés par la scolarité peuvent être "
        "ouverts : demandez un dossier signé.",
    ),
    "signature.unknown-key": QT_TRANSLATE_NOOP(
        "messages",
        "Ce dossier n'est pas signé par une clé de la scolarité connue de ce poste. Ajoutez la "
        "clé de la scolarité dans les réglages (après l'avoir vérifiée avec elle), ou demandez "
        "un dossier signé avec la bonne clé.",
    ),
    "signature.invalid": _TAMPERED,
    "signature.format": _BAD_SIGNATURE,
    "signature.trusted-comment": _BAD_SIGNATURE,
    "manifest.json": _BAD_MANIFEST,
    "manifest.schema": _BAD_MANIFEST,
    "manifest.blind": QT_TRANSLATE_NOOP(
        "messages",
        "Les champs masqués scellés dans ce dossier (indicateur de bourse, nom) ne "
        "correspondent pas à leurs engagements signés : le dossier a été modifié. Demandez "
        "au secrétariat de le reconstruire.",
    ),
    "manifest.unsealable": QT_TRANSLATE_NOOP(
        "messages",
        "Ce dossier masque le relevé de notes ou les pièces du dossier, qui ne peuvent pas "
        "être scellés dans le fichier de séance : aucune séance n'a été ouverte. Demandez au "
        "secrétariat de le reconstruire sans eux dans blind_fields (et d'anonymiser les "
        "pièces elles-mêmes s'il le faut).",
    ),
    "manifest.format": QT_TRANSLATE_NOOP(
        "messages",
        "Ce dossier a été préparé pour une autre version de jury-desk. Mettez ce poste à jour "
        "ou demandez un dossier au format actuel.",
    ),
    "freshness.expired": QT_TRANSLATE_NOOP(
        "messages", "Ce dossier a expiré. Demandez à la scolarité un dossier à jour."
    ),
    "freshness.not-yet-valid": QT_TRANSLATE_NOOP(
        "messages",
        "Ce dossier n'est pas encore valable : sa date d'émission est dans le futur. Vérifiez "
        "la date et l'heure de cet ordinateur.",
    ),
    "freshness.rollback": QT_TRANSLATE_NOOP(
        "messages",
        "Ce dossier est plus ancien qu'une version déjà ouverte sur ce poste. Utilisez la "
        "version la plus récente envoyée par la scolarité.",
    ),
    "freshness.seq-reused": QT_TRANSLATE_NOOP(
        "messages",
        "Ce dossier porte le même numéro de version qu'un dossier déjà ouvert sur ce poste, "
        "mais son contenu diffère. Ne l'utilisez pas et prévenez la scolarité.",
    ),
    "bundle.unreadable": QT_TRANSLATE_NOOP(
        "messages",
        "Ce fichier ne peut pas être lu (clé USB retirée, droits d'accès ?). Vérifiez le fichier "
        "et réessayez.",
    ),
    "bundle.copy-changed": QT_TRANSLATE_NOOP(
        "messages",
        "La copie du dossier conservée sur ce poste a été modifiée depuis son ouverture. "
        "Ouvrez à nouveau le dossier envoyé par la scolarité.",
    ),
    "bundle.unlisted-entry": _TAMPERED,
    "bundle.missing-file": _DAMAGED,
    "bundle.size-mismatch": _TAMPERED,
    "bundle.hash-mismatch": _TAMPERED,
}

# --------------------------------------------------------------------------- deliberation rules

# Codes a valid bundle makes impossible: if one shows up, the session's data is at fault.
_INCONSISTENT = QT_TRANSLATE_NOOP(
    "messages",
    "Les données de la séance sont incohérentes : cette action ne peut pas aboutir. Notez le "
    "détail ci-dessous et prévenez la scolarité.",
)

RULES: dict[str, str] = {
    "unknown-member": _INCONSISTENT,
    "unknown-candidate": _INCONSISTENT,
    "unknown-institution": _INCONSISTENT,
    "institutions": _INCONSISTENT,
    "session-kind": _INCONSISTENT,
    "scholarship-target": _INCONSISTENT,
    "eligibility-incomplete": _INCONSISTENT,
    "auth-failed": QT_TRANSLATE_NOOP(
        "messages", "Phrase secrète incorrecte. Vérifiez-la et réessayez."
    ),
    # {member}: the member whose passphrase is not the one typed (RuleError.params).
    "demo-passphrase": QT_TRANSLATE_NOOP(
        "messages",
        "La phrase secrète tapée n'est pas celle de {member}, qui en a déjà une : l'avance "
        "rapide n'a rien fait. Tapez la phrase secrète que vous avez donnée aux membres.",
    ),
    "auth-throttled": QT_TRANSLATE_NOOP(
        "messages",
        "Trop d'essais de phrase secrète manqués. Patientez quelques secondes avant de réessayer.",
    ),
    "passphrase-too-weak": QT_TRANSLATE_NOOP(
        "messages", "Cette phrase secrète est trop courte : choisissez-en une d'au moins 8 signes."
    ),
    # {institutions}: the schools short of their quorum (RuleError.params).
    "quorum": QT_TRANSLATE_NOOP(
        "messages",
        "Le quorum n'est pas atteint : faites pointer à la table de présence un membre de "
        "plus pour {institutions}.",
    ),
    "absent": QT_TRANSLATE_NOOP(
        "messages", "Ce membre n'est pas enregistré comme présent. Pointez son arrivée d'abord."
    ),
    "conflicted": QT_TRANSLATE_NOOP(
        "messages",
        "Ce membre a déclaré un conflit d'intérêts pour ce candidat : il ne peut ni le noter, "
        "ni voir ses notes, ni approuver sa décision. Choisissez un membre sans conflit ; si "
        "une école n'en a aucun de présent, enregistrez le candidat comme non délibéré.",
    ),
    "closed": QT_TRANSLATE_NOOP(
        "messages",
        "La séance est close : plus rien n'y change. Pour modifier, faites-la rouvrir par le "
        "président, avec un motif.",
    ),
    "not-chair": QT_TRANSLATE_NOOP(
        "messages", "Seul le président du jury peut faire cela : demandez-le-lui."
    ),
    "auth-required": QT_TRANSLATE_NOOP("messages", "Tapez la phrase secrète pour continuer."),
    "passphrase-not-set": QT_TRANSLATE_NOOP(
        "messages",
        "Ce membre n'a pas encore choisi sa phrase secrète : faites-le se connecter d'abord "
        "depuis la salle du jury.",
    ),
    "passphrase-already-set": QT_TRANSLATE_NOOP(
        "messages", "Ce membre a déjà choisi sa phrase secrète : connectez-vous avec elle."
    ),
    "already-present": QT_TRANSLATE_NOOP(
        "messages", "Ce membre est déjà pointé présent : rien à faire, il peut agir."
    ),
    "key-pinned": QT_TRANSLATE_NOOP(
        "messages",
        "Le dossier fixe la clé de ce membre : connectez-vous avec votre fichier de clé secrète "
        "(fait avec « jury-desk member keygen »).",
    ),
    "key-not-pinned": QT_TRANSLATE_NOOP(
        "messages",
        "Cette clé n'est pas celle que le secrétariat a fixée pour ce membre dans le dossier : "
        "choisissez la clé secrète dont vous lui avez donné la clé publique.",
    ),
    "key-unlock-failed": QT_TRANSLATE_NOOP(
        "messages",
        "Ce fichier de clé ne s'ouvre pas avec cette phrase secrète. Vérifiez le fichier et la "
        "phrase secrète.",
    ),
    # {member}: the member whose key the room does not hold (RuleError.params).
    "key-on-desk": QT_TRANSLATE_NOOP(
        "messages",
        "{member} a enregistré sa clé depuis son poste de membre : ce poste de salle n'en a "
        "que la partie publique. Sur son poste, choisissez « Exporter ma clé… », apportez le "
        "fichier ici, puis connectez-vous avec lui (« Se connecter pour noter… »).",
    ),
    # {member}: the member the key file was brought for (RuleError.params).
    "key-not-theirs": QT_TRANSLATE_NOOP(
        "messages",
        "Ce fichier n'est pas la clé que le poste de {member} a enregistrée dans cette séance. "
        "Choisissez le fichier exporté de son propre poste (« Exporter ma clé… »).",
    ),
    "key-held": QT_TRANSLATE_NOOP(
        "messages",
        "Ce poste de salle détient déjà la clé de ce membre : tapez sa phrase secrète, sans "
        "fichier.",
    ),
    "key-not-registered": QT_TRANSLATE_NOOP(
        "messages",
        "Ce membre n'a pas encore de clé dans cette séance : pointez d'abord son arrivée, "
        "qui l'enregistre.",
    ),
    "not-signed": QT_TRANSLATE_NOOP(
        "messages",
        "Le journal de cette session n'est pas signé (format 1) : ses membres n'ont pas de clé,"
        " rien à faire.",
    ),
    "blind-fields-missing": QT_TRANSLATE_NOOP(
        "messages",
        "L'ouverture des plis lit les indicateurs de bourse dans la copie du dossier, qui "
        "n'est plus sur ce poste. Rien n'a été ouvert : demandez le dossier au secrétariat, "
        "ouvrez-le à nouveau sur ce poste, puis ouvrez les plis.",
    ),
    "reveal-key-missing": QT_TRANSLATE_NOOP(
        "messages",
        "La notation s'ouvre quand le président s'est connecté : sa clé protège les feuilles "
        "scellées jusqu'à l'ouverture des plis. Demandez au président de se connecter d'abord.",
    ),
    "draft-changed": QT_TRANSLATE_NOOP(
        "messages",
        "Votre brouillon dans le fichier de séance n'est pas celui que vous avez vérifié à "
        "l'écran : il a été modifié hors de ce poste, et rien n'a été scellé. Déconnectez-vous, "
        "reconnectez-vous, vérifiez vos notes, puis scellez.",
    ),
    "nothing-to-reveal": QT_TRANSLATE_NOOP(
        "messages",
        "Aucun candidat n'est prêt pour l'ouverture des plis : il faut la feuille scellée de "
        "chaque membre présent qui peut le noter. Attendez leurs scellés, ou révélez un candidat "
        "par anticipation dès que chaque école a scellé une feuille.",
    ),
    "not-a-voter": QT_TRANSLATE_NOOP(
        "messages",
        "Ce membre signe le procès-verbal mais ne note pas, ne propose pas et n'approuve pas : "
        "choisissez un membre du jury qui vote.",
    ),
    "already-conflicted": QT_TRANSLATE_NOOP(
        "messages", "Ce conflit d'intérêts est déjà déclaré pour ce candidat : rien à faire."
    ),
    "conflict-category": QT_TRANSLATE_NOOP(
        "messages", "Choisissez le motif du conflit parmi les cinq proposés."
    ),
    "score-out-of-scale": QT_TRANSLATE_NOOP(
        "messages",
        "Cette note est hors de l'échelle de la grille. Saisissez une note de l'échelle "
        "indiquée au-dessus des critères.",
    ),
    "score-off-step": QT_TRANSLATE_NOOP(
        "messages",
        "Cette note ne respecte pas le pas de la grille. Saisissez une note de l'échelle "
        "indiquée au-dessus des critères (par exemple 13 ou 13,5 pour un pas de 0,5).",
    ),
    "score-not-a-number": QT_TRANSLATE_NOOP(
        "messages", "Une note est un nombre : saisissez un nombre de l'échelle de la grille."
    ),
    "sheet-empty": QT_TRANSLATE_NOOP("messages", "Notez au moins un critère avant d'enregistrer."),
    "sheet-incomplete": QT_TRANSLATE_NOOP(
        "messages", "Notez chaque critère de la grille avant de sceller la feuille."
    ),
    "sheet-unknown-criterion": QT_TRANSLATE_NOOP(
        "messages",
        "Cette note porte sur un critère qui n'est pas dans la grille : notez seulement les "
        "critères affichés.",
    ),
    "sealed": QT_TRANSLATE_NOOP(
        "messages",
        "Cette feuille est scellée : elle ne change plus avant la révélation des notes. "
        "Attendez la révélation, puis révisez-la avec un motif.",
    ),
    "revealed": QT_TRANSLATE_NOOP(
        "messages",
        "Les notes de ce candidat sont révélées : la notation est terminée. Révisez plutôt une "
        "feuille scellée, avec un motif.",
    ),
    "not-revealed": QT_TRANSLATE_NOOP(
        "messages",
        "Les notes de ce candidat ne sont pas encore révélées. Faites sceller sa feuille à "
        "chaque membre présent (ou le président force la révélation).",
    ),
    "already-revealed": QT_TRANSLATE_NOOP(
        "messages", "Les notes de ce candidat sont déjà révélées : rien à faire."
    ),
    "reveal-needs-both-institutions": QT_TRANSLATE_NOOP(
        "messages",
        "La révélation anticipée demande au moins une feuille scellée de chaque école. "
        "Attendez qu'un membre de chaque école scelle la sienne ; si une école n'a plus aucun "
        "membre présent sans conflit, enregistrez le candidat comme non délibéré.",
    ),
    "not-sealed": QT_TRANSLATE_NOOP(
        "messages",
        "Ce membre n'a pas de feuille scellée à réviser pour ce candidat : choisissez un "
        "membre dont la feuille a été révélée.",
    ),
    "not-reconciled": QT_TRANSLATE_NOOP(
        "messages",
        "Il n'y a pas encore de note globale : faites sceller au moins une feuille par école.",
    ),
    "flag-needs-note": QT_TRANSLATE_NOOP(
        "messages",
        "Ce candidat est signalé (écart entre les notes) : ajoutez d'abord une note de discussion.",
    ),
    "justification-required": QT_TRANSLATE_NOOP(
        "messages",
        "Cette décision diffère de la proposition des règles : écrivez la justification, qui "
        "sera imprimée au procès-verbal.",
    ),
    "jury-proposal-exists": QT_TRANSLATE_NOOP(
        "messages",
        "Le jury a déjà sa propre proposition : celle des règles ne la remplace jamais. Faites "
        "une nouvelle proposition du jury pour la changer.",
    ),
    "decision-not-allowed": QT_TRANSLATE_NOOP(
        "messages",
        "Cette décision n'existe pas pour ce type de jury : choisissez-en une de la liste.",
    ),
    "mention-not-allowed": QT_TRANSLATE_NOOP(
        "messages",
        "Une mention ne va qu'avec un diplôme délivré : retirez la mention, ou proposez de "
        "délivrer le diplôme.",
    ),
    "no-change": QT_TRANSLATE_NOOP("messages", "Rien ne change : c'est déjà le cas, rien à faire."),
    # Graduation on the diploma average.
    "nothing-to-score": QT_TRANSLATE_NOOP(
        "messages",
        "Les règles du diplôme ne font noter aucune unité par le jury : personne ne note. "
        "Délibérez à partir du relevé de notes.",
    ),
    "no-diploma-average": QT_TRANSLATE_NOOP(
        "messages",
        "Pas de moyenne générale : une unité n'est pas encore notée, ou les règles du diplôme "
        "n'en pondèrent aucune. Faites noter l'unité du jury, ou demandez à la scolarité un "
        "relevé complet.",
    ),
    "no-graded-unit": QT_TRANSLATE_NOOP(
        "messages",
        "Les règles du diplôme ne pondèrent aucune unité : pas de moyenne générale. Demandez à "
        "la scolarité des règles qui pondèrent les unités.",
    ),
    "unit-missing": QT_TRANSLATE_NOOP(
        "messages",
        "Le relevé de notes n'a pas toutes les unités des règles du diplôme : demandez à la "
        "scolarité un relevé complet.",
    ),
    "jury-points-over-maximum": QT_TRANSLATE_NOOP(
        "messages",
        "Donnez des points de jury positifs, sans dépasser le maximum fixé par les règles du "
        "diplôme.",
    ),
    "jury-points-change-nothing": QT_TRANSLATE_NOOP(
        "messages",
        "Avec ces points de jury, les règles proposent la même décision : ils ne sont pas "
        "attribués. Retenez la proposition des règles, ou proposez une autre décision.",
    ),
    "batch-refused": QT_TRANSLATE_NOOP(
        "messages",
        "Certains diplômés choisis doivent être délibérés un par un (alerte, cas limite, sans "
        "proposition des règles ou avec celle du jury) ; ils sont nommés dans le détail. Rien "
        "n'a été approuvé : retirez-les de la sélection et délibérez-les un par un.",
    ),
    "batch-empty": QT_TRANSLATE_NOOP(
        "messages", "Choisissez les diplômés à approuver en une fois."
    ),
    "batch-duplicate": QT_TRANSLATE_NOOP(
        "messages", "Un diplômé figure deux fois dans la sélection : retirez le doublon."
    ),
    "no-proposal": QT_TRANSLATE_NOOP(
        "messages",
        "Il n'y a pas encore de décision proposée à approuver ou à contester : proposez "
        "d'abord une décision.",
    ),
    "wrong-institution": QT_TRANSLATE_NOOP(
        "messages",
        "Chaque membre approuve dans la case de sa propre école : approuvez dans celle de la "
        "vôtre.",
    ),
    "desk-act-differs": QT_TRANSLATE_NOOP(
        "messages",
        "La situation de ce candidat a changé en salle depuis l'acte envoyé du poste du "
        "membre : vérifiez le candidat à nouveau sur ce poste, puis refaites l'acte.",
    ),
    "key-registered": QT_TRANSLATE_NOOP(
        "messages",
        "La clé de ce membre est déjà enregistrée dans la session : rien à faire.",
    ),
    "key-malformed": QT_TRANSLATE_NOOP(
        "messages",
        "L'enregistrement de clé envoyé par le poste du membre est illisible : faites "
        "refaire sa clé avec « jury-desk member keygen ».",
    ),
    "not-own-sheet": QT_TRANSLATE_NOOP(
        "messages",
        "Un membre ne scelle que sa propre feuille : demandez à son auteur de la sceller "
        "depuis son propre poste.",
    ),
    "already-approved": QT_TRANSLATE_NOOP(
        "messages",
        "Ce membre a déjà approuvé cette décision. Si son école doit en donner une autre, "
        "faites approuver un autre de ses membres.",
    ),
    "slot-filled": QT_TRANSLATE_NOOP(
        "messages",
        "Cette école a déjà donné son approbation : attendez celle de l'autre école.",
    ),
    "not-final": QT_TRANSLATE_NOOP(
        "messages",
        "Des candidats n'ont pas encore de décision définitive : la séance ne peut pas être "
        "close. Terminez leur délibération, ou enregistrez comme non délibérés ceux qu'une "
        "école ne peut pas délibérer.",
    ),
    "not-closed": QT_TRANSLATE_NOOP(
        "messages", "La séance n'est pas close : faites-la d'abord clore par le président."
    ),
    "reason-required": QT_TRANSLATE_NOOP(
        "messages", "Écrivez le motif : il figure au procès-verbal."
    ),
    "note-empty": QT_TRANSLATE_NOOP("messages", "Écrivez la note avant de l'ajouter."),
    "text-too-long": QT_TRANSLATE_NOOP("messages", "Ce texte est trop long : raccourcissez-le."),
    "text-invalid": QT_TRANSLATE_NOOP(
        "messages", "Ce texte contient des caractères invisibles non permis : retapez-le."
    ),
    # No dead ends: "non délibéré — renvoyé".
    "can-be-deliberated": QT_TRANSLATE_NOOP(
        "messages",
        "Ce candidat peut encore être délibéré : chaque école a assez de membres présents et "
        "sans conflit. Délibérez-le (notation, proposition, approbations) ; le renvoi est "
        "réservé au candidat qu'une école ne peut pas délibérer.",
    ),
    "slot-not-needed": QT_TRANSLATE_NOOP(
        "messages",
        "Ce renvoi n'attend aucune approbation de cette école : elle n'avait aucun membre "
        "éligible présent quand il a été enregistré. Pour délibérer le candidat, objectez au "
        "renvoi.",
    ),
    "blind-field-faulty": QT_TRANSLATE_NOOP(
        "messages",
        "Ce candidat ne peut pas être révélé : son statut boursier scellé ne s'ouvre pas ou "
        "ne correspond pas à l'engagement signé par le secrétariat. Enregistrez-le comme non "
        "délibéré — renvoyé, et signalez-le au secrétariat.",
    ),
}

_TITLES = {
    BundleError: QT_TRANSLATE_NOOP("messages", "Dossier refusé"),
    KeyFileError: QT_TRANSLATE_NOOP("messages", "Clé inutilisable"),
    StoreError: QT_TRANSLATE_NOOP("messages", "Séance inaccessible"),
    RuleError: QT_TRANSLATE_NOOP("messages", "Action refusée"),
    UsageError: QT_TRANSLATE_NOOP("messages", "Action impossible"),
}
_FALLBACK_TITLE = QT_TRANSLATE_NOOP("messages", "Action impossible")
_GENERIC: dict[type[JuryDeskError], str] = {
    KeyFileError: QT_TRANSLATE_NOOP(
        "messages",
        "Ce fichier n'est pas une clé utilisable. Vérifiez que vous avez choisi le fichier "
        "de clé publique (.pub) remis par la scolarité.",
    ),
    StoreError: QT_TRANSLATE_NOOP(
        "messages",
        "Les données de la séance sur ce poste ne peuvent pas être utilisées (déjà ouvertes "
        "ailleurs, disque plein ou dossier protégé). Fermez les autres fenêtres de jury-desk "
        "et vérifiez l'espace disque.",
    ),
}


class _Facts(dict[str, str]):
    """A refusal's facts (``RuleError.params``) for its sentence; one it lacks reads as the
    placeholder's own name, never a crash in the dialog that reports a refusal."""

    def __missing__(self, key: str) -> str:
        return "…"


def _title_for(exc: JuryDeskError) -> str:
    for cls, title in _TITLES.items():
        if isinstance(exc, cls):
            return _t(title)
    return _t(_FALLBACK_TITLE)


def describe_error(exc: JuryDeskError) -> Notice:
    """The plain notice for a known error: a mapped sentence, else the core's own words."""
    if isinstance(exc, BundleCancelled):
        return Notice(
            "info",
            QCoreApplication.translate("messages", "Vérification annulée"),
            QCoreApplication.translate("messages", "Rien n'a été conservé."),
        )
    if isinstance(exc, BundleError):
        where = f" · {exc.entry}" if exc.entry else ""
        detail = f"{exc.code}{where}\n{exc.detail}"
        sentence = BUNDLE_CHECKS.get(exc.code)
        return Notice("error", _title_for(exc), _t(sentence) if sentence else exc.detail, detail)
    if isinstance(exc, RuleError):
        sentence = RULES.get(exc.code)
        text = _t(sentence).format_map(_Facts(exc.params)) if sentence else str(exc)
        return Notice("warning", _title_for(exc), text, f"{exc.code}\n{exc}")
    reason = getattr(exc, "reason", None)  # the exchange's (exchange.envelope.ExchangeError)
    if isinstance(reason, str) and reason in EXCHANGE:
        return Notice("error", _title_for(exc), exchange_words(reason, str(exc)), str(exc))
    for cls, sentence in _GENERIC.items():
        if isinstance(exc, cls):
            return Notice("error", _title_for(exc), _t(sentence), str(exc))
    return Notice("error", _title_for(exc), str(exc))


# --------------------------------------------------------------------------- dialogs


def _message_box(parent: QWidget | None, notice: Notice) -> None:
    import html  # only when a box is shown: not before the first window

    icons = {
        "info": QMessageBox.Icon.Information,
        "warning": QMessageBox.Icon.Warning,
        "error": QMessageBox.Icon.Critical,
    }
    box = QMessageBox(icons[notice.level], notice.title, "", parent=parent)
    box.setObjectName("noticeBox")
    # The title is repeated as a heading: many window managers hide dialog titles.
    box.setText(
        f"<p style='font-size:13pt; font-weight:600'>{html.escape(notice.title)}</p>"
        f"<p>{html.escape(notice.text)}</p>"
    )
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 460px; }")
    if notice.detail:
        lines = "<br>".join(html.escape(line) for line in notice.detail.splitlines())
        box.setInformativeText(f"<small style='color:#555'>{lines}</small>")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # window-modal without a nested event loop


def _yes_no_box(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(
        QCoreApplication.translate("messages", "Annuler"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    return box.clickedButton() is accept


def _open_dialog(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), name_filter)
    return Path(path) if path else None


def _save_dialog(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested))
    return Path(path) if path else None


def folder_dialog(parent: QWidget | None, title: str, suggested: Path) -> QFileDialog:
    """A folder chooser: the platform's own where it has one; else Qt's, every word of it in
    the desk's language (Qt's French catalogue leaves some of them in English)."""
    dialog = QFileDialog(parent, title, str(suggested))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    for which, text in (
        (QFileDialog.DialogLabel.LookIn, QT_TRANSLATE_NOOP("messages", "Voir dans :")),
        (QFileDialog.DialogLabel.FileName, QT_TRANSLATE_NOOP("messages", "Dossier :")),
        (QFileDialog.DialogLabel.FileType, QT_TRANSLATE_NOOP("messages", "Type :")),
        (QFileDialog.DialogLabel.Accept, QT_TRANSLATE_NOOP("messages", "Choisir ce dossier")),
        (QFileDialog.DialogLabel.Reject, QT_TRANSLATE_NOOP("messages", "Annuler")),
    ):
        dialog.setLabelText(which, QCoreApplication.translate("messages", text))
    return dialog


def _folder_dialog(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    dialog = folder_dialog(parent, title, suggested)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


presenter: Callable[[QWidget | None, Notice], None] = _message_box
confirmer: Callable[[QWidget | None, str, str, str], bool] = _yes_no_box
open_chooser: Callable[[QWidget | None, str, str], Path | None] = _open_dialog
save_chooser: Callable[[QWidget | None, str, Path], Path | None] = _save_dialog
folder_chooser: Callable[[QWidget | None, str, Path], Path | None] = _folder_dialog


def present(parent: QWidget | None, notice: Notice) -> None:
    presenter(parent, notice)


def show_error(parent: QWidget | None, exc: JuryDeskError) -> None:
    present(parent, describe_error(exc))


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """Ask a yes/no question; ``yes`` labels the button that says what will happen."""
    return confirmer(parent, title, text, yes)


def choose_open_file(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    return open_chooser(parent, title, name_filter)


def choose_save_file(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    return save_chooser(parent, title, suggested)


def choose_folder(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    return folder_chooser(parent, title, suggested)
