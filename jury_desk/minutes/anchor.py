"""Does a PV anchor this session? (``jury-desk audit verify SESSION --pv PV.pdf``, DESIGN.md §4)

The PV prints the audit head hash, and its embedded minutes.json carries it with the
bundle's fingerprints. A session file is tied to a PV when the PV was made from that
bundle and its head is the last event of the session's (verified) log. A head found
earlier in the log means events came after the PV (a reopened session, whose newer PV
supersedes this one); a head found nowhere means the PV was not made from this log.

This checks the anchor only; ``jury-desk minutes verify`` checks the PV's signatures.

So the PV's minutes.json is read for the anchor's fields alone (``AnchorView``): a PV
exported by an earlier version, whose minutes.json lacks fields added since (the chair's
signature, the sitting's times...), still tells which session it closes (issue 11, point 6).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from jury_desk.core.errors import MinutesError
from jury_desk.minutes.model import MAX_MINUTES_BYTES, BundleRef, Minutes, Sha256, _View
from jury_desk.minutes.pdf_read import embedded_minutes, open_pdf
from jury_desk.minutes.sign import read_pv


@dataclass(frozen=True)
class SessionAnchor:
    """What the session file says about itself (its log already verified)."""

    bundle_sha256: str
    manifest_sha256: str
    hashes: Sequence[str]  # every event's hash, in order


class AnchorView(_View):
    """What a PV says of the session it closes, in every version's minutes.json."""

    format: Literal["jury-desk-minutes/1"]
    bundle: BundleRef
    audit_head: Sha256
    # Where the reveal key came from: checked against the session too (absent before the
    # minutes said it).
    reveal_key: Literal["pinned", "room", "absent"] | None = None


def pv_minutes(pdf: Path) -> AnchorView:
    """The anchor's fields of the PV's embedded minutes.json (``MinutesError`` if it has
    none: not a PV)."""
    name = Path(pdf).name
    data = embedded_minutes(open_pdf(read_pv(pdf), name), name)
    if len(data) > MAX_MINUTES_BYTES:
        raise MinutesError("minutes.json", "minutes.json is too large.", name)
    try:
        return AnchorView.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "minutes"
        raise MinutesError(
            "minutes.schema", f"minutes.json is not valid: {where}: {first['msg']}", name
        ) from None


def check_anchor(minutes: Minutes | AnchorView, session: SessionAnchor, pdf_name: str) -> str:
    """One line saying where the PV anchors the log; ``MinutesError`` when it does not."""
    if (minutes.bundle.sha256, minutes.bundle.manifest_sha256) != (
        session.bundle_sha256,
        session.manifest_sha256,
    ):
        raise MinutesError(
            "anchor.bundle",
            f"{pdf_name} was made from another bundle ({minutes.bundle.id} version "
            f"{minutes.bundle.seq}) than this session: it is not this session's PV.",
            pdf_name,
        )
    head, count = minutes.audit_head, len(session.hashes)
    if count and session.hashes[-1] == head:
        return f"{pdf_name} anchors this session's whole log: event #{count}, head {head}."
    if head in session.hashes:
        seq = session.hashes.index(head) + 1
        raise MinutesError(
            "anchor.stale",
            f"{pdf_name} anchors event #{seq}, but the session has {count} events: it changed "
            "after this PV (a reopened session has a newer PV that supersedes it).",
            pdf_name,
        )
    raise MinutesError(
        "anchor.unknown",
        f"The head printed in {pdf_name} ({head}) is no event of this session's log: the PV "
        "was not made from this file, or the log was rewritten.",
        pdf_name,
    )
