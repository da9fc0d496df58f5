"""What ``jury-desk audit verify SESSION [--pv PV.pdf]`` checks, for every face that needs it.

The command line's ``audit verify`` and ``archive add --session`` run this one function
(never a second verifier): the session file's audit chain recomputed; every table row
replayed against what the log says (``store/log_tables.py``); and, with a PV, the PV
anchoring the log (same bundle, its printed head the log's last event: ``anchor.py``).
It only reads the file, so it may run while a desk has the session open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jury_desk.core.errors import StoreError
from jury_desk.minutes.anchor import SessionAnchor, check_anchor, pv_minutes
from jury_desk.minutes.model import Minutes
from jury_desk.signing.event_log import RegisteredKey
from jury_desk.store.audit import UNSIGNED_LABEL
from jury_desk.store.engine import open_readonly
from jury_desk.store.log_tables import Difference, check_session_file


@dataclass(frozen=True)
class SessionAudit:
    events: int
    head_hash: str
    anchored: str | None  # where the PV anchors the log, when a PV was given
    format_label: str = UNSIGNED_LABEL  # "unsigned log, format 1" or "signed log, format 2"
    #: a signed log: each member's registered key, by member id
    keys: Mapping[str, RegisteredKey] = field(default_factory=dict)


class TablesDisagree(StoreError):
    """The chain is intact but table rows do not say what the log says (an edited file)."""

    code = "store.tables-disagree"

    def __init__(self, name: str, differences: list[Difference]) -> None:
        self.differences = differences
        super().__init__(
            f"The tables of {name} do not match its audit chain: {differences[0].line()} "
            f"({len(differences)} in all). The file was altered outside the desk: keep it "
            "as evidence; the desk refuses to export from it."
        )


def audit_session(
    path: Path, pv: Minutes | Path | None = None, pv_name: str | None = None
) -> SessionAudit:
    """The chain, the tables, then the anchor of ``pv`` (its minutes, or the PV file, read
    only once the log has passed). ``StoreError`` (a broken chain, ``TablesDisagree``) or
    ``MinutesError`` (an unreadable PV, ``anchor.*``) otherwise."""
    report, differences = check_session_file(path)
    if not report.ok:
        raise StoreError(
            f"Audit chain of {path.name} is BROKEN at event #{report.first_bad_seq}: "
            f"{report.reason}. The {report.length} events before it are intact; keep the "
            "file as evidence and report it to the secretariat."
        )
    if differences:
        raise TablesDisagree(path.name, differences)
    anchored = None
    if pv is not None:
        name = pv_name or (pv.name if isinstance(pv, Path) else "the PV")
        minutes = pv_minutes(pv) if isinstance(pv, Path) else pv
        anchored = check_anchor(minutes, session_anchor(path), name)
    return SessionAudit(report.length, report.head_hash, anchored, report.format_label, report.keys)


def session_anchor(path: Path) -> SessionAnchor:
    """The bundle fingerprints and the event hashes of a session file, read-only."""
    conn = open_readonly(path, archive=True)
    try:
        meta = conn.execute("SELECT bundle_sha256, manifest_sha256 FROM session_meta").fetchone()
        hashes = [row[0] for row in conn.execute("SELECT hash FROM audit_event ORDER BY seq")]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path.name} is not a readable jury-desk session ({exc}).") from None
    finally:
        conn.close()
    if meta is None:
        raise StoreError(f"{path.name} has no session record.")
    return SessionAnchor(str(meta[0]), str(meta[1]), hashes)
