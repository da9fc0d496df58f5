"""The one number format of scores and averages: screen, PV and minutes.json alike.

Every published score (a member's total, an institution mean, the overall, a diploma
average) is a ``Decimal`` rounded half-up to ``SCORE_DECIMALS`` places and written with
exactly that many decimals, a decimal comma in French: ``11.125`` -> ``"11,125"``. Binary
floats never decide a digit: ``round(10.0625, 3) == 10.062`` where a person writes 10.063.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SCORE_DECIMALS = 3
_QUANTUM = Decimal(1).scaleb(-SCORE_DECIMALS)


def as_decimal(value: float | int | Decimal) -> Decimal:
    """The decimal a person reads for ``value`` (``0.1`` -> ``Decimal("0.1")``)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(float(value)))


def quantize_score(value: float | int | Decimal) -> Decimal:
    """``value`` rounded half-up to the published decimals."""
    return as_decimal(value).quantize(_QUANTUM, rounding=ROUND_HALF_UP)


def format_score(value: float | int | Decimal, lang: str = "en") -> str:
    """A score as published: ``SCORE_DECIMALS`` decimals, half-up, ``,`` in French."""
    text = format(quantize_score(value), "f")
    return text.replace(".", ",") if lang == "fr" else text


def format_amount(value: float | int | Decimal) -> str:
    """An exact amount as a person writes it, never rounded: ``20.0`` -> ``"20"``,
    ``7.5`` -> ``"7.5"`` (ECTS, a threshold, points de jury)."""
    text = format(as_decimal(value).normalize(), "f")
    return "0" if text == "-0" else text
