"""``jury-desk member keygen``: a jury member's signing key pair (DESIGN.md §4).

The member runs it on their own machine and gives NAME.pub to the secretariat, which pins
it in the bundle (``public_key_file`` in session.toml); NAME.key, encrypted under their
passphrase, stays with them. Both are minisign files: ``minisign -S -s NAME.key`` signs with
it and ``minisign -V -p NAME.pub`` verifies.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from jury_desk.commands.bundle_signing_keys import (
    PASSPHRASE_HELP,
    key_paths,
    new_passphrase,
    write_key_pair,
)
from jury_desk.core.errors import UsageError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("member", help="a jury member's signing key")
    msub = parser.add_subparsers(
        dest="member_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    keygen = msub.add_parser(
        "keygen",
        parents=[common],
        help="make a member's signing key pair (NAME.key, NAME.pub)",
        description="Make a jury member's Ed25519 key pair in minisign's formats: NAME.key\n"
        "(secret, encrypted under your passphrase, mode 0600: bring it to the jury) and\n"
        "NAME.pub (public: give it to the secretariat, which pins it in the bundle).",
        epilog=PASSPHRASE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    keygen.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    keygen.add_argument("--name", required=True, help="file name stem, e.g. m-mines-1")
    keygen.add_argument("--force", action="store_true", help="replace existing key files")
    keygen.set_defaults(handler=run_keygen)


def run_keygen(args: argparse.Namespace) -> int:
    from jury_desk.deliberation.passphrase import check_strength
    from jury_desk.signing import member_key

    key_path, pub_path = key_paths(args.out, args.name, force=args.force)
    try:
        passphrase = new_passphrase().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("The passphrase is not UTF-8 text; nothing was written.") from None
    check_strength(passphrase)
    key, key_text = member_key.new_key(f"jury-desk member key {args.name}", passphrase)
    public = key.public_key()
    write_key_pair(key_path, key_text, pub_path, public)
    print(f"Key id:       {public.key_id_hex}")
    print(f"Fingerprint:  {member_key.fingerprint(public)}  (SHA-256 of the public key)")
    print(f"Secret key:   {key_path}  (encrypted under your passphrase; bring it to the jury)")
    print(f"Public key:   {pub_path}  (give it to the secretariat; it will be in the bundle)")
    return 0
