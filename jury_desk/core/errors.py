"""The known errors of jury-desk.

A *known* error is one a user can act on (a bad bundle, a wrong passphrase, a full disk).
It carries a plain message that says what happened and what to do; the CLI prints it as
one line on stderr, the GUI shows it in a plain dialog. Anything else is a bug and goes
to the crash handler.
"""

from __future__ import annotations


class JuryDeskError(Exception):
    """Base of every known error. ``str(err)`` is the one-line message for the user."""

    #: CLI exit code for this kind of error (1 = refused/failed; 2 = usage).
    exit_code = 1


class UsageError(JuryDeskError):
    """The command was called wrongly (missing file, bad option value)."""

    exit_code = 2


class BundleError(JuryDeskError):
    """A dossier bundle was rejected.

    ``check`` names the verification step that failed (stable, machine-readable, e.g.
    ``"zip.path-traversal"``, ``"signature"``, ``"freshness.rollback"``); ``entry`` names
    the ZIP entry or manifest field concerned, when there is one.
    """

    def __init__(self, check: str, message: str, entry: str | None = None) -> None:
        self.check = check
        self.entry = entry
        self.detail = message
        where = f" [{entry}]" if entry else ""
        super().__init__(f"Bundle rejected ({check}){where}: {message}")


class BundleCancelled(JuryDeskError):
    """Verification was cancelled by the user; nothing was kept."""

    def __init__(self) -> None:
        super().__init__("Verification cancelled: nothing was kept.")


class KeyFileError(JuryDeskError):
    """A key file could not be read or used (wrong passphrase, bad format)."""


class RuleError(JuryDeskError):
    """The deliberation service refused an operation. Nothing was changed.

    ``rule`` is a stable machine-readable name (e.g. ``"quorum"``, ``"blind"``).
    """

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        super().__init__(message)


class AuthError(RuleError):
    """Wrong passphrase or missing re-authentication."""

    def __init__(self, message: str) -> None:
        super().__init__("auth", message)


class StoreError(JuryDeskError):
    """The session store cannot be used (locked by another desk, corrupt, read-only, full)."""
