"""The packaging choices (packaging/freeze_config.py), checked without running PyInstaller."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.packaging.conftest import ROOT

QT = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    ("src", "dest", "kept"),
    [
        ("/w/plugins/platforms/libqxcb.so", f"{QT}/platforms", True),
        ("/w/plugins/platforms/libqoffscreen.so", f"{QT}/platforms", True),
        ("/w/plugins/platforms/libqwayland.so", f"{QT}/platforms", False),
        ("/w/plugins/platforms/libqeglfs.so", f"{QT}/platforms", False),
        ("/w/plugins/platforms/libqvnc.so", f"{QT}/platforms", False),
        ("C:\\w\\plugins\\platforms\\qwindows.dll", "PySide6\\plugins\\platforms", True),
        ("/w/plugins/platforms/libqcocoa.dylib", f"{QT}/platforms", True),
        ("/w/plugins/platformthemes/libqgtk3.so", f"{QT}/platformthemes", False),
        ("/w/plugins/platformthemes/libqxdgdesktopportal.so", f"{QT}/platformthemes", True),
        ("/w/plugins/imageformats/libqsvg.so", f"{QT}/imageformats", True),
        ("/w/plugins/imageformats/libqjpeg.so", f"{QT}/imageformats", False),
        ("/w/plugins/imageformats/libqpdf.so", f"{QT}/imageformats", False),
        ("/w/plugins/iconengines/libqsvgicon.so", f"{QT}/iconengines", True),
        ("/w/plugins/tls/libqopensslbackend.so", f"{QT}/tls", False),
        ("/w/plugins/networkinformation/libqglib.so", f"{QT}/networkinformation", False),
        ("/w/libxdg-shell.so", f"{QT}/wayland-shell-integration", False),
        ("/w/libqeglfs-kms.so", f"{QT}/egldeviceintegrations", False),
        ("/w/plugins/styles/qmodernwindowsstyle.dll", f"{QT}/styles", True),
        ("/w/lib/libQt6Gui.so.6", "PySide6/Qt/lib", True),  # a library, not a plugin
    ],
)
def test_qt_plugin_filter(freeze_config: ModuleType, src: str, dest: str, kept: bool):
    assert freeze_config.qt_plugin_kept(src, dest) is kept


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("qtbase_fr.qm", True),
        ("qt_en.qm", True),
        ("qt_help_fr.qm", True),
        ("qtbase_de.qm", False),
        ("qt_help_pt_BR.qm", False),
        ("qtbase_zh_TW.qm", False),
        ("qtbase_fa.qm", False),
    ],
)
def test_qt_catalogue_filter(freeze_config: ModuleType, name: str, kept: bool):
    assert freeze_config.qt_translation_kept(f"/w/translations/{name}") is kept


def test_filter_qt_collection_drops_plugins_and_catalogues_keeps_the_rest(
    freeze_config: ModuleType,
):
    binaries = [("/w/platforms/libqxcb.so", f"{QT}/platforms"),
                ("/w/platforms/libqwayland.so", f"{QT}/platforms")]  # fmt: skip
    datas = [("/w/qtbase_fr.qm", "PySide6/Qt/translations"),
             ("/w/qtbase_ja.qm", "PySide6/Qt/translations"),
             ("/w/qt.conf", "PySide6")]  # fmt: skip
    kept_binaries, kept_datas = freeze_config.filter_qt_collection(binaries, datas)
    assert kept_binaries == binaries[:1]
    assert kept_datas == [datas[0], datas[2]]


def test_resource_selection_on_the_real_resources(freeze_config: ModuleType):
    pairs = freeze_config.resource_datas(ROOT / "resources")
    rel = {f"{Path(d).name}/{Path(s).name}" for s, d in pairs}
    assert {"fonts/DejaVuSans.ttf", "fonts/LICENSE", "icons/jury-desk.svg",
            "demo/admission-master.jdbundle", "demo/graduation-master.jdbundle",
            "demo/DEMO-secretariat.pub", "demo/DEMO-signer-MINES.p12",
            "demo/DEMO-signer-ALBERT.p12", "demo/DEMO-signer-chair.p12",
            "schema/minutes.schema.json"} <= rel  # fmt: skip
    assert all(d.startswith("jury_desk/resources/") for _, d in pairs)
    assert pairs == sorted(pairs)


def test_resource_selection_leaves_out_sources_examples_and_secret_keys(
    freeze_config: ModuleType, tmp_path
):
    names = ["fonts/A.ttf", "translations/jury_desk_en.ts", "translations/jury_desk_en.qm",
             "demo/DEMO-secretariat.key", "demo/DEMO-secretariat.pub", "examples/session.toml",
             "icons/jury-desk-16.png", "icons/jury-desk.svg", "icons/jury-desk.ico"]  # fmt: skip
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    pairs = freeze_config.resource_datas(tmp_path, dest="R")
    assert [(Path(s).relative_to(tmp_path).as_posix(), d) for s, d in pairs] == [
        ("demo/DEMO-secretariat.pub", "R/demo"),
        ("fonts/A.ttf", "R/fonts"),
        ("icons/jury-desk.svg", "R/icons"),
        ("translations/jury_desk_en.qm", "R/translations"),
    ]


def test_the_pdf_viewer_modules_forced_into_the_build_exist(freeze_config: ModuleType):
    for name in freeze_config.EXTRA_HIDDEN_IMPORTS:
        assert importlib.util.find_spec(name) is not None, name


_IMPORT_EVERYTHING = """
import json, sys
from jury_desk.cli import build_parser
build_parser()
import jury_desk.gui.app, jury_desk.gui.main_window, jury_desk.rehearsal.simulate
import jury_desk.minutes.sign, jury_desk.minutes.verify, jury_desk.minutes.pdf
print(json.dumps(sorted(sys.modules)))
"""


def test_the_app_imports_none_of_the_excluded_modules(freeze_config: ModuleType):
    """A module left out of the build but imported by the app would crash the frozen app."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERYTHING], capture_output=True, text=True, timeout=120,
        cwd=ROOT, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    imported = set(json.loads(done.stdout))
    assert {"PySide6.QtWidgets", "pyhanko.sign", "reportlab"} <= imported  # the probe works
    excluded = set(freeze_config.EXCLUDED_MODULES)
    hits = {m for m in imported if m in excluded or m.rsplit(".", 1)[0] in excluded}
    assert hits == set()


def test_the_app_names_the_desktop_entry_it_ships_with(qapp):
    # Wayland matches windows to their .desktop file by this name.
    from jury_desk.gui.app import create_app

    app = create_app()
    assert (ROOT / "packaging" / "linux" / f"{app.desktopFileName()}.desktop").is_file()
