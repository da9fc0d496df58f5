"""Blind at rest (DESIGN.md §3), in a signed session (log format 2).

Before a candidate's reveal no file holds its scores in clear:

* a **draft** is one HPKE envelope per criterion, sealed to its author's box key
  (``member_key.box_key``): saving needs no passphrase (it is sealed to a public key), and
  only the author's unlocked key reads it back, at the seal;
* a **sealed sheet** is an envelope to the session's *reveal key* (``signing/sheet.py``),
  its commitment and envelope in the member's signed seal event; no salt, score or total;
* the **reveal key**'s secret half is sealed to the chair's box key when the chair
  registers their key (its public half and the wrapped secret in the chair's signed
  ``reveal-key-made`` event): scoring opens only after it, and only the chair's unlocked
  key opens the sheets, at the chair's signed reveal;
* unless the bundle **pins** the reveal key (``session.reveal_key``, with the members'
  keys: ``signing/reveal_pin.py``): it is then the chair's own box key, sheets are sealed
  to it from the start (before the chair signs in, or at home), nothing is made in the
  room, and the chair's unlocked key opens them.

A sealed sheet that does not count at its reveal is **void** (``KIND_VOID``, in the chair's
reveal act): its envelope does not open with the reveal key, or opens to a sheet that is not
its commitment's (``VOID_ENVELOPE``: a member desk sealed it, and the room could not check
it before the reveal), or opens to scores that are not on the rubric (``VOID_RUBRIC``: the
opened sheet is in the event, so the replay checks that claim against the commitment). A
void sheet is removed and its member told (their desk's status names its commitment): they
may seal again. It never stops the reveal of the other candidates.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import delete, insert, update
from sqlmodel import col, select

from jury_desk.bundle.manifest import Candidate, Member
from jury_desk.bundle.minisign import SecretKey
from jury_desk.core.errors import RuleError, StoreError
from jury_desk.core.scoring import member_total
from jury_desk.deliberation.desk_acts import address as desk_address
from jury_desk.deliberation.readmodels import VOID_ENVELOPE, VOID_RUBRIC
from jury_desk.deliberation.room import Room
from jury_desk.deliberation.transaction import Tx
from jury_desk.signing import desk_proof, envelope, member_key
from jury_desk.signing.envelope import EnvelopeError
from jury_desk.signing.sheet import OpenedSheet, SealedSheet, open_sheet, seal_sheet
from jury_desk.store.records import driver
from jury_desk.store.tables import DraftScore, MemberKey, RevealKey, Sheet

KIND_REVEAL_KEY = "reveal-key-made"
#: the chair's reveal act found sealed sheets that do not count (before its reveal, if any)
KIND_VOID = "sheets-void"


def session_id(tx: Tx | Room) -> str:
    """The signed log's session id: its creation event's hash."""
    (found,) = driver(tx.conn).execute("SELECT hash FROM audit_event WHERE seq = 1").fetchone()
    return str(found)


def require_seen(
    candidate_id: str, draft: Mapping[str, float], seen: Mapping[str, float] | None
) -> None:
    """The seal seals what the member saw: refuse a draft that is not ``seen``."""
    if seen is None or {k: float(v) for k, v in seen.items()} == draft:
        return
    raise RuleError(
        "draft-changed",
        f"Your draft for {candidate_id} in the session file is not what you checked on "
        "screen: it was changed outside your desk. Nothing was sealed. Sign out, sign in "
        "again, check your scores, then seal.",
        candidate=candidate_id,
    )


def make_reveal_key(
    tx: Tx, chair: Member, box_public: bytes, made: Mapping[str, str] | None = None
) -> None:
    """At the chair's key registration, in the room or from their desk (``box_public``: the
    box key they register): the session's reveal key, made here and sealed to the chair;
    or, when the bundle pins it, the check that this key opens it (nothing is made).
    ``made``: the replay's, the reveal key as its event says (random: it is not made again)."""
    pin = tx.room.manifest.session.reveal_pin()
    if pin is not None:
        if pin.public != box_public:
            raise RuleError(
                "key-not-pinned",
                f"The reveal key the bundle pins was not made with {chair.name}'s key: the "
                "chair must bring the key made with it by `jury-desk member keygen --role "
                "chair`, or the secretariat must rebuild the bundle with the chair's files.",
            )
        return
    if tx.conn.execute(select(RevealKey.id)).first() is not None:
        return  # a second chair finds it made: one reveal key per session
    if made is None:
        reveal = envelope.new_reveal_key()
        public = envelope.public_bytes(reveal)
        wrapped = envelope.wrap_reveal_key(reveal, box_public, session_id(tx))
    else:
        public, wrapped = bytes.fromhex(made["public"]), base64.b64decode(made["wrapped"])
    tx.conn.execute(
        insert(RevealKey).values(id=1, chair_id=chair.id, public=public, wrapped=wrapped, at=tx.at)
    )
    tx.log(
        chair.id,
        KIND_REVEAL_KEY,
        {"public": public.hex(), "wrapped": base64.b64encode(wrapped).decode("ascii")},
    )


