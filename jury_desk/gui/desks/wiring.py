"""Where the desk's faces meet the member desks (issue 12): the room side of a signed
session (the deliberation service as the exchange's ledger), and how one member's own desk
opens. Both are the Qt-free pieces' own (``deliberation/ledger.py``, ``memberdesk``); this
module only puts them together, and is imported only when a session or a member desk opens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jury_desk.gui.desks.room_exchange import RoomSide

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.deliberation.service import DeliberationService
    from jury_desk.gui.member.desk import MemberDeskLike, MemberOpeningLike


def room_side(service: DeliberationService) -> RoomSide | None:
    """A signed session (log format 2) takes member desks; a format-1 session is the shared
    laptop alone, as before."""
    if not service.signed:
        return None
    from jury_desk.deliberation.ledger import ServiceLedger, status_for
    from jury_desk.exchange import kept_identity

    ledger = ServiceLedger(service)
    # The same TLS identity at each opening of this session (its secret in the system's
    # keyring): desks paired before a restart of the room desk stay paired.
    found = kept_identity.room_identity(ledger.session, service.path)
    return RoomSide(
        ledger.session,
        tuple(m.id for m in service.manifest.session.members),
        ledger.key_of,
        ledger,
        found.identity,
        register=ledger.pair,
        status_of=lambda reception, member: status_for(reception, ledger, member),
        keep_identity=lambda: kept_identity.keep(found, ledger.session, service.path),
    )


def open_member_desk(
    source: Path,
    key_file: Path | None,
    passphrase: str,
    data_dir: Path,
    keys: Sequence[PublicKey],
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> MemberDeskLike | MemberOpeningLike:
    """The member desk verifies the bundle as the room desk does (with the start page's
    progress and cancel), then unlocks the key: a key the bundle pins opens that member's
    desk; otherwise the member says who they are (the chooser)."""
    from jury_desk.memberdesk.opening import open_bundle

    opening = open_bundle(source, key_file, passphrase, data_dir, keys, progress, cancelled)
    return opening if opening.member is None else opening.desk(opening.member)
