"""Who signs the PV: the jury chair and one signer per institution (DESIGN.md §5).

Each signature the PV needs is a *slot*: the chair's, then each institution's. A chair who
is also their institution's signer fills one slot for both roles, so signs once. A slot is
named by its key: ``chair`` or the institution's code, as ``minutes sign --chair`` /
``--institution CODE`` and the export's signer keys name it. "chair" can never be an
institution's code (the manifest and minutes.json refuse it).

A bundle signed before the chair signed the PV (the first version's) declares no chair's
certificate: its PVs have the institutions' slots only, as they had then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

CHAIR = "chair"


class _Signer(Protocol):
    @property
    def member(self) -> str: ...

    @property
    def cert_sha256(self) -> str: ...


@dataclass(frozen=True)
class Slot:
    key: str  # "chair" or an institution code
    member: str
    cert_sha256: str
    institution: str | None  # the institution this signature signs for, if any
    chair: bool  # the jury chair's signature

    @property
    def field_name(self) -> str:
        """The PV's signature field this slot's signer fills."""
        return field_name_for(self.key)

    def covers(self, key: str) -> bool:
        """Whether this slot is the signature asked for as ``key`` (chair or a code)."""
        return key == self.key or (key == self.institution) or (key == CHAIR and self.chair)


def field_name_for(key: str) -> str:
    """The name of the signature field of the slot ``key`` (chair or an institution code)."""
    return f"Signature-{key}"


def signature_slots(
    chair: _Signer | None, signers: Mapping[str, _Signer], codes: Sequence[str]
) -> list[Slot]:
    """The chair's slot, then each institution's whose signer is not the chair (``chair``
    None: a bundle from before the chair signed, see the module's docstring)."""
    if chair is None:
        return [Slot(c, signers[c].member, signers[c].cert_sha256, c, False) for c in codes]
    chair_for = next((c for c in codes if signers[c].member == chair.member), None)
    slots = [Slot(CHAIR, chair.member, chair.cert_sha256, chair_for, True)]
    slots += [
        Slot(c, signers[c].member, signers[c].cert_sha256, c, False)
        for c in codes
        if c != chair_for
    ]
    return slots


def slot_for(slots: Sequence[Slot], key: str) -> Slot | None:
    """The slot that ``key`` (chair or an institution code) asks for, if any."""
    return next((s for s in slots if s.covers(key)), None)


def describe(slot: Slot) -> str:
    """``chair``, ``MINES``, or ``chair and MINES signer``, for the CLI's plain lines."""
    if slot.chair and slot.institution:
        return f"the chair (also the {slot.institution} signer)"
    return "the chair" if slot.chair else slot.key
