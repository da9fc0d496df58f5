"""The share of scholarship holders among the candidates proposed for admission, as a bar
with the target marked on it, and the figures in words beside it (``ScholarshipShare``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QWidget

from jury_desk.core.scholarship import ScholarshipShare
from jury_desk.gui.i18n import fill
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import label
from jury_desk.gui.words import labels

MET = QColor("#2e7d44")
UNMET = QColor("#c77700")
TRACK = QColor("#e3e7ec")
TARGET = QColor("#1d2b3a")


class GaugeBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scholarshipBar")
        self.share: ScholarshipShare | None = None
        self.setMinimumWidth(160)

    def sizeHint(self) -> QSize:
        return QSize(220, 22)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QRectF(self.rect()).adjusted(1, 4, -1, -4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(track, 4, 4)
        share = self.share
        if share is not None and share.share is not None:
            filled = QRectF(track)
            filled.setWidth(track.width() * min(1.0, share.share))
            painter.setBrush(MET if share.meets_target else UNMET)
            painter.drawRoundedRect(filled, 4, 4)
        if share is not None:
            x = track.left() + track.width() * share.target
            painter.setPen(QPen(TARGET, 2))
            painter.drawLine(int(x), int(track.top()) - 3, int(x), int(track.bottom()) + 3)
        painter.end()


class ScholarshipGauge(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scholarshipGauge")
        self.share: ScholarshipShare | None = None
        self.caption = label("", wrap=False, name="scholarshipCaption")
        self.bar = GaugeBar()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.caption, 1)
        self.retranslate_ui()

    def show_share(self, share: ScholarshipShare | None) -> None:
        self.share = share
        self.bar.share = share
        self.bar.update()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        share = self.share
        if share is None:
            self.caption.clear()
            return
        target = labels.percent(share.target)
        if share.share is None:
            text = fill(self.tr("Boursiers parmi les admis : aucun admis (objectif %1)"), target)
        else:
            text = fill(
                self.tr("Boursiers parmi les admis : %1 sur %2, soit %3 (objectif %4)"),
                share.holders,
                share.admitted,
                labels.percent(share.share),
                target,
            )
        self.caption.setText(text)
        self.setToolTip(
            self.tr(
                "Part des boursiers parmi les candidats actuellement proposés à l'admission ; "
                "le trait marque l'objectif."
            )
        )
