"""The rubric as a form usable from the keyboard alone: one spin box per criterion with the
rubric's scale and step, Tab or Enter to move on, Enter on the last one to reach "Seal".

A criterion not scored yet shows "—" (one step below the scale, never sent to the service).
Both "13,5" and "13.5" are understood, whatever the language. The form does not judge a
value: the service refuses one that is off the rubric, and the page shows its message.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from jury_desk.bundle.manifest import Rubric
from jury_desk.gui.i18n import current_language, fill
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import label
from jury_desk.gui.words import labels


def step_decimals(step: float) -> int:
    text = f"{step:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


class ScoreSpinBox(QDoubleSpinBox):
    entered = Signal()  # Enter or Return: the member moves on

    def __init__(self, rubric: Rubric, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unset_value = rubric.scale_min - rubric.step
        self.setDecimals(max(1, step_decimals(rubric.step)))
        self.setRange(self.unset_value, rubric.scale_max)
        self.setSingleStep(rubric.step)
        self.setSpecialValueText("—")
        self.setKeyboardTracking(False)  # one change per value typed, not per keystroke
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(110)
        self.setValue(self.unset_value)

    def score(self) -> float | None:
        return None if self.value() <= self.unset_value else round(self.value(), 6)

    def set_score(self, value: float | None) -> None:
        self.setValue(self.unset_value if value is None else value)

    def _localised(self, text: str) -> str:
        point = self.locale().decimalPoint()
        return text.replace(".", point).replace(",", point)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # Qt override
        return super().validate(self._localised(text), pos)

    def valueFromText(self, text: str) -> float:
        return super().valueFromText(self._localised(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.interpretText()
            emit(self.entered)
            event.accept()
            return
        super().keyPressEvent(event)


class RubricForm(Retranslating, QWidget):
    edited = Signal()  # the member changed a value
    completed = Signal()  # Enter on the last criterion

    def __init__(self, rubric: Rubric, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rubric = rubric
        self.scale = label("hint", name="rubricScale")
        self.captions: dict[str, QLabel] = {}
        self.spins: dict[str, ScoreSpinBox] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long criteria: above
        for criterion in rubric.criteria:
            spin = ScoreSpinBox(rubric)
            spin.setObjectName(f"score-{criterion.id}")
            spin.valueChanged.connect(lambda _value: emit(self.edited))
            spin.entered.connect(lambda spin=spin: self._move_on(spin))
            caption = QLabel()
            caption.setWordWrap(True)
            caption.setBuddy(spin)
            self.captions[criterion.id] = caption
            self.spins[criterion.id] = spin
            form.addRow(caption, spin)  # rows in rubric order: Tab follows them
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scale)
        layout.addLayout(form)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        rubric = self.rubric
        self.scale.setText(
            fill(
                self.tr("Notes de %1 à %2, par pas de %3. « — » : pas encore noté."),
                labels.number(rubric.scale_min),
                labels.number(rubric.scale_max),
                labels.number(rubric.step),
            )
        )
        for criterion in rubric.criteria:
            text = criterion.label.en if current_language() == "en" else criterion.label.fr
            self.captions[criterion.id].setText(
                fill(self.tr("%1 (coef. %2)"), text, labels.number(criterion.weight))
            )

    def criterion_label(self, criterion_id: str) -> str:
        criterion = next(c for c in self.rubric.criteria if c.id == criterion_id)
        return criterion.label.en if current_language() == "en" else criterion.label.fr

    # ---------------------------------------------------------------- values

    def set_scores(self, scores: Mapping[str, float], *, editable: bool) -> None:
        for criterion_id, spin in self.spins.items():
            spin.blockSignals(True)
            spin.set_score(scores.get(criterion_id))
            spin.blockSignals(False)
            spin.setReadOnly(not editable)
            spin.setButtonSymbols(
                QDoubleSpinBox.ButtonSymbols.UpDownArrows
                if editable
                else QDoubleSpinBox.ButtonSymbols.NoButtons
            )

    def scores(self) -> dict[str, float]:
        """The criteria scored so far (an unscored criterion is left out)."""
        out = {}
        for criterion_id, spin in self.spins.items():
            value = spin.score()
            if value is not None:
                out[criterion_id] = value
        return out

    def blanks(self) -> list[str]:
        """The criteria shown unscored ("—"): emptied ones leave the saved draft too."""
        return [criterion_id for criterion_id, spin in self.spins.items() if spin.score() is None]

    def focus_first(self) -> None:
        first = next(iter(self.spins.values()))
        first.setFocus(Qt.FocusReason.TabFocusReason)
        first.selectAll()

    def _move_on(self, spin: ScoreSpinBox) -> None:
        spins = list(self.spins.values())
        index = spins.index(spin)
        if index + 1 < len(spins):
            spins[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
            spins[index + 1].selectAll()
        else:
            emit(self.completed)