def has_reveal_key(room: Room) -> bool:
    """Whether sealing may start: the bundle pins the reveal key, or the chair made it."""
    if room.manifest.session.reveal_pin() is not None:
        return True
    return room.conn.execute(select(RevealKey.id)).first() is not None


def require_reveal_key(tx: Tx) -> bytes:
    pin = tx.room.manifest.session.reveal_pin()
    if pin is not None:
        return pin.public  # pinned: sealing needs nobody in the room
    public = tx.room.reveal_public()
    if public is None:
        raise RuleError(
            "reveal-key-missing",
            "Scoring opens once the chair has signed in: the chair's key protects the sealed "
            "sheets until the reveal. Ask the chair to sign in first.",
        )
    return public


def _draft_context(
    tx: Tx | Room, member: Member, candidate: Candidate, criterion: str
) -> dict[str, str]:
    return envelope.sheet_context(session_id(tx), candidate.id, member.id) | {
        "criterion": criterion
    }


def save_draft(
    tx: Tx,
    sheet_id: int,
    member: Member,
    candidate: Candidate,
    scores: Mapping[str, float],
    cleared: Collection[str],
) -> None:
    row = tx.conn.execute(
        select(MemberKey.box_public).where(MemberKey.member_id == member.id)
    ).first()
    if row is None or row[0] is None:
        raise StoreError(f"The key of {member.name} has no box key: register it again.")
    box = bytes(row[0])
    if cleared:
        tx.conn.execute(
            delete(DraftScore).where(
                col(DraftScore.sheet_id) == sheet_id, col(DraftScore.criterion_id).in_(cleared)
            )
        )
    for criterion_id, value in scores.items():
        sealed = envelope.seal_json(
            box, envelope.DRAFT, _draft_context(tx, member, candidate, criterion_id), value
        )
        tx.conn.execute(
            insert(DraftScore)
            .values(sheet_id=sheet_id, criterion_id=criterion_id, envelope=sealed)
            .prefix_with("OR REPLACE")
        )


def draft_criteria(tx: Tx, sheet_id: int) -> set[str]:
    """Which criteria a draft scores (not secret: only their values are)."""
    rows = tx.conn.execute(
        select(DraftScore.criterion_id).where(DraftScore.sheet_id == sheet_id)
    ).scalars()
    return set(rows)


def read_drafts(room: Room, member: Member, key: SecretKey) -> dict[str, dict[str, float]]:
    """Every unsealed draft of ``member``, opened with their unlocked key (at sign-in: the
    desk holds them while the member scores, and seals what it showed)."""
    sheets = room.conn.execute(
        select(Sheet.id, Sheet.candidate_id).where(
            Sheet.member_id == member.id, Sheet.status == "draft"
        )
    ).all()
    return {
        str(cid): open_draft(room, sheet_id, member, room.candidate(cid), key)
        for sheet_id, cid in sheets
    }


