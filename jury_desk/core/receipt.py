"""A sealed sheet's receipt (DESIGN.md §4): what the member notes after sealing.

The first 12 hex digits of the sheet's commitment, grouped by four: ``3F2A-91C0-BB7D``
(48 bits: enough to tell every sheet of a session apart, short enough to copy by hand).
The PV's minutes.json lists every counted sheet's commitment, so ``jury-desk minutes
verify PV.pdf --receipt CODE`` tells the member whether their sheet was counted as sealed.
Plain text only, so the scoring page can show it without loading the store.
"""

from __future__ import annotations

import re

RECEIPT_DIGITS = 12
_RECEIPT_RE = re.compile(r"^[0-9a-f]{12,64}$")


def receipt(commitment: str) -> str:
    """``3F2A-91C0-BB7D``: the commitment's first 12 hex digits, upper case, by four."""
    digits = commitment[:RECEIPT_DIGITS].upper()
    return "-".join(digits[i : i + 4] for i in range(0, RECEIPT_DIGITS, 4))


def normalise_receipt(code: str) -> str | None:
    """The hex digits of a receipt as typed (dashes, spaces and case ignored); None if it
    is not one (fewer than 12 hex digits, or other characters)."""
    digits = re.sub(r"[\s-]", "", code).lower()
    return digits if _RECEIPT_RE.fullmatch(digits) else None


def matches_receipt(code: str, commitment: str) -> bool:
    digits = normalise_receipt(code)
    return digits is not None and commitment.lower().startswith(digits)
