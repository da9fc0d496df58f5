"""jury_desk.gui: the PySide6 face over the deliberation service.

Importing the package first applies the PySide6 6.12.0 workaround in ``signals`` (a reference
to ``True`` is dropped by some bindings), before any widget code runs.
"""

from jury_desk.gui import signals as _signals  # noqa: F401  (side effect: the workaround)
