"""jury_desk.gui.qtfixes: workarounds for Qt and PySide6 behaviours, each with its why.

``signals`` (PySide6 6.12.0 drops a reference to ``True`` at each emission),
``feature_probe`` (PySide6's import hook kept every later module's source in memory) and
``disposal`` (a page's last signals reaching Python while Qt deletes it).
"""
