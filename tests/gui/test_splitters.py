"""A pane's width that the member chose by dragging a handle comes back next time (issue 15):
kept in the desk's settings, given back to the next session's pages."""

from __future__ import annotations

from tests.gui.session_driver import click, open_demo


def test_the_boards_split_is_remembered_for_the_next_session(qtbot, window, settings):
    window.resize(1366, 768)
    page = open_demo(qtbot, window, "admission")
    click(qtbot, page.board_button)
    splitter = page.board.splitter
    qtbot.waitUntil(lambda: splitter.sizes()[0] > 0)
    splitter.moveSplitter(500, 1)  # what dragging the handle does...
    splitter.splitterMoved.emit(500, 1)  # ...and says
    chosen = splitter.sizes()
    assert settings.value("splitters/boardSplitter") is not None

    window.go_home()
    page = open_demo(qtbot, window, "admission")
    click(qtbot, page.board_button)
    qtbot.waitUntil(lambda: page.board.splitter.sizes()[0] > 0)
    assert page.board.splitter is not splitter
    assert page.board.splitter.sizes() == chosen  # not the page's own share of the width
