"""Verify a signed PV (``jury-desk minutes verify``), DESIGN.md §5.

The checks, each reported as one line with a stable code:

- ``pdf.format``: the file is a readable PDF;
- ``minutes.*``: its embedded minutes.json is there, parses strictly and validates;
- ``signature.intact``: every signature's digest and cryptographic signature hold;
- ``signature.coverage``: the last signature covers the whole file, and each earlier one is
  followed only by incremental updates that are the other institutions' signatures;
- ``certificate.validity``: each signer's certificate was valid when it signed (by the
  timestamp's time, else by the time the signer's laptop claims, said as such);
- ``timestamp.document``: each document time stamp (B-LTA) holds, with its time and TSA;
- ``signature.per-institution``: exactly one signature from the jury chair and one per
  institution, each by the certificate minutes.json declares for it (a chair who is also
  their institution's signer signs once for both);
- ``bundle.signers`` / ``bundle.match`` (with a verified bundle): those fingerprints are
  the bundle's, and minutes.json names the same bundle (id, seq, sha256), jury, session
  and candidates;
- ``pv.content``: the PV as rendered before signing is byte for byte what this desk
  renders from the embedded minutes.json, so every page (the decisions table included)
  says what the JSON says.

A valid PV may still be a simulation's (``"simulated": true``, watermarked SIMULATION): the
report says so on its own line and in its verdict; whether to accept one is the caller's
decision (``minutes verify`` refuses it unless told otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.misc import PdfDecodeLimitError
from pyhanko.pdf_utils.reader import PdfFileReader

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.verify import VerifiedBundle
from jury_desk.core.errors import BundleError, MinutesError
from jury_desk.minutes.blind_check import BlindFindings, check_blind
from jury_desk.minutes.model import Minutes, MinutesView, parse_minutes, read_minutes_view
from jury_desk.minutes.pdf import CREATOR, pages_are_minutes
from jury_desk.minutes.pdf_read import (
    MALFORMED,
    DocumentStamp,
    SignatureState,
    document_stamps,
    embedded_minutes,
    open_pdf,
    quiet_pyhanko,
    read_pv,
    signature_states,
    structure_problem,
    why,
)
from jury_desk.minutes.sign import own_revision_problem
from jury_desk.minutes.slots import CHAIR, describe
from jury_desk.minutes.supersession import supersession_check

UNANCHORED = (
    "NOT VALID: signers not verified (give --bundle B.jdbundle or a bundle receipt, "
    "and --trusted-key K.pub)"
)
SIMULATION_WARNING = "WARNING  this PV records a SIMULATION, not a real deliberation"


@dataclass(frozen=True)
class Check:
    code: str  # stable kebab-case, translated by the GUI
    ok: bool | None  # None: not checked (e.g. no bundle given)
    message: str

    def line(self) -> str:
        mark = {True: "OK  ", False: "FAIL", None: "--  "}[self.ok]
        return f"{mark} {self.message}"


@dataclass(frozen=True)
class Report:
    pdf: str
    checks: tuple[Check, ...]
    minutes: Minutes | None

    @property
    def ok(self) -> bool:
        done = {c.code for c in self.checks if c.ok is not None}
        required = {"minutes.valid", "signature.coverage", "signature.per-institution"}
        return all(c.ok is not False for c in self.checks) and required <= done

    @property
    def anchored(self) -> bool:
        """The signers were checked against a verified bundle (or receipt): without that
        trust anchor, anyone with throwaway keys could have made this PV."""
        return any(c.code == "bundle.signers" and c.ok for c in self.checks)

    @property
    def verified(self) -> bool:
        """Valid, and its signers are the bundle's: the only PV to call VALID."""
        return self.ok and self.anchored

    @property
    def simulated(self) -> bool:
        """The embedded minutes.json says this PV records a simulation (trust it only with
        ``ok``; the flag is covered by the signatures like the rest of the JSON)."""
        return self.minutes is not None and self.minutes.simulated

    @property
    def failure(self) -> Check | None:
        return next((c for c in self.checks if c.ok is False), None)

    def lines(self) -> list[str]:
        out = [f"PV: {self.pdf}"]
        if self.minutes is not None:
            m = self.minutes
            out.append(
                f"Session: {m.session.title} ({m.session.date.isoformat()}), bundle "
                f"{m.bundle.id} version {m.bundle.seq}, {len(m.candidates)} candidates"
            )
        if self.simulated:
            out.append(SIMULATION_WARNING)
        out += [c.line() for c in self.checks]
        failure = self.failure
        verdict = (
            "SUPERSEDED (authentic, but a later PV replaces it)"
            if failure is not None
            and failure.code == "pv.superseded"
            and all(c.ok is not False for c in self.checks if c is not failure)
            else "NOT VALID"
            if not self.ok
            else UNANCHORED
            if not self.anchored
            else "VALID (SIMULATION)"
            if self.simulated
            else "VALID"
        )
        out.append(f"Result: {verdict}")
        return out


