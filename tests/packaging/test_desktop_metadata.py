"""The Linux .desktop entry and AppStream metainfo: valid for the freedesktop tools, and
consistent with each other and with the package."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from jury_desk import __version__
from tests.packaging.conftest import PACKAGING
from tests.tooling import require_tool


@pytest.fixture(scope="module")
def desktop(freeze_config: ModuleType) -> Path:
    return PACKAGING / "linux" / f"{freeze_config.APP_ID}.desktop"


@pytest.fixture(scope="module")
def metainfo(freeze_config: ModuleType) -> Path:
    return PACKAGING / "linux" / f"{freeze_config.APP_ID}.metainfo.xml"


def entry(desktop: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(desktop, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates_without_any_remark(desktop: Path):
    done = subprocess.run(
        [require_tool("desktop-file-validate"), str(desktop)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_metainfo_validates_without_warnings_or_errors(metainfo: Path):
    done = subprocess.run(
        [require_tool("appstreamcli"), "validate", "--no-net", "--no-color", str(metainfo)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # Infos are fine (appstream 0.16 does not know <developer> yet); warnings are not.
    remarks = [line for line in done.stdout.splitlines() if line[:2] in ("W:", "E:")]
    assert remarks == []


def test_desktop_entry_runs_the_program_with_the_installed_icon(
    desktop: Path, freeze_config: ModuleType
):
    values = entry(desktop)
    assert values["Exec"] == values["TryExec"] == freeze_config.APP_NAME
    assert values["Icon"] == freeze_config.APP_ID
    # X11 matches windows to this entry by WM_CLASS, which Qt sets from the program name.
    assert values["StartupWMClass"] == freeze_config.APP_NAME
    assert values["Terminal"] == "false"


def test_metainfo_matches_the_desktop_entry_and_the_package_version(
    metainfo: Path, desktop: Path, freeze_config: ModuleType
):
    root = ET.parse(metainfo).getroot()
    assert root.findtext("id") == freeze_config.APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == desktop.name
    assert root.findtext("provides/binary") == entry(desktop)["Exec"]
    releases = [r.get("version") for r in root.iterfind("releases/release")]
    assert releases[0] == __version__, "add a <release> for the new version (newest first)"
