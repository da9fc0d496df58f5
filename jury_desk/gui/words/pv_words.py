"""Plain words for the minutes screen: why a signer key, an export or a PV was refused, and
what each line of a PV verification report checked.

The minutes package raises ``MinutesError`` with a stable ``check`` code and an English
detail, and ``verify_pv`` reports each check by code. This module gives each code, and each
outcome of a report line, a French sentence (``tr()``: English comes from the catalogue);
the core's detail is kept as the technical reason, in small type (a report line's: under a
failure, and as its tooltip). Anything else falls back to ``messages.describe_error``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from jury_desk.core.errors import JuryDeskError, KeyFileError, MinutesError
from jury_desk.gui.i18n import QT_TRANSLATE_NOOP
from jury_desk.gui.words import messages

CONTEXT = "pv_words"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


_UNREADABLE_DATA = QT_TRANSLATE_NOOP(
    "pv_words",
    "Les données du procès-verbal (minutes.json) sont illisibles ou non conformes : ce "
    "fichier ne peut pas être tenu pour un procès-verbal du jury.",
)
_ALTERED = QT_TRANSLATE_NOOP(
    "pv_words",
    "Ce procès-verbal a été modifié ou endommagé après sa signature. Exportez-le à nouveau "
    "depuis la séance close.",
)

REFUSALS: dict[str, str] = {
    "sign.signer-fingerprint": QT_TRANSLATE_NOOP(
        "pv_words",
        "Cette clé n'est pas celle du signataire que le dossier de séance déclare pour cette "
        "école. Choisissez le fichier .p12 de ce signataire.",
    ),
    "export.signers": QT_TRANSLATE_NOOP(
        "pv_words",
        "Il faut la clé de signature de chaque école avant d'exporter le procès-verbal.",
    ),
    "sign.institution": QT_TRANSLATE_NOOP(
        "pv_words", "Cette école ne fait pas partie de ce procès-verbal."
    ),
    "sign.already-signed": QT_TRANSLATE_NOOP(
        "pv_words", "Cette école a déjà signé ce procès-verbal."
    ),
    "sign.pv-altered": _ALTERED,
    "pv.layout": QT_TRANSLATE_NOOP(
        "pv_words",
        "Le procès-verbal ne tient pas sur des pages A4 : un texte (note, justification) est "
        "trop long. Notez le détail ci-dessous et prévenez la scolarité.",
    ),
    "pdf.format": QT_TRANSLATE_NOOP(
        "pv_words",
        "Ce fichier n'est pas un PDF lisible (copie interrompue ?). Vérifiez que vous avez "
        "choisi le bon fichier.",
    ),
    "pdf.decompression": QT_TRANSLATE_NOOP(
        "pv_words",
        "Ce PDF contient des données compressées démesurées (une « bombe de décompression ») : "
        "ce n'est pas un procès-verbal de jury-desk. Ne l'ouvrez pas ailleurs ; prévenez la "
        "scolarité.",
    ),
    "minutes.missing": QT_TRANSLATE_NOOP(
        "pv_words",
        "Ce PDF n'est pas un procès-verbal de jury-desk : il ne contient pas ses données "
        "(minutes.json).",
    ),
    "minutes.json": _UNREADABLE_DATA,
    "minutes.schema": _UNREADABLE_DATA,
    "minutes.format": QT_TRANSLATE_NOOP(
        "pv_words",
        "Ce procès-verbal a été établi par une autre version de jury-desk. Vérifiez-le avec "
        "la version qui l'a établi.",
    ),
}

WRONG_KEY_OR_PASSPHRASE = QT_TRANSLATE_NOOP(
    "pv_words",
    "La clé de signature ne s'ouvre pas : la phrase secrète est incorrecte, ou ce fichier "
    "n'est pas une clé de signature (.p12). Vérifiez-les et réessayez.",
)

_SIGNING_TITLE = QT_TRANSLATE_NOOP("pv_words", "Signature refusée")
_PV_TITLE = QT_TRANSLATE_NOOP("pv_words", "Procès-verbal refusé")
_KEY_TITLE = QT_TRANSLATE_NOOP("pv_words", "Clé de signature inutilisable")


def describe_pv_error(exc: JuryDeskError) -> messages.Notice:
    """The plain notice for a refused export, signature or PV; other errors as usual."""
    if isinstance(exc, MinutesError):
        where = f" · {exc.entry}" if exc.entry else ""
        signing = exc.code.startswith(("sign.", "export."))
        sentence = REFUSALS.get(exc.code)
        return messages.Notice(
            "error",
            _t(_SIGNING_TITLE if signing else _PV_TITLE),
            _t(sentence) if sentence else exc.detail,
            f"{exc.code}{where}\n{exc.detail}",
        )
    return messages.describe_error(exc)


def describe_signing_error(exc: JuryDeskError) -> messages.Notice:
    """As ``describe_pv_error``; a key file that does not open is a signer's .p12 here."""
    if isinstance(exc, KeyFileError):
        return messages.Notice("error", _t(_KEY_TITLE), _t(WRONG_KEY_OR_PASSPHRASE), str(exc))
    return describe_pv_error(exc)


# --------------------------------------------------------------------------- verification

