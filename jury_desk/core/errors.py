"""The known errors of jury-desk.

A *known* error is one a user can act on (a bad bundle, a wrong passphrase, a full disk).
It carries a plain message that says what happened and what to do; the CLI prints it as
one line on stderr, the GUI shows it in a plain dialog. Anything else is a bug and goes
to the crash handler.
"""

from __future__ import annotations


class JuryDeskError(Exception):
    """Base of every known error. ``str(err)`` is the one-line message for the user.

    ``code`` is the error's stable, machine-readable name: the GUI maps it to plain words
    and tests assert on it. A kind of error with one meaning keeps its class default; a
    kind that names the refused check or rule (``BundleError``, ``MinutesError``,
    ``RuleError``) sets it per instance (e.g. ``"zip.path-traversal"``, ``"quorum"``).
    """

    #: CLI exit code for this kind of error (1 = refused/failed; 2 = usage).
    exit_code = 1
    code = "error"
    #: The command line ends the line with ``[code]`` (a script's handle on the refusal).
    show_code = False


class UsageError(JuryDeskError):
    """The command was called wrongly (missing file, bad option value)."""

    exit_code = 2
    code = "usage"


class BuildError(UsageError):
    """``bundle build`` refused its inputs; nothing was written.

    ``code`` names the kind of refusal (``"build.not-pdf"``, ``"build.csv-cells"``…; the
    list is in the README), stable for scripts and the app while the words may change.
    The command line shows it at the end of the line, in brackets. Exit 2, as for usage.
    """

    show_code = True

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class BundleError(JuryDeskError):
    """A dossier bundle was rejected.

    ``code`` names the verification step that failed (e.g. ``"zip.path-traversal"``,
    ``"signature"``, ``"freshness.rollback"``); ``entry`` names the ZIP entry or manifest
    field concerned, when there is one; ``detail`` is the message without that prefix.
    """

    def __init__(self, code: str, message: str, entry: str | None = None) -> None:
        self.code = code
        self.entry = entry
        self.detail = message
        where = f" [{entry}]" if entry else ""
        super().__init__(f"Bundle rejected ({code}){where}: {message}")


class BundleCancelled(JuryDeskError):
    """Verification was cancelled by the user; nothing was kept."""

    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("Verification cancelled: nothing was kept.")


class KeyFileError(JuryDeskError):
    """A key file could not be read or used (wrong passphrase, bad format)."""

    code = "key-file"


class MinutesError(JuryDeskError):
    """A PV, its ``minutes.json`` or a signing request was refused. Nothing was written.

    ``code`` names what was refused (e.g. ``"minutes.schema"``,
    ``"sign.signer-fingerprint"``); ``entry`` names the file or field concerned.
    """

    def __init__(self, code: str, message: str, entry: str | None = None) -> None:
        self.code = code
        self.entry = entry
        self.detail = message
        super().__init__(message)


class RuleError(JuryDeskError):
    """The deliberation service refused an operation. Nothing was changed.

    ``code`` names the rule (e.g. ``"quorum"``, ``"blind"``).
    """

    def __init__(self, code: str, message: str, **params: str) -> None:
        self.code = code
        #: Facts a face may word in its own language (e.g. the schools short of quorum).
        self.params = params
        super().__init__(message)


class AuthError(RuleError):
    """Wrong passphrase or missing re-authentication."""

    def __init__(self, message: str) -> None:
        super().__init__("auth", message)


class StoreError(JuryDeskError):
    """The session store cannot be used (locked by another desk, corrupt, read-only, full)."""

    code = "store"