def peek_minutes(pdf: Path) -> MinutesView | None:
    """What the embedded minutes.json claims, NOT verified (e.g. to learn its date)."""
    try:
        reader = open_pdf(read_pv(pdf), Path(pdf).name)
        return read_minutes_view(embedded_minutes(reader, Path(pdf).name))
    except MinutesError:
        return None


def verify_pv(
    pdf: Path, *, bundle: VerifiedBundle | None = None, later: Path | None = None
) -> Report:
    """Run every check on ``pdf``; ``bundle`` is the verified bundle the PV claims to be of.
    ``later``: another PV of the session, to say whether it replaces this one
    (supersession.py)."""
    report = _verify_one(pdf, bundle)
    if later is None or report.minutes is None:
        return report
    check = supersession_check(report.minutes, _verify_one(later, bundle), Path(later).name)
    return Report(report.pdf, (*report.checks, check), report.minutes)


def _verify_one(pdf: Path, bundle: VerifiedBundle | None) -> Report:
    data = read_pv(pdf)
    name = Path(pdf).name
    try:
        with quiet_pyhanko():
            return _verify(data, name, str(pdf), bundle)
    except MinutesError as exc:
        return Report(str(pdf), (Check(exc.code, False, str(exc)),), None)
    except MALFORMED as exc:  # a hostile file that got past the readers' own guards
        said = why(exc) if isinstance(exc, PdfDecodeLimitError) else type(exc).__name__
        message = f"{name} cannot be read as a PV ({said}). It may be damaged."
        return Report(str(pdf), (Check("pdf.format", False, message),), None)


def _verify(data: bytes, name: str, pdf: str, bundle: VerifiedBundle | None) -> Report:
    reader = open_pdf(data, name)
    checks: list[Check] = []
    minutes, embedded = _minutes_check(reader, name, checks)
    try:
        states = signature_states(reader)
    except MinutesError as exc:
        checks.append(Check("signature.coverage", False, f"{exc} It may be damaged."))
        states = []
    else:
        checks += _signature_checks(reader, states)
    checks += [_validity_check(s) for s in states]
    checks += [_stamp_check(s) for s in document_stamps(reader)]
    if minutes is not None:
        checks.append(_institution_check(minutes, states))
    checks += _bundle_checks(minutes, bundle)
    if minutes is not None:
        checks.append(_content_check(data, reader, minutes, embedded))
    return Report(pdf, tuple(checks), minutes)


def _minutes_check(
    reader: PdfFileReader, name: str, checks: list[Check]
) -> tuple[Minutes | None, bytes]:
    try:
        embedded = embedded_minutes(reader, name)
        minutes = parse_minutes(embedded)
    except MinutesError as exc:
        checks.append(Check("minutes.valid", False, f"{exc} [{exc.code}]"))
        return None, b""
    checks.append(Check("minutes.valid", True, "minutes.json is embedded, parses and validates"))
    return minutes, embedded


