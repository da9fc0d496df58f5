"""The bundle receipt: the signed ``manifest.json`` and its ``.minisig``, nothing else.

An archive keeps the PV for years but should not keep every candidate's documents. The
receipt is a ZIP with exactly those two entries, as in the bundle: the secretariat's
signature still covers the manifest, and the manifest still commits to every document's
size and SHA-256, so the receipt anchors a PV as the bundle did (same fingerprint), minus
the documents themselves. ``jury-desk bundle receipt B.jdbundle --out R`` makes one.

``verified_anchor`` opens either a bundle or a receipt, as of a given date, without
touching any desk's freshness ledger: that is what checking an old PV needs.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from jury_desk.bundle.freshness import check_validity_window
from jury_desk.bundle.layout import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_FILE,
    SIGNATURE_NAME,
)
from jury_desk.bundle.manifest import parse_manifest
from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.minisign import verify as verify_signature
from jury_desk.bundle.verify import VerifiedBundle, verified_result, verify_bundle
from jury_desk.bundle.writer import write_zip
from jury_desk.bundle.zipreader import HardenedZip
from jury_desk.core.errors import BundleError

RECEIPT_SUFFIX = ".jdreceipt"
RECEIPT_ENTRIES = (MANIFEST_NAME, SIGNATURE_NAME)


def signed_pair(path: Path) -> tuple[bytes, bytes]:
    """manifest.json and its signature from a bundle or a receipt (NOT verified)."""
    with HardenedZip(path) as zf:
        for name in RECEIPT_ENTRIES:
            if name not in zf.names:
                raise BundleError(
                    "bundle.missing-signature"
                    if name == SIGNATURE_NAME
                    else "bundle.missing-manifest",
                    f"{Path(path).name} has no {name}: it is not a signed bundle or receipt.",
                    name,
                )
        return (
            zf.read(MANIFEST_NAME, MAX_MANIFEST_BYTES),
            zf.read(SIGNATURE_NAME, MAX_SIGNATURE_FILE),
        )


def write_receipt(bundle: Path, out: Path) -> Path:
    """The receipt of ``bundle`` (a deterministic ZIP), written atomically at ``out``."""
    manifest, signature = signed_pair(bundle)
    return write_zip([(MANIFEST_NAME, manifest, True), (SIGNATURE_NAME, signature, False)], out)


def is_receipt(path: Path) -> bool:
    with HardenedZip(path) as zf:
        return sorted(zf.names) == sorted(RECEIPT_ENTRIES)


def verify_receipt(
    path: Path, trusted_keys: list[PublicKey], *, now: datetime | None = None
) -> VerifiedBundle:
    """Signature, schema and validity window of a receipt (there are no documents)."""
    with HardenedZip(path) as zf:
        extra = sorted(set(zf.names) - set(RECEIPT_ENTRIES))
        if extra:
            raise BundleError(
                "receipt.entries", "A receipt holds only manifest.json and its signature.", extra[0]
            )
    manifest_raw, signature = signed_pair(path)
    verified = verify_signature(manifest_raw, signature, trusted_keys)
    manifest = parse_manifest(manifest_raw)
    check_validity_window(manifest, now)
    return verified_result(Path(path), manifest_raw, manifest, verified, signature)


def verified_anchor(
    path: Path, trusted_keys: list[PublicKey], *, at: datetime | None
) -> tuple[VerifiedBundle, str]:
    """A bundle or receipt verified as of ``at``, and which of the two it was.

    A bundle is checked in a scratch data folder: checking an old PV must neither touch a
    desk's freshness ledger nor be refused because a newer version was accepted since."""
    if is_receipt(path):
        return verify_receipt(path, trusted_keys, now=at), "receipt"
    with tempfile.TemporaryDirectory(prefix="jury-desk-anchor-") as scratch:
        vb = verify_bundle(
            path, trusted_keys=trusted_keys, data_dir=Path(scratch), record=False, now=at
        )
    # The scratch copy is gone: the checked bundle itself is where its documents are read
    # from (the sealed scholarship flags' values, ``minutes verify --bundle``).
    return replace(vb, path=Path(path)), "bundle"
