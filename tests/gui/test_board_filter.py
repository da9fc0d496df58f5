"""The board's search and sort read per-row caches (fast with 2,000 candidates): they must
still follow every change of the board, and match case-insensitively as before."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.gui.session_driver import open_ready, seal, uniform
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
    open_ready(service)
    window.controller.refresh_all()  # the views refresh from the service
    assert shown_ids(board) == ["ADM-02", "ADM-05"]  # the filter saw the new states

    board.search.setText("")
    headers = [board.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    board.table.sortByColumn(headers.index("Globale"), Qt.SortOrder.DescendingOrder)
    assert shown_ids(board)[:2] == ["ADM-05", "ADM-02"]
    board.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert shown_ids(board)[:2] == ["ADM-24", "ADM-23"]
    assert len(shown_ids(board)) == 24


def test_a_header_click_sorts_keeps_the_chosen_candidate_and_survives_a_refresh(
    request, qtbot, window
):
    from pytestqt.modeltest import ModelTester

    board = revealed_session(qtbot, window, candidates=("ADM-03", "ADM-07")).board
    watchers = []
    for model in (board.model, board.proxy):  # the model tester watches the layout change
        watchers.append(ModelTester(request.config))
        watchers[-1].check(model, force_py=True)
    board.select_candidate("ADM-07")
    header = board.table.horizontalHeader()
    overall = [board.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)].index(
        "Globale"
    )

    def click_header(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click_header(overall)  # ascending: the unrevealed (no overall) first
    assert shown_ids(board)[-2:] == ["ADM-03", "ADM-07"]
    click_header(overall)  # again: descending
    assert header.sortIndicatorSection() == overall
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_ids(board)[:2] == ["ADM-07", "ADM-03"]  # revealed later: higher scores
    assert board.pane.candidate_id == "ADM-07"
    selected = board.table.selectionModel().selectedRows()
    assert [board.proxy.candidate_at(i.row()).candidate_id for i in selected] == ["ADM-07"]

    board.refresh()  # the service's next change: same order, same candidate
    assert shown_ids(board)[:2] == ["ADM-07", "ADM-03"]
    assert board.pane.candidate_id == "ADM-07"
    board.search.setText("adm-0")  # and the filter keeps the sorted order
    assert shown_ids(board)[:2] == ["ADM-07", "ADM-03"] and len(shown_ids(board)) == 9
    for watcher in watchers:
        watcher._cleanup()
