"""What a member desk is told when the room desk refuses one of its messages, in French.

The verdict travels to the member's own machine, where nobody can ask the room what a code
means: each refusal names the candidate and says what to do. Qt-free (the room desk's
ledger writes it into the signed reply); the member desk's GUI shows it as it is, with the
code beside it. A code without words here falls back to the rules' English detail.
"""

from __future__ import annotations

WORDS_FR: dict[str, str] = {
    "revealed": "{candidate} est déjà révélé : votre fiche scellée arrive trop tard et ne "
    "compte pas. Rien à faire, sauf à réviser en salle une fiche déjà comptée.",
    "already-revealed": "{candidate} est déjà révélé : rien à faire.",
    "conflicted": "Vous êtes en conflit sur {candidate} : vous ne pouvez ni noter, ni voir, "
    "ni approuver ce candidat. Rien à faire.",
    "already-conflicted": "Votre conflit sur {candidate} est déjà déclaré : rien à faire.",
    "sealed": "Votre fiche pour {candidate} est déjà scellée : seule la première compte. "
    "Rien à faire.",
    "absent": "Vous n'êtes pas pointé(e) présent(e) en salle : pointez votre arrivée, "
    "puis renvoyez ce message.",
    "quorum": "Le quorum n'est pas atteint en salle : attendez l'arrivée des membres, puis "
    "renvoyez ce message.",
    "reveal-key-missing": "La présidence n'a pas encore ouvert la notation : attendez-la, puis "
    "scellez à nouveau.",
    "no-proposal": "Il n'y a pas de proposition à approuver pour {candidate} : attendez que le "
    "jury en fasse une.",
    "wrong-institution": "Vous approuvez pour votre établissement seulement : choisissez son "
    "créneau.",
    "already-approved": "Vous avez déjà approuvé cette décision pour {candidate} : rien à faire.",
    "slot-filled": "Votre établissement a déjà donné ses approbations pour {candidate} : rien "
    "à faire.",
    "flag-needs-note": "{candidate} est signalé : une note de discussion est requise avant toute "
    "approbation. Ajoutez-la, puis approuvez à nouveau.",
    "desk-act-differs": "La situation de {candidate} a changé en salle depuis votre acte (par "
    "exemple une nouvelle proposition) : regardez-le à nouveau et agissez de nouveau.",
    "desk-act-format": "Ce message n'est pas un acte que votre poste peut envoyer : mettez "
    "jury-desk à jour sur votre poste.",
    "closed": "La session est close : rien à faire.",
    "key-registered": "Votre clé est déjà enregistrée en salle : rien à faire.",
    "key-not-pinned": "Cette clé n'est pas celle que le dossier épingle pour vous : ouvrez "
    "votre poste avec votre propre fichier de clé.",
}


def refusal_fr(code: str, detail: str, candidate: str = "") -> str:
    """The French words for a refusal ``code`` about ``candidate``; the detail otherwise."""
    words = WORDS_FR.get(code)
    if words is None or ("{candidate}" in words and not candidate):
        return f"Refusé par la salle ({code}) : {detail}"
    return words.format(candidate=candidate)
