"""Export a closed session's minutes: minutes.json and the PV signed once per institution.

Used by ``jury-desk simulate`` and the GUI's minutes screen. Everything is made in a private
scratch folder inside the output folder first (each step written to a temporary file
and fsynced); only when every signature is on does minutes.json replace its previous
version, atomically, then the signed PV is renamed over the old one. A failed export
therefore never leaves a half-written or half-signed PV in place of a good one, and a full
disk never leaves a new minutes.json beside the old PV. The PV's rename comes last: it is
the PV, with minutes.json embedded, that is authoritative.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.writer import atomic_output, fsync_dir
from jury_desk.core.errors import UsageError
from jury_desk.core.storage import storage_errors
from jury_desk.minutes.errors import MinutesError
from jury_desk.minutes.model import MINUTES_NAME, Lang, Minutes, minutes_bytes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.sign import Signed, UnlockedSigner, sign_pv_with, unlock_signer

if TYPE_CHECKING:
    from jury_desk.deliberation.service import DeliberationService

PV_NAME = "PV.pdf"
_UNCHANGED = "The PV was not exported; the previous PV and minutes.json, if any, are unchanged."


class PvSigner(NamedTuple):
    """One institution's PV signer key, as the faces collect it."""

    p12: Path
    passphrase: bytes
    institution: str


SignerSpec = PvSigner | tuple[Path, bytes, str]  # (p12, passphrase, institution)


@dataclass(frozen=True)
class Exported:
    minutes_json: Path
    pv: Path
    minutes: Minutes
    signatures: tuple[Signed, ...]  # in signing order (the session's institution order)


def declared_signers(manifest: Manifest) -> dict[str, str]:
    """Institution code -> the certificate fingerprint the bundle declares for its signer."""
    return {
        m.institution: m.signer_cert_sha256
        for m in manifest.session.members
        if "signer" in m.roles and m.signer_cert_sha256 is not None
    }


def check_signers(manifest: Manifest, signers: Mapping[str, UnlockedSigner]) -> dict[str, str]:
    """Refuse unless there is exactly one key per institution, each with the certificate the
    bundle declares for that institution's signer. Returns the declared fingerprints."""
    codes = manifest.session.institution_codes()
    if set(signers) != set(codes):
        raise MinutesError(
            "export.signers",
            f"The PV needs one signer key per institution ({', '.join(codes)}); "
            f"got {', '.join(sorted(signers)) or 'none'}. Nothing was written.",
        )
    expected = declared_signers(manifest)
    for code in codes:  # the usual mistake: one institution's key given for the other
        if signers[code].cert_sha256 != expected.get(code):
            raise MinutesError(
                "sign.signer-fingerprint",
                f"The {code} key's certificate (SHA-256 {signers[code].cert_sha256}) is not "
                f"the one the bundle declares for the {code} signer ({expected.get(code)}). "
                "Nothing was written.",
                code,
            )
    return expected


def unlock_signers(signers: Sequence[SignerSpec]) -> dict[str, UnlockedSigner]:
    """Open each key once (``KeyFileError`` on a wrong passphrase), by institution."""
    unlocked: dict[str, UnlockedSigner] = {}
    for p12, passphrase, institution in signers:
        if institution in unlocked:
            raise UsageError(f"Two signer keys were given for {institution}; give one.")
        unlocked[institution] = unlock_signer(Path(p12), passphrase)
    return unlocked


def export_minutes(
    service: DeliberationService,
    out_dir: Path,
    *,
    lang: Lang = "fr",
    signers: Sequence[SignerSpec],
) -> Exported:
    """Write ``out_dir/minutes.json`` and ``out_dir/PV.pdf``, signed once per institution."""
    return export_minutes_with(service, out_dir, lang=lang, signers=unlock_signers(signers))


def export_minutes_with(
    service: DeliberationService,
    out_dir: Path,
    *,
    lang: Lang = "fr",
    signers: Mapping[str, UnlockedSigner],
) -> Exported:
    """``export_minutes`` with the signer keys already unlocked (institution -> signer)."""
    manifest = service.manifest
    expected = check_signers(manifest, signers)
    minutes = service.minutes_data(lang)  # RuleError unless closed
    data = minutes_bytes(minutes)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create the output folder {out_dir}: {exc.strerror}.") from None
    signatures = []
    json_path, pv_path = out_dir / MINUTES_NAME, out_dir / PV_NAME
    with storage_errors(out_dir, outcome=_UNCHANGED):
        with tempfile.TemporaryDirectory(prefix=".pv-export-", dir=out_dir) as scratch:
            current = Path(scratch) / "unsigned.pdf"
            current.write_bytes(render_pv_bytes(minutes, lang=lang))
            for index, code in enumerate(manifest.session.institution_codes()):
                signed_path = Path(scratch) / f"signed-{index}.pdf"
                signatures.append(
                    sign_pv_with(
                        current,
                        signed_path,
                        signers[code],
                        institution=code,
                        expected_cert_sha256=expected[code],
                    )  # fmt: skip
                )
                current = signed_path
            # The signed PV is already on disk (fsynced) beside its final place, so once
            # minutes.json is in place only a rename remains: a full disk can no longer
            # leave a new minutes.json beside the old PV. The PV's rename comes last.
            with atomic_output(json_path) as fh:
                fh.write(data)
            os.replace(current, pv_path)
            fsync_dir(out_dir)
    return Exported(json_path, pv_path, minutes, tuple(signatures))
