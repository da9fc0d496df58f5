"""Helpers for interop tests: a missing external tool is a skip locally, a failure in CI."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required under CI=true but is not installed (.ci/run installs it)")
    pytest.skip(f"{name} not installed (CI installs it)")  # local only; CI fails instead
    raise AssertionError("unreachable")
