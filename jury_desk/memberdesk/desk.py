"""One member's own desk (issue 12, DESIGN.md §9), Qt-free: the API the member desk's GUI,
``jury-desk simulate --desks`` and the tests drive.

* **Opening**: the bundle is verified exactly as the room desk verifies it (``verify_bundle``
  against the trusted keys: a copy, then every check), and the member's minisign secret key
  file is unlocked with their passphrase. When the bundle pins keys, the key says who the
  member is; otherwise the member is named and their desk must pair on the room network.
* **State** in the desk's own folder (``desk_store``: SQLite, durable like the room's
  session file; the outbox and replies are ``exchange`` record files, fsynced). What was
  sealed and sent is read from the outbox itself, so a desk killed mid-write never
  disagrees with what it sent; the room's status is kept by ``room_status``.
* **Only that member's candidates** (``worklist``): the bundle's candidates, minus those the
  bundle declares them conflicted on, and minus those the room says they may not see.
* **Acts** (``acts``): each is a signed message appended to the outbox; the room desk
  applies it through the rules and answers with a verdict. A refusal that depends on the
  room's moment (the member not yet checked in, the quorum, scoring not yet open) is sent
  again, as a new message, by ``resend_waiting`` once the member asks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey, SecretKey

if TYPE_CHECKING:
    from jury_desk.bundle.verify import VerifiedBundle
from jury_desk.core.errors import RuleError, UsageError
from jury_desk.core.scoring import check_score, member_total
from jury_desk.core.texts import LONG_TEXT, SHORT_TEXT, clean_text
from jury_desk.exchange.envelope import Envelope, ExchangeError, Session
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.status import KIND_STATUS, read_status
from jury_desk.exchange.verdict import Verdict
from jury_desk.memberdesk import acts, key_export
from jury_desk.memberdesk.desk_store import DeskStore
from jury_desk.memberdesk.opening import open_bundle
from jury_desk.memberdesk.room_status import RoomStatus
from jury_desk.memberdesk.worklist import CandidateRow, worklist
from jury_desk.signing import desk_proof, envelope, member_key

#: Refusals that depend on the room's moment, not on the act: worth sending again later.
WAITING = frozenset({"absent", "quorum", "reveal-key-missing"})


@dataclass(frozen=True)
class Answer:
    """The room desk's verdict on one of this desk's messages."""

    n: int
    kind: str  # the act: "sheet-sealed", "note-added", "approved"...
    candidate: str  # "" for an act about no candidate (checking in)
    accepted: bool
    reason: str  # the rule's code when refused
    message: str  # the room's words, in French
    at: str


class MemberDesk:
    def __init__(
        self,
        manifest: Manifest,
        manifest_sha256: str,
        member: str,
        key: SecretKey,
        folder: Path,
        room_key: Ed25519PublicKey | None = None,
    ) -> None:
        self.manifest = manifest
        self.member = member
        self.key = key
        self.address = Session(manifest.bundle_id, manifest.seq, manifest_sha256)
        found = next((m for m in manifest.session.members if m.id == member), None)
        if found is None:
            raise UsageError(f"{member} is not a member of this jury ({manifest.bundle_id}).")
        self.pinned = found.pinned_key() is not None
        self.folder = folder
        self.verified: VerifiedBundle | None = None  # set by ``open``: the documents' source
        folder.mkdir(parents=True, exist_ok=True)
        self.store = DeskStore(folder)
        self.room_status = RoomStatus(self.store, self.address, member, manifest)
        if room_key is None:
            kept = self.store.setting("room_key")
            room_key = (
                None if kept is None else Ed25519PublicKey.from_public_bytes(bytes.fromhex(kept))
            )
        elif self.store.setting("room_key") is None:
            self.store.set("room_key", room_key.public_bytes_raw().hex())
        self.box = MemberBox(folder, self.address, member, member_key.signing_key(key), room_key)

    # == opening ========================================================================
    @classmethod
    def open(
        cls,
        bundle: Path,
        key_file: Path,
        passphrase: str,
        data_dir: Path,
        trusted_keys: Sequence[PublicKey],
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        *,
        member: str | None = None,
        room_key: Ed25519PublicKey | None = None,
    ) -> MemberDesk:
        """Verify ``bundle`` as the room desk does (``progress`` and ``cancel`` as there),
        unlock the member's key, open (or make) this member's desk state under ``data_dir``
        (``opening``: the GUI's chooser takes the same road)."""
        opening = open_bundle(bundle, key_file, passphrase, data_dir, trusted_keys, progress,
                              cancel)  # fmt: skip
        chosen = member or opening.member
        if chosen is None:
            raise UsageError(
                "This bundle pins no key for this key file: name the member (and pair with "
                "the room desk on its network)."
            )
        return opening.desk(chosen, room_key=room_key)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> MemberDesk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # == preferences ====================================================================
    def preference(self, name: str, default: str = "") -> str:
        """A remembered preference of this desk (e.g. the dossier reader's zoom)."""
        return self.store.setting(f"pref.{name}") or default

    def set_preference(self, name: str, value: str) -> None:
        self.store.set(f"pref.{name}", value)

    # == what the member sees ===========================================================
    def candidates(self) -> list[CandidateRow]:
        """This member's candidates only, in the bundle's order."""
        return worklist(self.manifest, self.member, self.room_status.summary(), self._sealed(),
                        self._verdict, self.draft)  # fmt: skip

    def revealed_sheets(self, candidate_id: str) -> list[dict[str, Any]] | None:
        """After the reveal only: this candidate's revealed sheets, read-only; None while
        they are on their way (in a page of a later status)."""
        return self.room_status.revealed_sheets(candidate_id)

    def proposal(self, candidate_id: str) -> dict[str, Any] | None:
        return self.room_status.proposal(candidate_id)

    # == drafts (sealed to the member at rest) ==========================================
    def _draft_where(self, candidate_id: str, criterion: str) -> dict[str, str]:
        label = desk_proof.sheet_label(self.address)
        return envelope.sheet_context(label, candidate_id, self.member) | {"criterion": criterion}

    def _candidate(self, candidate_id: str) -> None:
        found = next((c for c in self.manifest.candidates if c.id == candidate_id), None)
        if found is None:
            raise RuleError("unknown-candidate", f"{candidate_id} is not in this bundle.")
        if any(c.member == self.member for c in found.conflicts):
            raise RuleError("conflicted", f"You are conflicted on {candidate_id}.")

    def save_draft(self, candidate_id: str, scores: Mapping[str, float],
                   cleared: Sequence[str] = ()) -> None:  # fmt: skip
        """Keep some scores of a draft, each sealed to the member's own box key."""
        self._candidate(candidate_id)
        rubric = self.manifest.session.rubric
        for criterion, value in scores.items():
            check_score(value, rubric, criterion)
        box = member_key.box_public(self.key)
        sealed = [
            (
                criterion,
                envelope.seal_json(
                    box, envelope.DRAFT, self._draft_where(candidate_id, criterion), float(value)
                ),
            )
            for criterion, value in scores.items()
        ]
        self.store.put_drafts(candidate_id, sealed, cleared)

    def draft(self, candidate_id: str) -> dict[str, float]:
        box = member_key.box_key(self.key)
        return {
            criterion: float(
                envelope.open_json(
                    box, envelope.DRAFT, self._draft_where(candidate_id, criterion), sealed
                )
            )
            for criterion, sealed in self.store.drafts(candidate_id)
        }

    # == acts ===========================================================================
    def _send(self, act: acts.Act) -> Envelope:
        return self.box.send(desk_proof.KIND_ACT, desk_proof.act_body(*act))

    def join(self) -> list[Envelope]:
        """The member's first message: the key their desk signs with (once)."""
        if self.box.sent():
            return []
        return [self._send(acts.register(self.member, self.key, pinned=self.pinned))]

    def check_in(self) -> Envelope:
        self.join()
        return self._send(acts.check_in(self.member))

    def check_out(self) -> Envelope:
        return self._send(acts.check_out(self.member))

    def reveal_public(self) -> bytes | None:
        """The session's reveal key: pinned by the bundle, or from the room's status."""
        # Pinned by the secretariat with the chair's key (the chair's box key, its pin
        # checked by the manifest's schema): members seal at home, before any room.
        pin = self.manifest.session.reveal_pin()
        if pin is not None:
            return pin.public
        status = self.status() or {}
        found = status.get("reveal_public")
        return bytes.fromhex(found) if isinstance(found, str) else None

    def seal(self, candidate_id: str) -> str:
        """Seal the complete draft to the reveal key and send it; returns the receipt."""
        self._candidate(candidate_id)
        scores = self.draft(candidate_id)
        member_total(scores, self.manifest.session.rubric)  # complete, on the rubric
        reveal = self.reveal_public()
        if reveal is None:
            raise RuleError(
                "reveal-key-missing",
                "The room desk has not opened scoring yet: bring your desk to the room (or "
                "import its status file) first.",
            )
        self.join()
        act, sealed = acts.sealed_sheet(reveal, self.address, self.member, candidate_id, scores)
        self._send(act)  # durable (fsynced) before the receipt is shown
        return sealed.receipt

    def add_note(self, candidate_id: str, text: str) -> Envelope:
        self._candidate(candidate_id)
        clean = clean_text(text, "the note", LONG_TEXT, required="note-required")
        return self._send(acts.note(candidate_id, clean))

    def approve(self, candidate_id: str) -> Envelope:
        """Approve, for the member's institution, the proposal the room's status showed."""
        proposal = self.proposal(candidate_id)
        if proposal is None:
            raise RuleError("no-proposal", f"There is no proposal for {candidate_id} yet.")
        institution = next(m.institution for m in self.manifest.session.members
                           if m.id == self.member)  # fmt: skip
        act = acts.approve(candidate_id, int(proposal["id"]), str(proposal["decision"]),
                           proposal.get("mention"), institution)  # fmt: skip
        return self._send(act)

    def object_to(self, candidate_id: str, reason: str) -> Envelope:
        proposal = self.proposal(candidate_id)
        if proposal is None:
            raise RuleError("no-proposal", f"There is no proposal for {candidate_id} yet.")
        clean = clean_text(reason, "the reason", SHORT_TEXT, required="reason-required")
        return self._send(acts.object_to(candidate_id, int(proposal["id"]), clean))

    def declare_conflict(self, candidate_id: str, category: str, note: str = "") -> Envelope:
        clean = clean_text(note, "the note", SHORT_TEXT)
        return self._send(acts.conflict(self.member, candidate_id, category, clean))

    def resend_waiting(self) -> list[Envelope]:
        """Send again each act the room refused only for its moment (``WAITING``), once."""
        again = []
        answered = self.box.answered()
        later = {a.envelope.body for a in answered if a.verdict.accepted}
        done = {e.body for e in self.box.pending()}
        for item in answered:
            body = item.envelope.body
            if item.verdict.reason in WAITING and body not in later and body not in done:
                done.add(body)
                if self._resendable(item.envelope):
                    again.append(self.box.send(desk_proof.KIND_ACT, body))
        return again

    def _resendable(self, sent: Envelope) -> bool:
        # A seal refused for its moment is sent again as it was; it counts if it arrives
        # first. A newer answer for the same act (same body) makes it moot.
        newer = [a for a in self.box.answered() if a.envelope.body == sent.body
                 and a.envelope.n > sent.n]  # fmt: skip
        return not newer

    # == the room's answers =============================================================
    def answers(self) -> list[Answer]:
        """The room's verdicts on this desk's messages, in the order sent."""
        out = []
        for item in self.box.answered():
            try:
                kind, payload = desk_proof.act_of(item.envelope.body)
            except desk_proof.DeskActError:
                kind, payload = item.envelope.kind, {}
            v = item.verdict
            candidate = str(payload.get("candidate", ""))
            out.append(Answer(v.n, kind, candidate, v.accepted, v.reason, v.message, v.at))
        return out

    def _verdict(self, n: int, digest: str) -> Verdict | None:
        for item in self.box.answered():
            if item.envelope.n == n and item.envelope.digest == digest:
                return item.verdict
        return None

    def _sealed(self) -> dict[str, tuple[int, str, str]]:
        """Each candidate's last seal sent, read from the outbox itself: a desk killed right
        after the append knows its seal as the room will (no second record to fall behind)."""
        out: dict[str, tuple[int, str, str]] = {}
        for sent in self.box.sent():
            try:
                kind, payload = desk_proof.act_of(sent.body)
            except desk_proof.DeskActError:
                continue
            if kind == "sheet-sealed":
                out[str(payload["candidate"])] = (sent.n, str(payload["commitment"]), sent.digest)
        return out

    def receive_status(self, status: Envelope) -> bool:
        """Keep what the room's verified status brought (``room_status``: its pages, of any
        status, newer or not, only fill in); whether it brought anything new."""
        return self.room_status.receive(status, self.box.room_key)

    def status(self) -> dict[str, Any] | None:
        return self.room_status.status()

    # == the key, carried to the room desk (``key_export``) ===========================
    def has_made_key(self) -> bool:
        """This desk made the member's key (else it signs with a file they brought)."""
        return key_export.made_key(self.folder) is not None

    def export_key(self, folder: Path) -> Path:
        """Write the key file this desk made, still encrypted, into ``folder``; its path."""
        return key_export.export_key(self.folder, self.member, folder)

    # == transport A: files =============================================================
    def export_to(self, folder: Path) -> int:
        """Write this desk's messages the folder lacks; how many."""
        return self.box.export_to(folder)

    def import_from(self, folder: Path) -> int:
        """Read the room's replies and status in ``folder``; the verdicts they brought."""
        if self.box.room_key is None:
            raise ExchangeError(
                "room-key", "Pair with the room desk first: its replies cannot be trusted yet."
            )
        got = self.box.import_from(folder)
        status = read_status(folder, self.address, self.member)
        if status is not None and status.kind == KIND_STATUS:
            self.receive_status(status)
        return got
