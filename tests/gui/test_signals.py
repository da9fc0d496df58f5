"""The PySide6 6.12.0 workaround is in force before any widget runs."""


def test_bools_cannot_be_freed_by_a_leaking_binding():
    # PySide6 6.12.0 drops references to True outside our own emits too; the package lifts the
    # bools' counts out of reach (a no-op where the binding is fixed or on Python >= 3.12).
    import sys

    from jury_desk.gui.qtfixes import signals

    if signals.EMIT_LEAKS_TRUE and sys.version_info < (3, 12):
        assert sys.getrefcount(True) > 1 << 39 and sys.getrefcount(False) > 1 << 39
    else:
        assert sys.getrefcount(True) < 1 << 39
