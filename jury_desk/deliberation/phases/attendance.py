"""Attendance: checking in and out, choosing a passphrase, declaring conflicts."""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args

from sqlalchemy import Connection, Row, insert
from sqlmodel import select

from jury_desk.bundle.manifest import ConflictCategory
from jury_desk.core.errors import RuleError
from jury_desk.deliberation.passphrase import PassphraseError, ScryptParams
from jury_desk.deliberation.phases import blind
from jury_desk.deliberation.phases.decisions import scores_changed, void_approvals
from jury_desk.deliberation.phases.scoring import back_to_scoring, reveal_completed
from jury_desk.deliberation.transaction import LONG_TEXT, Tx, clean_text
from jury_desk.signing import member_key
from jury_desk.signing.event_log import KIND_KEY, key_registration
from jury_desk.store.tables import Attendance, Conflict, Credential, MemberKey
from jury_desk.store.tally import refresh_tally

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import SecretKey


def check_in(tx: Tx, member_id: str) -> None:
    member = tx.room.member(member_id)
    tx.room.require_open()
    if member.id in tx.room.present_ids():
        raise RuleError("already-present", f"{member.name} is already checked in.")
    tx.conn.execute(insert(Attendance).values(member_id=member.id, kind="in", at=tx.at))
    tx.room.attendance_changed()
    tx.log(member.id, "checked-in", {"member": member.id})


def check_out(tx: Tx, member_id: str) -> None:
    member = tx.room.member(member_id)
    tx.room.require_open()
    tx.room.require_present(member)
    tx.conn.execute(insert(Attendance).values(member_id=member.id, kind="out", at=tx.at))
    tx.room.attendance_changed()
    tx.log(member.id, "checked-out", {"member": member.id})
    # Nobody waits for a member who left: candidates they alone held back reveal.
    reveal_completed(tx)


def credential(conn: Connection, member_id: str) -> Row | None:
    return conn.execute(select(Credential).where(Credential.member_id == member_id)).first()


def stored_key(conn: Connection, member_id: str) -> Row | None:
    """A signed session's (format 2) record of a member's encrypted key, if registered."""
    return conn.execute(select(MemberKey).where(MemberKey.member_id == member_id)).first()


def register_key(tx: Tx, member_id: str, key: SecretKey, secret_text: str) -> None:
    """Format 2: a member's first act, their key registration, signed by that key (proof of
    possession). The bundle's pinned key, or a pair made in the room when it pins none;
    only ``secret_text``, encrypted under their passphrase, is stored."""
    member = tx.room.member(member_id)
    tx.room.require_open()
    if stored_key(tx.conn, member.id) is not None:
        raise PassphraseError(
            "passphrase-already-set",
            f"{member.name} already has a key in this session: sign in with its passphrase.",
        )
    pinned = member.pinned_key()
    if pinned is not None and (pinned.public, pinned.key_id) != (key.public, key.key_id):
        raise RuleError(
            "key-not-pinned",
            f"This key is not the one the secretariat pinned for {member.name} in the bundle: "
            "bring the secret key whose public key you gave the secretariat.",
        )
    public = key.public_key().to_base64()
    tx.conn.execute(
        insert(MemberKey).values(
            member_id=member.id,
            secret_key=secret_text,
            public_key=public,
            pinned=pinned is not None,
            registered_at=tx.at,
            failures=0,
            box_public=member_key.box_public(key),
        )
    )
    tx.log(
        member.id,
        KIND_KEY,
        key_registration(member.id, key, pinned=pinned is not None),
    )
    if "chair" in member.roles:
        blind.make_reveal_key(tx, member, member_key.box_public(key))


def set_passphrase(
    tx: Tx, member_id: str, salt: bytes, digest: bytes, params: ScryptParams
) -> None:
    """Store a member's first passphrase hash (the passphrase itself is never kept)."""
    member = tx.room.member(member_id)
    tx.room.require_open()
    tx.room.require_present(member)
    if credential(tx.conn, member.id) is not None:
        raise PassphraseError(
            "passphrase-already-set",
            f"{member.name} already has a passphrase: sign in with it.",
        )
    tx.conn.execute(
        insert(Credential).values(
            member_id=member.id,
            salt=salt,
            digest=digest,
            n=params.n,
            r=params.r,
            p=params.p,
            set_at=tx.at,
            failures=0,
        )
    )
    tx.log(member.id, "passphrase-set", {"member": member.id})


def checked_conflict(category: str, note: str) -> str:
    """The conflict note as stored, once the category is known to be one of the bundle's."""
    if category not in get_args(ConflictCategory):
        raise RuleError(
            "conflict-category",
            f"Unknown conflict category {category!r}; choose one of "
            f"{', '.join(get_args(ConflictCategory))}.",
        )
    return clean_text(note, "the conflict note", LONG_TEXT)


def declare_conflict(
    tx: Tx, actor_id: str, member_id: str, candidate_id: str, category: str, note: str
) -> None:
    actor = tx.room.member(actor_id)
    member = tx.room.member(member_id)
    candidate = tx.room.candidate(candidate_id)
    tx.room.require_open()
    tx.room.require_present(actor)
    if actor.id != member.id and "chair" not in actor.roles:
        raise RuleError(
            "not-chair", "Only the member concerned or the chair may declare a conflict."
        )
    if tx.room.is_conflicted(member.id, candidate.id):
        raise RuleError(
            "already-conflicted",
            f"{member.name} is already declared conflicted on {candidate.id}.",
        )
    counted = member.id in tx.room.counted_members(candidate.id)
    tx.conn.execute(
        insert(Conflict).values(
            member_id=member.id,
            candidate_id=candidate.id,
            source="room",
            category=category,
            note=note,
            declared_by=actor.id,
            at=tx.at,
        )
    )
    tx.log(
        actor.id,
        "conflict-declared",
        {
            "member": member.id,
            "candidate": candidate.id,
            "category": category,
            "note": note,
        },
    )
    void_approvals(tx, candidate.id, actor.id, "conflict-declared", {member.id})
    if counted:  # their sealed sheet no longer counts: the scores changed
        refresh_tally(tx.conn, tx.room.manifest, candidate.id)
        scores_changed(tx, candidate.id, actor.id, "conflict-declared")
        # Was it their institution's last counted sheet? Then back to scoring (no dead end).
        back_to_scoring(tx, candidate.id, actor.id, member.id, "conflict-declared")
    reveal_completed(tx, candidate.id)
