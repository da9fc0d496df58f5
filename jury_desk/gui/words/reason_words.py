"""The rules' reasons and the degree requirements, in the desk's language.

The core gives each reason of a proposal as a code of ``proposals.REASON_TEXTS`` with its
facts (numbers, codes), and each graduation check with the facts behind its verdict
(``EligibilityCheck.required_amount``, ``per_year``, ``placement``...); its English
sentences are for the CLI and the stored justification. This module words those facts with
``tr()`` sentences (French source, English from the catalogue) and the desk's numbers
(``labels.number``), as the PV words them in ``minutes.labels``. One sentence per reason code:
a test checks that every code of the core has one, with the same facts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from jury_desk.bundle.manifest import Placement
from jury_desk.core.eligibility import (
    CHECK_BUSINESS_CASES,
    CHECK_ECTS,
    CHECK_PLACEMENT,
    EligibilityCheck,
)
from jury_desk.core.proposals import Reason
from jury_desk.gui.i18n import QT_TRANSLATE_NOOP, fill
from jury_desk.gui.words import labels

CONTEXT = "reason_words"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# code -> (sentence, the facts of ``Reason.params`` for %1, %2...). ``requirement-missing``
# words ``actual`` and ``required`` from its check, like the core's English does.
SENTENCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "admit-overall": (
        QT_TRANSLATE_NOOP(
            "reason_words", "La note globale (%1) atteint le seuil d'admission (%2)."
        ),
        ("overall", "admit"),
    ),
    "admit-floor": (
        QT_TRANSLATE_NOOP("reason_words", "Chaque moyenne d'école atteint le plancher (%1)."),
        ("floor",),
    ),
    "admit-blocked": (
        QT_TRANSLATE_NOOP(
            "reason_words",
            "La note globale (%1) atteint le seuil d'admission (%2), mais le plancher par école "
            "bloque l'admission.",
        ),
        ("overall", "admit"),
    ),
    "below-floor": (
        QT_TRANSLATE_NOOP("reason_words", "La moyenne de %1 (%2) est sous le plancher (%3)."),
        ("institution", "mean", "floor"),
    ),
    "waitlist-overall": (
        QT_TRANSLATE_NOOP(
            "reason_words",
            "La note globale (%1) est sous le seuil d'admission (%2) mais atteint celui de la "
            "liste d'attente (%3).",
        ),
        ("overall", "admit", "waitlist"),
    ),
    "reject-overall": (
        QT_TRANSLATE_NOOP(
            "reason_words", "La note globale (%1) est sous le seuil de la liste d'attente (%2)."
        ),
        ("overall", "waitlist"),
    ),
    "refuse-overall": (
        QT_TRANSLATE_NOOP(
            "reason_words", "La note globale (%1) est sous le seuil de refus du diplôme (%2)."
        ),
        ("overall", "refuse"),
    ),
    "requirements-unmet": (
        QT_TRANSLATE_NOOP("reason_words", "Des conditions du diplôme ne sont pas remplies."),
        (),
    ),
    "requirement-missing": (
        QT_TRANSLATE_NOOP("reason_words", "%1 : condition non remplie (%2 ; requis : %3)."),
        ("check", "actual", "required"),
    ),
    "defer-overall": (
        QT_TRANSLATE_NOOP(
            "reason_words",
            "Toutes les conditions du diplôme sont remplies, mais la note globale (%1) est sous "
            "la note de passage (%2), sans descendre sous le seuil de refus (%3).",
        ),
        ("overall", "pass_mark", "refuse"),
    ),
    "requirements-met": (
        QT_TRANSLATE_NOOP("reason_words", "Toutes les conditions du diplôme sont remplies."),
        (),
    ),
    "award-overall": (
        QT_TRANSLATE_NOOP("reason_words", "La note globale (%1) atteint la note de passage (%2)."),
        ("overall", "pass_mark"),
    ),
    "award-mention": (
        QT_TRANSLATE_NOOP("reason_words", "La note globale atteint %1, seuil de la %2."),
        ("mark", "mention"),
    ),
    "average-refuse": (
        QT_TRANSLATE_NOOP(
            "reason_words", "La moyenne générale (%1) est sous le seuil de refus du diplôme (%2)."
        ),
        ("average", "refuse"),
    ),
    "average-defer": (
        QT_TRANSLATE_NOOP(
            "reason_words",
            "Toutes les conditions du diplôme sont remplies, mais la moyenne générale (%1) est "
            "sous la note de passage (%2), sans descendre sous le seuil de refus (%3).",
        ),
        ("average", "pass_mark", "refuse"),
    ),
    "average-award": (
        QT_TRANSLATE_NOOP(
            "reason_words", "La moyenne générale (%1) atteint la note de passage (%2)."
        ),
        ("average", "pass_mark"),
    ),
    "average-mention": (
        QT_TRANSLATE_NOOP("reason_words", "La moyenne générale atteint %1, seuil de la %2."),
        ("mark", "mention"),
    ),
    "unit-below-minimum": (
        QT_TRANSLATE_NOOP("reason_words", "%1 : note %2, sous la note minimale de l'unité (%3)."),
        ("unit", "grade", "minimum"),
    ),
    "unit-ungraded": (
        QT_TRANSLATE_NOOP("reason_words", "%1 : pas encore de note."),
        ("unit",),
    ),
}


def number(value: float) -> str:
    """A threshold, a score or an amount: up to the 3 decimals the core rounds to, so that a
    reason never reads "14 is below 14"."""
    return labels.number(value, 3)


def reason_text(reason: Reason, institution_name: Callable[[str], str] = str) -> str:
    """One reason in the desk's language (the core's English only for an unknown code)."""
    entry = SENTENCES.get(reason.code)
    if entry is None:
        return reason.text
    sentence, names = entry
    return fill(_t(sentence), *(_fact(reason, name, institution_name) for name in names))


def reasons_text(reasons: tuple[Reason, ...], institution_name: Callable[[str], str] = str) -> str:
    return " ".join(reason_text(reason, institution_name) for reason in reasons)


def _fact(reason: Reason, name: str, institution_name: Callable[[str], str]) -> str:
    check = reason.check
    if check is not None and name == "actual":
        return achieved(check)
    if check is not None and name == "required":
        return requirement(check)
    value = reason.params[name]
    if isinstance(value, float | int):
        return number(value)
    if name == "institution":
        return institution_name(value)
    if name == "check":
        return labels.word(labels.CHECKS, value)
    if name == "mention":
        return labels.word(labels.MENTIONS, value)
    return value


# --------------------------------------------------------------------------- requirements


def requirement(check: EligibilityCheck) -> str:
    """What the degree requires, from the check's facts."""
    if check.name == CHECK_ECTS and check.required_amount is not None:
        return fill(
            QCoreApplication.translate("reason_words", "%1 ECTS"), number(check.required_amount)
        )
    if check.name == CHECK_BUSINESS_CASES and check.required_amount is not None:
        return fill(
            QCoreApplication.translate("reason_words", "%1 business cases (%2 par année × %3)"),
            number(check.required_amount),
            check.per_year_required,
            len(check.per_year),
        )
    if check.name == CHECK_PLACEMENT:
        return QCoreApplication.translate("reason_words", "stage ou apprentissage validé")
    return check.required  # a check this desk does not know yet: the core's words


