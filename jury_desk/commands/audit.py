"""``jury-desk audit verify SESSION.jdsession``: recompute a session's audit chain.

Exit 0 prints the number of events and the head hash (the one printed in the minutes);
exit 1 names the first broken event and why. It only reads the file, so it may run while
a desk has the session open. A bare name (``test-2026-master``) is looked up in the data
folder's ``sessions/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from jury_desk.core.errors import StoreError, UsageError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("audit", help="check a session's audit chain")
    asub = parser.add_subparsers(
        dest="audit_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    verify = asub.add_parser(
        "verify",
        parents=[common],
        help="recompute the audit hash chain of a session file",
        description="Recompute every hash of a session's audit chain. Exit 0: intact (the "
        "head hash is printed); 1: broken (the first broken event is named); 2: usage.",
    )
    verify.add_argument("session", type=Path, metavar="SESSION.jdsession")
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
    from jury_desk.store.audit import verify_chain

    path = _session_path(args.session, args.data_dir)
    report = verify_chain(path)
    if not report.ok:
        raise StoreError(
            f"Audit chain of {path.name} is BROKEN at event #{report.first_bad_seq}: "
            f"{report.reason}. The {report.length} events before it are intact; keep the "
            "file as evidence and report it to the secretariat."
        )
    print(f"Audit chain of {path.name} is intact: {report.length} events.")
    print(f"Head hash: {report.head_hash}")
    return 0
