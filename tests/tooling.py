"""Helpers for interop tests: a missing external tool is a skip locally, a failure in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


# Runs one command and prints its wall time, peak memory and exit code. The peak is read as
# RUSAGE_CHILDREN of this small wrapper: Linux keeps a process's ru_maxrss across fork and
# exec, so a command spawned straight from a big pytest process would report pytest's.
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, timeout=600)
sys.stderr.buffer.write(done.stderr)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
      done.returncode)
"""


def measure_command(argv: list[str], cwd: str | None = None) -> tuple[float, float, int, str]:
    """Wall time (s), peak memory (MiB), exit code and stderr of ``argv`` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *argv], capture_output=True,
                          text=True, timeout=900, cwd=cwd, check=True)  # fmt: skip
    wall, peak_kib, code = done.stdout.split()
    return float(wall), int(peak_kib) / 1024, int(code), done.stderr