def open_draft(
    tx: Tx | Room, sheet_id: int, member: Member, candidate: Candidate, key: SecretKey
) -> dict[str, float]:
    box = member_key.box_key(key)
    rows = tx.conn.execute(
        select(DraftScore.criterion_id, DraftScore.envelope).where(DraftScore.sheet_id == sheet_id)
    ).all()
    out = {}
    for criterion_id, sealed in rows:
        where = _draft_context(tx, member, candidate, criterion_id)
        value = envelope.open_json(box, envelope.DRAFT, where, bytes(sealed))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EnvelopeError(f"The draft of {member.name} holds a score that is no number.")
        out[str(criterion_id)] = float(value)
    return out


def seal(
    tx: Tx,
    sheet_id: int,
    member: Member,
    candidate: Candidate,
    key: SecretKey,
    seen: Mapping[str, float] | None = None,
) -> dict[str, str]:
    """Seal the member's draft to the reveal key; returns the seal event's payload.
    ``seen``: what the member checked on screen, which the draft must be."""
    reveal_public = require_reveal_key(tx)
    scores = open_draft(tx, sheet_id, member, candidate, key)
    require_seen(candidate.id, scores, seen)
    member_total(scores, tx.room.manifest.session.rubric)  # complete and on the rubric
    sealed = seal_sheet(reveal_public, session_id(tx), candidate.id, member.id, scores)
    tx.conn.execute(
        update(Sheet)
        .where(col(Sheet.id) == sheet_id)
        .values(
            status="sealed",
            commitment=sealed.commitment,
            envelope=sealed.envelope,
            sealed_at=tx.at,
        )
    )
    tx.conn.execute(delete(DraftScore).where(col(DraftScore.sheet_id) == sheet_id))
    return {
        "member": member.id,
        "candidate": candidate.id,
        "commitment": sealed.commitment,
        "envelope": base64.b64encode(sealed.envelope).decode("ascii"),
    }


def reveal_secret(tx: Tx, chair_id: str) -> X25519PrivateKey:
    """The reveal key, opened by the chair's key unlocked for this act."""
    key = tx.signers.get(chair_id)
    if key is None:
        raise RuleError("not-chair", "Only the chair, with their passphrase, opens the sheets.")
    pin = tx.room.manifest.session.reveal_pin()
    if pin is not None:
        if not pin.opened_by(key):
            raise RuleError(
                "not-chair", "The pinned reveal key is not this chair's key: ask that chair."
            )
        return member_key.box_key(key)
    row = tx.conn.execute(select(RevealKey.wrapped)).first()
    if row is None:
        raise RuleError("not-chair", "Only the chair, with their passphrase, opens the sheets.")
    try:
        return envelope.unwrap_reveal_key(member_key.box_key(key), session_id(tx), bytes(row[0]))
    except EnvelopeError:
        raise RuleError(
            "not-chair", "The reveal key is not sealed to this chair's key: ask that chair."
        ) from None


@dataclass
class Opening:
    """What the reveal's opening found, by member: the sheets it opened (not yet written:
    the candidate may stay unrevealed), and the void ones, each as its event lists it."""

    opened: dict[str, OpenedSheet] = field(default_factory=dict)
    void: dict[str, dict[str, Any]] = field(default_factory=dict)


#: How a reveal opens a candidate's sealed sheets (the replay reads them from the log).
Opener = Callable[[Tx, str, Collection[str], str], Opening]


def open_sheets(tx: Tx, candidate_id: str, members: Collection[str], chair_id: str) -> Opening:
    """At the reveal: open each counted sealed sheet with the reveal key (unwrapped by the
    chair's key) and check it against its commitment and the rubric; nothing is written."""
    reveal = reveal_secret(tx, chair_id)
    rubric = tx.room.manifest.session.rubric
    found = Opening()
    for member_id in sorted(members):
        sheet = tx.room.sheet(member_id, candidate_id)
        assert sheet is not None and sheet.envelope is not None
        if sheet.salt is not None:
            continue  # opened at an earlier reveal (the candidate went back to scoring)
        sealed = SealedSheet(sheet.commitment, bytes(sheet.envelope))
        try:
            try:
                opened = open_sheet(reveal, session_id(tx), candidate_id, member_id, sealed)
            except EnvelopeError:
                # Sealed on the member's own desk, which may never have met the room: bound
                # to the bundle's address instead of the log's session id (``desk_proof``).
                where = desk_proof.sheet_label(desk_address(tx.conn))
                opened = open_sheet(reveal, where, candidate_id, member_id, sealed)
        except EnvelopeError:
            _require_as_logged(tx, candidate_id, member_id, sealed)
            found.void[member_id] = void_entry(member_id, sheet.commitment, VOID_ENVELOPE)
            continue
        try:
            member_total(opened.scores, rubric)
        except RuleError:
            _require_as_logged(tx, candidate_id, member_id, sealed)
            found.void[member_id] = void_entry(member_id, sheet.commitment, VOID_RUBRIC) | {
                "salt": opened.salt.hex(),
                "scores": opened.scores,
            }
            continue
        found.opened[member_id] = opened
    return found


