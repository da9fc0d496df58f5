"""``jury-desk minutes verify PV.pdf --receipt CODE``: was my sheet counted, unchanged?

After sealing, a member is shown a receipt: the first 12 hex digits of their sheet's
commitment (``core.receipt``). The PV's minutes.json lists, next to each counted
total, the commitment of the sheet it came from, and the PV's signatures cover it. So a
member can check, trusting neither the desk nor anyone else, that the sheet counted for
them is the one they sealed: a valid PV listing their receipt's commitment. A total the
member later revised (after the reveal, with a reason) is said so, with the revision.

In a signed log (format 2) the minutes also give the seal event that committed the sheet
and the member's public key, so the check goes one step further without trusting the PV's
signers either: the event's chain hash is recomputed from the commitment listed, and the
member's Ed25519 signature over it is checked with the key whose fingerprint the PV prints.
A commitment forged into the minutes (even a PV re-signed with throwaway keys) no longer
hashes to what the member signed.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping

from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import KeyFileError, MinutesError, UsageError
from jury_desk.core.receipt import RECEIPT_DIGITS, normalise_receipt, receipt
from jury_desk.exchange.envelope import ROOM, Envelope, ExchangeError, Session
from jury_desk.minutes.model import CandidateMinutes, DeskProof, MemberTotal, Minutes
from jury_desk.signing import desk_proof, member_key
from jury_desk.signing.event_log import Event, chain_hash, signed_message
from jury_desk.store.audit import KIND_SEALED


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
    signed = _signed_by(minutes, candidate, total, shown) if minutes.audit_log == "signed/2" else ""
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
    return line + signed


def _signed_by(
    minutes: Minutes, candidate: CandidateMinutes, total: MemberTotal, shown: str
) -> str:
    """ " Sealed and signed by …": the seal event rebuilt from the commitment listed, its
    signature checked with the member's key; ``MinutesError`` if it does not hold."""
    member = minutes.member(total.member)
    seal, session = total.seal, minutes.audit_session

    def refuse(why: str) -> MinutesError:
        return MinutesError(
            "receipt.seal-signature",
            f"Receipt {shown}: {why}. The commitment listed for {member.name} is not one "
            f"{member.name} signed: do not trust this PV; report it to the secretariat.",
        )

    if seal is None and session is not None:
        # Sealed on a member desk by a version whose minutes did not carry the desk's proof.
        return (
            " Its seal's signature is not in this PV (a seal made on a member desk): have "
            "`jury-desk audit verify` run on the session file to check it."
        )
    if seal is None or session is None or member.public_key is None:
        raise refuse("this PV of a signed log does not give the seal event and its signature")
    try:
        public = PublicKey.from_base64(member.public_key)
        proof = seal.signature if seal.desk is None else seal.desk.sig
        signature = base64.b64decode(proof or "", validate=True)
    except (KeyFileError, binascii.Error, ValueError):
        raise refuse("the member's key or the seal's signature is malformed") from None
    if member_key.fingerprint(public) != member.key_sha256:
        raise refuse("the key given is not the one whose fingerprint the PV prints")
    payload = {
        "member": member.id,
        "candidate": candidate.id,
        "commitment": total.commitment,
        "envelope": seal.envelope,
    }
    if seal.desk is not None:
        return _signed_on_desk(minutes, seal.desk, payload, public, signature, refuse)
    event = Event(session, seal.seq, seal.at, member.id, KIND_SEALED, payload, seal.prev_hash, "")
    digest = chain_hash(seal.prev_hash, event.body())
    if not member_key.verify(public, signed_message(digest), signature):
        raise refuse(f"the seal event #{seal.seq} does not carry {member.name}'s signature")
    return (
        f" Sealed in event #{seal.seq} and signed by {member.name}'s key (SHA-256 "
        f"{member.key_sha256}): check it is the fingerprint your desk showed you."
    )


def _signed_on_desk(
    minutes: Minutes,
    desk: DeskProof,
    payload: Mapping[str, object],
    public: PublicKey,
    signature: bytes,
    refuse: Callable[[str], MinutesError],
) -> str:
    """A seal made on the member's own desk: the envelope the member signed there, rebuilt
    from the commitment listed and the bundle the PV cites, checked with their key."""
    member = minutes.member(str(payload["member"]))
    address = Session(minutes.bundle.id, minutes.bundle.seq, minutes.bundle.manifest_sha256)
    body = desk_proof.act_body(KIND_SEALED, payload)
    signed = Envelope(address, member.id, ROOM, desk.n, desk_proof.KIND_ACT, desk.sent_at, body,
                      signature)  # fmt: skip
    try:
        signed.verify(member_key.ed25519(public))
    except ExchangeError:
        raise refuse(
            f"the seal sent from {member.name}'s desk does not carry their signature"
        ) from None
    return (
        f" Sealed on {member.name}'s own desk (their message {desk.n}) and signed by their key "
        f"(SHA-256 {member.key_sha256}): check it is the fingerprint your desk showed you."
    )
