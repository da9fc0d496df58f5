"""A member desk's own state on disk: one SQLite file in the desk's private folder.

Durable like the room's session file (WAL, ``synchronous=FULL``): the drafts, each score
sealed to the member's own box key before it gets here (no score in clear at rest), the
room's last verified status with the pages of revealed sheets it named, the room's key once
paired, and a few preferences. What was sealed and sent is not here: it is read from the
outbox itself (``exchange.memberbox``), so a desk killed mid-write never disagrees with what
it sent.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.exchange.envelope import MAX_RECORD_BYTES

FILE = "desk.sqlite"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS draft (candidate TEXT NOT NULL, criterion TEXT NOT NULL, "
    "envelope BLOB NOT NULL, PRIMARY KEY (candidate, criterion))",
    "CREATE TABLE IF NOT EXISTS setting (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class DeskStore:
    def __init__(self, folder: Path) -> None:
        self._db = sqlite3.connect(folder / FILE, isolation_level=None,
                                   check_same_thread=False)  # fmt: skip
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        for statement in _SCHEMA:
            self._db.execute(statement)

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # == settings =======================================================================
    def setting(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM setting WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set(self, name: str, value: str) -> None:
        self.set_many({name: value})

    def set_many(self, values: Mapping[str, str]) -> None:
        """Keep several settings at once (one transaction: all or none)."""
        with self._tx():
            for name, value in values.items():
                self._db.execute(
                    "INSERT OR REPLACE INTO setting (name, value) VALUES (?, ?)", (name, value)
                )

    def settings_like(self, prefix: str) -> list[tuple[str, str]]:
        """Every setting whose name starts with ``prefix`` (no SQL wildcard in it)."""
        rows = self._db.execute(
            "SELECT name, value FROM setting WHERE substr(name, 1, ?) = ?", (len(prefix), prefix)
        )
        return [(str(name), str(value)) for name, value in rows]

    def json_setting(self, name: str, max_bytes: int = MAX_RECORD_BYTES) -> Any:
        """A setting kept as JSON; None when absent or unreadable."""
        kept = self.setting(name)
        if kept is None:
            return None
        try:
            return loads_strict(kept.encode("utf-8"), max_bytes=max_bytes)
        except StrictJSONError:
            return None

    @staticmethod
    def json_text(value: Any) -> str:
        return dumps_canonical(value).decode("utf-8")

    # == drafts (already sealed to the member by the desk) ==============================
    def put_drafts(
        self, candidate: str, sealed: Iterable[tuple[str, bytes]], cleared: Sequence[str] = ()
    ) -> None:
        """Replace some criteria's sealed scores and clear others, in one transaction."""
        with self._tx():
            for criterion in cleared:
                self._db.execute(
                    "DELETE FROM draft WHERE candidate = ? AND criterion = ?",
                    (candidate, criterion),
                )
            for criterion, envelope in sealed:
                self._db.execute(
                    "INSERT OR REPLACE INTO draft (candidate, criterion, envelope) "
                    "VALUES (?, ?, ?)",
                    (candidate, criterion, envelope),
                )

    def drafts(self, candidate: str) -> list[tuple[str, bytes]]:
        rows = self._db.execute(
            "SELECT criterion, envelope FROM draft WHERE candidate = ?", (candidate,)
        ).fetchall()
        return [(str(criterion), bytes(sealed)) for criterion, sealed in rows]
