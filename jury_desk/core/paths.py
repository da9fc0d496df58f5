"""The desk's private data folder (platformdirs); --data-dir or JURY_DESK_DATA_DIR override it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from jury_desk.core.errors import StoreError
from jury_desk.core.storage import storage_error

ENV_VAR = "JURY_DESK_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None, *, create: bool = True) -> Path:
    """Resolve the data folder: explicit override, then the environment, then platformdirs.

    The folder is created private (0700). A folder that cannot be created or written is a
    known error with a plain message, not a traceback.
    """
    chosen = override or os.environ.get(ENV_VAR) or platformdirs.user_data_dir("jury-desk")
    path = Path(chosen).expanduser().resolve()
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the data folder {path}: {exc.strerror}. "
                "Choose another with --data-dir."
            ) from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise StoreError(
                f"The data folder {path} is not writable. Choose another with --data-dir."
            )
    return path


def private_subdir(base: Path, name: str) -> Path:
    sub = base / name
    try:
        sub.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(sub, 0o700)
    except OSError as exc:
        raise storage_error(exc, base, outcome="Nothing was written.") or StoreError(
            f"Cannot create the folder {sub}: {exc.strerror}. Choose another data folder."
        ) from None
    return sub
