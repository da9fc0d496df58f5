"""Qt Linguist translations. Source strings are French (French first): French needs no
catalogue of ours, English loads ``resources/translations/jury_desk_en.qm``, compiled from
``jury_desk_en.ts`` by ``python -m jury_desk.gui.build_translations`` (the Makefile runs it
before ``make test`` and ``make demo``; the ``.qm`` files are not committed).

Qt's own strings (standard buttons, file dialogs) come from Qt's ``qtbase_<lang>.qm``.
Installing or removing a translator makes Qt send ``LanguageChange`` to every widget; each
view answers it by re-setting its texts (``retranslate_ui``).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from jury_desk.core.preferences import LANGUAGES, save_language, saved_language
from jury_desk.core.resources import resource_path

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}  # each in its own language: never translated

_installed: list[QTranslator] = []
_current = "fr"


def catalogue_path(lang: str) -> Path:
    return resource_path("translations", f"jury_desk_{lang}.qm")


def default_language(data_dir: Path | None = None) -> str:
    """The desk's saved choice, else English on an English system, else French (the jury's)."""
    saved = saved_language(data_dir) if data_dir is not None else None
    if saved is not None:
        return saved
    return "en" if QLocale.system().language() == QLocale.Language.English else "fr"


def current_language() -> str:
    return _current


def install_language(lang: str, data_dir: Path | None = None) -> bool:
    """Switch the application's language; False if a catalogue is missing.

    With ``data_dir``, the choice is remembered in the desk's preferences (a StoreError says
    why it could not be; the language is switched all the same)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    ok = True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    sources = [(f"qtbase_{lang}", qt_dir)]
    if lang != "fr":
        sources.append((catalogue_path(lang).name, str(catalogue_path(lang).parent)))
    for name, folder in sources:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        elif name.startswith("jury_desk"):
            ok = False  # our catalogue is required; Qt's own is a nicety
    QLocale.setDefault(
        QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English)
    )
    _current = lang
    if data_dir is not None:
        save_language(data_dir, lang)
    return ok


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for translation in ``context`` and return it as it is (translated
    later, where it is shown). PySide6's own is typed as returning ``None``, which made
    every word table a type error; lupdate finds this one by the same name."""
    return source


def fill(template: str, *values: object) -> str:
    """Qt-style ``%1 %2`` placeholders, in one pass (a value containing ``%2`` stays as is).

    Translators may reorder the placeholders, which positional ``{}`` would not allow.
    """
    return re.sub(
        r"%(\d)",
        lambda m: str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values) else m[0],
        template,
    )
