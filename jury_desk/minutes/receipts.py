"""``jury-desk minutes verify PV.pdf --receipt CODE``: was my sheet counted, unchanged?

After sealing, a member is shown a receipt: the first 12 hex digits of their sheet's
commitment (``core.receipt``). The PV's minutes.json lists, next to each counted
total, the commitment of the sheet it came from, and the PV's signatures cover it. So a
member can check, trusting neither the desk nor anyone else, that the sheet counted for
them is the one they sealed: a valid PV listing their receipt's commitment. A total the
member later revised (after the reveal, with a reason) is said so, with the revision.
"""

from __future__ import annotations

from jury_desk.core.errors import MinutesError, UsageError
from jury_desk.core.receipt import RECEIPT_DIGITS, normalise_receipt, receipt
from jury_desk.minutes.model import Minutes


def receipt_digits(code: str) -> str:
    """The receipt's hex digits, or a usage error saying what a receipt looks like."""
    digits = normalise_receipt(code)
    if digits is None:
        raise UsageError(
            f"--receipt {code!r} is not a receipt: give the 12 characters shown after "
            "sealing, e.g. 3F2A-91C0-BB7D."
        )
    return digits


def receipt_verdict(minutes: Minutes, code: str) -> str:
    """One line saying which counted sheet the receipt is; ``MinutesError`` if none."""
    digits = receipt_digits(code)
    shown = receipt(digits) if len(digits) == RECEIPT_DIGITS else digits.upper()
    counted = [(c, t) for c in minutes.candidates for ts in c.totals.values() for t in ts]
    found = [(c, t) for c, t in counted if t.commitment and t.commitment.startswith(digits)]
    if not found:
        listed = any(t.commitment for _, t in counted)
        why = (
            "no sheet counted in this PV has it: the sheet sealed with this receipt was not "
            "counted as it was sealed"
            if listed
            else "this PV lists no commitments (it was made before receipts existed)"
        )
        raise MinutesError("receipt.unknown", f"Receipt {shown}: {why}.")
    if len(found) > 1:  # 48 bits: only a forged PV would list two
        raise MinutesError("receipt.ambiguous", f"Receipt {shown} matches {len(found)} sheets.")
    candidate, total = found[0]
    assert total.commitment is not None
    shown = receipt(total.commitment)
    name = minutes.member(total.member).name
    revised = [r for r in candidate.revisions if r.member == total.member]
    line = (
        f"Receipt {shown}: the sheet {name} sealed for {candidate.id} ({candidate.name}) is "
        f"counted in this PV, unchanged since sealing (total {total.total:.3f}/20)."
    )
    if revised:
        last = revised[-1]
        line = (
            f"Receipt {shown}: the sheet {name} sealed for {candidate.id} ({candidate.name}) is "
            f"counted in this PV, revised by {name} after the reveal ({last.reason}): total "
            f"{last.old_total:.3f} -> {last.new_total:.3f}/20."
        )
    return line
