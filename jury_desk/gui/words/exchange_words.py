"""The exchange's refusals in plain French (and English): one sentence per stable reason.

``exchange`` says why it refused a message or a connection with a stable ``reason`` and an
English sentence for the CLI and the logs; the room desk's panel and the member desk show
the member these words instead, each ending with what to do. The rules' own refusals come
back from the room desk already worded (the verdict's message).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from jury_desk.gui.i18n import QT_TRANSLATE_NOOP

EXCHANGE: dict[str, str] = {
    "signature": QT_TRANSLATE_NOOP(
        "exchange",
        "Message falsifié ou modifié à la main : sa signature ne correspond pas à la clé du "
        "membre. Il est ignoré ; le membre exporte à nouveau sa boîte d'envoi depuis son poste.",
    ),
    "format": QT_TRANSLATE_NOOP(
        "exchange",
        "Message illisible (fichier abîmé ou modifié). Il est ignoré ; le membre exporte à "
        "nouveau sa boîte d'envoi depuis son poste.",
    ),
    "session": QT_TRANSLATE_NOOP(
        "exchange",
        "Message destiné à une autre séance : ignoré. Vérifiez que le membre a ouvert le "
        "dossier de cette séance.",
    ),
    "bundle-version": QT_TRANSLATE_NOOP(
        "exchange",
        "Message fait avec une autre version du dossier de séance : ignoré. Le membre ouvre "
        "la version actuelle du dossier sur son poste, puis scelle à nouveau.",
    ),
    "sender": QT_TRANSLATE_NOOP(
        "exchange",
        "Message d'une personne qui n'est pas membre de ce jury (ou sans clé connue ici) : "
        "ignoré. Rien à faire.",
    ),
    "file.read": QT_TRANSLATE_NOOP(
        "exchange",
        "Le fichier ne peut pas être lu. Rebranchez la clé USB et réessayez.",
    ),
    "file.size": QT_TRANSLATE_NOOP(
        "exchange",
        "Ce fichier est trop gros pour être une boîte d'envoi : il n'a pas été lu. Vérifiez "
        "que vous avez choisi le bon fichier.",
    ),
    "pair.wrong-code": QT_TRANSLATE_NOOP(
        "exchange",
        "Code d'appairage erroné : rien n'a été appairé. Tapez le code affiché sur l'écran du "
        "poste de salle.",
    ),
    "pair.expired": QT_TRANSLATE_NOOP(
        "exchange",
        "Ce code d'appairage n'est plus valable. Demandez au poste de salle d'afficher un "
        "nouveau code, puis tapez-le.",
    ),
    "pair.code-format": QT_TRANSLATE_NOOP(
        "exchange",
        "Ce n'est pas un code d'appairage : il a huit chiffres, par exemple 1234 5678. Tapez "
        "celui qu'affiche le poste de salle.",
    ),
    "pair.uri": QT_TRANSLATE_NOOP(
        "exchange",
        "Ce texte n'est pas un code d'appairage de jury-desk. Tapez l'adresse et le code "
        "affichés sur l'écran du poste de salle.",
    ),
    "net.not-the-room": QT_TRANSLATE_NOOP(
        "exchange",
        "Le poste à cette adresse n'est pas le poste de salle du QR code : rien n'a été "
        "envoyé. Vérifiez l'adresse sur l'écran de la salle.",
    ),
    "net.room-changed": QT_TRANSLATE_NOOP(
        "exchange",
        "Le poste de salle de cette séance a changé de certificat (redémarré sans garder "
        "son identité) : rien n'a été envoyé. Rejoignez la salle à nouveau avec le code "
        "affiché sur son écran.",
    ),
    "net.wrong-room": QT_TRANSLATE_NOOP(
        "exchange",
        "Le poste à cette adresse n'est pas le poste de salle avec lequel ce poste est "
        "appairé (celui d'une autre séance ?) : rien n'a été envoyé. Vérifiez l'adresse sur "
        "l'écran de la salle, puis rejoignez-la à nouveau.",
    ),
    "net.auth": QT_TRANSLATE_NOOP(
        "exchange",
        "Le poste de salle a refusé ce poste : il ne détient pas la clé enregistrée pour "
        "vous dans cette séance. Rien n'a été envoyé. Prévenez le président du jury.",
    ),
    "net.unknown": QT_TRANSLATE_NOOP(
        "exchange",
        "Le poste de salle a refusé ce poste : il ne connaît pas encore votre clé. "
        "Rejoignez la salle avec le code affiché sur son écran.",
    ),
    "net.connect": QT_TRANSLATE_NOOP(
        "exchange",
        "Le poste de salle ne répond pas à cette adresse. Vérifiez que vous êtes sur le "
        "réseau de la salle et que la salle est ouverte au réseau ; vos feuilles restent "
        "dans votre boîte d'envoi.",
    ),
    "net.listen": QT_TRANSLATE_NOOP(
        "exchange",
        "Ce poste ne peut pas ouvrir la salle au réseau (port occupé ou réseau absent). "
        "Utilisez les clés USB, ou redémarrez le poste de salle.",
    ),
    "room-key": QT_TRANSLATE_NOOP(
        "exchange",
        "Ce poste n'est pas encore appairé avec le poste de salle : ses réponses ne peuvent "
        "pas être vérifiées. Rejoignez la salle, ou importez la réponse depuis la clé USB "
        "après l'appairage.",
    ),
    "room-replay": QT_TRANSLATE_NOOP(
        "exchange",
        "Une réponse du poste de salle diffère de celle déjà reçue : elle est ignorée. "
        "Prévenez le président du jury.",
    ),
}


def exchange_words(reason: str, fallback: str) -> str:
    """The plain sentence for ``reason``; ``fallback`` (the exchange's words) for another."""
    sentence = EXCHANGE.get(reason)
    return QCoreApplication.translate("exchange", sentence) if sentence else fallback
