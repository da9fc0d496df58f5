"""Whether a later PV replaces this one (``minutes verify OLD.pdf --later NEW.pdf``).

A reopened session closes again and its new PV says so on page 1 and in minutes.json
(``supersedes``: the reason and the audit head of the closing it replaces). An earlier PV
stays authentic, but is no longer in force: verified against the later one, it is reported
SUPERSEDED (exit 1), so that a script filing PVs never takes it for the current one. The
later PV is itself verified first (with the same trust anchor): a forged "later" PV cannot
make a genuine one look replaced.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jury_desk.minutes.model import Minutes
    from jury_desk.minutes.verify import Check, Report

CODE = "pv.superseded"


def supersession_check(current: Minutes, later: Report, name: str) -> Check:
    """This PV (``current``) against the verified report of another PV of the session."""
    from jury_desk.minutes.verify import Check

    newer = later.minutes
    if newer is None or not later.verified:
        why = later.failure.message if later.failure else "its signers are not verified"
        return Check(CODE, False, f"{name} is not a valid PV ({why}): it proves nothing here")
    if newer.bundle.id != current.bundle.id:
        return Check(CODE, False, f"{name} is the PV of another session ({newer.bundle.id})")
    if newer.audit_head == current.audit_head:
        return Check(CODE, True, f"{name} records the same deliberation: this PV is current")
    if newer.supersedes is not None and newer.closed_at > current.closed_at:
        direct = newer.supersedes.previous_audit_head == current.audit_head
        when = newer.closed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        how = "replaces this PV" if direct else "replaces this PV, through a later reopening"
        return Check(
            CODE,
            False,
            f"SUPERSEDED: {name} (closed {when}) {how}; reason given at the reopening: "
            f"{newer.supersedes.reason}",
        )
    if current.supersedes is not None and current.closed_at > newer.closed_at:
        return Check(CODE, True, f"this PV replaces {name}, an earlier PV of the session")
    return Check(CODE, False, f"{name} and this PV are two PVs of the session, neither "
                              "replacing the other")  # fmt: skip
