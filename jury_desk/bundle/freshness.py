"""Freshness of a bundle (DESIGN.md §2, verification step 4).

A validly signed bundle can still be stale: expired, issued in the future (a wrong clock or
a pre-dated bundle), or an older ``seq`` replayed to undo a correction (rollback). The
ledger remembers, per ``bundle_id``, the highest ``seq`` this desk accepted and the SHA-256
of that manifest, in ``<data_dir>/ledger.sqlite``.

SQLite rather than a JSON file because the final "check again and record" must be one
atomic compare-and-set even if the GUI and the CLI accept bundles at the same moment.
Reading never creates the file, so a rejected bundle leaves no trace.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jury_desk.bundle.manifest import Manifest
from jury_desk.core.errors import BundleError, StoreError
from jury_desk.core.storage import storage_error

LEDGER_NAME = "ledger.sqlite"
#: How far in the future ``issued_at`` may be: laptop clocks drift, secretariats do not wait.
CLOCK_SKEW = timedelta(minutes=5)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accepted (
    bundle_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    accepted_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class LedgerEntry:
    bundle_id: str
    seq: int
    manifest_sha256: str
    bundle_sha256: str
    accepted_at: datetime


def check_validity_window(manifest: Manifest, now: datetime | None = None) -> None:
    """Refuse an expired bundle, or one issued further in the future than the clock skew."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must carry a timezone")
    if now > manifest.expires_at:
        raise BundleError(
            "freshness.expired",
            f"The bundle expired on {manifest.expires_at.isoformat()}. "
            "Ask the secretariat for a new bundle.",
            "expires_at",
        )
    if manifest.issued_at > now + CLOCK_SKEW:
        raise BundleError(
            "freshness.not-yet-valid",
            f"The bundle is dated {manifest.issued_at.isoformat()}, in the future. "
            "Check this computer's date and time, then try again.",
            "issued_at",
        )


def _refuse_stale(manifest: Manifest, manifest_sha256: str, known: LedgerEntry | None) -> None:
    if known is None:
        return
    if manifest.seq < known.seq:
        raise BundleError(
            "freshness.rollback",
            f"This is version {manifest.seq} of bundle {manifest.bundle_id}, but this desk "
            f"already accepted version {known.seq}. Use the newest bundle from the secretariat.",
            "seq",
        )
    if manifest.seq == known.seq and manifest_sha256 != known.manifest_sha256:
        raise BundleError(
            "freshness.seq-reused",
            f"Version {manifest.seq} of bundle {manifest.bundle_id} was already accepted with a "
            "different content. Ask the secretariat to issue it with a higher version number.",
            "seq",
        )


class FreshnessLedger:
    """The highest accepted ``seq`` (and its manifest SHA-256) for each ``bundle_id``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LEDGER_NAME

    def _damaged(self, exc: sqlite3.Error) -> StoreError:
        # A full disk or a read-only folder is not damage: never advise removing the ledger.
        known = storage_error(exc, self.path, outcome="The bundle was not accepted.")
        return known or StoreError(
            f"The freshness ledger {self.path} cannot be read ({exc}). Restore it from a "
            "backup, or remove it to accept bundles again (this forgets past versions)."
        )

    def get(self, bundle_id: str) -> LedgerEntry | None:
        if not self.path.exists():
            return None
        try:
            # Read-only: never creates the file, never leaves a journal behind.
            con = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
            try:
                return _select(con, bundle_id)
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise self._damaged(exc) from None

    def check(self, manifest: Manifest, manifest_sha256: str) -> None:
        """Refuse a rollback or a reused ``seq``; writes nothing."""
        _refuse_stale(manifest, manifest_sha256, self.get(manifest.bundle_id))

    def record(
        self,
        manifest: Manifest,
        manifest_sha256: str,
        bundle_sha256: str,
        now: datetime | None = None,
    ) -> None:
        """Check again and record, in one transaction (another desk process may have won)."""
        if not self.path.exists():
            try:
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                pass
        accepted_at = (now or datetime.now(UTC)).isoformat()
        try:
            con = sqlite3.connect(self.path, isolation_level=None)
            try:
                con.execute("PRAGMA synchronous=FULL")
                con.execute("BEGIN IMMEDIATE")
                con.execute(_SCHEMA)
                known = _select(con, manifest.bundle_id)
                try:
                    _refuse_stale(manifest, manifest_sha256, known)
                except BundleError:
                    con.execute("ROLLBACK")
                    raise
                if known is not None and known.seq == manifest.seq:
                    con.execute("ROLLBACK")  # the same bundle again: nothing new to remember
                    return
                con.execute(
                    "INSERT OR REPLACE INTO accepted VALUES (?, ?, ?, ?, ?)",
                    (manifest.bundle_id, manifest.seq, manifest_sha256, bundle_sha256, accepted_at),
                )
                con.execute("COMMIT")
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise self._damaged(exc) from None


def _select(con: sqlite3.Connection, bundle_id: str) -> LedgerEntry | None:
    has_table = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='accepted'"
    ).fetchone()
    if not has_table:
        return None
    row = con.execute(
        "SELECT seq, manifest_sha256, bundle_sha256, accepted_at FROM accepted WHERE bundle_id = ?",
        (bundle_id,),
    ).fetchone()
    if row is None:
        return None
    seq, manifest_sha, bundle_sha, accepted_at = row
    return LedgerEntry(bundle_id, int(seq), manifest_sha, bundle_sha, _parse_time(accepted_at))


def _parse_time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise sqlite3.DatabaseError(f"bad accepted_at value {value!r}") from None
