"""``jury-desk audit verify SESSION.jdsession [--pv PV.pdf]``: check a session's audit log.

Exit 0 prints the number of events and the head hash (the one printed in the minutes);
exit 1 names the first broken event and why, or the table rows that do not say what the
log says (``store/log_tables.py``: each row named, with its event). With ``--pv``, the PV
must anchor the log: made from the session's bundle, its printed head the log's last
event. It only reads the files, so it may run while a desk has the session open. A bare name
(``test-2026-master``) is looked up in the data folder's ``sessions/``.

Every session made so far has an *unsigned log, format 1* (hash-chained, its acts not
signed by their members): the output says so, so nobody takes it for more.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from jury_desk.core.errors import StoreError, UsageError

if TYPE_CHECKING:
    from jury_desk.minutes.anchor import SessionAnchor

#: What every session made so far has (DESIGN.md §4 asks for signed acts; see issue 11).
FORMAT_1 = "unsigned log, format 1"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("audit", help="check a session's audit chain")
    asub = parser.add_subparsers(
        dest="audit_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    verify = asub.add_parser(
        "verify",
        parents=[common],
        help="recompute the audit hash chain of a session file (and tie it to its PV)",
        description="Recompute every hash of a session's audit chain. Exit 0: intact (the "
        "head hash is printed); 1: broken (the first broken event is named), or --pv does not "
        "anchor this log; 2: usage.",
    )
    verify.add_argument("session", type=Path, metavar="SESSION.jdsession")
    verify.add_argument(
        "--pv",
        type=Path,
        metavar="PV.pdf",
        help="also check that this PV anchors the log (same bundle, head = its last event)",
    )
    verify.set_defaults(handler=run_verify)


def _session_path(given: Path, override: str | None) -> Path:
    from jury_desk.core.paths import data_dir
    from jury_desk.store.engine import SESSION_SUFFIX

    if given.is_file():
        return given
    name = given.name if given.name.endswith(SESSION_SUFFIX) else given.name + SESSION_SUFFIX
    stored = data_dir(override, create=False) / "sessions" / name
    if given.parent == Path(".") and stored.is_file():
        return stored
    if not given.exists() and not stored.exists():
        raise UsageError(
            f"{given}: no such file (nor {stored}). Give the path of the .jdsession file, "
            "or its bare name to look in the desk's data folder."
        )
    raise UsageError(f"{given} is not a session file.")


def run_verify(args: argparse.Namespace) -> int:
    from jury_desk.minutes.anchor import check_anchor, pv_minutes
    from jury_desk.store.log_tables import check_session_file

    path = _session_path(args.session, args.data_dir)
    report, differences = check_session_file(path)
    if not report.ok:
        raise StoreError(
            f"Audit chain of {path.name} is BROKEN at event #{report.first_bad_seq}: "
            f"{report.reason}. The {report.length} events before it are intact; keep the "
            "file as evidence and report it to the secretariat."
        )
    if differences:
        for difference in differences:
            print(difference.line())
        raise StoreError(
            f"The tables of {path.name} do not match its audit chain: "
            f"{differences[0].line()} ({len(differences)} in all, listed above). The file was "
            "altered outside the desk: keep it as evidence; the desk refuses to export from it."
        )
    anchored = None
    if args.pv is not None:
        if not args.pv.is_file():
            raise UsageError(f"{args.pv} is not a PV file.")
        anchored = check_anchor(pv_minutes(args.pv), session_anchor(path), args.pv.name)
    print(f"Audit chain of {path.name} is intact: {report.length} events ({FORMAT_1}).")
    print(f"Head hash: {report.head_hash}")
    if anchored is not None:
        print(anchored)
    return 0


def session_anchor(path: Path) -> SessionAnchor:
    """The bundle fingerprints and the event hashes of a session file, read-only."""
    from jury_desk.minutes.anchor import SessionAnchor
    from jury_desk.store.engine import open_readonly

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
