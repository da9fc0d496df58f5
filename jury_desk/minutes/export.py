"""Export a closed session's minutes: minutes.json and the PV signed by the jury chair and
once per institution (a chair who is also their institution's signer signs once).

Used by ``jury-desk simulate`` and the GUI's minutes screen. Everything is made in a private
scratch folder inside the output folder first (each step written to a temporary file
and fsynced); only when every signature is on does minutes.json replace its previous
version, atomically, then the signed PV is renamed over the old one. A failed export
therefore never leaves a half-written or half-signed PV in place of a good one, and a full
disk never leaves a new minutes.json beside the old PV. The PV's rename comes last: it is
the PV, with minutes.json embedded, that is authoritative.

A process killed mid-export (kill -9, power cut) leaves its scratch folder behind; the next
export into the same folder removes it (``_staging_lease``).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jury_desk.bundle.manifest import Manifest
from jury_desk.core.errors import MinutesError, UsageError
from jury_desk.core.storage import atomic_output, fsync_dir, storage_errors
from jury_desk.minutes.model import MINUTES_NAME, Lang, Minutes, minutes_bytes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.sign import Signed, UnlockedSigner, sign_pv_with, unlock_signer
from jury_desk.minutes.slots import Slot, signature_slots, slot_for
from jury_desk.store.log_tables import session_file_problem

if TYPE_CHECKING:
    from jury_desk.deliberation.service import DeliberationService

PV_NAME = "PV.pdf"
STAGING_PREFIX = ".pv-export-"  # + tempfile's random letters: an export's scratch folder
_STAGING = re.compile(re.escape(STAGING_PREFIX) + r"[a-z0-9_]+")
_UNCHANGED = "The PV was not exported; the previous PV and minutes.json, if any, are unchanged."


class PvSigner(NamedTuple):
    """One PV signer key, as the faces collect it: the chair's or an institution's."""

    p12: Path
    passphrase: bytes
    institution: str  # "chair" or an institution code (slots.py)


SignerSpec = PvSigner | tuple[Path, bytes, str]  # (p12, passphrase, "chair" or code)


@dataclass(frozen=True)
class Exported:
    minutes_json: Path
    pv: Path
    minutes: Minutes
    signatures: tuple[Signed, ...]  # in signing order: the chair, then each institution


class _Declared(NamedTuple):
    member: str
    cert_sha256: str


def manifest_slots(manifest: Manifest) -> list[Slot]:
    """The signatures the bundle's PV needs: the chair's, then each institution's."""
    session = manifest.session
    declared = {
        m.institution: _Declared(m.id, m.signer_cert_sha256 or "")
        for m in session.members
        if "signer" in m.roles
    }
    chair = next(m for m in session.members if "chair" in m.roles)
    chair_slot = (
        None if chair.signer_cert_sha256 is None else _Declared(chair.id, chair.signer_cert_sha256)
    )  # None: a bundle from before the chair signed (``slots.py``)
    return signature_slots(chair_slot, declared, session.institution_codes())


def declared_signers(manifest: Manifest) -> dict[str, str]:
    """Slot key ("chair", institution codes) -> the certificate fingerprint the bundle
    declares for it (the chair's slot stands for its institution too when it is theirs)."""
    return {s.key: s.cert_sha256 for s in manifest_slots(manifest)}


def check_signers(
    manifest: Manifest, signers: Mapping[str, UnlockedSigner]
) -> dict[str, UnlockedSigner]:
    """Refuse unless there is exactly one key per signature the PV needs, each with the
    certificate the bundle declares for it. Returns the keys by slot key.

    A chair who is also their institution's signer may be given as "chair" or as that
    institution's code: it is one key, for one signature."""
    slots = manifest_slots(manifest)
    by_slot: dict[str, UnlockedSigner] = {}
    unknown = [k for k in signers if slot_for(slots, k) is None]
    for key, signer in signers.items():
        slot = slot_for(slots, key)
        if slot is not None and slot.key in by_slot:
            unknown.append(key)  # the chair's key given twice, as chair and as a code
        elif slot is not None:
            by_slot[slot.key] = signer
    if unknown or set(by_slot) != {s.key for s in slots}:
        needed = ", ".join(s.key if not s.institution or not s.chair else
                           f"{s.key} (or {s.institution})" for s in slots)  # fmt: skip
        raise MinutesError(
            "export.signers",
            f"The PV needs one signer key for each of: {needed}; "
            f"got {', '.join(sorted(signers)) or 'none'}. Nothing was written.",
        )
    for slot in slots:  # the usual mistake: one signer's key given for another
        got = by_slot[slot.key].cert_sha256
        if got != slot.cert_sha256:
            whose = "jury chair" if slot.chair else f"{slot.key} signer"
            raise MinutesError(
                "sign.signer-fingerprint",
                f"The {slot.key} key's certificate (SHA-256 {got}) is not the one the bundle "
                f"declares for the {whose} ({slot.cert_sha256}). Nothing was written.",
                slot.key,
            )
    return by_slot


