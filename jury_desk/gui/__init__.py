"""jury_desk.gui: the PySide6 face over the deliberation service.

Importing the package first applies two PySide6 workarounds, before any widget code runs:
``signals`` (PySide6 6.12.0 drops a reference to ``True`` at each emission) and
``feature_probe`` (PySide6's import hook kept the source of every later module in memory).
"""

from jury_desk.gui.qtfixes import feature_probe as _feature_probe
from jury_desk.gui.qtfixes import signals as _signals  # noqa: F401  (side effect: the workaround)

_feature_probe.install()
