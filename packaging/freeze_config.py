"""What the frozen jury-desk keeps and leaves out: shared by jury-desk.spec and hooks/.

Plain functions over file names, so the choices are unit-tested without running PyInstaller
(tests/packaging/test_freeze_config.py). Not a package module: ``packaging/`` has no
``__init__.py`` on purpose, or it would shadow the ``packaging`` library PyInstaller uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePath

APP_NAME = "jury-desk"
APP_ID = "eu.psl.minesparis.JuryDesk"  # reverse-DNS of minesparis.psl.eu (AppStream id)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# Loaded on demand by the app (importlib or a function-level import the analysis may miss),
# plus the PDF viewer modules that the dossier view (DESIGN.md §7) uses, and ReportLab's C
# accelerator (reportlab[accel]; ReportLab only tries to import it, so the analysis skips it).
# The archive on PostgreSQL (--db postgresql://…): SQLAlchemy imports its psycopg dialect
# and psycopg by name only when such an address is opened. psycopg's own imports bring its
# C build, psycopg_binary, with the libpq it ships (the frozen-app test checks it is there).
EXTRA_HIDDEN_IMPORTS = (
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "_rl_accel",
    "sqlalchemy.dialects.postgresql.psycopg", "psycopg",
)  # fmt: skip

# Python modules never needed at run time. Qt bindings first: the app uses QtCore, QtGui,
# QtWidgets and QtPdf(Widgets) only; QtNetwork/QtDBus stay as C++ libraries where Qt links
# them, without their Python bindings or their network plugins (the desk is offline).
EXCLUDED_MODULES = (
    *(
        f"PySide6.{name}"
        for name in (
            "QtNetwork", "QtDBus", "QtOpenGL", "QtOpenGLWidgets", "QtQml", "QtQuick",
            "QtQuickControls2", "QtQuickWidgets", "QtQuickTest", "QtQmlFeatures",
            "QtLabsStyleKit", "QtMultimedia", "QtMultimediaWidgets", "QtWebEngineCore",
            "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets",
            "QtDesigner", "QtHelp", "QtUiTools", "QtTest", "QtSql", "QtXml", "QtConcurrent",
            "QtPrintSupport", "QtSvg", "QtSvgWidgets", "Qt3DCore", "QtCharts",
            "QtDataVisualization", "QtGraphs",
        )
    ),  # fmt: skip
    # Test and developer tooling that static analysis drags in through optional imports.
    "tkinter", "_tkinter", "hypothesis", "pytest", "_pytest", "pytestqt", "IPython", "numpy",
    "jury_desk.gui.build_translations",
    # Pillow is imported by ReportLab and pyHanko but never decodes an image for the PV;
    # these codecs are the heavy optional ones (Pillow skips a missing plugin).
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL.ImageTk",
    "PIL.ImageQt",
    # pyHanko uses lxml.etree only (XMP metadata); objectify alone weighs 2.8 MB.
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.cssselect", "lxml.doctestcompare",
    "lxml.usedoctest",
)  # fmt: skip

# Qt plugins kept, by plugin folder and plugin name (file name without lib prefix/suffix).
# A folder absent here is dropped whole (EGL, evdev, Wayland client, network, TLS).
KEPT_QT_PLUGINS: dict[str, frozenset[str] | None] = {  # None: every plugin of that folder
    # xcb for X11 and XWayland, offscreen for headless runs and CI; cocoa/windows for the
    # other desktops. Wayland sessions fall back to xcb (XWayland).
    "platforms": frozenset({"qxcb", "qoffscreen", "qcocoa", "qwindows"}),
    "platforms/darwin": None,
    "xcbglintegrations": None,
    "platforminputcontexts": None,  # compose keys and IBus: typing French accents
    # The XDG portal theme gives native file dialogs; the GTK3 theme would drag in the whole
    # GTK/cairo/pango stack from the build machine (19 MB).
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "iconengines": None,  # SVG icons
    "imageformats": frozenset({"qsvg"}),  # the SVG app icon; PNG is built into QtGui
    "styles": None,  # native widget styles on Windows and macOS
    "accessiblebridge": None,
}
# Qt's own catalogues for the app's languages (standard buttons, file dialogs).
KEPT_QT_LANGUAGES = frozenset({"fr", "en"})

# Runtime assets under resources/ (DESIGN.md §1), as they ship: the app finds them through
# jury_desk/core/resources.py. Left out: translation sources (.ts), the secretariat's
# example inputs, the DEMO secretariat's secret key (only to regenerate the demo bundles)
# and the icon formats used only by the OS packaging.
KEPT_RESOURCES = (
    "fonts/*",
    "icons/*.svg",
    "translations/*.qm",
    "demo/*.jdbundle",
    "demo/*.pub",
    "demo/*.p12",
    "demo/README.md",
    "schema/*.json",
)

_PLUGIN_NAME = re.compile(r"^(?:lib)?(?P<name>.+?)(?:\.so.*|\.dll|\.dylib)$")
_QM_LANGUAGE = re.compile(r"_(?P<lang>[a-z]{2,3})(?:_[A-Z]{2})?\.qm$")  # qt_help_pt_BR.qm


def qt_plugin_kept(src: str, dest_dir: str) -> bool:
    """Whether the plugin ``src`` collected to ``dest_dir`` (…/plugins/<folder>) is kept."""
    parts = PurePath(dest_dir.replace("\\", "/")).parts
    if "plugins" not in parts:
        return True  # not a plugin (a Qt library the hook collected): kept
    folder = "/".join(parts[parts.index("plugins") + 1 :])
    if folder not in KEPT_QT_PLUGINS:
        return False
    names = KEPT_QT_PLUGINS[folder]
    match = _PLUGIN_NAME.match(PurePath(src.replace("\\", "/")).name)
    return names is None or (match is not None and match["name"] in names)


def qt_translation_kept(src: str) -> bool:
    match = _QM_LANGUAGE.search(PurePath(src).name)
    return match is None or match["lang"] in KEPT_QT_LANGUAGES


def filter_qt_collection(
    binaries: Iterable[tuple[str, str]], datas: Iterable[tuple[str, str]]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Drop unwanted Qt plugins and translations from a Qt hook's (src, dest) lists.

    Done inside the hooks, before PyInstaller resolves shared-library dependencies, so a
    dropped plugin's libraries (GTK for the gtk3 theme) are never collected either.
    """
    kept_binaries = [(s, d) for s, d in binaries if qt_plugin_kept(s, d)]
    kept_datas = [(s, d) for s, d in datas if not s.endswith(".qm") or qt_translation_kept(s)]
    return kept_binaries, kept_datas


