"""Plain words for the service's stable codes (states, decisions, categories...) and the
desk's way of writing numbers and times.

The service speaks in codes (``"approved-partial"``, ``"former_teacher"``); the faces turn
them into words. French is the source (``QT_TRANSLATE_NOOP``), English comes from the
catalogue. An unknown code is shown as is rather than hidden. The words the PV prints too
(decisions, mentions, conflict categories) are those of ``core/words.py``
(tests/gui/test_vocabulary.py checks both languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date as _date
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from jury_desk.core.numbers import format_score
from jury_desk.gui.i18n import QT_TRANSLATE_NOOP, fill

CONTEXT = "labels"
Source = str | tuple[str, str]  # a French source of CONTEXT, or (its context, the source)

STATES = {
    "scoring": QT_TRANSLATE_NOOP("labels", "Notation en cours"),
    "revealed": QT_TRANSLATE_NOOP("labels", "Notes révélées"),
    "discussion": QT_TRANSLATE_NOOP("labels", "À discuter"),
    "proposed": QT_TRANSLATE_NOOP("labels", "Décision proposée"),
    "approved-partial": QT_TRANSLATE_NOOP("labels", "Approuvée par une école"),
    "final": QT_TRANSLATE_NOOP("labels", "Décision définitive"),
    # core.words.RENVOI_LABEL_FR: an approved renvoi is the candidate's final state.
    "not-deliberated": QT_TRANSLATE_NOOP("labels", "Non délibéré — renvoyé"),
}
OWN_STATUSES = {
    "to-score": QT_TRANSLATE_NOOP("labels", "À noter"),
    "draft": QT_TRANSLATE_NOOP("labels", "Brouillon"),
    "sealed": QT_TRANSLATE_NOOP("labels", "Scellée"),
    "conflicted": QT_TRANSLATE_NOOP("labels", "Conflit d'intérêts"),
    "closed": QT_TRANSLATE_NOOP("labels", "Non notée (notes révélées)"),
}
DECISIONS: dict[str, Source] = {
    "admit": QT_TRANSLATE_NOOP("labels", "Admis"),
    "waitlist": QT_TRANSLATE_NOOP("labels", "Liste d'attente"),
    "reject": QT_TRANSLATE_NOOP("labels", "Refusé"),
    "award": QT_TRANSLATE_NOOP("labels", "Diplômé"),
    "ajourne": QT_TRANSLATE_NOOP("labels", "Ajourné"),
    # The same French as "reject" (never in the same session), another English word: a
    # context of its own keeps the two apart in the catalogue.
    "refuse": ("graduation", QT_TRANSLATE_NOOP("graduation", "Refusé")),
}
MENTIONS = {
    "assez_bien": QT_TRANSLATE_NOOP("labels", "mention assez bien"),
    "bien": QT_TRANSLATE_NOOP("labels", "mention bien"),
    "tres_bien": QT_TRANSLATE_NOOP("labels", "mention très bien"),
}
CONFLICT_CATEGORIES = {
    "tutor": QT_TRANSLATE_NOOP("labels", "Tuteur de stage/apprentissage"),
    "sponsor": QT_TRANSLATE_NOOP("labels", "Commanditaire d'un business case"),
    "personal": QT_TRANSLATE_NOOP("labels", "Lien familial/personnel"),
    "former_teacher": QT_TRANSLATE_NOOP("labels", "Ancien enseignant"),
    "other": QT_TRANSLATE_NOOP("labels", "Autre"),
}
CONFLICT_SOURCES = {
    "bundle": QT_TRANSLATE_NOOP("labels", "déclaré dans le dossier"),
    "room": QT_TRANSLATE_NOOP("labels", "déclaré en séance"),
}
FLAGS = {
    "institution-gap": QT_TRANSLATE_NOOP("labels", "écart entre les écoles"),
    "member-spread": QT_TRANSLATE_NOOP("labels", "écart entre les membres"),
}
DOCUMENTS = {  # the usual file names of a dossier; any other is shown from its file name
    "cv": QT_TRANSLATE_NOOP("labels", "CV"),
    "lettre-de-motivation": QT_TRANSLATE_NOOP("labels", "Lettre de motivation"),
    "releve-de-notes": QT_TRANSLATE_NOOP("labels", "Relevé de notes"),
    "rapport-internship": QT_TRANSLATE_NOOP("labels", "Rapport de stage"),
    "rapport-apprenticeship": QT_TRANSLATE_NOOP("labels", "Rapport d'apprentissage"),
}
CHECKS = {
    "ects": QT_TRANSLATE_NOOP("labels", "Crédits ECTS"),
    "business-cases": QT_TRANSLATE_NOOP("labels", "Business cases"),
    "placement": QT_TRANSLATE_NOOP("labels", "Stage ou apprentissage"),
}
PLACEMENT_KINDS = {
    "internship": QT_TRANSLATE_NOOP("labels", "Stage"),
    "apprenticeship": QT_TRANSLATE_NOOP("labels", "Apprentissage"),
}
PLACEMENT_STATUSES = {
    "validated": QT_TRANSLATE_NOOP("labels", "validé"),
    "in_progress": QT_TRANSLATE_NOOP("labels", "en cours"),
    "not_validated": QT_TRANSLATE_NOOP("labels", "non validé"),
    "missing": QT_TRANSLATE_NOOP("labels", "manquant"),
}


def word(table: Mapping[str, Source], code: str | None) -> str:
    """The translated word for ``code`` in ``table`` (the code itself if unknown)."""
    if code is None:
        return ""
    entry = table.get(code)
    if entry is None:
        return code
    context, source = (CONTEXT, entry) if isinstance(entry, str) else entry
    return QCoreApplication.translate(context, source)


def labelled(label: str, text: str) -> str:
    """``label : text`` in French, ``label: text`` in English: the space before the colon
    is the language's (the catalogue's), never written into the code."""
    return fill(QCoreApplication.translate("labels", "%1 : %2"), label, text)


def role_names(roles: list[str]) -> str:
    """ "Président(e) du jury", "Membre", and "signe le PV" for the institution's signer."""
    if "chair" in roles:
        text = QCoreApplication.translate("roles", "Président(e) du jury")
    else:
        text = QCoreApplication.translate("roles", "Membre")
    if "signer" in roles:
        text += " · " + QCoreApplication.translate("roles", "signe le PV")
    return text


