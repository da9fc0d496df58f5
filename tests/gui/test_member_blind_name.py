"""A member desk's page shows a blind name's candidate by its id only, until the room has
revealed it (``MemberDesk.candidates`` then gives the opened name; issue 11)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from tests.gui.test_member_page import desk, page  # noqa: F401 (fixtures)


def test_a_blind_name_shows_the_id_alone_and_the_name_once_given(page, desk, monkeypatch):  # noqa: F811
    rows = desk.candidates()
    hidden = [dataclasses.replace(r, name=None) if r.candidate_id == "C003" else r for r in rows]
    monkeypatch.setattr(desk, "candidates", lambda: hidden)
    page.refresh()
    shown = {
        r.candidate_id: page.model.index(i, page.model.CANDIDATE).data(Qt.ItemDataRole.DisplayRole)
        for i, r in enumerate(page.model.rows())
    }
    assert shown["C003"] == "C003"
    named = next(r for r in rows if r.candidate_id == "C002")
    assert shown["C002"] == f"C002 {named.name}"
    page.table.selectRow([r.candidate_id for r in page.model.rows()].index("C003"))
    assert page.candidate_title.text() == "C003"
    assert "None" not in page.candidate_title.text()
