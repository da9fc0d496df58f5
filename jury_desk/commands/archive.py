"""``jury-desk archive add|search|show|export|verify``: the secretariat's archive (DESIGN §10).

A thin face over ``jury_desk.archive.service.ArchiveService``. The archive is the SQLite
file ``archive.sqlite`` in the data folder unless ``--db URL`` or ``JURY_DESK_ARCHIVE_DB``
says otherwise (``postgresql://user@host/db`` for a secretariat shared by several people).
``add`` exits 0 when the PV is archived (or already was), 1 when it is refused (nothing is
stored), 2 on a usage error. ``verify --all`` ends with one summary line scripts read:
``archive verify: N checked, V valid, F not valid`` (exit 1 when F > 0).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jury_desk.commands.bundle_verify import _add_trusted_key, _read_keys
from jury_desk.core.errors import UsageError
from jury_desk.core.paths import data_dir
from jury_desk.core.words import DECISION_LABELS_FR, RENVOI_CODE, RENVOI_LABEL_FR

if TYPE_CHECKING:
    from jury_desk.archive.service import ArchiveService, Hit, VerifyOutcome
    from jury_desk.bundle.minisign import PublicKey

DB_HELP = (
    "the archive database: postgresql://user@host/dbname or sqlite:///file (default: "
    "$JURY_DESK_ARCHIVE_DB, else archive.sqlite in the data folder)"
)
DECISION_WORDS = {**DECISION_LABELS_FR, RENVOI_CODE: RENVOI_LABEL_FR}
EXPORT_COLUMNS = ("year", "session_date", "session_title", "kind", "programme", "bundle_id",
                  "candidate_id", "name", "student_id", "birth_date", "scholarship",
                  "decision", "mention", "overall", "superseded", "pv")  # fmt: skip
#: The CSV's scholarship of a candidate renvoyé before its reveal (JSON: null).
NOT_REVEALED = "not revealed"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("archive", help="the secretariat's archive of verified PVs")
    asub = parser.add_subparsers(
        dest="archive_command", metavar="ACTION", required=True, parser_class=type(parser)
    )

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        p = asub.add_parser(name, parents=[common], help=summary, description=description)
        p.add_argument("--db", metavar="URL", help=DB_HELP)
        return p

    add = command(
        "add",
        "verify a signed PV and file it with what proves it",
        "Verify PV.pdf in full (signatures, signers, the bundle or its receipt, and the "
        "session's audit chain when given) and file it with its minutes.json, the bundle "
        "receipt, the audit head, the signers and the report. Refused: nothing stored, exit "
        "1. The same PV twice changes nothing. FOLDER: a 'dossier d'archive' written by the "
        "desk (PV.pdf, minutes.json, the receipt, the session file).",
    )
    add.add_argument("pv", type=Path, metavar="PV.pdf|FOLDER")
    add.add_argument("--bundle", type=Path, metavar="B.jdbundle|RECEIPT")
    add.add_argument("--session", type=Path, metavar="S.jdsession")
    _add_trusted_key(add, "(default: the desk's trusted keys)")
    add.set_defaults(handler=run_add)

    search = command(
        "search",
        "find a candidate's decisions across sessions and years",
        "Search by name (accents and case ignored), student number, candidate id or birth "
        "date (2001-03-14 or 14/03/2001). Newest first; superseded decisions are marked.",
    )
    search.add_argument("text", nargs="?", default="", metavar="TEXT")
    search.add_argument("--year", type=int)
    search.add_argument("--programme", choices=("bachelor", "master"))
    search.add_argument("--kind", choices=("admission", "graduation"))
    search.add_argument(
        "--decision",
        choices=("admit", "waitlist", "reject", "award", "ajourne", "refuse", RENVOI_CODE),
    )
    search.add_argument("--limit", type=int, default=200, help="at most this many (200)")
    search.add_argument("--json", action="store_true", help="one JSON array (for scripts)")
    search.set_defaults(handler=run_search)

    show = command(
        "show",
        "a filed PV (by number or bundle id) or a candidate's history",
        "Show a filed PV: by its number (as search prints it) or bundle id, with its "
        "decisions and verification report; or every decision about a candidate.",
    )
    show.add_argument("what", metavar="CANDIDATE|SESSION")
    show.add_argument("--save-pv", type=Path, metavar="OUT.pdf", help="write the filed PV here")
    show.set_defaults(handler=run_show)

    export = command(
        "export",
        "every archived decision as CSV or JSON",
        "Write every archived decision (of a year) as CSV (UTF-8 with BOM, for Excel) or JSON. "
        "A candidate referred back before its reveal has a scholarship flag that was never "
        f"revealed: '{NOT_REVEALED}' in the CSV, null in the JSON.",
    )
    export.add_argument("--year", type=int)
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")
    export.set_defaults(handler=run_export)

    verify = command(
        "verify",
        "re-verify every filed PV (the yearly check)",
        "Re-verify every filed PV from the stored bytes against the secretariat's keys. "
        "One line per PV, then 'archive verify: N checked, V valid, F not valid'. Exit 1 if "
        "any is not valid.",
    )
    verify.add_argument("--all", action="store_true", required=True, help="every filed PV")
    _add_trusted_key(verify, "(default: the desk's trusted keys)")
    verify.set_defaults(handler=run_verify)


def _service(args: argparse.Namespace) -> ArchiveService:
    # Imported here: SQLAlchemy, Alembic and pyHanko are not needed by `jury-desk --help`.
    from jury_desk.archive.service import ArchiveService

    return ArchiveService.open(args.db, args.data_dir)


def _keys(args: argparse.Namespace) -> list[PublicKey]:
    from jury_desk.bundle.trust import TrustStore  # pydantic: not for every command's start

    keys = _read_keys(args.trusted_key) or TrustStore(data_dir(args.data_dir)).keys()
    if not keys:
        raise UsageError("No trusted key: pass --trusted-key K.pub (the secretariat's key).")
    return keys


def run_add(args: argparse.Namespace) -> int:
    from jury_desk.archive.folder import read_archive_folder

    pv, bundle, session = args.pv, args.bundle, args.session
    if pv.is_dir():
        found = read_archive_folder(pv)
        pv, bundle, session = found.pv, bundle or found.receipt, session or found.session
    if bundle is None:
        raise UsageError("Give --bundle B.jdbundle or the bundle receipt the PV was made from.")
    keys = _keys(args)
    with _service(args) as archive:
        result = archive.add(pv, bundle, keys, session)
        where = archive.where
    verb = "Archived" if result.added else "Already archived (nothing changed):"
    print(f"{verb} PV #{result.pv_id}: {result.session_title}, {result.candidates} candidates, "
          f"in {where}")  # fmt: skip
    if result.supersedes is not None:
        print(f"  supersedes PV #{result.supersedes}, now marked superseded")
    elif result.supersedes_missing:
        print("  supersedes an earlier PV that is not in the archive: add it too")
    if result.superseded_by is not None:
        print(f"  superseded by PV #{result.superseded_by} (already archived)")
    return 0


def _decision(hit: Hit) -> str:
    word = DECISION_WORDS.get(hit.decision, hit.decision)
    return f"{word} ({hit.mention})" if hit.mention else word


def _score(hit: Hit) -> str:
    """ ", 14.25/20"; nothing for a renvoi, which decided nothing from a score."""
    return "" if hit.overall is None else f", {hit.overall:.2f}/20"


def _hit_line(hit: Hit) -> str:
    ident = ", ".join(
        x for x in (hit.student_id and f"n° {hit.student_id}",
                    hit.birth_date and f"né(e) le {hit.birth_date.isoformat()}") if x
    )  # fmt: skip
    if hit.scholarship is None:  # sealed in the bundle, renvoyé before its reveal
        ident = ", ".join(x for x in (ident, "statut boursier non révélé") if x)
    mark = "  [SUPERSEDED]" if hit.superseded else ""
    return (
        f"{hit.session_date.isoformat()}  PV #{hit.pv_id}  {hit.candidate_id}  {hit.name}"
        f"{f' ({ident})' if ident else ''}: {_decision(hit)}{_score(hit)} "
        f"- {hit.session_title}{mark}"
    )


def run_search(args: argparse.Namespace) -> int:
    from jury_desk.archive.service import decisions_json

    with _service(args) as archive:
        hits = archive.search(args.text, year=args.year, programme=args.programme,
                              kind=args.kind, decision=args.decision, limit=args.limit)  # fmt: skip
    if args.json:
        print(decisions_json(hits))
        return 0
    for hit in hits:
        print(_hit_line(hit))
    more = (
        " (the first ones; narrow the search or raise --limit)" if len(hits) == args.limit else ""
    )
    print(f"{len(hits)} decision{'s' if len(hits) != 1 else ''} found{more}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    with _service(args) as archive:
        sessions = archive.sessions(args.what)
        if sessions:
            pv = sessions[0]
            assert pv.id is not None
            print(f"PV #{pv.id}: {pv.session_title}")
            print(f"  {pv.session_kind}, {pv.programme}, {pv.session_date.isoformat()}, "
                  f"{pv.session_place}")  # fmt: skip
            print(
                f"  bundle {pv.bundle_id} version {pv.bundle_seq} (fingerprint {pv.bundle_sha256})"
            )
            print(f"  audit head {pv.audit_head}"
                  f"{' (session file checked)' if pv.session_checked else ''}")  # fmt: skip
            print(f"  PV SHA-256 {pv.pv_sha256}, filed {pv.added_at.isoformat()}")
            for signer in json.loads(pv.signers_json):
                print(f"  signed for {signer['institution']} by {signer['name']} "
                      f"(certificate {signer['cert_sha256'][:16]}…)")  # fmt: skip
            if pv.supersedes_head:
                print(f"  supersedes the PV with audit head {pv.supersedes_head[:16]}…: "
                      f"{pv.supersedes_reason}")  # fmt: skip
            for hit in archive.decisions_of(pv.id):
                print(f"  {_hit_line(hit)}")
            print("Verification report when filed:")
            for line in pv.report.splitlines():
                print(f"  {line}")
            if args.save_pv is not None:
                data = archive.file(pv.id, "pv")
                assert data is not None
                args.save_pv.write_bytes(data)
                print(f"PV written to {args.save_pv}")
            return 0
        hits = archive.search(args.what, limit=1000)
    if not hits:
        raise UsageError(f"Nothing archived matches {args.what!r} (no PV number, bundle id "
                         "or candidate).")  # fmt: skip
    for hit in hits:
        print(_hit_line(hit))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from jury_desk.archive.service import hit_dict

    with _service(args) as archive:
        rows = [hit_dict(h) for h in archive.export(year=args.year)]
    out = open(args.out, "w", encoding="utf-8-sig" if args.format == "csv" else "utf-8",
               newline="") if args.out else sys.stdout  # fmt: skip
    try:
        if args.format == "json":
            json.dump(rows, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            for row in rows:  # a flag never revealed: said, not left empty
                flag = NOT_REVEALED if row["scholarship"] is None else row["scholarship"]
                writer.writerow({**row, "kind": row["kind"], "scholarship": flag})
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out:
        print(f"{len(rows)} decisions written to {args.out}.")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    keys = _keys(args)

    def progress(number: int, total: int, outcome: VerifyOutcome) -> None:
        mark = "OK  " if outcome.ok else "FAIL"
        print(f"[{number}/{total}] {mark} PV #{outcome.pv_id} {outcome.session_title}: "
              f"{outcome.message}", flush=True)  # fmt: skip

    with _service(args) as archive:
        outcomes = archive.verify_all(keys, progress)
    bad = sum(not o.ok for o in outcomes)
    print(f"archive verify: {len(outcomes)} checked, {len(outcomes) - bad} valid, {bad} not valid")
    if bad:
        from jury_desk.archive.errors import ArchiveError

        raise ArchiveError("archive.verify-failed", f"{bad} archived PV(s) are no longer valid; "
                           "see the lines marked FAIL.")  # fmt: skip
    return 0