def decision_text(decision: str, mention: str | None) -> str:
    if decision == "not-deliberated":  # a renvoi (core.proposals.RENVOI): no decision as such
        return word(STATES, decision)
    text = word(DECISIONS, decision)
    return f"{text}, {word(MENTIONS, mention)}" if mention else text


def flags_text(flags: tuple[str, ...] | list[str]) -> str:
    return ", ".join(word(FLAGS, f) for f in flags)


def number(value: float | None, decimals: int = 2, *, fixed: bool = False) -> str:
    """A score as the jury writes it: ``13,5`` in French, ``13.5`` in English; no trailing
    zeros (unless ``fixed``: table columns keep every decimal so they line up); an em dash
    when there is none."""
    if value is None:
        return "—"
    text = f"{value:.{decimals}f}"
    if decimals and not fixed:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", QLocale().decimalPoint())


def score(value: float | None) -> str:
    """A published score (a total, a mean, the overall, an average) in the one number format
    of the PV and minutes.json: ``core.numbers.format_score``, half-up, same decimals."""
    if value is None:
        return "—"
    return format_score(value, "fr" if QLocale().decimalPoint() == "," else "en")


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{number(value * 100, 1)} %"


# A French jury reads dates day first, whatever the desk's language: "15/09/2026 14:05", on
# the 24-hour clock (never the US "9/15/26 2:05 PM" of QLocale's English short format).
DATE_FORMAT = "dd/MM/yyyy"
DATE_TIME_FORMAT = "dd/MM/yyyy HH:mm"


def day(date: _date) -> str:
    """A calendar day as ``15/09/2026``, in both languages."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def date_time(stamp: QDateTime | datetime) -> str:
    """A moment as ``15/09/2026 14:05``, local time, in both languages."""
    moment = stamp if isinstance(stamp, QDateTime) else QDateTime(stamp)
    return moment.toLocalTime().toString(DATE_TIME_FORMAT)


def clock(stamp: str | None) -> str:
    """An ISO time from the service as a local ``HH:MM``."""
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
