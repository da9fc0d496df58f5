"""The command line starts fast: a sub-command imports only what it needs (issue 10 §2).

Each command runs in a fresh interpreter, as the user runs it, which then lists the
modules it loaded. ``--help`` and ``bundle verify`` (with a fresh data folder) must load
none of pyHanko, ReportLab, SQLAlchemy or PySide6; a command that does need pyHanko is run
the same way, to show that the probe sees such an import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jury_desk.core.resources import resource_path

HEAVY = ("pyhanko", "reportlab", "sqlalchemy", "sqlmodel", "PySide6", "aiohttp", "keyring")

# Runs the CLI's own main() and writes what it loaded to argv[1] (stdout is the command's).
PROBE = """
import json, sys
from jury_desk.cli import main
out, argv = sys.argv[1], sys.argv[2:]
try:
    code = main(argv)
except SystemExit as exc:
    code = exc.code
with open(out, "w") as fh:
    json.dump({"code": code, "modules": sorted(sys.modules)}, fh)
"""


def run_cli(tmp_path: Path, *argv: str) -> tuple[int, set[str], str, str]:
    """Exit code, top-level packages loaded, stdout and stderr of ``jury-desk ARGV``."""
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *argv],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    loaded = json.loads(report.read_text())
    packages = {name.split(".")[0] for name in loaded["modules"]}
    return loaded["code"], packages, done.stdout, done.stderr


@pytest.mark.parametrize("argv", [["--help"], ["bundle", "--help"], ["minutes", "sign", "--help"]])
def test_help_loads_no_heavy_library(tmp_path, argv):
    code, packages, out, err = run_cli(tmp_path, *argv)
    assert (code, err) == (0, "")
    assert "usage: jury-desk" in out
    # Nor pydantic: building every command's parser must not load a schema library.
    heavy = (*HEAVY, "pydantic", "pydantic_core")
    assert packages.isdisjoint(heavy), sorted(packages & set(heavy))


# Runs ``bundle verify`` and notes what was loaded when the bundle file was opened, i.e.
# when the reading begins; the head start that loads the checkers beside it is disabled.
OPENING_PROBE = """
import json, sys
from jury_desk.bundle import verify
out, argv = sys.argv[1], sys.argv[2:]
seen = []
real_open = verify._open_source
def noting(source):
    seen.append(sorted(sys.modules))
    return real_open(source)
verify._open_source = noting
verify._load_checkers_meanwhile = lambda: None
from jury_desk.cli import main
code = main(argv)
with open(out, "w") as fh:
    json.dump({"code": code, "modules": seen[0]}, fh)
"""


def test_bundle_verify_starts_reading_before_loading_the_schema(tmp_path):
    # pydantic (the manifest's schema) and cryptography take about a tenth of a second to
    # load: the reading must not wait for them, they load beside it (issue 10 §2).
    demo = resource_path("demo")
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", OPENING_PROBE, str(report), "--data-dir", str(tmp_path / "d"),
         "bundle", "verify", str(demo / "admission-master.jdbundle"),
         "--trusted-key", str(demo / "DEMO-secretariat.pub")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.stderr == "" and done.stdout.startswith("ACCEPTED")
    loaded = json.loads(report.read_text())
    assert loaded["code"] == 0
    packages = {name.split(".")[0] for name in loaded["modules"]}
    assert "jury_desk" in packages  # the probe saw the process
    assert packages.isdisjoint({"pydantic", "pydantic_core"}), "the schema loaded first"


def test_bundle_verify_loads_no_heavy_library(tmp_path):
    demo = resource_path("demo")
    bundle, key = demo / "admission-master.jdbundle", demo / "DEMO-secretariat.pub"
    code, packages, out, err = run_cli(
        tmp_path, "--data-dir", str(tmp_path / "fresh"), "bundle", "verify", str(bundle),
        "--trusted-key", str(key),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("ACCEPTED: bundle demo-2026-master-admission")
    assert packages.isdisjoint(HEAVY), sorted(packages & set(HEAVY))


def test_the_probe_sees_a_command_that_needs_pyhanko(tmp_path):
    code, packages, _, err = run_cli(tmp_path, "minutes", "verify", str(tmp_path / "no.pdf"))
    assert code == 2 and len(err.splitlines()) == 1
    assert "pyhanko" in packages