def achieved(check: EligibilityCheck) -> str:
    """What the record achieves, from the check's facts."""
    if check.name == CHECK_ECTS and check.actual_amount is not None:
        return fill(
            QCoreApplication.translate("reason_words", "%1 ECTS validés"),
            number(check.actual_amount),
        )
    if check.name == CHECK_BUSINESS_CASES and check.actual_amount is not None:
        return fill(
            QCoreApplication.translate("reason_words", "%1 business cases (%2)"),
            number(check.actual_amount),
            per_year_text(check),
        )
    if check.name == CHECK_PLACEMENT:
        return placement_text(check.placement)
    return check.actual


def per_year_text(check: EligibilityCheck) -> str:
    """``année 1 : 8, année 2 : 7``: the business cases counted each year of the programme."""
    year = QCoreApplication.translate("reason_words", "année %1 : %2")
    return ", ".join(fill(year, y, count) for y, count in check.per_year)


def placement_text(placement: Placement | None) -> str:
    """``Apprentissage chez BNP Paribas : validé``, or that there is none."""
    if placement is None:
        return QCoreApplication.translate("reason_words", "aucun stage ni apprentissage enregistré")
    kind = labels.word(labels.PLACEMENT_KINDS, placement.kind)
    status = labels.word(labels.PLACEMENT_STATUSES, placement.status)
    if placement.organisation:
        at = QCoreApplication.translate("reason_words", "%1 chez %2 : %3")
        return fill(at, kind, placement.organisation, status)
    return labels.labelled(kind, status)
