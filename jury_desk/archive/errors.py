"""The archive's known errors: one plain line, and a stable ``code`` for scripts."""

from __future__ import annotations

from jury_desk.core.errors import JuryDeskError


class ArchiveError(JuryDeskError):
    """The archive refused (nothing was stored) or cannot be used.

    ``code`` is stable and machine-readable, e.g. ``"archive.pv-invalid"``,
    ``"archive.unreachable"``, ``"archive.read-only"``, ``"archive.schema-newer"``.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)