def _describe(s: SignatureState) -> str:
    return f"signature {s.field_name} by {s.signer_name} (certificate {s.cert_sha256[:16]}…)"


def _signature_checks(reader: PdfFileReader, states: list[SignatureState]) -> list[Check]:
    if not states:
        return [Check("signature.coverage", False, "the PV is not signed")]
    checks = []
    for s in states:
        if s.intact and s.valid:
            checks.append(Check("signature.intact", True, f"{_describe(s)}: intact and valid"))
        else:
            what = "the signed bytes were changed" if not s.intact else "the signature is invalid"
            checks.append(Check("signature.intact", False, f"{_describe(s)}: {what}"))
    with quiet_pyhanko():
        problem = structure_problem(reader, states) or own_revision_problem(reader, states)
    altered = [s for s in states if not (s.entire_revision and s.only_signatures_after)]
    if problem:
        checks.append(Check("signature.coverage", False, f"not a signed PV as exported: {problem}"))
    elif altered:
        checks.append(
            Check(
                "signature.coverage",
                False,
                f"{_describe(altered[0])}: the PV was changed after this signature by "
                "something other than a signature",
            )
        )
    else:
        checks.append(
            Check(
                "signature.coverage",
                True,
                "the last signature covers the whole file; earlier ones are followed only by "
                "signatures",
            )
        )
    return checks


def _validity_check(s: SignatureState) -> Check:
    """The certificate's validity at signing time: the timestamp's time when there is one,
    else the time the signer's laptop wrote (a claim, said as such)."""
    if s.signed_at is None or s.not_before is None or s.not_after is None:
        return Check("certificate.validity", False, f"{_describe(s)}: no signing time")
    when = s.signed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    source = (
        f"time-stamped by {s.tsa}"
        if s.timestamped
        else "as the signer's laptop claims, no timestamp"
    )
    span = f"{s.not_before:%Y-%m-%d} to {s.not_after:%Y-%m-%d}"
    if s.valid_when_signed:
        return Check(
            "certificate.validity",
            True,
            f"{_describe(s)}: certificate valid ({span}) when signed, {when} ({source})",
        )
    return Check(
        "certificate.validity",
        False,
        f"{_describe(s)}: certificate NOT valid ({span}) when signed, {when} ({source})",
    )


def _stamp_check(s: DocumentStamp) -> Check:
    if not s.sound or s.at is None:
        return Check("timestamp.document", False, f"document time stamp {s.field_name}: broken")
    when = s.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Check(
        "timestamp.document",
        True,
        f"document time stamp {s.field_name} by {s.tsa}, {when}: the PV, its signatures and "
        "their validation data existed then (PAdES B-LTA)",
    )


def _institution_check(minutes: Minutes, states: list[SignatureState]) -> Check:
    slots = minutes.slots()
    slot_of = {s.cert_sha256: s for s in slots}
    found: dict[str, list[SignatureState]] = defaultdict(list)
    strangers = []
    for s in states:
        slot = slot_of.get(s.cert_sha256)
        if slot is None:
            strangers.append(s)
        else:
            found[slot.key].append(s)
    if strangers:
        declared = ", ".join(f"{s.key} {s.cert_sha256[:16]}…" for s in slots)
        return Check(
            "signature.per-institution",
            False,
            f"{_describe(strangers[0])}: not a signer declared for this PV (declared: {declared})",
        )
    problems = [
        f"{describe(s)}: {len(found[s.key])} signatures" for s in slots if len(found[s.key]) != 1
    ]
    if problems:
        return Check(
            "signature.per-institution",
            False,
            "exactly one signature from the chair and one per institution is required "
            f"({'; '.join(problems)})",
        )
    names = ", ".join(f"{describe(s)} by {minutes.member(s.member).name}" for s in slots)
    if minutes.chair is None:  # a bundle from before the chair signed (``slots.py``)
        return Check(
            "signature.per-institution",
            True,
            f"each institution signed once, each by its declared certificate ({names}); the "
            "chair does not sign: this PV's bundle, signed before the chair signed PVs, "
            "declares no chair's certificate",
        )
    return Check(
        "signature.per-institution",
        True,
        f"the chair and each institution signed once, each by its declared certificate ({names})",
    )


