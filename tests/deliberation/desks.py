"""A room with member desks, for the ledger tests: the room desk's service, its ledger and
reception, and a member desk's outbox (``MemberBox``) per member, over a folder.

The members of ALBERT act only from their desks; MINES (the chair's school) in the room.
The bundle pins every member's key (a desk at home needs no room to have its key trusted).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jury_desk.bundle.blind_fields import seal_candidates
from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.deliberation.ledger import ServiceLedger
from jury_desk.exchange.envelope import Envelope
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.reception import ImportReport, Reception
from jury_desk.exchange.verdict import Verdict
from jury_desk.memberdesk import acts
from jury_desk.signing import desk_proof, envelope, member_key, reveal_pin
from jury_desk.signing.sheet import SealedSheet, seal_sheet
from tests.deliberation.jury import (
    ALBERT,
    CHAIR,
    EVERYONE,
    MINES,
    JuryRoom,
    open_signed_room,
    passphrase,
)
from tests.factories import manifest_dict


def pinned_keys() -> dict[str, tuple[SecretKey, str]]:
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


def pinned_manifest(
    keys: Mapping[str, tuple[SecretKey, str]],
    n_candidates: int = 3,
    *,
    reveal: bool = False,
    seal: tuple[str, ...] = (),
) -> Manifest:
    """Every member's key pinned; ``reveal``: the chair's reveal key pinned too, and the
    blind fields ``seal`` sealed to it."""
    data = manifest_dict("admission", n_candidates=n_candidates)
    for member in data["session"]["members"]:
        member["public_key"] = keys[member["id"]][0].public_key().to_base64()
    if reveal:
        pin = reveal_pin.make_pin(keys[CHAIR][0])
        data["session"]["reveal_key"] = pin.fields()
        if seal:
            data["session"]["blind_fields"] = list(seal)
            seal_candidates(data["bundle_id"], data["candidates"], pin.public, None, seal)
    return Manifest.model_validate(data)


@dataclass
class Desk:
    """One member's desk: their key and outbox; acts are signed and appended."""

    member: str
    key: SecretKey
    box: MemberBox
    receipts: dict[str, SealedSheet] = field(default_factory=dict)

    def send(self, act: tuple[str, dict[str, Any]]) -> Envelope:
        return self.box.send(desk_proof.KIND_ACT, desk_proof.act_body(*act))

    def join(self) -> None:
        self.send(acts.register(self.member, self.key, pinned=True))
        self.send(acts.check_in(self.member))

    def seal(self, reveal_public: bytes, room: RoomWithDesks, candidate: str,
             scores: Mapping[str, float]) -> Envelope:  # fmt: skip
        act, sealed = acts.sealed_sheet(
            reveal_public, room.ledger.session, self.member, candidate, scores
        )
        self.receipts[candidate] = sealed
        return self.send(act)

    def verdict(self, envelope: Envelope) -> Verdict | None:
        return self.box.verdict_for(envelope)


@dataclass
class RoomWithDesks:
    room: JuryRoom
    ledger: ServiceLedger
    reception: Reception
    desks: dict[str, Desk]
    folder: Path

    def reveal_public(self) -> bytes:
        conn = self.room.svc
        with conn.desk_read() as c:
            return bytes(c.exec_driver_sql("SELECT public FROM reveal_key").scalar_one())

    def exchange(self, *members: str) -> list[ImportReport]:
        """Each desk exports its outbox to the folder, the room imports it and writes the
        replies, each desk reads them."""
        chosen = members or tuple(self.desks)
        for member in chosen:
            self.desks[member].box.export_to(self.folder)
        reports = self.reception.import_folder(self.folder)
        for member in chosen:
            self.desks[member].box.import_from(self.folder)
        return reports


def open_room_with_desks(
    tmp_path: Path,
    keys: Mapping[str, tuple[SecretKey, str]],
    *,
    reveal: bool = False,
    seal: tuple[str, ...] = (),
) -> RoomWithDesks:
    manifest = pinned_manifest(keys, reveal=reveal, seal=seal)
    texts = {m: text for m, (_, text) in keys.items()}
    room = open_signed_room(tmp_path, manifest=manifest, present=MINES, secret_keys=texts)
    ledger = ServiceLedger(room.svc)
    room_key = Ed25519PrivateKey.generate()
    reception = Reception(ledger.session, ledger.key_of, ledger, room_key)
    folder = tmp_path / "usb"
    folder.mkdir()
    desks = {}
    for member in ALBERT:
        home = tmp_path / f"desk-{member}"
        home.mkdir()
        key = keys[member][0]
        box = MemberBox(
            home, ledger.session, member, member_key.signing_key(key), room_key.public_key()
        )
        desks[member] = Desk(member, key, box)
    return RoomWithDesks(room, ledger, reception, desks, folder)


def room_and_chair_desk(
    tmp_path: Path, keys: Mapping[str, tuple[SecretKey, str]], *, reveal: bool = False
) -> tuple[JuryRoom, ServiceLedger, Reception, Desk, Path]:
    """Everyone but the chair in the room; the chair acts from their own desk (its outbox
    and the USB folder), so the room knows only their public key once they register."""
    manifest = pinned_manifest(keys, reveal=reveal)
    others = [m for m in MINES + ALBERT if m != CHAIR]
    texts = {m: text for m, (_, text) in keys.items()}
    room = open_signed_room(tmp_path, manifest=manifest, present=others, secret_keys=texts)
    ledger = ServiceLedger(room.svc)
    room_key = Ed25519PrivateKey.generate()
    reception = Reception(ledger.session, ledger.key_of, ledger, room_key)
    home = tmp_path / "desk-chair"
    home.mkdir()
    key = keys[CHAIR][0]
    box = MemberBox(home, ledger.session, CHAIR, member_key.signing_key(key), room_key.public_key())
    folder = tmp_path / "usb"
    folder.mkdir()
    return room, ledger, reception, Desk(CHAIR, key, box), folder


def joined_room(
    tmp_path: Path, keys: Mapping[str, tuple[SecretKey, str]], members: tuple[str, ...]
) -> RoomWithDesks:
    """``open_room_with_desks``, with ``members``' desks registered and checked in."""
    rd = open_room_with_desks(tmp_path, keys)
    for member in members:
        rd.desks[member].join()
    rd.exchange()
    return rd


def garbage_seal(
    rd: RoomWithDesks, member: str, candidate: str, *, scores: Mapping[str, float] | None = None
) -> tuple[Envelope, str]:
    """A seal its member's desk signs correctly, of something the reveal cannot count:
    an envelope of random bytes to the reveal key (``scores`` None), or a well-made sheet
    whose scores are off the rubric."""
    desk = rd.desks[member]
    where = desk_proof.sheet_label(rd.ledger.session)
    if scores is None:
        commitment = os.urandom(32).hex()
        sealed = envelope.seal_json(
            rd.reveal_public(),
            envelope.SHEET,
            envelope.sheet_context(where, candidate, member),
            {"salt": os.urandom(4).hex(), "scores": {"junk": "x"}},
        )
    else:
        made = seal_sheet(rd.reveal_public(), where, candidate, member, scores)
        commitment, sealed = made.commitment, made.envelope
    payload = {
        "member": member,
        "candidate": candidate,
        "commitment": commitment,
        "envelope": base64.b64encode(sealed).decode("ascii"),
    }
    return desk.send(("sheet-sealed", payload)), commitment
