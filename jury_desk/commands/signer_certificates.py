"""``jury-desk keys create``: a self-signed PV signer key for an institution without a PKI.

It writes a passphrase-protected PKCS#12 file (0600) and prints the certificate's SHA-256
fingerprint, which the secretariat declares as that signer's ``signer_cert_sha256`` in
session.toml: the bundle pins it, and a PV signed with any other certificate is refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from jury_desk.commands.bundle_signing_keys import PASSPHRASE_ENV, _env_passphrase, _prompt
from jury_desk.core.errors import UsageError

# As jury_desk.minutes.signer_keys says (not imported here: the CLI starts without
# cryptography; create_signer_p12 checks the role again).
DEFAULT_VALID_DAYS = 3 * 365
ROLES = ("chair", "signer")

_EPILOG = f"""\
passphrase:
  The key is encrypted with a passphrase, asked twice on the terminal, or read from the
  environment variable {PASSPHRASE_ENV} for scripts. Prefer the prompt: an environment
  variable can leak into logs.
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("keys", help="make PV signer keys")
    ksub = parser.add_subparsers(
        dest="keys_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    create = ksub.add_parser(
        "create",
        parents=[common],
        help="make a self-signed PV signer key (PKCS#12) and print its fingerprint",
        description="Make a self-signed certificate and key for an institution's PV signer, "
        "in a passphrase-protected PKCS#12 file. The printed SHA-256 fingerprint goes into "
        "session.toml as that signer's signer_cert_sha256.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    create.add_argument("--name", required=True, help="the signer's full name, e.g. 'Karim Haddad'")
    create.add_argument(
        "--institution", required=True, metavar="CODE", help="institution code, e.g. MINES"
    )
    create.add_argument(
        "--organization",
        required=True,
        metavar="NAME",
        help="the institution's full name, as the bundle gives it (the certificate's O=), "
        "e.g. 'Mines Paris – PSL'",
    )
    create.add_argument(
        "--role",
        choices=ROLES,
        default="signer",
        help="chair: the jury chair (Président du jury); signer: the institution's signer "
        "(default)",
    )
    create.add_argument("--out", required=True, type=Path, metavar="signer.p12")
    create.add_argument(
        "--valid-days",
        type=int,
        default=DEFAULT_VALID_DAYS,
        metavar="N",
        help=f"validity in days (default: {DEFAULT_VALID_DAYS}, three years)",
    )
    create.add_argument("--force", action="store_true", help="replace an existing file")
    create.set_defaults(handler=run_create)


def _new_passphrase() -> bytes:
    passphrase = _env_passphrase()
    if passphrase is None:
        passphrase = _prompt("Passphrase for the new signer key: ")
        if passphrase != _prompt("Passphrase (again): "):
            raise UsageError("The two passphrases differ; nothing was written. Try again.")
    if not passphrase:
        raise UsageError("The passphrase is empty; the signer key must be protected by one.")
    return passphrase


def run_create(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not args.force:
        raise UsageError(f"{out} already exists; nothing was written. Use --force to replace it.")
    if not 1 <= args.valid_days <= 36500:
        raise UsageError("--valid-days must be between 1 and 36500; nothing was written.")
    from jury_desk.minutes.signer_keys import create_signer_p12

    fingerprint = create_signer_p12(
        args.name,
        args.institution,
        _new_passphrase(),
        out,
        valid_days=args.valid_days,
        organization=args.organization,
        role=args.role,
    )
    print(f"Signer key for {args.name} ({args.institution}, {args.role}) written to {out}")
    print(f"Certificate SHA-256: {fingerprint}")
    print("Declare it in session.toml as this signer's signer_cert_sha256.")
    return 0
