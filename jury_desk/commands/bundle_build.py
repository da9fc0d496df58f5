"""``jury-desk bundle build``: make a dossier bundle from the secretariat's sources."""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jury_desk.bundle.build_defaults import DEFAULT_VALID_DAYS, RECORD_FILE
from jury_desk.commands.bundle_signing_keys import (
    PASSPHRASE_HELP,
    _env_passphrase,
    _prompt,
    key_passphrase,
)
from jury_desk.core.errors import UsageError

if TYPE_CHECKING:
    from jury_desk.bundle.signer_certs import SignerCert

_SOURCES_HELP = f"""\
sources (commented examples in resources/examples/):
  --session     TOML: bundle_id, seq, issued_at, expires_at or valid_days (default
                {DEFAULT_VALID_DAYS}), and a [session] table with the jury, rubric and rules.
  --candidates  CSV in UTF-8 (with or without BOM) or Windows-1252 (French Excel's
                default "CSV (séparateur: point-virgule)"), comma or semicolon separated,
                with a header row: id,name,scholarship[,conflicts][,student_id][,birth_date]
                  scholarship: oui/non (also yes/no, true/false, 1/0)
                  student_id:  numéro étudiant / INE (optional, unique in the file)
                  birth_date:  2001-03-14 or 14/03/2001 (optional)
                  conflicts:   member:category[:note], separated by ';', e.g.
                               "m-albert-3:tutor; m-mines-2:former_teacher"
                               categories: tutor, sponsor, personal, former_teacher, other
                               (quote the cell when the file is semicolon separated)
  --documents   one folder per candidate id; each file becomes documents/<id>/<name>.
                Graduation: each folder also holds {RECORD_FILE} (courses with ECTS and
                grades, business cases, placement), which goes into the manifest, not
                into the documents. Every document must be a PDF that opens, without a
                password, with at least one page. Hidden files, sub-folders, symbolic
                links and Windows/macOS leftovers (Thumbs.db, ~$*, desktop.ini) are refused.
  --signer-cert INSTITUTION=FILE, once per institution, and chair=FILE for the jury
                chair: the certificate that signs the PV
                (.crt/.pem/.der, or their .p12 with its passphrase). The builder writes
                its SHA-256 fingerprint into the bundle and checks it is valid on the
                session date; a signer_cert_sha256 typed in session.toml must match it.

A signed bundle is verified once written, without recording it in the desk's freshness
ledger (as `jury-desk bundle verify --no-record` does), so checking it costs no seq.

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
    build.add_argument(
        "--signer-cert",
        action="append",
        default=[],
        metavar="INSTITUTION=FILE",
        help="a PV signer's certificate (.crt/.pem/.der or .p12); repeat per institution, "
        "and chair=FILE for the jury chair",
    )
    build.add_argument("--force", action="store_true", help="replace an existing output file")
    build.set_defaults(handler=run_build)


def _signer_certs(options: list[str]) -> list[SignerCert]:
    from jury_desk.bundle.signer_certs import is_p12, load_signer_cert, parse_signer_option

    certs = []
    for option in options:
        code, path = parse_signer_option(option)
        passphrase = None
        if is_p12(path) and path.is_file():
            passphrase = _env_passphrase()
            if passphrase is None:
                passphrase = _prompt(f"Passphrase for {path} (to read its certificate): ")
        certs.append(load_signer_cert(code, path, passphrase))
    return certs


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def kept_values_path(bundle: Path) -> Path:
    """Where ``bundle build`` keeps, beside a bundle whose flags are sealed to a pinned
    reveal key, their values and salts (for ``bundle inspect --blind-values``)."""
    return bundle.with_name(f"{bundle.stem}.blind-values.json")


def run_build(args: argparse.Namespace) -> int:
    out: Path = args.out
    for made in (out, kept_values_path(out)):
        if made.exists() and not args.force:
            raise UsageError(f"{made} already exists; add --force to replace it.")
    if args.key is not None and not args.key.is_file():
        raise UsageError(f"The key file {args.key} does not exist.")
    from jury_desk.bundle.builder import prepare_bundle
    from jury_desk.bundle.manifest import manifest_bytes
    from jury_desk.bundle.minisign import SecretKey
    from jury_desk.bundle.verify import verify_bundle
    from jury_desk.bundle.writer import write_bundle

    # Check every source before asking for the passphrase: a typo costs no prompt.
    build = prepare_bundle(
        args.session,
        args.candidates,
        args.documents,
        bundle_id=args.bundle_id,
        seq=args.seq,
        valid_days=args.valid_days,
        signer_certs=_signer_certs(args.signer_cert),
    )
    manifest = build.manifest
    key = None
    if args.key is not None:
        key = SecretKey.from_file(args.key, key_passphrase(args.key))
    write_bundle(manifest, build.documents, key, out)
    if build.kept_values is not None:
        from jury_desk.core.storage import atomic_output

        with atomic_output(kept_values_path(out)) as fh:  # 0600, like the sources it copies
            fh.write(build.kept_values)
    print(f"Read {args.candidates.name} as {build.encoding}.")
    for warning in build.warnings:
        print(f"WARNING: {warning}")
    if key is not None:
        # The builder's own check: what a desk will run, in a scratch folder so that this
        # desk's freshness ledger does not remember the seq (rebuilding it stays possible).
        with tempfile.TemporaryDirectory(prefix="jury-desk-build-") as scratch:
            verify_bundle(
                out,
                trusted_keys=[key.public_key()],
                data_dir=Path(scratch),
                record=False,
                now=max(datetime.now(UTC), manifest.issued_at),
            )
        signed = f"signed with key {key.key_id_hex}, verified (not recorded)"
    else:
        signed = f"UNSIGNED: run `jury-desk bundle sign {out} --key K`"
    # The bundle's fingerprint, as every desk shows it (verify.py: SHA-256 of manifest.json).
    fingerprint = hashlib.sha256(manifest_bytes(manifest)).hexdigest()
    documents = sum(f.size for f in manifest.files)
    print(
        f"Built {out}: bundle {manifest.bundle_id} seq {manifest.seq}, "
        f"{_plural(len(manifest.candidates), 'candidate')}, "
        f"{_plural(len(manifest.files), 'file')} ({documents} bytes of documents; "
        f"the bundle file is {out.stat().st_size} bytes), fingerprint {fingerprint} ({signed})."
    )
    if build.kept_values is not None:
        print(
            f"Wrote {kept_values_path(out)}: the scholarship flags sealed to the chair's key, "
            "with their salts, to proofread them with `jury-desk bundle inspect "
            f"{out} --blind-values {kept_values_path(out)}`. Keep it at the secretariat: it is "
            "not part of the bundle and must not go to the desks."
        )
    return 0