def _bundle_checks(minutes: Minutes | None, vb: VerifiedBundle | None) -> list[Check]:
    if vb is None:
        return [
            Check(
                "bundle.signers",
                None,
                "signers not verified: no bundle or bundle receipt was given (--bundle and "
                "--trusted-key), so these could be anyone's keys under the signers' names",
            )
        ]
    if minutes is None:
        return []
    m, s = vb.manifest, vb.manifest.session
    declared = {x.institution: x.signer_cert_sha256 for x in s.members if "signer" in x.roles}
    declared[CHAIR] = next(x.signer_cert_sha256 for x in s.members if "chair" in x.roles)
    pinned: dict[str, str | None] = {c: signer.cert_sha256 for c, signer in minutes.signers.items()}
    pinned[CHAIR] = None if minutes.chair is None else minutes.chair.cert_sha256
    if declared != pinned:
        wrong = sorted(c for c in set(declared) | set(pinned) if declared.get(c) != pinned.get(c))
        signers = Check(
            "bundle.signers",
            False,
            f"the PV's signers for {', '.join(wrong)} are not the ones the bundle declares",
        )
    else:
        signers = Check(
            "bundle.signers", True, "the signers' certificates are the ones the bundle declares"
        )
    differences = [
        what
        for what, same in (
            ("bundle id", minutes.bundle.id == m.bundle_id),
            ("bundle version", minutes.bundle.seq == m.seq),
            ("bundle sha256", minutes.bundle.sha256 == vb.fingerprint),
            ("manifest sha256", minutes.bundle.manifest_sha256 == vb.manifest_sha256),
            (
                "session",
                (
                    s.kind,
                    s.programme,
                    s.title,
                    s.date,
                    s.place,
                    s.institutions,
                    s.visas,
                    s.appeal_routes,
                    s.signing_place,
                    s.time_zone,
                )
                == (
                    minutes.session.kind,
                    minutes.session.programme,
                    minutes.session.title,
                    minutes.session.date,
                    minutes.session.place,
                    minutes.session.institutions,
                    minutes.session.visas,
                    minutes.session.appeal_routes,
                    minutes.session.signing_place,
                    minutes.session.time_zone,
                ),  # fmt: skip
            ),
            (
                "jury",
                {(x.id, x.name, x.institution, frozenset(x.roles)) for x in s.members}
                == {(j.id, j.name, j.institution, frozenset(j.roles)) for j in minutes.jury},
            ),
            ("candidates", _candidates_match(minutes, vb)),
            # The PV may not say that the bundle pinned the reveal key when it did not.
            ("reveal key", minutes.reveal_key in _REVEAL_KEY_SAID[s.reveal_key is not None]),
        )
        if not same
    ]
    blind = check_blind(minutes, m)
    if differences or blind.wrong:
        said = [f"{', '.join(differences)} differ"] if differences else []
        if blind.wrong:
            said.append(
                "the blind fields it shows do not open the bundle's sealed commitments for "
                f"{', '.join(blind.wrong)}: changed after the reveal"
            )
        match = Check("bundle.match", False, f"minutes.json does not match the bundle: "
                      f"{'; '.join(said)}")  # fmt: skip
    else:
        match = Check(
            "bundle.match",
            True,
            f"minutes.json matches bundle {m.bundle_id} version {m.seq} "
            f"(sha256 {vb.fingerprint[:16]}…){_blind_said(m, blind)}",
        )
    return [signers, match]


