"""Helpers for interop tests: a missing external tool is a skip locally, a failure in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required under CI=true but is not installed (.ci/run installs it)")
    pytest.skip(f"{name} not installed (CI installs it)")  # local only; CI fails instead
    raise AssertionError("unreachable")


def run_minisign(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """The stock minisign; it reads a password with fgets(stdin) when stdin is no terminal."""
    return subprocess.run(
        [require_tool("minisign"), *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )
