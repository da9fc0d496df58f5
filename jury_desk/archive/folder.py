"""The "dossier d'archive": one folder with everything the archive needs about a session.

The room desk writes it after the export (``write_archive_folder``); ``jury-desk archive
add FOLDER`` takes it as it is (``read_archive_folder``). It holds the signed PV, its
minutes.json, the bundle receipt (the signed manifest, without the candidates' documents)
and a copy of the session file, with a short README saying what each file is and how to
check it without jury-desk's archive.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from jury_desk.archive.errors import ArchiveError
from jury_desk.bundle.receipt import RECEIPT_SUFFIX, write_receipt

PV_NAME = "PV.pdf"
MINUTES_NAME = "minutes.json"
RECEIPT_NAME = f"bundle-receipt{RECEIPT_SUFFIX}"
SESSION_NAME = "session.jdsession"
README_NAME = "LISEZ-MOI.txt"

_README = """\
Dossier d'archive — {title}
{rule}

  PV.pdf                   le procès-verbal signé (une signature par institution)
  minutes.json             les données du PV (aussi incluses dans PV.pdf)
  bundle-receipt.jdreceipt le reçu du dossier de séance : manifest.json signé par le
                           secrétariat (empreinte {fingerprint})
  session.jdsession        le fichier de séance et sa chaîne d'audit (tête {head})

Archiver :   jury-desk archive add "{folder}" --trusted-key secretariat.pub
Vérifier :   jury-desk minutes verify PV.pdf --bundle bundle-receipt.jdreceipt \\
                 --trusted-key secretariat.pub
             jury-desk audit verify session.jdsession

Archive folder: the signed PV, its minutes.json, the receipt of the session's bundle and
the session file. File it with `jury-desk archive add FOLDER --trusted-key K.pub`.
"""


@dataclass(frozen=True)
class ArchiveFolder:
    pv: Path
    receipt: Path | None
    session: Path | None


def _backup_session(source: Path, target: Path) -> None:
    """A consistent copy of a session that may still be open (SQLite's backup API)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def write_archive_folder(
    folder: Path,
    *,
    pv: Path,
    minutes_json: Path,
    bundle: Path,
    session: Path,
    title: str,
    fingerprint: str,
    audit_head: str,
) -> Path:
    """Write the dossier d'archive into ``folder`` (created; must be empty if it exists)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise ArchiveError(
            "archive.folder-not-empty",
            f"{folder} is not empty; choose a new or empty folder for the dossier d'archive.",
        )
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pv, folder / PV_NAME)
    shutil.copyfile(minutes_json, folder / MINUTES_NAME)
    write_receipt(bundle, folder / RECEIPT_NAME)
    _backup_session(session, folder / SESSION_NAME)
    readme = _README.format(
        title=title, rule="=" * (19 + len(title)), fingerprint=fingerprint, head=audit_head,
        folder=folder.name,
    )  # fmt: skip
    (folder / README_NAME).write_text(readme, encoding="utf-8")
    return folder


def read_archive_folder(folder: Path) -> ArchiveFolder:
    """The PV, the receipt (or bundle) and the session file found in ``folder``."""

    def one(pattern: str, what: str, required: bool) -> Path | None:
        found = sorted(folder.glob(pattern))
        if len(found) > 1:
            raise ArchiveError(
                "archive.folder",
                f"{folder} holds {len(found)} {what} files ({', '.join(p.name for p in found)}); "
                "keep exactly one.",
            )
        if not found and required:
            raise ArchiveError("archive.folder", f"{folder} holds no {what}; nothing was stored.")
        return found[0] if found else None

    pv = one("*.pdf", "PV (.pdf)", True)
    assert pv is not None
    receipt = one(f"*{RECEIPT_SUFFIX}", "receipt", False) or one("*.jdbundle", "bundle", False)
    return ArchiveFolder(pv, receipt, one("*.jdsession", "session", False))
