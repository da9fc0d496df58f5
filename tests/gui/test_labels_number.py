"""Scores as the jury reads them: no trailing zeros alone, aligned columns in tables."""

from jury_desk.gui.words import labels


def test_single_scores_drop_trailing_zeros_and_table_columns_keep_them(qapp):
    point = labels.QLocale().decimalPoint()
    assert labels.number(13.5) == f"13{point}5"
    assert labels.number(13.0) == "13"
    assert labels.number(13.1, fixed=True) == f"13{point}10"
    assert labels.number(12.85, fixed=True) == f"12{point}85"
    assert labels.number(None, fixed=True) == "—"
