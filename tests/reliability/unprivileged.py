"""Run a process to which file permissions apply, even when the tests run as root.

Root ignores a folder's mode (CAP_DAC_OVERRIDE), so a 0500 data folder would not be
read-only to it. The child drops that capability (and CAP_DAC_READ_SEARCH) from its
bounding set before exec; an exec'd root process gets no capability outside that set, so
the folder is as read-only to it as to anyone. Not root: nothing to drop.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_file_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_python(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``python args...`` from the repository root, without root's file capabilities."""
    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_drop_file_capabilities if os.geteuid() == 0 else None,
        **kwargs,
    )


def read_only(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o500)
    return folder