def _require_as_logged(tx: Tx, candidate_id: str, member_id: str, sealed: SealedSheet) -> None:
    """A sheet is void only as its member sealed it (their seal event): one changed in the
    file since stops the act, as an altered sheet does (someone with the laptop must not
    make the chair void a sheet that opens)."""
    row = (
        driver(tx.conn)
        .execute(
            "SELECT payload FROM audit_event WHERE kind = 'sheet-sealed' "
            "AND json_extract(payload, '$.candidate') = ? "
            "AND json_extract(payload, '$.member') = ? "
            "ORDER BY seq DESC LIMIT 1",
            (candidate_id, member_id),
        )
        .fetchone()
    )
    logged = None if row is None else json.loads(row[0])
    if logged is None or (logged["commitment"], base64.b64decode(logged["envelope"])) != (
        sealed.commitment,
        sealed.envelope,
    ):
        raise EnvelopeError(
            f"The sealed sheet of {member_id} for {candidate_id} does not open: it is not the "
            "sheet its member sealed (the session file was altered outside the desk). Stop and "
            "report it to the secretariat."
        )


def void_entry(member_id: str, commitment: str, reason: str) -> dict[str, Any]:
    return {"member": member_id, "commitment": commitment, "reason": reason}


def void_sheets(
    tx: Tx,
    candidate_id: str,
    void: Mapping[str, Mapping[str, Any]],
    actor: str,
    forced_by: str | None,
) -> None:
    """Remove the void sealed sheets of ``candidate_id`` (their members may seal again) and
    log why, in the name of the chair whose reveal (forced or not) found them."""
    db = driver(tx.conn)
    for member_id in sorted(void):
        sheet = tx.room.sheet(member_id, candidate_id)
        # Found so by open_sheets, or checked so by the replay (``replay._check_void``).
        assert sheet is not None and sheet.status == "sealed" and sheet.salt is None
        db.execute("DELETE FROM sheet WHERE id = ?", (sheet.id,))
    tx.log(
        actor,
        KIND_VOID,
        {
            "candidate": candidate_id,
            "forced_by": forced_by,
            "sheets": [dict(void[m]) for m in sorted(void)],
        },
    )


def write_opening(tx: Tx, candidate_id: str, members: Collection[str], found: Opening) -> None:
    """Write the opened sheets of the counted ``members`` (those opened at an earlier
    reveal are kept as they are)."""
    for member_id in sorted(members):
        sheet = tx.room.sheet(member_id, candidate_id)
        assert sheet is not None
        if sheet.salt is not None:
            continue
        opened = found.opened[member_id]  # the replay: KeyError if its log does not open it
        write_opened(tx, sheet.id, opened.salt, opened.scores)


def write_opened(tx: Tx, sheet_id: int, salt: bytes, scores: dict[str, float]) -> None:
    """An opened sheet's scores, salt and total, written at its reveal (by the desk, or by
    the replay from the reveal event): some 20,000 sheets in a session's reveals, so
    through the driver (``store.records``)."""
    db = driver(tx.conn)
    db.executemany(
        "INSERT INTO sheet_score (sheet_id, revision, criterion_id, value) VALUES (?, 0, ?, ?)",
        [(sheet_id, criterion, value) for criterion, value in scores.items()],
    )
    total = member_total(scores, tx.room.manifest.session.rubric)
    db.execute("UPDATE sheet SET salt = ?, total = ? WHERE id = ?", (salt, total, sheet_id))
