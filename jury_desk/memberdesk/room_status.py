"""What a member desk keeps of the room's status (issue 12).

``deliberation/desk_status.py`` makes each status bounded: a head (the reveal key, every
summary block's version), a page of summary blocks and a page of revealed sheets. A desk
may get them in any order (a stale file on a USB key, the network), so each piece is kept
with the status it came from, in the desk's settings (``desk_store``):

* ``status_n`` and ``status``: the newest head;
* ``block.<i>``: a summary block as ``[n, size, entries]``, replaced only by one from a
  status at least as new (a candidate of the block absent from ``entries`` is one the room
  says this member may not see);
* ``sheets.<candidate>``: a revealed candidate's sheets, kept only at the version its kept
  summary entry names, and shown only then: nothing stale is ever shown, and what has not
  come yet is "on its way".

Before the reveal the status carries no other member's score.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.bundle.manifest import Manifest
from jury_desk.core.strict_json import StrictJSONError, loads_strict
from jury_desk.exchange.envelope import MAX_RECORD_BYTES, Envelope, Session
from jury_desk.exchange.status import (
    BLOCK,
    BLOCKS,
    SHEETS,
    SUMMARY,
    check_status,
    sheets_version,
)
from jury_desk.memberdesk.desk_store import DeskStore

#: A kept piece is at most the record it came in (and a status head is smaller).
_MAX_KEPT = 64 << 20


class RoomStatus:
    def __init__(self, store: DeskStore, address: Session, member: str, manifest: Manifest) -> None:
        self._store = store
        self._address = address
        self._member = member
        self._ids = [c.id for c in manifest.candidates]
        self._index = {cid: i for i, cid in enumerate(self._ids)}

    def receive(self, status: Envelope, room_key: Ed25519PublicKey | None) -> bool:
        """Keep what the room's verified status brought; whether it brought anything new (a
        newer head, a block or sheets the desk did not hold): a page at the same log length
        may still fill in what an earlier one left out."""
        check_status(status, self._address, self._member, room_key)
        try:
            body = loads_strict(status.body, max_bytes=MAX_RECORD_BYTES)
        except StrictJSONError:
            return False
        if not isinstance(body, dict):
            return False
        n = status.n
        summary = body.pop(SUMMARY, None)
        page = body.pop(SHEETS, None)
        values: dict[str, str] = {}
        kept_n = self._store.setting("status_n")
        if kept_n is None or int(kept_n) < n:
            values = {"status_n": str(n), "status": DeskStore.json_text(body)}
        size = body.get(BLOCK)
        blocks: dict[str, list[Any]] = {}
        if isinstance(summary, dict) and isinstance(size, int) and size > 0:
            for name, entries in summary.items():
                if not (name.isdigit() and isinstance(entries, dict)):
                    continue
                old = self._block(name)
                if old is not None and (old[0] > n or old[1:] == [size, entries]):
                    continue  # a newer status already brought this block, or the same
                blocks[name] = [n, size, entries]
                values[f"block.{name}"] = DeskStore.json_text(blocks[name])
        head = body if "status" in values else (self.status() or {})
        for candidate_id, sheets in (page if isinstance(page, dict) else {}).items():
            seen = self._entry(candidate_id, head, blocks) or {}
            if seen.get("sheets_v") != sheets_version(sheets):
                continue  # not the version the room's newest word on it names
            text = DeskStore.json_text(sheets)
            if self._store.setting(f"sheets.{candidate_id}") != text:
                values[f"sheets.{candidate_id}"] = text
        self._store.set_many(values)
        return bool(values)

    def status(self) -> dict[str, Any] | None:
        """The newest status's head: ``reveal_public``, the block versions."""
        found = self._store.json_setting("status", max_bytes=_MAX_KEPT)
        return found if isinstance(found, dict) else None

    def summary(self) -> tuple[set[str], dict[str, dict[str, Any]]]:
        """(the candidates the kept blocks speak of, the entries of those it shows)."""
        covered: set[str] = set()
        entries: dict[str, dict[str, Any]] = {}
        size = (self.status() or {}).get(BLOCK)
        for name, text in self._store.settings_like("block."):
            block = _block_of(_parse(text))
            if block is None or block[1] != size:
                continue  # another version's blocks: the newest status's replace them
            first = int(name.removeprefix("block.")) * block[1]
            covered.update(self._ids[first : first + block[1]])
            entries.update((k, v) for k, v in block[2].items() if isinstance(v, dict))
        return covered, entries

    def entry(self, candidate_id: str) -> dict[str, Any] | None:
        """The kept summary entry of one candidate (None: unknown, or not to be seen)."""
        return self._entry(candidate_id, self.status() or {}, {})

    def behind(self) -> list[int]:
        """The summary blocks the desk does not hold as the newest status names them (a
        later status brings them): [] once it has caught up."""
        head = self.status() or {}
        versions, size = head.get(BLOCKS), head.get(BLOCK)
        if not isinstance(versions, list):
            return []
        kept = {}
        for name, text in self._store.settings_like("block."):
            block = _block_of(_parse(text))
            if block is not None and block[1] == size:
                kept[int(name.removeprefix("block."))] = sheets_version(block[2])
        return [i for i, version in enumerate(versions) if kept.get(i) != version]

    def revealed_sheets(self, candidate_id: str) -> list[dict[str, Any]] | None:
        """The revealed sheets of one candidate: [] before its reveal, None while on their
        way (not come yet, or changed since: the newer version is in a later page)."""
        seen = self.entry(candidate_id)
        if not seen or not seen.get("revealed"):
            return []
        found = self._store.json_setting(f"sheets.{candidate_id}", max_bytes=_MAX_KEPT)
        if not isinstance(found, list) or seen.get("sheets_v") != sheets_version(found):
            return None
        return found

    def proposal(self, candidate_id: str) -> dict[str, Any] | None:
        found = (self.entry(candidate_id) or {}).get("proposal")
        return dict(found) if isinstance(found, dict) else None

    def _entry(
        self, candidate_id: str, head: dict[str, Any], fresh: dict[str, list[Any]]
    ) -> dict[str, Any] | None:
        index = self._index.get(candidate_id)
        size = head.get(BLOCK)
        if index is None or not isinstance(size, int) or size <= 0:
            return None
        name = str(index // size)
        block = fresh.get(name) or self._block(name)
        if block is None or block[1] != size:
            return None
        found = block[2].get(candidate_id)
        return found if isinstance(found, dict) else None

    def _block(self, name: str) -> list[Any] | None:
        return _block_of(self._store.json_setting(f"block.{name}", max_bytes=_MAX_KEPT))


def _parse(text: str) -> Any:
    try:
        return loads_strict(text.encode("utf-8"), max_bytes=_MAX_KEPT)
    except StrictJSONError:
        return None


def _block_of(found: Any) -> list[Any] | None:
    """A kept block ``[n, size, entries]``, or None if it is not one."""
    if (
        isinstance(found, list)
        and len(found) == 3
        and isinstance(found[0], int)
        and isinstance(found[1], int)
        and found[1] > 0
        and isinstance(found[2], dict)
    ):
        return found
    return None
