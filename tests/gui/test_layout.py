"""At 1366×768 in French, no screen or dialog has overlapping widgets, a cut label or a cut
table header, and names are cut only when the window truly lacks the room (issue 15):
checked on the real widgets, from their geometry (``jury_desk.gui.layout_check``)."""

from __future__ import annotations

from jury_desk.gui import layout_check
from tests.gui.screens import tour


def test_every_screen_fits_at_1366_by_768_in_french(qtbot, window, notices):
    window.resize(1366, 768)
    found = {what: layout_check.problems(root) for what, root in tour(qtbot, window)}
    assert {what: problems for what, problems in found.items() if problems} == {}
    assert len(found) >= 19  # every screen was looked at


def test_the_check_sees_an_overlap_and_a_cut_label(qtbot):
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    cut = QLabel("Une étiquette bien trop longue pour sa place")
    button = QPushButton("Bouton")
    layout.addWidget(cut)
    layout.addWidget(button)
    root.show()
    cut.setFixedWidth(40)
    button.setGeometry(cut.geometry())  # drawn over the label
    found = layout_check.problems(root)
    assert any(p.startswith("overlap:") for p in found)
    assert any(p.startswith("cut:") for p in found)
