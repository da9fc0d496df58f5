"""What the one-folder build holds: only the Qt parts the app uses, the runtime resources,
the desktop integration files, and a size kept under budget."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.packaging.conftest import PACKAGING, ROOT, FrozenApp

# 171 MiB when measured (Linux x86-64, PySide6 6.12); ICU data alone is 31 MiB. A jump past
# the budget means a new dependency or a Qt module slipped in: check before raising it.
# 185 -> 190: pypdf (the bundle builder's document checks) and Alembic with Mako (the
# archive's migrations) are frozen with the modules that import them (~186 MiB measured).
# 190 -> 195: psycopg and psycopg_binary with the libpq it ships (12 MiB), for an archive on
# PostgreSQL; 188 MiB measured with them.
SIZE_BUDGET_MIB = 195


def qt_dir(app: FrozenApp) -> Path:
    return app.internal / "PySide6" / "Qt"


def test_only_the_qt_modules_the_app_uses_are_frozen(frozen_app: FrozenApp):
    bindings = {p.name.split(".")[0] for p in (frozen_app.internal / "PySide6").glob("Qt*.so")}
    assert bindings == {"QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPdfWidgets"}
    libraries = {p.name for p in (qt_dir(frozen_app) / "lib").iterdir()}
    for unused in ("Qml", "Quick", "WebEngine", "Multimedia", "Designer", "OpenGLWidgets"):
        assert not [lib for lib in libraries if lib.startswith(f"libQt6{unused}")], unused
    assert {"libQt6Pdf.so.6", "libQt6PdfWidgets.so.6", "libQt6Svg.so.6"} <= libraries
    # The GTK theme plugin is left out, and with it the GTK stack of the build machine.
    assert not list(frozen_app.internal.glob("libgtk-3*"))


def test_reportlabs_c_accelerator_is_frozen(frozen_app: FrozenApp):
    assert list(frozen_app.internal.glob("_rl_accel*.so"))


def test_qt_plugins_are_the_kept_ones(frozen_app: FrozenApp, freeze_config: ModuleType):
    plugins = qt_dir(frozen_app) / "plugins"
    found = {(p.parent.relative_to(plugins).as_posix(), p.name) for p in plugins.rglob("*.so")}
    for folder, name in found:
        assert freeze_config.qt_plugin_kept(name, f"PySide6/Qt/plugins/{folder}"), (folder, name)
    assert {
        ("platforms", "libqxcb.so"),
        ("platforms", "libqoffscreen.so"),
        ("imageformats", "libqsvg.so"),
        ("iconengines", "libqsvgicon.so"),
    } <= found
    assert "platforms/libqwayland.so" not in {f"{a}/{b}" for a, b in found}


def test_qt_catalogues_are_french_and_english_only(frozen_app: FrozenApp):
    names = {p.name for p in (qt_dir(frozen_app) / "translations").iterdir()}
    assert {"qtbase_fr.qm", "qtbase_en.qm"} <= names
    assert {n.rsplit("_", 1)[-1] for n in names} == {"fr.qm", "en.qm"}


def test_resources_ship_without_sources_examples_or_the_demo_secret_key(
    frozen_app: FrozenApp, freeze_config: ModuleType
):
    shipped = frozen_app.internal / "jury_desk" / "resources"
    files = {p.relative_to(shipped).as_posix() for p in shipped.rglob("*") if p.is_file()}
    expected = {
        (Path(dest).relative_to("jury_desk/resources") / Path(src).name).as_posix()
        for src, dest in freeze_config.resource_datas(ROOT / "resources")
    }
    assert files == expected
    assert "translations/jury_desk_en.qm" in files and "fonts/DejaVuSans.ttf" in files
    assert "demo/admission-master.jdbundle" in files and "icons/jury-desk.svg" in files
    assert not [f for f in files if f.endswith((".ts", ".key")) or f.startswith("examples/")]
    assert not (frozen_app.internal / "resources").exists()  # found as jury_desk/resources only


def test_desktop_integration_files_sit_beside_the_program(
    frozen_app: FrozenApp, freeze_config: ModuleType
):
    pairs = freeze_config.desktop_files(PACKAGING, ROOT / "resources" / "icons")
    share = frozen_app.folder / "share"
    assert {p.relative_to(share).as_posix() for p in share.rglob("*") if p.is_file()} == {
        rel for _, rel in pairs
    }
    for src, rel in pairs:
        assert (share / rel).read_bytes() == src.read_bytes(), rel


def test_the_build_stays_under_its_size_budget(frozen_app: FrozenApp):
    files = [p for p in frozen_app.folder.rglob("*") if p.is_file() and not p.is_symlink()]
    size_mib = sum(p.stat().st_size for p in files) / 2**20
    assert 100 < size_mib < SIZE_BUDGET_MIB, f"dist/jury-desk is {size_mib:.0f} MiB"
