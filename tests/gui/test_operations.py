"""Every write the GUI makes goes through ``gui/operations.py``: no view calls a writing
service method itself (issue 10 §3.7), so the one list of what the desk writes stays true."""

from __future__ import annotations

import ast
from pathlib import Path

import jury_desk.gui

GUI = Path(jury_desk.gui.__file__).parent
OPERATIONS = GUI / "operations.py"


def _service_calls(source: str) -> set[str]:
    """Names of methods called on something named ``service`` (``service.x()``,
    ``self.controller.service.x()``)."""
    called = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if name == "service":
                called.add(node.func.attr)
    return called


WRITES = _service_calls(OPERATIONS.read_text(encoding="utf-8"))


def test_the_operations_cover_the_service_writes_the_desk_makes() -> None:
    assert {"approve", "seal", "save_draft", "close_session", "reopen", "check_in"} <= WRITES


def test_the_check_sees_a_write_made_from_a_view() -> None:
    view = "def f(self):\n    self.controller.service.approve('m', 'c', 'MINES', 'p')\n"
    assert _service_calls(view) & WRITES == {"approve"}


def test_no_other_gui_module_writes_through_the_service() -> None:
    offenders = {
        str(path.relative_to(GUI)): sorted(calls)
        for path in GUI.rglob("*.py")
        if path != OPERATIONS
        and (calls := _service_calls(path.read_text(encoding="utf-8")) & WRITES)
    }
    assert offenders == {}
