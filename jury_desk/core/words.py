"""The desk's words for the service's codes, in French and English: the one vocabulary.

Qt-free, so that the PV (``minutes/labels.py``) and the CLI read these tables as they are.
The GUI cannot import them as words to translate: Qt Linguist extracts only literal
strings, so ``gui/words/labels.py`` writes the same French as its sources and the same
English in its catalogue, and ``tests/gui/test_vocabulary.py`` checks that they agree.

These words are printed in signed PVs, and the verifier re-renders a PV from its
minutes.json to compare it byte for byte: changing a word here makes every archived PV
that uses it fail verification. Add words; change one only with a new minutes format.
"""

from __future__ import annotations

DECISION_LABELS_FR: dict[str, str] = {
    "admit": "Admis",
    "waitlist": "Liste d'attente",
    "reject": "Refusé",
    "award": "Diplômé",
    "ajourne": "Ajourné",
    "refuse": "Refusé",  # a graduation's; never in one table with "reject" (an admission's)
}
DECISION_LABELS_EN: dict[str, str] = {
    "admit": "Admitted",
    "waitlist": "Waiting list",
    "reject": "Rejected",
    "award": "Degree awarded",
    "ajourne": "Deferred",
    "refuse": "Refused",
}
#: A renvoi (``core.proposals.RENVOI``): the candidate was not deliberated, and goes back to
#: the secretariat for a later jury.
RENVOI_CODE = "not-deliberated"  # its code (here, so that a CLI's help needs no pydantic)
RENVOI_LABEL_FR = "Non délibéré — renvoyé"
RENVOI_LABEL_EN = "Not deliberated — referred back"
MENTION_LABELS_FR: dict[str, str] = {
    "assez_bien": "Assez bien",
    "bien": "Bien",
    "tres_bien": "Très bien",
}
MENTION_LABELS_EN: dict[str, str] = {
    "assez_bien": "Quite good",
    "bien": "Good",
    "tres_bien": "Very good",
}
CONFLICT_LABELS_FR: dict[str, str] = {
    "tutor": "Tuteur de stage/apprentissage",
    "sponsor": "Commanditaire d'un business case",
    "personal": "Lien familial/personnel",
    "former_teacher": "Ancien enseignant",
    "other": "Autre",
}
CONFLICT_LABELS_EN: dict[str, str] = {
    "tutor": "Internship/apprenticeship tutor",
    "sponsor": "Business-case sponsor",
    "personal": "Family/personal",
    "former_teacher": "Former teacher",
    "other": "Other",
}

#: ``audit verify``'s line on a signed session's reveal key (the key that opens the sealed
#: sheets): pinned by the secretariat in the bundle, or made by the room desk.
REVEAL_KEY_ORIGIN_FR: dict[str, str] = {
    "pinned": "Clé d'ouverture des plis : épinglée par le bundle (faite avec la clé du "
    "président, hors de la salle).",
    "room": "Clé d'ouverture des plis : faite dans la salle, à l'enregistrement du président "
    "(non épinglée par le bundle).",
    "none": "Clé d'ouverture des plis : pas encore faite (le président n'a pas enregistré sa "
    "clé ; non épinglée par le bundle).",
}
REVEAL_KEY_ORIGIN_EN: dict[str, str] = {
    "pinned": "Reveal key: pinned by the bundle (made with the chair's key, outside the room).",
    "room": "Reveal key: made in the room at the chair's registration (not pinned by the bundle).",
    "none": "Reveal key: not made yet (the chair has not registered their key; not pinned by "
    "the bundle).",
}
