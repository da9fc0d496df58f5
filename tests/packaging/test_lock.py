"""The environment the tests run in is exactly the committed lock (requirements.lock).

`make` installs from the lock with hashes required, so a fresh clone tests what was tested
here. This checks the result: every locked package at its locked version, nothing else
installed beside them, and the lock still covering pyproject.toml's dependencies.
(`make test-latest` deselects this file: that venv is the newest releases on purpose.)
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
# What `python -m venv` puts there itself; pip is not a dependency of the app.
VENV_OWN = {"pip"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^ \\;]+)", line)
        if match:
            pins[_canonical(match.group(1))] = match.group(2)
    return pins


def _installed() -> dict[str, str]:
    return {
        _canonical(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if dist.metadata["Name"]
    }


def test_every_locked_line_carries_a_hash():
    text = LOCK.read_text(encoding="utf-8")
    requirements = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
    pinned = [r for r in requirements if "==" in r.split("\n", 1)[0]]
    assert len(pinned) == len(_locked()) > 40
    assert all("--hash=sha256:" in r for r in pinned)


def test_the_venv_holds_exactly_the_locked_versions():
    locked, installed = _locked(), _installed()
    wrong = {
        name: (installed.get(name), version)
        for name, version in locked.items()
        if installed.get(name) != version
    }
    assert not wrong, f"installed vs locked: {wrong} (run `make` again, or `make lock`)"
    extra = set(installed) - set(locked) - VENV_OWN - {"jury-desk"}
    assert not extra, f"installed but not locked: {sorted(extra)}"


def test_the_lock_covers_every_dependency_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {_canonical(re.split(r"[\[<>=!~ ;]", spec, maxsplit=1)[0]) for spec in wanted}
    missing = names - set(_locked())
    assert not missing, f"in pyproject.toml but not in the lock: {missing} (run `make lock`)"


def test_the_lock_was_made_from_this_pyproject():
    # `make lock` ends the lock with the SHA-256 of the pyproject.toml it read: a change to
    # the dependencies (or anything else there) without locking again is caught here.
    stamp = LOCK.read_text(encoding="utf-8").splitlines()[-1]
    made_from = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    assert stamp == f"# made from pyproject.toml sha256:{made_from}", "run `make lock`"
