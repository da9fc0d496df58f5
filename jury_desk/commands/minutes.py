"""``jury-desk minutes verify|render|sign``: check, draw and sign the PV (DESIGN.md §5, §6).

``verify`` prints one line per check and exits 0 (valid) or 1 (not valid; the first failure
is also the one line on stderr). With ``--bundle`` (and the secretariat's key, or the desk's
trust store) it also checks the signers and the session against that bundle, as of the PV's
own date: a bundle has usually expired by the time a PV is checked. A valid PV of a
simulation (``jury-desk simulate``) also exits 1 unless ``--allow-simulation`` is given: a
script that archives what verifies must never archive a rehearsal as a jury's decisions.

``render`` draws an unsigned PV from a minutes.json; ``sign`` adds one institution's
signature. Passphrases come from the system keyring when remembered (``--remember``), else
from the environment variable or a prompt; never from a file.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jury_desk.commands.bundle_signing_keys import PASSPHRASE_ENV, _env_passphrase, _prompt
from jury_desk.commands.bundle_verify import _add_trusted_key, _read_keys
from jury_desk.core.errors import KeyFileError, MinutesError, UsageError

if TYPE_CHECKING:
    from jury_desk.bundle.verify import VerifiedBundle

_SIGN_EPILOG = f"""\
passphrase:
  Read from the system keyring if it was remembered with --remember, else from the
  environment variable {PASSPHRASE_ENV}, else asked on the terminal. A passphrase is
  remembered only in an OS keyring (Secret Service, Keychain, Windows); never in a file.
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("minutes", help="verify, render and sign the PV")
    msub = parser.add_subparsers(
        dest="minutes_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    verify = msub.add_parser(
        "verify",
        parents=[common],
        help="check a signed PV: signatures, signers, embedded minutes.json, pages",
        description="Check a signed PV. Exit 0: valid; 1: not valid (the failed check is "
        "named), or valid but the PV of a simulation (jury-desk simulate, watermarked "
        "SIMULATION) and --allow-simulation was not given; 2: usage error.",
    )
    verify.add_argument("pdf", type=Path, metavar="PV.pdf")
    _bundle_options(verify)
    verify.add_argument(
        "--allow-simulation",
        action="store_true",
        help="exit 0 for a valid PV of a simulation too (rehearsals, tests); without it a "
        "simulated PV exits 1, as it is not a jury's PV",
    )
    verify.add_argument(
        "--later",
        type=Path,
        metavar="NEW.pdf",
        help="a later PV of the same session (after a reopening): say whether it replaces "
        "this one (a superseded PV exits 1)",
    )
    verify.add_argument(
        "--receipt",
        metavar="CODE",
        help="the receipt shown after sealing a sheet (e.g. 3F2A-91C0-BB7D): say whether "
        "that sheet is counted in this PV as it was sealed",
    )
    verify.set_defaults(handler=run_verify)

    render = msub.add_parser(
        "render",
        parents=[common],
        help="draw the unsigned PV from a minutes.json",
        description="Draw the unsigned PV (A4 PDF, minutes.json attached) from a minutes.json.",
    )
    render.add_argument("minutes", type=Path, metavar="minutes.json")
    render.add_argument("--out", required=True, type=Path, metavar="PV.pdf")
    render.add_argument("--lang", choices=("fr", "en"), default="fr", help="default: fr")
    render.set_defaults(handler=run_render)

    sign = msub.add_parser(
        "sign",
        parents=[common],
        help="add the chair's or one institution's PAdES signature to a PV",
        description="Add the jury chair's (--chair) or an institution's signature to the PV "
        "(an incremental update that keeps the other signatures valid). The PV needs the "
        "chair's and one per institution; a chair who is also their institution's signer "
        "signs once for both. The key's certificate must be the one the bundle declares.",
        epilog=_SIGN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sign.add_argument("pdf", type=Path, metavar="PV.pdf")
    sign.add_argument("--p12", required=True, type=Path, metavar="signer.p12")
    who = sign.add_mutually_exclusive_group(required=True)
    who.add_argument("--institution", metavar="CODE", help="sign as this institution's signer")
    who.add_argument("--chair", action="store_true", help="sign as the jury chair")
    sign.add_argument("--out", type=Path, metavar="OUT.pdf", help="default: sign PV.pdf in place")
    sign.add_argument(
        "--remember",
        action="store_true",
        help="remember the passphrase in the system keyring (if there is one)",
    )
    sign.add_argument(
        "--tsa",
        metavar="URL",
        help="a time-stamping authority (RFC 3161): the signature carries its time stamp",
    )
    sign.add_argument(
        "--without-timestamp-if-unavailable",
        action="store_true",
        help="with --tsa: if the authority gives no time stamp, sign without one (the PV then "
        "records only the time this computer claims); without this option signing stops",
    )
    _bundle_options(sign)
    sign.set_defaults(handler=run_sign)

    stamp = msub.add_parser(
        "timestamp",
        parents=[common],
        help="add validation data and a document time stamp (PAdES B-LTA), for the archive",
        description="Add the signers' validation data and an RFC 3161 document time stamp "
        "from the time-stamping authority at URL, so that the PV stays verifiable after the "
        "certificates expire. Run by the secretariat, online, once every signature is there; "
        "nobody can sign the PV afterwards.",
    )
    stamp.add_argument("pdf", type=Path, metavar="PV.pdf")
    stamp.add_argument("--tsa", required=True, metavar="URL")
    stamp.add_argument("--out", type=Path, metavar="OUT.pdf", help="default: PV.pdf in place")
    stamp.set_defaults(handler=run_timestamp)


def _bundle_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bundle",
        type=Path,
        metavar="B.jdbundle",
        help="the session's bundle, or its receipt (jury-desk bundle receipt)",
    )
    _add_trusted_key(parser, "(default: the desk's trusted keys)")


def _verified_bundle(args: argparse.Namespace, at: datetime | None) -> VerifiedBundle | None:
    """The bundle given with --bundle, verified as of ``at`` (the PV's date), or None."""
    if args.bundle is None:
        if args.trusted_key:
            raise UsageError("--trusted-key needs --bundle (the session's bundle).")
        return None
    if not args.bundle.is_file():
        raise UsageError(f"--bundle {args.bundle}: no such file.")
    from jury_desk.bundle.receipt import verified_anchor
    from jury_desk.bundle.trust import TrustStore
    from jury_desk.core.paths import data_dir

    keys = _read_keys(args.trusted_key) or TrustStore(data_dir(args.data_dir)).keys()
    if not keys:
        raise UsageError("No trusted key: pass --trusted-key K.pub (the secretariat's key).")
    # The bundle or its receipt (jury-desk bundle receipt), in a scratch data folder:
    # checking an old PV must neither touch the desk's freshness ledger nor be refused
    # because the desk has since accepted a newer bundle version.
    return verified_anchor(args.bundle, keys, at=at)[0]


def _existing(path: Path, what: str) -> Path:
    if not path.is_file():
        raise UsageError(f"{path}: no such {what}.")
    return path


def run_verify(args: argparse.Namespace) -> int:
    from jury_desk.minutes.receipts import receipt_digits, receipt_verdict
    from jury_desk.minutes.verify import UNANCHORED, peek_minutes, verify_pv

    pdf = _existing(args.pdf, "PV file")
    if args.receipt is not None:
        receipt_digits(args.receipt)  # a typo costs no verification
    peeked = peek_minutes(pdf)
    bundle = _verified_bundle(args, peeked.generated_at if peeked else None)
    later = _existing(args.later, "later PV file") if args.later is not None else None
    report = verify_pv(pdf, bundle=bundle, later=later)
    for line in report.lines():
        print(line)
    if report.verified and report.simulated and not args.allow_simulation:
        raise MinutesError(
            "pv.simulation",
            "a simulated PV is not a jury's PV: it records a rehearsal (jury-desk simulate), "
            "not a deliberation. Pass --allow-simulation to accept it as such.",
        )
    if report.verified:
        if args.receipt is not None and report.minutes is not None:
            print(receipt_verdict(report.minutes, args.receipt))
        return 0
    if report.ok:
        raise MinutesError("bundle.signers", f"PV not valid: {UNANCHORED[len('NOT VALID: ') :]}.")
    failure = report.failure
    code = failure.code if failure else "pv.incomplete"
    raise MinutesError(code, f"PV not valid: {failure.message if failure else 'incomplete'}")


def run_timestamp(args: argparse.Namespace) -> int:
    from jury_desk.minutes.lta import timestamp_pv
    from jury_desk.minutes.timestamps import TsaClient

    pdf = _existing(args.pdf, "PV file")
    stamped = timestamp_pv(pdf, args.out or pdf, TsaClient(args.tsa))
    print(f"Time-stamped by {stamped.tsa}, with the validation data of {stamped.signatures} "
          f"signatures -> {args.out or pdf}")  # fmt: skip
    return 0