CHECKS: dict[str, str] = {
    "pdf.format": QT_TRANSLATE_NOOP("pv_words", "Fichier PDF lisible"),
    "minutes.valid": QT_TRANSLATE_NOOP(
        "pv_words", "Données du procès-verbal (minutes.json) présentes et conformes"
    ),
    "signature.intact": QT_TRANSLATE_NOOP("pv_words", "Signature intacte et valide"),
    "signature.coverage": QT_TRANSLATE_NOOP(
        "pv_words", "Rien n'a été modifié après les signatures"
    ),
    "signature.per-institution": QT_TRANSLATE_NOOP(
        "pv_words", "Le président du jury et une signature par école, par les signataires déclarés"
    ),
    "certificate.validity": QT_TRANSLATE_NOOP(
        "pv_words", "Certificat du signataire valide au moment de la signature"
    ),
    "timestamp.document": QT_TRANSLATE_NOOP("pv_words", "Horodatage d'archivage du procès-verbal"),
    "bundle.signers": QT_TRANSLATE_NOOP("pv_words", "Signataires conformes au dossier de séance"),
    "bundle.match": QT_TRANSLATE_NOOP(
        "pv_words", "Procès-verbal conforme au dossier de séance (jury, candidats)"
    ),
    "pv.content": QT_TRANSLATE_NOOP(
        "pv_words", "Chaque page dit exactement ce que disent les données"
    ),
    "pv.superseded": QT_TRANSLATE_NOOP("pv_words", "Procès-verbal en vigueur"),
}


def check_title(code: str) -> str:
    """What a report line checked, in the desk's language (the code itself if unknown)."""
    title = CHECKS.get(code)
    return _t(title) if title else code


# What each outcome of a check means, by (code, ok): ok None = not checked. The verifier's
# own line (signature field, signer, certificate prefix...) stays the technical detail.
OUTCOMES: dict[tuple[str, bool | None], str] = {
    ("pdf.format", False): REFUSALS["pdf.format"],
    ("minutes.valid", True): QT_TRANSLATE_NOOP(
        "pv_words", "Le fichier minutes.json est joint au PDF, lisible et conforme."
    ),
    ("minutes.valid", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "Le fichier minutes.json manque, est illisible ou n'est pas conforme : ce fichier ne "
        "peut pas être tenu pour un procès-verbal du jury.",
    ),
    ("signature.intact", True): QT_TRANSLATE_NOOP(
        "pv_words", "Le contenu signé est intact et la signature est valide."
    ),
    ("signature.intact", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "Cette signature ne tient plus : le contenu signé a été modifié, ou la signature est "
        "invalide.",
    ),
    ("signature.coverage", True): QT_TRANSLATE_NOOP(
        "pv_words",
        "La dernière signature couvre tout le fichier ; les précédentes ne sont suivies que de "
        "signatures.",
    ),
    ("signature.coverage", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "Le procès-verbal n'est pas signé, ou il a été modifié après une signature par autre "
        "chose qu'une signature.",
    ),
    ("signature.per-institution", True): QT_TRANSLATE_NOOP(
        "pv_words",
        "Le président du jury et chaque école ont signé une fois, par les signataires que le "
        "procès-verbal déclare.",
    ),
    ("signature.per-institution", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "Il faut exactement une signature du président du jury et une par école (une seule "
        "pour un président qui signe aussi pour son école), par les signataires que le "
        "procès-verbal déclare : ce n'est pas le cas.",
    ),
    ("certificate.validity", True): QT_TRANSLATE_NOOP(
        "pv_words",
        "Le certificat du signataire était valide au moment de la signature (heure horodatée,"
        " ou à défaut celle qu'indique l'ordinateur du signataire).",
    ),
    ("certificate.validity", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "Le certificat du signataire n'était pas valide au moment de la signature (expiré ou "
        "pas encore valide).",
    ),
    ("timestamp.document", True): QT_TRANSLATE_NOOP(
        "pv_words",
        "Un horodatage d'archivage atteste que le procès-verbal, ses signatures et leurs "
        "données de validation existaient à cette date.",
    ),
    ("timestamp.document", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "L'horodatage d'archivage ne tient pas : le fichier a été modifié ou l'horodatage est"
        " invalide.",
    ),
    ("bundle.signers", True): QT_TRANSLATE_NOOP(
        "pv_words", "Les certificats des signataires sont ceux que déclare le dossier de séance."
    ),
    ("bundle.signers", False): QT_TRANSLATE_NOOP(
        "pv_words", "Les signataires du procès-verbal ne sont pas ceux que déclare le dossier."
    ),
    ("bundle.signers", None): QT_TRANSLATE_NOOP(
        "pv_words",
        "Non vérifié : choisissez aussi le dossier de séance pour confronter le procès-verbal "
        "au dossier signé par la scolarité.",
    ),
    ("bundle.match", True): QT_TRANSLATE_NOOP(
        "pv_words",
        "Le procès-verbal porte sur ce dossier (identifiant, version, empreinte), avec le même "
        "jury, la même séance et les mêmes candidats.",
    ),
    ("bundle.match", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "Le procès-verbal ne correspond pas à ce dossier de séance (identifiant, version, "
        "séance, jury ou candidats différents).",
    ),
    ("pv.content", True): QT_TRANSLATE_NOOP(
        "pv_words",
        "Chaque page, tableau des décisions compris, dit exactement ce que disent les données "
        "(procès-verbal recalculé et comparé octet par octet).",
    ),
    ("pv.content", False): QT_TRANSLATE_NOOP(
        "pv_words",
        "Les pages ne disent pas ce que disent les données, ou ce procès-verbal a été établi "
        "par une autre version de jury-desk (vérifiez-le avec celle-ci).",
    ),
}


def outcome(code: str, ok: bool | None) -> str | None:
    """What a report line's outcome means, in the desk's language (None if unknown)."""
    sentence = OUTCOMES.get((code, ok))
    return _t(sentence) if sentence else None
