"""``jury-desk member keygen``: a jury member's signing key pair (DESIGN.md §4).

The member runs it on their own machine and gives NAME.pub to the secretariat, which pins
it in the bundle (``public_key_file`` in session.toml); NAME.key, encrypted under their
passphrase, stays with them. Both are minisign files: ``minisign -S -s NAME.key`` signs with
it and ``minisign -V -p NAME.pub`` verifies.

``--role chair`` also writes NAME.reveal.pub: the chair's reveal key, signed by the chair's
key (``signing/reveal_pin.py``). Pinned by the secretariat (``reveal_key_file``), it lets
every member seal before the chair signs in; its secret half is the chair's key itself, so
there is no second secret file.
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
    keygen.add_argument(
        "--role",
        choices=("member", "chair"),
        default="member",
        help="chair: also write NAME.reveal.pub, the reveal key the secretariat pins",
    )
    keygen.set_defaults(handler=run_keygen)


def run_keygen(args: argparse.Namespace) -> int:
    from jury_desk.deliberation.passphrase import check_strength
    from jury_desk.signing import member_key, reveal_pin

    key_path, pub_path = key_paths(args.out, args.name, force=args.force)
    reveal_path = args.out / f"{args.name}{reveal_pin.SUFFIX}"
    if args.role == "chair" and reveal_path.exists() and not args.force:
        raise UsageError(f"{reveal_path} already exists; add --force to replace it.")
    try:
        passphrase = new_passphrase().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("The passphrase is not UTF-8 text; nothing was written.") from None
    check_strength(passphrase)
    key, key_text = member_key.new_key(f"jury-desk member key {args.name}", passphrase)
    public = key.public_key()
    reveal = []
    if args.role == "chair":
        reveal = [(reveal_path, reveal_pin.file_text(reveal_pin.make_pin(key), args.name))]
    write_key_pair(key_path, key_text, pub_path, public, public_files=reveal)
    print(f"Key id:       {public.key_id_hex}")
    print(f"Fingerprint:  {member_key.fingerprint(public)}  (SHA-256 of the public key)")
    print(f"Secret key:   {key_path}  (encrypted under your passphrase; bring it to the jury)")
    print(f"Public key:   {pub_path}  (give it to the secretariat; it will be in the bundle)")
    if reveal:
        print(f"Reveal key:   {reveal_path}  (give it to the secretariat too: reveal_key_file)")
    return 0
