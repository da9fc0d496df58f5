"""``jury-desk bundle verify`` and ``jury-desk bundle inspect``.

``verify`` runs every check of DESIGN.md §2 and exits 0 (accepted), 1 (rejected: one line
naming the check and the entry) or 2 (usage). It records the accepted seq in the desk's
freshness ledger, because that ledger is the desk's trust state: once a desk has seen
version 5, version 4 must stay refused however it is opened. ``--no-record`` checks without
remembering. It does not keep the private copy: opening the bundle in the app does that.

``inspect`` prints what a bundle *claims*, candidates included (id, name, student number,
scholarship, documents, conflicts) so that the secretariat can proofread them; ``--json``
gives the same as one JSON object for scripts. Without ``--trusted-key`` nothing is
verified and the output says so on its first line (``"verified": false`` in JSON).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jury_desk.core.errors import BundleError, KeyFileError, UsageError

if TYPE_CHECKING:
    from jury_desk.bundle.blind_fields import Opened
    from jury_desk.bundle.manifest import Candidate, Manifest
    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.bundle.verify import VerifiedBundle


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    verify = sub.add_parser(
        "verify",
        parents=[common],
        help="verify a bundle: signature, manifest, freshness, every file",
        description="Verify a dossier bundle as the desk does before opening it. Exit 0: "
        "accepted; 1: rejected (the check and the entry are named); 2: usage error. "
        "The accepted version is recorded in the desk's freshness ledger, so that an older "
        "version is refused later; checking your own bundle before sending it, use "
        "--no-record (else rebuilding it with the same seq is refused as seq-reused).",
    )
    verify.add_argument("bundle", type=Path, metavar="B.jdbundle")
    _add_trusted_key(verify, "(default: the keys pinned in the desk's trust store)")
    verify.add_argument(
        "--no-record",
        action="store_true",
        help="do not record the accepted version in the desk's freshness ledger",
    )
    verify.set_defaults(handler=run_verify)

    inspect = sub.add_parser(
        "inspect",
        parents=[common],
        help="show what a bundle claims (UNVERIFIED unless --trusted-key is given)",
        description="Print a bundle's id, version, dates, session, jury, candidates (id, name, "
        "student number, scholarship, documents, conflicts), files and signing key id. "
        "Without --trusted-key nothing is verified.",
    )
    inspect.add_argument("bundle", type=Path, metavar="B.jdbundle")
    inspect.add_argument(
        "--json", action="store_true", help="print one JSON object instead (for scripts)"
    )
    inspect.add_argument(
        "--blind-values",
        type=Path,
        nargs="?",
        const=IN_BUNDLE,
        metavar="FILE",
        help="show the sealed blind fields (scholarship flags, names), each checked against "
        "its commitment: alone, from the bundle's own documents/blind-fields.json; with "
        "FILE, from the B.blind-values.json that `bundle build` wrote beside a bundle "
        "sealed to the chair's key (nothing else can read them before the reveal)",
    )
    _add_trusted_key(inspect, "to verify the bundle before showing it")
    inspect.set_defaults(handler=run_inspect)

    receipt = sub.add_parser(
        "receipt",
        parents=[common],
        help="the signed manifest alone (for archives): anchors a PV without the documents",
        description="Write the bundle receipt: a small ZIP with the signed manifest.json and "
        "its signature, nothing else. It has the bundle's fingerprint; `minutes verify` and "
        "`archive add` accept it in place of the bundle.",
    )
    receipt.add_argument("bundle", type=Path, metavar="B.jdbundle")
    receipt.add_argument("--out", required=True, type=Path, metavar="R.jdreceipt")
    receipt.add_argument("--force", action="store_true", help="replace an existing file")
    receipt.set_defaults(handler=run_receipt)


def _add_trusted_key(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--trusted-key",
        action="append",
        type=Path,
        default=[],
        metavar="K.pub",
        help=f"a secretariat's minisign public key; repeat for several {default}",
    )


def _bundle_path(path: Path) -> Path:
    if not path.is_file():
        raise UsageError(f"{path} is not a bundle file.")
    return path


def _read_keys(paths: list[Path]) -> list[PublicKey]:
    from jury_desk.bundle.minisign import PublicKey

    keys = []
    for path in paths:
        if not path.is_file():
            raise UsageError(f"--trusted-key {path}: no such file.")
        try:
            keys.append(PublicKey.from_file(path))
        except KeyFileError as exc:
            raise UsageError(f"--trusted-key {path}: {exc}") from None
    return keys


def _verify_without_keeping(
    bundle: Path, keys: list[PublicKey], folder: Path, *, record: bool
) -> VerifiedBundle:
    """Every check, on the bundle where it is: nothing is copied into the data folder."""
    from jury_desk.bundle.verify import check_bundle

    return check_bundle(bundle, trusted_keys=keys, data_dir=folder, record=record)


def run_verify(args: argparse.Namespace) -> int:
    from jury_desk.core.paths import data_dir

    bundle = _bundle_path(args.bundle)
    keys = _read_keys(args.trusted_key)
    folder = data_dir(args.data_dir)
    if not keys:
        # Only now: the trust store's schema loads pydantic, which the copy need not wait for.
        from jury_desk.bundle.trust import TrustStore

        keys = TrustStore(folder).keys()
        if not keys:
            raise UsageError(
                "No trusted key: pass --trusted-key K.pub (the secretariat's public key)."
            )
    vb = _verify_without_keeping(bundle, keys, folder, record=not args.no_record)
    m = vb.manifest
    print(f"ACCEPTED: bundle {m.bundle_id} version {m.seq}")
    print(f"  signed by key {vb.key_id_hex} ({vb.trusted_comment})")
    print(f"  fingerprint {vb.fingerprint} (SHA-256 of its signed manifest.json)")
    print(f"  valid {m.issued_at.isoformat()} to {m.expires_at.isoformat()}")
    total = sum(f.size for f in m.files)
    print(
        f"  {_plural(len(m.candidates), 'candidate')}, {_plural(len(m.files), 'file')} "
        f"({total} bytes of documents) checked"
    )
    if args.no_record:
        print("  not recorded in the freshness ledger (--no-record)")
    return 0


def _read_claims(bundle: Path) -> tuple[Manifest, str]:
    """The manifest and the signing key id, without verifying anything."""
    from jury_desk.bundle.layout import (
        MANIFEST_NAME,
        MAX_MANIFEST_BYTES,
        MAX_SIGNATURE_FILE,
        SIGNATURE_NAME,
    )
    from jury_desk.bundle.manifest import parse_manifest
    from jury_desk.bundle.minisign import parse_signature
    from jury_desk.bundle.zipreader import HardenedZip

    with HardenedZip(bundle) as zf:
        if MANIFEST_NAME not in zf.names:
            raise BundleError(
                "bundle.missing-manifest", "The bundle has no manifest.json.", MANIFEST_NAME
            )
        manifest = parse_manifest(zf.read(MANIFEST_NAME, MAX_MANIFEST_BYTES))
        if SIGNATURE_NAME not in zf.names:
            return manifest, "none (the bundle is not signed)"
        signature = parse_signature(zf.read(SIGNATURE_NAME, MAX_SIGNATURE_FILE))
    return manifest, f"{signature.key_id_hex} (claimed)"


def run_receipt(args: argparse.Namespace) -> int:
    from jury_desk.bundle.receipt import signed_pair, write_receipt

    bundle = _bundle_path(args.bundle)
    if args.out.exists() and not args.force:
        raise UsageError(f"{args.out} already exists; add --force to replace it.")
    write_receipt(bundle, args.out)
    manifest, _ = signed_pair(args.out)
    print(
        f"Receipt of {bundle.name} written to {args.out} "
        f"(fingerprint {hashlib.sha256(manifest).hexdigest()})."
    )
    return 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_inspect(args: argparse.Namespace) -> int:
    from jury_desk.core.paths import data_dir

    bundle = _bundle_path(args.bundle)
    keys = _read_keys(args.trusted_key)
    if keys:
        vb = _verify_without_keeping(bundle, keys, data_dir(args.data_dir), record=False)
        manifest, key_id, verified = vb.manifest, vb.key_id_hex, True
    else:
        manifest, key_id = _read_claims(bundle)
        verified = False
    flags = proofread_flags(bundle, manifest, args.blind_values)
    if args.json:
        claims = _claims_json(manifest, key_id, verified) | {"blind_fields": flags.json()}
        print(json.dumps(claims, ensure_ascii=False, indent=2))
        return 0
    if verified:
        print(f"VERIFIED with the given key {key_id}: signature, freshness and every file.")
        _print_claims(manifest, f"{key_id} (verified)", print, flags)
    else:
        print("UNVERIFIED: what the bundle claims. Nothing below was checked;")
        print("add --trusted-key K.pub to verify it.")
        _print_claims(manifest, key_id, print, flags)
    return 0


def _claims_json(m: Manifest, key_id: str, verified: bool) -> dict[str, object]:
    """The manifest as it is, plus what inspect adds: verified or not, and by which key."""
    return {
        "verified": verified,
        "signing_key": key_id,
        "documents_bytes": sum(f.size for f in m.files),
        "manifest": m.model_dump(mode="json", exclude_none=True),
    }


def _candidate_line(c: Candidate, names: dict[str, str], flags: Proofread) -> list[str]:
    ident = [f"n° {c.student_id}"] if c.student_id else []
    if c.birth_date:
        ident.append(f"born {c.birth_date.isoformat()}")
    bits = [", ".join(ident)] if ident else []
    opened = flags.values.get(c.id)
    if opened is not None:  # sealed, and opened here from the values that open it
        bits.append(
            f"{'scholarship holder' if opened else 'not a scholarship holder'}, checked "
            "against its commitment"
        )
    elif c.scholarship is None:  # sealed in the manifest: a commitment until the reveal
        bits.append("scholarship sealed until the reveal")
    else:
        bits.append("scholarship holder" if c.scholarship else "not a scholarship holder")
    bits.append(_plural(len(c.documents), "document"))
    if c.name is not None:
        name = c.name
    elif c.id in flags.names:  # sealed, and opened here from the values that open it
        name = f"{flags.names[c.id]} (name checked against its commitment)"
    else:
        name = "name sealed until the reveal"
    lines = [f"  {c.id}: {name} ({'; '.join(bits)})"]
    for k in c.conflicts:
        note = f": {k.note}" if k.note else ""
        lines.append(f"      conflict: {k.member} {names.get(k.member, '')} ({k.category}{note})")
    return lines


def _print_claims(m: Manifest, key_id: str, out: Callable[[str], None], flags: Proofread) -> None:
    s = m.session
    out(f"Bundle:      {m.bundle_id}, version (seq) {m.seq}, format {m.format}")
    out(f"Issued:      {m.issued_at.isoformat()}")
    out(f"Expires:     {m.expires_at.isoformat()}")
    out(f"Signed by:   key {key_id}")
    out(f"Session:     {s.kind}, {s.programme}: {s.title}")
    out(f"             {s.date.isoformat()}, {s.place}")
    for inst in s.institutions:
        seats = [mb for mb in s.members if mb.institution == inst.code]
        out(
            f"Jury {inst.code}: {inst.name}: {len(seats)} members, quorum {s.quorum[inst.code]}, "
            f"approvals {s.approvals_needed(inst.code)}"
        )
        for mb in seats:
            out(f"  {mb.id}: {mb.name} ({', '.join(mb.roles)})")
    if m.seals_blind_fields and not flags.values:
        out(f"Candidates:  {len(m.candidates)} (scholarship flags sealed until the reveal)")
    else:
        holders = sum(bool(flags.values.get(c.id, c.scholarship)) for c in m.candidates)
        out(f"Candidates:  {len(m.candidates)} ({holders} scholarship holders)")
    names = {mb.id: mb.name for mb in s.members}
    for c in m.candidates:
        for line in _candidate_line(c, names, flags):
            out(line)
    for line in flags.lines():
        out(line)
    out(f"Files:       {len(m.files)} ({sum(f.size for f in m.files)} bytes of documents)")
    for f in m.files:
        out(f"  {f.path}  {f.size} bytes  sha256 {f.sha256}")


#: ``--blind-values`` without a file: the bundle's own blind-fields.json.
IN_BUNDLE = Path("<the bundle's documents/blind-fields.json>")


@dataclass(frozen=True)
class Proofread:
    """What ``inspect`` could check of the sealed scholarship flags, and what it could not."""

    values: dict[str, bool]  # each sealed flag that opens its commitment, by candidate
    source: str | None  # where they were read from (None: not read)
    not_checked: str | None  # what could not be checked, in words
    names: dict[str, str] = field(default_factory=dict)  # each sealed name, likewise

    def lines(self) -> list[str]:
        out = []
        if self.source is not None:
            out.append(
                f"Blind fields: every value read from {self.source} opens its commitment in "
                "the manifest."
            )
        if self.not_checked is not None:
            out.append(f"Not checked: {self.not_checked}")
        return out

    def json(self) -> dict[str, object] | None:
        if self.source is None and self.not_checked is None:
            return None  # flags in clear in the manifest: nothing sealed to proofread
        return {
            "values": self.values,
            "names": self.names,
            "source": self.source,
            "not_checked": self.not_checked,
        }


def _proofread(opened: dict[str, Opened], source: str, not_checked: str | None) -> Proofread:
    from jury_desk.bundle.blind_fields import FIELD, NAME

    flags = {c: bool(o[FIELD][0]) for c, o in opened.items() if FIELD in o}
    names = {c: str(o[NAME][0]) for c, o in opened.items() if NAME in o}
    return Proofread(flags, source, not_checked, names)


def proofread_flags(bundle: Path, manifest: Manifest, given: Path | None) -> Proofread:
    """The sealed scholarship flags, for the secretariat to proofread: from the bundle's
    blind-fields.json (no reveal key pinned), or from the values ``bundle build`` kept
    beside a bundle sealed to the chair's key (``given``), each checked against its
    commitment. A value that does not open its commitment is refused (exit 1)."""
    from jury_desk.bundle.blind_fields import read_values
    from jury_desk.bundle.layout import BLIND_VALUES_PATH
    from jury_desk.bundle.verify import blind_values

    pinned = manifest.session.reveal_key is not None
    kept = "the .blind-values.json that `bundle build` wrote beside the bundle"
    if not manifest.seals_blind_fields:
        if given is not None:
            raise UsageError(
                "--blind-values: this bundle seals no blind field; its flags and names are in "
                "its manifest, shown without the option."
            )
        return Proofread({}, None, None)
    if given is None:  # shown only when asked: the output may be read over a shoulder
        where = f"--blind-values with {kept}" if pinned else "--blind-values"
        return Proofread(
            {},
            None,
            f"the blind fields are sealed until the reveal. Add {where} to show them, each "
            "checked against its commitment.",
        )
    if given is IN_BUNDLE:
        if pinned:
            raise UsageError(
                "--blind-values: this bundle seals its blind fields to the chair's key; give "
                f"{kept}."
            )
        return _proofread(blind_values(bundle, manifest), BLIND_VALUES_PATH, None)
    if not given.is_file():
        raise UsageError(f"--blind-values {given}: no such file.")
    try:
        opened = read_values(manifest, given.read_bytes())
    except BundleError as exc:
        raise BundleError("inspect.blind-values", f"{given} is not this bundle's: "
                          f"{exc.detail}", str(given)) from None  # fmt: skip
    envelopes = (
        "the envelopes sealed to the chair's key (only that key opens them). One that does "
        "not hold its commitments' values is found at the reveal, and the room then records "
        "that candidate as non délibéré — renvoyé."
        if pinned
        else None
    )
    return _proofread(opened, str(given), envelopes)
