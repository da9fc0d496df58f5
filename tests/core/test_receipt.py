"""Receipts: the commitment's first 12 hex digits, typed loosely, never too short."""

from jury_desk.core import receipt as receipts


def test_receipts():
    commitment = "3f2a91c0bb7d" + "0" * 52
    assert receipts.receipt(commitment) == "3F2A-91C0-BB7D"
    for typed in ("3F2A-91C0-BB7D", "3f2a91c0bb7d", " 3f2a 91c0 bb7d ", commitment):
        assert receipts.matches_receipt(typed, commitment)
    for wrong in ("3F2A-91C0-BB7E", "3F2A-91C0", "", "3F2A-91C0-BB7D-XYZ", "g" * 12):
        assert not receipts.matches_receipt(wrong, commitment)
    assert receipts.normalise_receipt("3F2A-91C0") is None  # too short to tell sheets apart
