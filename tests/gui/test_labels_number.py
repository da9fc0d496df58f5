"""Scores as the jury reads them: no trailing zeros alone, aligned columns in tables."""

from jury_desk.gui.words import labels


def test_single_scores_drop_trailing_zeros_and_table_columns_keep_them(qapp):
    point = labels.QLocale().decimalPoint()
    assert labels.number(13.5) == f"13{point}5"
    assert labels.number(13.0) == "13"
    assert labels.number(13.1, fixed=True) == f"13{point}10"
    assert labels.number(12.85, fixed=True) == f"12{point}85"
    assert labels.number(None, fixed=True) == "—"


def test_published_scores_read_the_same_on_screen_and_in_the_pv(qapp):
    """Issue 13: the screen showed 11,12 where the PV gave 11,125. One function, half-up,
    the same decimals: the board, the candidate pane and the PV write the same digits."""
    from datetime import UTC, datetime

    from jury_desk.minutes.labels import Words

    comma = labels.QLocale().decimalPoint() == ","
    pv = Words("fr" if comma else "en", datetime(2026, 9, 15, tzinfo=UTC))
    for value, shown in ((11.125, "11,125"), (10.0625, "10,063"), (14.0, "14,000")):
        expected = shown if comma else shown.replace(",", ".")
        assert labels.score(value) == pv.score(value) == expected
    assert labels.score(None) == "—"
