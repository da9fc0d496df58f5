"""The Archives page and the collection step, driven through the real widgets.

The archive is the one ``jury-desk archive`` fills (archive.sqlite in the data folder): a
PV is filed with the service, then found, shown and its report read on the page. After an
export, the minutes page writes the dossier d'archive, which ``archive add`` takes as is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from jury_desk.archive.service import ArchiveService
from jury_desk.bundle.minisign import PublicKey
from jury_desk.cli import main as cli_main
from jury_desk.core.proposals import RENVOI
from jury_desk.gui import layout_check
from jury_desk.gui.demo import demo_public_key
from jury_desk.gui.views.archives_page import ArchivesPage
from tests.archive.archivekit import Filer
from tests.gui.minutes_driver import export_into, sign_with_demo_key
from tests.gui.session_driver import click
from tests.gui.test_minutes_page import closed_demo, open_minutes  # noqa: F401  (fixture)
from tests.minutes.conftest import keys  # noqa: F401


@pytest.fixture(scope="module")
def filed(tmp_path_factory, keys):  # noqa: F811
    filer = Filer(tmp_path_factory.mktemp("filed"), keys)
    names = ["Camille Lefèvre", "Chloé O'Connor", "Åsa Öberg"]
    # One renvoyé before its reveal: its scholarship flag was never opened.
    return filer, filer.make(n=3, names=names, student_ids=["21904417", None, None],
                             title="Jury archivé", renvoi=True, unrevealed=True)  # fmt: skip


def test_search_a_filed_pv_and_read_its_report(qtbot, window, data_dir, filed):
    filer, pv = filed
    with ArchiveService.open(None, data_dir) as archive:
        archive.add(pv.pv, pv.bundle, [PublicKey.from_file(filer.public_key)])
    click(qtbot, window.start_page.archives_button)
    page = window.stack.currentWidget()
    assert isinstance(page, ArchivesPage)
    assert page.model.rowCount() == 3  # every decision, newest first, before any search
    ModelTester(None).check(page.model)
    flags = {
        page.model.row(r).decision == RENVOI: page.model.data(page.model.index(r, 7))
        for r in range(3)
    }
    assert flags[True] == "Non révélé" and flags[False] in {"Oui", "Non"}
    qtbot.keyClicks(page.query, "LEFEVRE")
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1
    row = page.model.row(0)
    assert (row.name, row.student_id) == ("Camille Lefèvre", "21904417")
    assert page.model.data(page.model.index(0, 5)) in {"Admis", "Liste d'attente", "Refusé"}
    assert page.model.data(page.model.index(0, 8)) == "En vigueur"
    assert "Result: VALID" in page.report.toPlainText()
    assert page.viewer.tabs.count() == 1
    assert "archive.sqlite" in page.where.text()
    page.query.clear()
    qtbot.keyClicks(page.query, "personne")
    click(qtbot, page.search_button)
    assert page.model.rowCount() == 0 and page.report.toPlainText() == ""
    assert page.count.text().startswith("0 décision")
    click(qtbot, page.home_button)
    assert window.stack.currentWidget() is window.start_page and page.archive is None


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768)], ids=["1024x700", "1366x768"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_archives_page_fits_small_screens(qtbot, window, data_dir, filed, size, language):
    """Issue 14's page looked at as issue 15 asks: no column hidden at the right, no title
    or name cut to a few letters, at 1024×700 and 1366×768, in French and English."""
    filer, pv = filed
    with ArchiveService.open(None, data_dir) as archive:
        archive.add(pv.pv, pv.bundle, [PublicKey.from_file(filer.public_key)])
    if language == "en":
        window.set_language("en")
    window.resize(*size)
    click(qtbot, window.start_page.archives_button)
    page = window.stack.currentWidget()
    assert isinstance(page, ArchivesPage) and page.model.rowCount() == 3
    qtbot.wait(50)
    assert layout_check.problems(window) == []
    header = page.table.horizontalHeader()
    assert not header.isSectionHidden(3) and header.sectionSize(3) >= 100  # the names
    # The scholarship flag ("Non révélé" for the renvoyé): shown when there is room.
    if (size, language) == ((1366, 768), "fr"):
        assert not header.isSectionHidden(7)


def test_an_unusable_archive_is_said_on_the_page(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setenv("JURY_DESK_ARCHIVE_DB", f"postgresql://x@/a?host={tmp_path}&port=5999")
    click(qtbot, window.start_page.archives_button)
    page = window.stack.currentWidget()
    assert page.where.text().startswith("Archives indisponibles : Cannot use the archive")
    assert page.model.rowCount() == 0


def test_the_dossier_d_archive_after_the_export(
    qtbot, window, request, monkeypatch, tmp_path, capsys
):
    minutes = open_minutes(qtbot, window, request.getfixturevalue("closed_demo"))
    assert not minutes.archive_step.isVisible()
    for slot in minutes.slots.values():
        sign_with_demo_key(qtbot, slot)
    export_into(qtbot, monkeypatch, minutes, tmp_path / "PV export")
    step = minutes.archive_step
    assert step.isVisibleTo(minutes)
    folder = tmp_path / "dossier"
    from jury_desk.gui.words import messages

    monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: folder)
    click(qtbot, step.write_button)
    assert step.written == folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "LISEZ-MOI.txt", "PV.pdf", "bundle-receipt.jdreceipt", "minutes.json",
        "session.jdsession",
    ]  # fmt: skip
    assert "✓ Dossier d'archive écrit dans" in step.result.text()
    key = tmp_path / "demo.pub"
    key.write_text(demo_public_key().to_text(), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    code = cli_main(["archive", "add", str(folder), "--trusted-key", str(key), "--db", db])
    out, err = capsys.readouterr()
    # The demo's PV is a simulation: the archive refuses it, and says so.
    assert code == 1 and "simulation" in err and out == ""
    monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: folder)
    notices: list = []
    monkeypatch.setattr(messages, "presenter", lambda parent, notice: notices.append(notice))
    click(qtbot, step.write_button)  # the folder is not empty any more
    assert notices and notices[0].title == "Dossier d'archive non écrit"
    assert Path(folder / "PV.pdf").exists()
