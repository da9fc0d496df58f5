"""The sealed sheets a reveal did not count, in plain French (and English), for the chair
(issue 12): whose, why, and what happens next; never a score (``VoidSheetView`` has none).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from jury_desk.deliberation.readmodels import VOID_ENVELOPE, VOID_RUBRIC, VoidSheetView
from jury_desk.gui.i18n import QT_TRANSLATE_NOOP, fill

CONTEXT = "void_words"

WHY: dict[str, str] = {
    VOID_ENVELOPE: QT_TRANSLATE_NOOP(
        "void_words",
        "sa feuille scellée ne s'ouvre pas avec la clé de la salle (ou n'est pas celle de "
        "son engagement)",
    ),
    VOID_RUBRIC: QT_TRANSLATE_NOOP("void_words", "ses notes scellées sont hors du barème"),
}
# %1 candidate, %2 member, %3 why; in the candidate's own pane, %1 member, %2 why.
LINE = QT_TRANSLATE_NOOP("void_words", "%1 — %2 : %3.")
LINE_HERE = QT_TRANSLATE_NOOP("void_words", "%1 : %2.")
AGAIN = QT_TRANSLATE_NOOP(
    "void_words", "Feuille non comptée ; son poste l'en informe : le membre peut sceller à nouveau."
)
RESEALED = QT_TRANSLATE_NOOP("void_words", "Le membre a scellé une nouvelle feuille depuis.")
FORCED = QT_TRANSLATE_NOOP(
    "void_words", "Révélation forcée : les autres feuilles ont été comptées sans elle."
)
HEADLINE = QT_TRANSLATE_NOOP("void_words", "Feuilles non comptées à l'ouverture des plis :")


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def void_line(view: VoidSheetView, *, with_candidate: bool = True) -> str:
    """One void sheet: whose, why, and what comes next."""
    why = _t(WHY.get(view.reason, WHY[VOID_ENVELOPE]))
    line = (
        fill(_t(LINE), view.candidate_id, view.member_name, why)
        if with_candidate
        else fill(_t(LINE_HERE), view.member_name, why)
    )
    after = [_t(FORCED)] if view.forced else []
    after.append(_t(RESEALED) if view.sealed_again else _t(AGAIN))
    return " ".join([line, *after])


def void_text(views: Iterable[VoidSheetView], *, with_candidate: bool = True) -> str:
    """A headline and one line a void sheet; "" if none."""
    lines = [void_line(v, with_candidate=with_candidate) for v in views]
    return "\n".join([_t(HEADLINE), *lines]) if lines else ""
