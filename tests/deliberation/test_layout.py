"""The service is the one choke point (issue 10 §3.1): the workflow phases behind it are
private to ``jury_desk.deliberation``. A face that imported a phase module could write
without the service's lock, transaction and authentication."""

from __future__ import annotations

import ast
from pathlib import Path

import jury_desk

ROOT = Path(jury_desk.__file__).parent.parent
PRIVATE = ("jury_desk.deliberation.phases", "jury_desk.deliberation.transaction")


def _imports(src: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(src.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def offenders(sources: list[Path]) -> list[str]:
    inside = ROOT / "jury_desk" / "deliberation"
    return [
        f"{src.name}:{line} imports {name}"
        for src in sources
        if inside not in src.parents
        for line, name in _imports(src)
        if name.startswith(PRIVATE)
    ]


def test_nothing_outside_deliberation_imports_the_phase_modules():
    sources = [p for part in ("jury_desk", "tests", "tools") for p in (ROOT / part).rglob("*.py")]
    assert len(sources) > 200
    assert offenders(sources) == []


def test_the_check_sees_an_import_of_a_phase(tmp_path):
    assert offenders([Path(__file__)]) == []  # this file names them only in strings
    rogue = tmp_path / "rogue.py"
    rogue.write_text(
        "from jury_desk.deliberation.phases import scoring\n"
        "import jury_desk.deliberation.transaction\n",
        encoding="utf-8",
    )
    assert offenders([rogue]) == [
        "rogue.py:1 imports jury_desk.deliberation.phases",
        "rogue.py:1 imports jury_desk.deliberation.phases.scoring",
        "rogue.py:2 imports jury_desk.deliberation.transaction",
    ]