def run_render(args: argparse.Namespace) -> int:
    from jury_desk.minutes.model import parse_minutes
    from jury_desk.minutes.pdf import render_pv

    source = _existing(args.minutes, "minutes.json file")
    minutes = parse_minutes(source.read_bytes())
    out = render_pv(minutes, args.out, lang=args.lang)
    print(f"Unsigned PV written to {out} ({len(minutes.candidates)} candidates, {args.lang}).")
    print("Next: the chair and each institution's signer run 'jury-desk minutes sign'.")
    return 0


def _keyring_name(cert_sha256: str) -> str:
    return f"pv-signer:{cert_sha256}"


def _passphrase(remembered: str | None, p12: Path) -> bytes:
    if remembered is not None:
        return remembered.encode("utf-8")
    given = _env_passphrase()
    return given if given is not None else _prompt(f"Passphrase for {p12}: ")


def _remember(name: str, passphrase: bytes) -> None:
    from jury_desk.secrets import remember_passphrase

    try:
        text = passphrase.decode("utf-8")
    except UnicodeDecodeError:
        print("The passphrase is not UTF-8 text: it was not remembered.")
        return
    if remember_passphrase(name, text):
        print("Passphrase remembered in the system keyring.")
    else:
        print("No usable system keyring: the passphrase was not remembered.")


def run_sign(args: argparse.Namespace) -> int:
    from jury_desk.minutes.export import manifest_slots
    from jury_desk.minutes.sign import sign_pv
    from jury_desk.minutes.slots import CHAIR, describe, slot_for
    from jury_desk.minutes.timestamps import TsaClient
    from jury_desk.minutes.verify import peek_minutes
    from jury_desk.secrets import forget_passphrase, recall_passphrase

    pdf = _existing(args.pdf, "PV file")
    p12 = _existing(args.p12, "signer key file")
    peeked = peek_minutes(pdf)
    if peeked is None:
        raise MinutesError("minutes.missing", f"{pdf} is not a readable jury-desk PV.")
    bundle = _verified_bundle(args, peeked.generated_at)
    role = CHAIR if args.chair else args.institution
    expected = None
    if bundle is not None:
        declared = slot_for(manifest_slots(bundle.manifest), role)
        expected = declared.cert_sha256 if declared else None
    signer = slot_for(peeked.slots(), role)
    name = _keyring_name(expected or (signer.cert_sha256 if signer else role))
    remembered = recall_passphrase(name) if _env_passphrase() is None else None
    passphrase = _passphrase(remembered, p12)
    out = args.out or pdf
    if args.without_timestamp_if_unavailable and not args.tsa:
        raise UsageError("--without-timestamp-if-unavailable needs --tsa URL.")
    stamping = {
        "tsa": TsaClient(args.tsa) if args.tsa else None,
        "without_timestamp_ok": args.without_timestamp_if_unavailable,
    }
    try:
        signed = sign_pv(pdf, out, p12, passphrase, institution=role,
                         expected_cert_sha256=expected, **stamping)  # fmt: skip
    except KeyFileError:
        if remembered is None:
            raise
        forget_passphrase(name)  # stale: the key file's passphrase changed
        print("The remembered passphrase no longer opens this key; it was forgotten.")
        passphrase = _passphrase(None, p12)
        signed = sign_pv(pdf, out, p12, passphrase, institution=role,
                         expected_cert_sha256=expected, **stamping)  # fmt: skip
    if signed.tsa_failure:
        print(f"Signed WITHOUT a time stamp, as agreed: {signed.tsa_failure}")
    elif signed.timestamped:
        print(f"Time-stamped by {args.tsa}")
    slot = slot_for(peeked.slots(), signed.institution)
    print(f"Signed as {describe(slot) if slot else signed.institution} by {signed.signer} -> {out}")
    print(f"Certificate SHA-256: {signed.cert_sha256}")
    if bundle is None:
        print("Signer checked against the PV's own minutes.json (give --bundle to check it too).")
    if args.remember and remembered is None:
        _remember(name, passphrase)
    remaining = ", ".join(signed.remaining)
    print(
        f"Still to sign: {remaining}."
        if remaining
        else "The chair and both institutions have signed."
    )
    return 0
