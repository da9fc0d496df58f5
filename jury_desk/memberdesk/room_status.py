"""What a member desk keeps of the room's status: the newest verified one, and the pages of
revealed sheets it names (``deliberation/desk_status.py`` writes them on the room's side).

Before the reveal the status carries no other member's score; after it, the revealed sheets
of this member's candidates arrive in pages, each kept only where it is the version the
newest status names (a revision since makes it wait for the newer page).
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.core.strict_json import StrictJSONError, loads_strict
from jury_desk.exchange.envelope import MAX_RECORD_BYTES, Envelope, Session
from jury_desk.exchange.status import SHEETS, check_status, sheets_version
from jury_desk.memberdesk.desk_store import DeskStore


class RoomStatus:
    def __init__(self, store: DeskStore, address: Session, member: str) -> None:
        self._store = store
        self._address = address
        self._member = member

    def receive(self, status: Envelope, room_key: Ed25519PublicKey | None) -> bool:
        """Keep the room's status if it is verified and newer than the one kept; keep its
        page of revealed sheets (any status's, newer or not) where they are the version
        the kept status names."""
        check_status(status, self._address, self._member, room_key)
        try:
            body = loads_strict(status.body, max_bytes=MAX_RECORD_BYTES)
        except StrictJSONError:
            return False
        if not isinstance(body, dict):
            return False
        kept = self._store.setting("status_n")
        newer = kept is None or int(kept) < status.n
        page = body.pop(SHEETS, None)
        summary = body if newer else (self.status() or {})
        values: dict[str, str] = {}
        if newer:
            values = {"status_n": str(status.n), "status": DeskStore.json_text(body)}
        for candidate_id, sheets in (page if isinstance(page, dict) else {}).items():
            seen = summary.get("candidates", {}).get(candidate_id) or {}
            if seen.get("sheets_v") != sheets_version(sheets):
                continue  # not the version the room's newest status names
            values[f"sheets.{candidate_id}"] = DeskStore.json_text(sheets)
        self._store.set_many(values)
        return newer

    def status(self) -> dict[str, Any] | None:
        found = self._store.json_setting("status", max_bytes=64 << 20)
        return found if isinstance(found, dict) else None

    def revealed_sheets(self, candidate_id: str) -> list[dict[str, Any]]:
        """After the reveal, the revealed sheets of one of this member's candidates (as the
        room's status brought them; empty before the reveal, and never another's before)."""
        status = self.status() or {}
        seen = status.get("candidates", {}).get(candidate_id)
        if not seen or not seen.get("revealed"):
            return []
        kept = self._store.setting(f"sheets.{candidate_id}")
        if kept is None:
            return []  # on its way, in a page of a later status
        sheets = loads_strict(kept.encode("utf-8"), max_bytes=MAX_RECORD_BYTES)
        if not isinstance(sheets, list) or seen.get("sheets_v") != sheets_version(sheets):
            return []  # changed since (a revision): the newer version is on its way
        return sheets

    def proposal(self, candidate_id: str) -> dict[str, Any] | None:
        status = self.status() or {}
        seen = status.get("candidates", {}).get(candidate_id) or {}
        found = seen.get("proposal")
        return dict(found) if isinstance(found, dict) else None
