"""Keep libraries' deprecation notices off the user's terminal.

A library that deprecates something it uses itself (cryptography 51 deprecating DSA, which
pyHanko still imports) would otherwise print two lines on every command, ``--help``
included: noise for a jury member, and a broken promise for a secretariat script that
reads stderr ("every error is one line"). Nothing the user can act on is lost: these
notices are for us, and ``make test-latest`` shows them to us first.

Only *deprecation* notices raised from *outside* jury_desk are hidden; our own warnings,
and any other kind of warning, still show. The test suite does not use this hook: there,
pytest's ``filterwarnings`` turns our own warnings into errors and filters each known
upstream one narrowly (pyproject.toml).

The category is matched by name, so that hiding cryptography's
``CryptographyDeprecationWarning`` (a ``UserWarning`` subclass) needs no import of
cryptography before the first window.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TextIO

_OUR_PACKAGE = str(Path(__file__).resolve().parent.parent)


def is_third_party_deprecation(category: type[Warning], filename: str) -> bool:
    """True for a deprecation notice raised by code outside the jury_desk package."""
    is_deprecation = issubclass(category, DeprecationWarning | PendingDeprecationWarning) or (
        "Deprecat" in category.__name__
    )
    try:
        ours = str(Path(filename).resolve()).startswith(_OUR_PACKAGE)
    except (OSError, ValueError):
        ours = False
    return is_deprecation and not ours


def silence_third_party_deprecations() -> None:
    """Install the filter once, at the start of the CLI and of the app."""
    shown = warnings.showwarning
    if getattr(shown, "_jury_desk_quiet", False):
        return

    def showwarning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if is_third_party_deprecation(category, filename):
            return
        shown(message, category, filename, lineno, file, line)

    showwarning._jury_desk_quiet = True  # type: ignore[attr-defined]
    warnings.showwarning = showwarning
