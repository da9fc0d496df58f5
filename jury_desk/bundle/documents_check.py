"""What may go into a bundle as a candidate's document: a PDF a desk can show.

The jury room has no tool to open a ``.docx``, and a PDF that is encrypted, empty or broken
shows as a blank tab. So ``bundle build`` refuses what is not a PDF with at least one page,
naming the file and saying why. A plain PDF is vouched for by a quick look at its
structure (``pdf_quick.py``); every other one is opened with pypdf (a pure-Python reader,
no Qt), which gives the verdict. Leftovers that Windows and macOS drop into folders
(``Thumbs.db``, ``~$*`` Office lock files, ``desktop.ini``, ``.DS_Store``) are listed
together with one hint, since the fix is the same for all of them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from jury_desk.bundle.pdf_quick import plainly_readable

# Exact names, case-insensitive, and prefixes: what a file manager leaves behind.
OS_LEFTOVER_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})
OS_LEFTOVER_PREFIXES = ("~$", "._", ".~lock.")
LEFTOVER_HINT = (
    "they are files Windows, macOS or Office leave in folders, not documents: delete them "
    "(show hidden files in the file manager) and build again"
)
# First bytes of formats a secretariat mistakes for documents, to say what the file is.
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP or Office file (.docx, .xlsx, .odt), not a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc, .xls), not a PDF"),
    (b"\xff\xd8\xff", "a JPEG image, not a PDF"),
    (b"\x89PNG", "a PNG image, not a PDF"),
    (b"{\\rtf", "an RTF document, not a PDF"),
)
PDF_FIX = "export or print it as PDF (without a password) and build again"


def is_os_leftover(name: str) -> bool:
    folded = name.casefold()
    return folded in OS_LEFTOVER_NAMES or folded.startswith(OS_LEFTOVER_PREFIXES)


def pdf_problem(data: bytes) -> str | None:
    """Why ``data`` is not a PDF a desk can show (None when it is one)."""
    if not data:
        return "the file is empty (0 bytes)"
    head = data[:1024]
    if b"%PDF-" not in head:
        for magic, what in _SIGNATURES:
            if head.startswith(magic):
                return f"it is {what}"
        return "it is not a PDF (no %PDF header)"
    if plainly_readable(data):
        return None  # a plain PDF with a page, seen without parsing it (pdf_quick.py)
    return _pypdf_problem(data)


def _pypdf_problem(data: bytes) -> str | None:
    """What pypdf finds: the verdict for every PDF the quick look cannot vouch for."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # pypdf logs repairs it makes; we only want the verdict
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return "it is protected by a password (encrypted)"
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return "it is damaged: no PDF reader can open it"
    finally:
        logger.setLevel(level)
    if pages < 1:
        return "it has no page"
    return None


def describe_leftovers(shown: Iterable[str]) -> str:
    names = sorted(shown)
    plural = "s" if len(names) > 1 else ""
    return f"{len(names)} leftover file{plural} ({', '.join(names)}): {LEFTOVER_HINT}."


def describe_bad_documents(problems: list[tuple[str, str]]) -> str:
    """One line for every refused document: its name and why."""
    listed = "; ".join(f"{shown}: {why}" for shown, why in problems)
    count = len(problems)
    what = (
        "1 document is not a readable PDF"
        if count == 1
        else (f"{count} documents are not readable PDFs")
    )
    return f"{what} ({listed}); {PDF_FIX}."
