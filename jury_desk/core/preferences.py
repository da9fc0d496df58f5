"""The desk's own preferences (today: the interface language), kept in its data folder.

QSettings holds window state only (issue 5): a preference belongs with the desk's data, so
a desk run from another data folder (``--data-dir``, a USB stick) keeps its own. The file is
tiny and read before the first window, so it is plain strict JSON rather than a pydantic
model (pydantic alone costs more than the whole read at start-up). Nothing here is secret.
"""

from __future__ import annotations

from pathlib import Path

from jury_desk.core.storage import atomic_output

FILE_NAME = "preferences.json"
LANGUAGES = ("fr", "en")
_MAX_BYTES = 4096


def preferences_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def _load(data_dir: Path) -> dict[str, object]:
    # Missing, unreadable or damaged: a preference is never worth blocking the jury; the
    # default applies and the next choice rewrites the file whole.
    try:
        raw = preferences_path(data_dir).read_bytes()
    except OSError:
        return {}
    # json only when there is a file to read (a first start reads none, before its window).
    from jury_desk.core.strict_json import StrictJSONError, loads_strict

    try:
        found = loads_strict(raw, max_bytes=_MAX_BYTES)
    except StrictJSONError:
        return {}
    return found if isinstance(found, dict) else {}


def saved_language(data_dir: Path) -> str | None:
    """The language chosen on this desk, or None if none was (or the file is damaged)."""
    lang = _load(data_dir).get("language")
    return lang if isinstance(lang, str) and lang in LANGUAGES else None


def save_language(data_dir: Path, lang: str) -> None:
    """Remember ``lang`` (atomically); a StoreError says why it could not be saved."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    from jury_desk.core.strict_json import dumps_pretty

    preferences = _load(data_dir)
    preferences["language"] = lang
    with atomic_output(preferences_path(data_dir)) as fh:
        fh.write(dumps_pretty(preferences))
