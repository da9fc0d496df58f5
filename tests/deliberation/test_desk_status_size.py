"""The room's status for a member desk stays under the 1 MiB record cap at the largest
session a bundle may hold (``Manifest``: 10,000 candidates), where one summary of every
candidate would not: it comes in blocks, a page a status, and the desk fills in (issue 12,
``deliberation/desk_status.py``, ``memberdesk/room_status.py``)."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation import desk_status
from jury_desk.deliberation.ledger import ServiceLedger, status_for
from jury_desk.exchange.envelope import MAX_RECORD_BYTES
from jury_desk.exchange.reception import Reception
from jury_desk.memberdesk.desk import MemberDesk
from jury_desk.signing import member_key
from tests.benchmarks.bench_board import big_manifest
from tests.deliberation.jury import open_signed_room, passphrase

LARGEST = 10_000  # ``Manifest.candidates``' own limit
MEMBER = "albert-1"


def test_at_the_largest_session_each_status_is_under_the_cap_and_the_desk_catches_up(tmp_path):
    manifest = big_manifest(LARGEST)
    present = [m.id for m in manifest.session.members]
    room = open_signed_room(tmp_path, manifest=manifest, present=present)
    try:
        ledger = ServiceLedger(room.svc)
        room_key = Ed25519PrivateKey.generate()
        reception = Reception(ledger.session, ledger.key_of, ledger, room_key)
        key, _ = member_key.new_key(MEMBER, passphrase(MEMBER), member_key.FAST_FOR_TESTS)
        desk = MemberDesk(manifest, ledger.session.fingerprint, MEMBER, key,
                          tmp_path / "home", room_key.public_key())  # fmt: skip
        statuses = 0
        while True:
            status = status_for(reception, ledger, MEMBER)
            statuses += 1
            assert len(status.record) <= MAX_RECORD_BYTES
            desk.receive_status(status)
            if not desk.room_status.behind():
                break
            assert statuses < 4
        body = json.loads(status.body)
        blocks = len(body["blocks"])
        assert blocks == LARGEST // 128 + 1
        # The summary of every candidate, sent whole as before, would not fit the budget
        # of a record's body (a record holds it in base64, with its routing and signature).
        _n, whole = ledger.status(MEMBER)
        every = {"summary": {}, **json.loads(whole)}
        for i in range(blocks):
            every["summary"][str(i)] = desk.room_status._block(str(i))[2]
        assert len(dumps_canonical(every)) > desk_status.BODY_BUDGET
        assert 1 < statuses
        assert len(desk.candidates()) == LARGEST
    finally:
        room.svc.close()
