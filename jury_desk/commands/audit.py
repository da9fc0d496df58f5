"""``jury-desk audit verify SESSION.jdsession [--pv PV.pdf]``: check a session's audit log.

Exit 0 prints the number of events and the head hash (the one printed in the minutes);
exit 1 names the first broken event and why, or the table rows that do not say what the
log says (``store/log_tables.py``: each row named, with its event). With ``--pv``, the PV
must anchor the log: made from the session's bundle, its printed head the log's last
event. It only reads the files, so it may run while a desk has the session open
(``minutes/session_audit.py``, which ``archive add --session`` runs too). A bare name
(``test-2026-master``) is looked up in the data folder's ``sessions/``. The secretariat's
signature of the manifest stored in the session is re-checked against ``--trusted-key``
(default: the desk's trusted keys); an edited or re-signed manifest exits 1.

A session's log format is said: *unsigned log, format 1* (hash-chained, its acts not
signed by their members), so nobody takes it for more; or *signed log, format 2*, where
every act's signature is checked against its member's key (a pinned key must be the
bundle's) and each member's key fingerprint is printed, pinned or registered in the room;
one line (``--lang fr|en``) says whether the reveal key was pinned by the bundle or made
in the room.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from jury_desk.commands.bundle_verify import _add_trusted_key, _read_keys
from jury_desk.core.errors import UsageError


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
    verify.add_argument(
        "--lang",
        choices=("fr", "en"),
        default="en",
        help="language of the line saying where a signed session's reveal key comes from "
        "(default: en)",
    )
    _add_trusted_key(verify, "(default: the desk's trusted keys)")
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
    from jury_desk.bundle.trust import TrustStore
    from jury_desk.core.paths import data_dir
    from jury_desk.minutes.session_audit import TablesDisagree, audit_session

    path = _session_path(args.session, args.data_dir)
    if args.pv is not None and not args.pv.is_file():
        raise UsageError(f"{args.pv} is not a PV file.")
    keys = _read_keys(args.trusted_key) or TrustStore(data_dir(args.data_dir, create=False)).keys()
    try:
        audit = audit_session(path, args.pv, trusted_keys=keys)
    except TablesDisagree as exc:
        for difference in exc.differences:
            print(difference.line())
        raise
    print(f"Audit chain of {path.name} is intact: {audit.events} events ({audit.format_label}).")
    print(f"Head hash: {audit.head_hash}")
    for member, key in sorted(audit.keys.items()):
        how = "pinned by the bundle" if key.pinned else "registered in the room"
        print(f"Key of {member}: {key.fingerprint} ({how}, event #{key.seq})")
    if audit.reveal_key is not None:
        from jury_desk.core import words

        origin = words.REVEAL_KEY_ORIGIN_FR if args.lang == "fr" else words.REVEAL_KEY_ORIGIN_EN
        print(origin[audit.reveal_key])
    if audit.anchored is not None:
        print(audit.anchored)
    print(audit.manifest_signature)
    return 0
