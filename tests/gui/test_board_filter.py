"""The board's search and sort read per-row caches (fast with 2,000 candidates): they must
still follow every change of the board, and match case-insensitively as before."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.session_driver import seal, uniform
from tests.gui.test_board import PRESENT, revealed_session


def shown_ids(board) -> list[str]:
    return [board.proxy.candidate_at(r).candidate_id for r in range(board.proxy.rowCount())]


def test_search_and_sort_follow_each_change(qtbot, window):
    board = revealed_session(qtbot, window, candidates=()).board  # four members seated
    service = window.service

    board.search.setText("adm-0")  # lower case: matches "ADM-01" ... "ADM-09"
    assert shown_ids(board) == [f"ADM-0{i}" for i in range(1, 10)]
    board.search.setText("Notes révélées")
    assert shown_ids(board) == []

    for candidate, level in (("ADM-02", 12), ("ADM-05", 16)):
        for number, member in enumerate(PRESENT):
            seal(service, member, candidate, uniform(service, level + number % 2))
    window.controller.act(lambda: None)  # the views refresh from the service
    assert shown_ids(board) == ["ADM-02", "ADM-05"]  # the filter saw the new states

    board.search.setText("")
    headers = [board.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    board.table.sortByColumn(headers.index("Globale"), Qt.SortOrder.DescendingOrder)
    assert shown_ids(board)[:2] == ["ADM-05", "ADM-02"]
    board.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert shown_ids(board)[:2] == ["ADM-24", "ADM-23"]
    assert len(shown_ids(board)) == 24