def resource_datas(resources: Path, dest: str = "jury_desk/resources") -> list[tuple[str, str]]:
    """(src, dest_dir) pairs for the kept runtime assets, sorted for a reproducible build."""
    out = set()
    for pattern in KEPT_RESOURCES:
        for path in resources.glob(pattern):
            if path.is_file():
                rel = path.parent.relative_to(resources).as_posix()
                out.add((str(path), f"{dest}/{rel}" if rel != "." else dest))
    return sorted(out)


def migration_datas(root: Path) -> list[tuple[str, str]]:
    """The archive's Alembic scripts (env.py, versions/*.py): Alembic reads them as files
    from their folder, never imports them, so they ship as data beside the modules."""
    base = root / "jury_desk" / "archive" / "migrations"
    return sorted((str(p), p.parent.relative_to(root).as_posix()) for p in base.rglob("*.py"))


def desktop_files(packaging_dir: Path, icons: Path) -> list[tuple[Path, str]]:
    """Linux desktop integration as (src, path under the app folder's share/)."""
    linux = packaging_dir / "linux"
    out = [
        (linux / f"{APP_ID}.desktop", f"applications/{APP_ID}.desktop"),
        (linux / f"{APP_ID}.metainfo.xml", f"metainfo/{APP_ID}.metainfo.xml"),
        (icons / "jury-desk.svg", f"icons/hicolor/scalable/apps/{APP_ID}.svg"),
    ]
    for size in ICON_SIZES:
        hicolor = f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        out.append((icons / f"jury-desk-{size}.png", hicolor))
    return out


def filtered_qt_hook(hook_file: str) -> tuple[list, list, list]:
    """The body of hooks/hook-PySide6.<Module>.py: PyInstaller's own Qt collection, filtered.

    These hooks replace PyInstaller's for the same modules (user hooks take precedence).
    """
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    binaries, datas = filter_qt_collection(binaries, datas)
    return hiddenimports, binaries, datas
