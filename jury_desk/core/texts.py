"""Texts that go into the chain and the minutes: one check, on the room desk and the member
desk alike (a member desk cleans a note as the room will, so the act it signs is the act the
room's rules make of it)."""

from __future__ import annotations

import unicodedata

from jury_desk.core.errors import RuleError

SHORT_TEXT = 500  # reasons: one line in the minutes
LONG_TEXT = 5000  # notes, justifications


def clean_text(value: object, what: str, limit: int, *, required: str | None = None) -> str:
    """Text that goes into the chain and the minutes: NFC, no control characters, capped.
    ``required`` is the rule raised when it is empty."""
    text = unicodedata.normalize("NFC", value.strip()) if isinstance(value, str) else ""
    if required and not text:
        raise RuleError(required, f"Write {what}: it is required and goes into the minutes.")
    if len(text) > limit:
        raise RuleError("text-too-long", f"Shorten {what} to at most {limit} characters.")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        raise RuleError("text-invalid", f"Remove the control characters from {what}.")
    return text
