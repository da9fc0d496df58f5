"""PySide6's import hook, made to read each module's file instead of caching its source.

After ``import PySide6``, every later import passes through ``shibokensupport.feature``: to
know whether a module may use ``from __feature__ import ...`` (we never do), it looks for the
text "PySide6" in the module's source with ``inspect.getsource``, which keeps every source
file in ``linecache`` for the life of the process. For the desk (SQLAlchemy, pydantic,
cryptography, ReportLab... imported after Qt) that was ~23 MiB of resident memory and part of
the start-up time (``tests/benchmarks/bench_memory.py``).

The replacement answers the same question from the file's bytes and keeps nothing. A module
without a ``.py`` file (built-in, frozen) goes to PySide6's own probe. If a PySide6 release
renames its probe, nothing is patched and only the memory saving is lost.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_jury_desk_reads_the_file"


def _reading_the_file(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)

    setattr(uses_pyside, _MARK, True)
    return uses_pyside


def install() -> bool:
    """Replace PySide6's probe (once); False if this PySide6 has no such probe."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if not getattr(original, _MARK, False):
        feature._mod_uses_pyside = _reading_the_file(original)  # type: ignore[attr-defined]
    return True
