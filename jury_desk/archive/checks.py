"""What ``archive add`` checks before it stores anything, and what it then stores.

The full verification, the same code as ``minutes verify`` (never a second copy):
the bundle or its receipt against the secretariat's trusted keys, as of the PV's date;
the PV (signatures, signers = the bundle's, minutes.json = the bundle, pages = the JSON);
and, when the session file is given, what ``audit verify SESSION --pv PV`` checks (its
chain, its tables replayed against its log, the PV anchoring the log's last event). A
simulated PV is refused: it records a rehearsal, not a jury's decisions.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jury_desk.archive.errors import ArchiveError
from jury_desk.bundle.layout import MANIFEST_NAME, SIGNATURE_NAME
from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.receipt import signed_pair, verified_anchor
from jury_desk.bundle.writer import write_zip
from jury_desk.core.errors import BundleError, MinutesError, StoreError
from jury_desk.minutes.model import Minutes
from jury_desk.minutes.pdf_read import embedded_minutes, open_pdf
from jury_desk.minutes.session_audit import audit_session
from jury_desk.minutes.verify import Report, peek_minutes, verify_pv

MAX_PV_BYTES = 256 * 1024 * 1024
MAX_SESSION_BYTES = 1024 * 1024 * 1024
NOTHING = "nothing was stored"


@dataclass(frozen=True)
class Filing:
    """A PV that passed every check, with the bytes to keep."""

    pv: bytes
    pv_sha256: str
    minutes: Minutes
    minutes_json: bytes
    receipt: bytes
    session: bytes | None
    anchor: str  # "bundle" | "receipt"
    report: str
    signers: list[dict[str, str]]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path, what: str, cap: int) -> bytes:
    if not path.is_file():
        raise ArchiveError("archive.no-file", f"{path}: no such {what}; {NOTHING}.")
    if path.stat().st_size > cap:
        raise ArchiveError("archive.too-large", f"{path}: too large for a {what}; {NOTHING}.")
    return path.read_bytes()


def receipt_of(anchor: Path) -> bytes:
    """The receipt bytes (deterministic ZIP) of a bundle or of a receipt."""
    manifest, signature = signed_pair(anchor)
    with tempfile.TemporaryDirectory(prefix="jury-desk-receipt-") as scratch:
        out = Path(scratch) / "receipt.jdreceipt"
        write_zip([(MANIFEST_NAME, manifest, True), (SIGNATURE_NAME, signature, False)], out)
        return out.read_bytes()


def check_pv(
    pv: Path, anchor: Path, trusted_keys: list[PublicKey], session: Path | None = None
) -> Filing:
    """Every check of the module docstring; ``ArchiveError`` (nothing stored) on the first
    that fails, saying which and why."""
    data = _read(pv, "PV file", MAX_PV_BYTES)
    if not anchor.is_file():
        raise ArchiveError("archive.no-file", f"{anchor}: no such bundle or receipt; {NOTHING}.")
    peeked = peek_minutes(pv)
    if peeked is None:
        raise ArchiveError(
            "archive.pv-invalid",
            f"{pv.name} is not a PV made by jury-desk (no readable minutes.json inside); "
            f"{NOTHING}.",
        )
    try:
        vb, kind = verified_anchor(anchor, trusted_keys, at=peeked.generated_at)
    except BundleError as exc:
        raise ArchiveError(
            "archive.anchor-invalid", f"{anchor.name} was refused: {exc}; {NOTHING}."
        ) from None
    report = verify_pv(pv, bundle=vb)
    _refuse_unless_valid(pv, anchor, report)
    minutes = report.minutes
    assert minutes is not None  # a valid report has its minutes
    session_bytes = None
    if session is not None:
        session_bytes = _check_session(session, minutes, pv.name, trusted_keys)
    embedded = embedded_minutes(open_pdf(data, pv.name), pv.name)
    signers = [
        {
            "institution": code,
            "member": signer.member,
            "name": minutes.member(signer.member).name,
            "cert_sha256": signer.cert_sha256,
        }
        for code, signer in sorted(minutes.signers.items())
    ]
    lines = report.lines()
    lines.append(
        f"Anchor: {kind} {anchor.name}, fingerprint {vb.fingerprint} (key {vb.key_id_hex})"
    )
    if session is not None:
        lines.append(
            f"Session file {session.name}: audit chain intact, its tables match its log, "
            "and the PV anchors its last event"
        )
    return Filing(
        pv=data,
        pv_sha256=sha256(data),
        minutes=minutes,
        minutes_json=embedded,
        receipt=receipt_of(anchor),
        session=session_bytes,
        anchor=kind,
        report="\n".join(lines),
        signers=signers,
    )


def _refuse_unless_valid(pv: Path, anchor: Path, report: Report) -> None:
    if report.ok and report.simulated:
        raise ArchiveError(
            "archive.simulation",
            f"{pv.name} is the PV of a simulation (a rehearsal), not a jury's; {NOTHING}.",
        )
    if report.ok:
        return
    failure = report.failure
    message = failure.message if failure else "incomplete verification"
    if failure is not None and failure.code.startswith("bundle."):
        raise ArchiveError(
            "archive.anchor-mismatch",
            f"{pv.name} does not belong to {anchor.name}: {message}; {NOTHING}.",
        )
    raise ArchiveError("archive.pv-invalid", f"{pv.name} is not a valid PV: {message}; {NOTHING}.")


def _check_session(
    session: Path, minutes: Minutes, pv_name: str, trusted_keys: list[PublicKey]
) -> bytes:
    """``audit verify SESSION --pv PV`` (the same code): the chain, every table replayed
    against the log, the stored manifest's signature, and the PV anchoring the log's last
    event."""
    data = _read(session, "session file", MAX_SESSION_BYTES)
    try:
        audit_session(session, minutes, pv_name, trusted_keys)
    except StoreError as exc:
        raise ArchiveError("archive.session-invalid", f"{exc} {NOTHING.capitalize()}.") from None
    except MinutesError as exc:
        raise ArchiveError(
            "archive.session-mismatch",
            f"{session.name} is not this PV's session: {exc} {NOTHING.capitalize()}.",
        ) from None
    return data


def signers_json(filing: Filing) -> str:
    return json.dumps(filing.signers, ensure_ascii=False, sort_keys=True)
