"""The frozen app, built once per test session with the real spec into a temporary folder.

PyInstaller is a test dependency: missing under CI=true it is a failure, locally a skip
(tests.tooling.require_tool). The build takes about a minute on two cores.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from tests.tooling import require_tool

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "jury-desk.spec"
BUILD_TIMEOUT = 900


def load_packaging_module(name: str) -> ModuleType:
    """A script of packaging/ (not a package: it would shadow the ``packaging`` library)."""
    if str(PACKAGING) not in sys.path:
        sys.path.append(str(PACKAGING))  # render_icons imports freeze_config as a sibling
    spec = importlib.util.spec_from_file_location(f"_jury_desk_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def freeze_config() -> ModuleType:
    return load_packaging_module("freeze_config")


@dataclass(frozen=True)
class FrozenApp:
    folder: Path  # dist/jury-desk
    exe: Path
    env: dict[str, str]  # a private HOME/config so the app touches nothing of the user's

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"

    def run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.exe), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self.env,
            stdin=subprocess.DEVNULL,
        )


def private_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JURY_DESK_", "PYTHON"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory) -> FrozenApp:
    with pytest.MonkeyPatch.context() as mp:  # the venv's scripts, even if not activated
        mp.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
        require_tool("pyinstaller")
    work = tmp_path_factory.mktemp("pyinstaller")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"PyInstaller failed ({done.returncode}):\n{done.stderr[-4000:]}")
    folder = work / "dist" / "jury-desk"
    home = tmp_path_factory.mktemp("frozen-home")
    return FrozenApp(folder, folder / "jury-desk", private_env(home))
