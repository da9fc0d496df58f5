"""The known error of the minutes package: a PV or its minutes.json was refused."""

from __future__ import annotations

from jury_desk.core.errors import JuryDeskError


class MinutesError(JuryDeskError):
    """A PV, its ``minutes.json`` or a signing request was refused. Nothing was written.

    ``check`` is a stable kebab-case code the GUI translates (e.g. ``"minutes.schema"``,
    ``"sign.signer-fingerprint"``); ``entry`` names the file or field concerned.
    """

    def __init__(self, check: str, message: str, entry: str | None = None) -> None:
        self.check = check
        self.entry = entry
        self.detail = message
        super().__init__(message)