def _blind_said(m: Manifest, blind: BlindFindings) -> str:
    if not m.sealed_fields:
        return ""
    if blind.unchecked and m.session.reveal_key is not None:
        return (
            "; its scholarship flags carry no salt (a PV made before they were carried), so "
            "they cannot be checked against the bundle's sealed commitments"
        )
    return "; every blind field it shows opens the bundle's sealed commitment"


#: What a PV may say of its reveal key, by whether the bundle pins one (None: minutes
#: written before they said it).
_REVEAL_KEY_SAID = {True: (None, "pinned"), False: (None, "room", "absent")}


def _bundle_flags(vb: VerifiedBundle) -> dict[str, bool | None]:
    """Each candidate's scholarship flag as the bundle gives it: in clear, or sealed and
    opened from its ``blind-fields.json``; None when sealed to a pinned reveal key (the PV's
    flag then stands alone: the bundle holds no way to read it)."""
    m = vb.manifest
    if "scholarship" not in m.sealed_fields:
        return {c.id: c.scholarship for c in m.candidates}
    if m.session.reveal_key is not None:
        return {c.id: None for c in m.candidates}
    from jury_desk.bundle.verify import blind_values

    try:
        opened = blind_values(vb.path, m)
    except (BundleError, OSError):  # a receipt: the manifest and its signature only
        return {c.id: None for c in m.candidates}
    return {cid: found["scholarship"][0] for cid, found in opened.items()}


def _candidates_match(minutes: Minutes, vb: VerifiedBundle) -> bool:
    """Every candidate the minutes list, deliberated or recorded as non délibéré (renvoyé),
    in the bundle's order (each list keeps it), is the bundle's. A flag the bundle cannot
    read (sealed to a pinned reveal key), or the PV does not give (a renvoyé never
    revealed), is compared as unknown on both sides; so is a sealed name (the bundle holds
    its commitment only: ``blind_check`` opens it with the PV's salt)."""
    flags = _bundle_flags(vb)
    given = {c.id: c.scholarship for c in (*minutes.candidates, *(minutes.not_deliberated or ()))}
    unknown = {cid for cid, flag in flags.items() if flag is None or given.get(cid) is None}
    named = "name" not in vb.manifest.sealed_fields
    bundle = [
        (c.id, c.name if named else None, None if c.id in unknown else flags[c.id],
         c.student_id, c.birth_date)
        for c in vb.manifest.candidates
    ]  # fmt: skip
    return bundle == _listed_candidates(minutes, vb.manifest, unknown, named)


def _listed_candidates(
    minutes: Minutes, bundle: Manifest, unknown: set[str], named: bool
) -> list[tuple[Any, ...]]:
    listed = {
        c.id: (c.id, c.name if named else None, None if c.id in unknown else c.scholarship,
               c.student_id, c.birth_date)
        for c in (*minutes.candidates, *(minutes.not_deliberated or ()))
    }  # fmt: skip
    ordered = [listed.pop(c.id) for c in bundle.candidates if c.id in listed]
    return ordered + list(listed.values())  # a candidate the bundle lacks: a difference


def _content_check(data: bytes, reader: PdfFileReader, minutes: Minutes, embedded: bytes) -> Check:
    if pages_are_minutes(data, minutes, embedded):
        return Check(
            "pv.content",
            True,
            "every page, the decisions table included, is exactly what minutes.json says "
            "(re-rendered and compared byte for byte)",
        )
    try:
        with quiet_pyhanko():
            info = reader.trailer_view["/Info"]
            creator = str(info["/Creator"])
    except MALFORMED:
        creator = ""
    if creator != CREATOR:
        return Check(
            "pv.content",
            False,
            f"cannot compare the pages with minutes.json: the PV was rendered by "
            f"{creator or 'an unknown program'}, this desk renders with {CREATOR}; "
            "verify it with that version",
        )
    return Check(
        "pv.content",
        False,
        "the pages differ from minutes.json: the visible PV does not say what its data says",
    )