def unlock_signers(signers: Sequence[SignerSpec]) -> dict[str, UnlockedSigner]:
    """Open each key once (``KeyFileError`` on a wrong passphrase), by "chair" or code."""
    unlocked: dict[str, UnlockedSigner] = {}
    for p12, passphrase, institution in signers:
        if institution in unlocked:
            raise UsageError(f"Two signer keys were given for {institution}; give one.")
        unlocked[institution] = unlock_signer(Path(p12), passphrase)
    return unlocked


@contextmanager
def _staging_lease(out_dir: Path) -> Iterator[None]:
    """Held while this export's scratch folder exists; first removes the scratch folders
    that dead exports left in ``out_dir``.

    A lock on the output folder itself says who is alive: every export holds it SHARED while
    its scratch folder exists (exports may run side by side), and the kernel drops it when
    the holder dies, even by kill -9. So an export that gets it EXCLUSIVE (without waiting)
    knows that no export is running there, and every ``.pv-export-*`` folder is a dead
    one's (an older version's too). Not a PID recorded in each scratch folder: a PID is
    reused by unrelated processes (the folder would look alive forever), means nothing to
    another computer sharing the folder, and is written only after the folder exists. The
    lock is taken on the folder's own descriptor, so no lock file is left beside the PV.
    Where that lock cannot be taken (Windows, some network shares), nothing is removed.
    """
    if sys.platform == "win32":  # pragma: no cover - no flock: never remove, keep exporting
        yield
        return
    import fcntl

    try:
        fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield  # the export itself will say what is wrong with the folder
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # another export is running here (or the folder takes no lock)
        else:
            _remove_dead_staging(out_dir)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while another export sweeps
        except OSError:
            pass  # no lock here: then nobody can sweep this folder either
        yield
    finally:
        os.close(fd)  # drops the lock, after the scratch folder is gone


def _remove_dead_staging(out_dir: Path) -> None:
    """Remove the scratch folders (only real folders named like ours, never a link) left
    by dead exports; one that cannot be removed is left for next time."""
    with os.scandir(out_dir) as entries:
        stale = [
            e.path
            for e in entries
            if _STAGING.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        ]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)


def export_minutes(
    service: DeliberationService,
    out_dir: Path,
    *,
    lang: Lang = "fr",
    signers: Sequence[SignerSpec],
) -> Exported:
    """Write ``out_dir/minutes.json`` and ``out_dir/PV.pdf``, signed by the chair and once
    per institution."""
    return export_minutes_with(service, out_dir, lang=lang, signers=unlock_signers(signers))


def export_minutes_with(
    service: DeliberationService,
    out_dir: Path,
    *,
    lang: Lang = "fr",
    signers: Mapping[str, UnlockedSigner],
) -> Exported:
    """``export_minutes`` with the signer keys already unlocked ("chair" or code -> key)."""
    manifest = service.manifest
    keys = check_signers(manifest, signers)
    # A signed log's minutes are drawn from its verified replay, in the same pass as the
    # check (nothing read from the file after it); an unsigned log's from the file.
    replayed: list[Minutes] = []
    problem = session_file_problem(
        service.path,
        with_replay=lambda scratch: replayed.append(service.minutes_data(lang, replayed=scratch)),
        kept=service.verified,  # what this desk verified at its last export: only the new
    )
    if problem is not None:
        raise MinutesError(
            "export.session-altered",
            f"Nothing was exported: the session file was altered outside the desk; {problem}. "
            "Keep the file as evidence and run `jury-desk audit verify` on it.",
        )
    minutes = replayed[0] if replayed else service.minutes_data(lang)  # RuleError unless closed
    data = minutes_bytes(minutes)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create the output folder {out_dir}: {exc.strerror}.") from None
    signatures = []
    json_path, pv_path = out_dir / MINUTES_NAME, out_dir / PV_NAME
    with storage_errors(out_dir, outcome=_UNCHANGED):
        with (
            _staging_lease(out_dir),
            tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=out_dir) as scratch,
        ):
            current = Path(scratch) / "unsigned.pdf"
            rendered = render_pv_bytes(minutes, lang=lang)
            current.write_bytes(rendered)
            for index, slot in enumerate(manifest_slots(manifest)):
                signed_path = Path(scratch) / f"signed-{index}.pdf"
                signatures.append(
                    sign_pv_with(
                        current,
                        signed_path,
                        keys[slot.key],
                        institution=slot.key,
                        expected_cert_sha256=slot.cert_sha256,
                        rendered=rendered,  # drawn here from these minutes: no re-render
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
