"""ruff lint and format (DESIGN.md §8) over the package, the tests and the tools."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["jury_desk", "tests", "tools"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *TARGETS], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_lint_is_clean():
    run = _ruff("check", "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format_is_clean():
    run = _ruff("format", "--check", "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr
