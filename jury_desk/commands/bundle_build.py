"""``jury-desk bundle build``: make a dossier bundle from the secretariat's sources."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from jury_desk.bundle.build_defaults import DEFAULT_VALID_DAYS, RECORD_FILE
from jury_desk.commands.bundle_signing_keys import PASSPHRASE_HELP, key_passphrase
from jury_desk.core.errors import UsageError

_SOURCES_HELP = f"""\
sources (commented examples in resources/examples/):
  --session     TOML: bundle_id, seq, issued_at, expires_at or valid_days (default
                {DEFAULT_VALID_DAYS}), and a [session] table with the jury, rubric and rules.
  --candidates  CSV in UTF-8 (with or without BOM), comma or semicolon separated, with a
                header row: id,name,scholarship[,conflicts]
                  scholarship: oui/non (also yes/no, true/false, 1/0)
                  conflicts:   member:category[:note], separated by ';', e.g.
                               "m-albert-3:tutor; m-mines-2:former_teacher"
                               categories: tutor, sponsor, personal, former_teacher, other
                               (quote the cell when the file is semicolon separated)
  --documents   one folder per candidate id; each file becomes documents/<id>/<name>.
                Graduation: each folder also holds {RECORD_FILE} (courses with ECTS and
                grades, business cases, placement), which goes into the manifest, not
                into the documents. Hidden files, sub-folders and symbolic links are refused.

Without --key the bundle is written unsigned: sign it with
  jury-desk bundle sign B.jdbundle --key K

"""


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    build = sub.add_parser(
        "build",
        parents=[common],
        help="make a dossier bundle from session.toml, candidates.csv and a documents folder",
        description="Make a .jdbundle: a deterministic ZIP with manifest.json, its minisign\n"
        "signature and the documents. The same sources always give the same bytes.",
        epilog=_SOURCES_HELP + PASSPHRASE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("--session", required=True, type=Path, metavar="S.toml")
    build.add_argument("--candidates", required=True, type=Path, metavar="C.csv")
    build.add_argument("--documents", required=True, type=Path, metavar="DIR")
    build.add_argument("--out", required=True, type=Path, metavar="B.jdbundle")
    build.add_argument("--key", type=Path, metavar="K", help="minisign secret key to sign with")
    build.add_argument("--bundle-id", metavar="ID", help="overrides bundle_id of S.toml")
    build.add_argument("--seq", type=_non_negative, metavar="N", help="overrides seq of S.toml")
    build.add_argument(
        "--valid-days", type=_non_negative, metavar="N", help="overrides valid_days of S.toml"
    )
    build.add_argument("--force", action="store_true", help="replace an existing output file")
    build.set_defaults(handler=run_build)


def run_build(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not args.force:
        raise UsageError(f"{out} already exists; add --force to replace it.")
    if args.key is not None and not args.key.is_file():
        raise UsageError(f"The key file {args.key} does not exist.")
    from jury_desk.bundle.builder import build_from_sources
    from jury_desk.bundle.manifest import manifest_bytes
    from jury_desk.bundle.minisign import SecretKey
    from jury_desk.bundle.writer import write_bundle

    # Check every source before asking for the passphrase: a typo costs no prompt.
    manifest, documents = build_from_sources(
        args.session,
        args.candidates,
        args.documents,
        bundle_id=args.bundle_id,
        seq=args.seq,
        valid_days=args.valid_days,
    )
    key = None
    if args.key is not None:
        key = SecretKey.from_file(args.key, key_passphrase(args.key))
    write_bundle(manifest, documents, key, out)
    # The bundle's fingerprint, as every desk shows it (verify.py: SHA-256 of manifest.json).
    fingerprint = hashlib.sha256(manifest_bytes(manifest)).hexdigest()
    signed = (
        f"signed with key {key.key_id_hex}"
        if key is not None
        else f"UNSIGNED: run `jury-desk bundle sign {out} --key K`"
    )
    print(
        f"Built {out}: bundle {manifest.bundle_id} seq {manifest.seq}, "
        f"{len(manifest.candidates)} candidates, {len(manifest.files)} files, "
        f"{out.stat().st_size} bytes, fingerprint {fingerprint} ({signed})."
    )
    return 0
