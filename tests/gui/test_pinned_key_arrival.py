"""A member whose key the secretariat pinned in the bundle arrives in the lobby: the desk asks
for their minisign secret key file (the platform's file dialog: the only thing stubbed
here), then for that file's passphrase, through the real widgets. A wrong passphrase, another
member's key file or a file that is no key is refused in the dialog with nothing written;
closing the file dialog does nothing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.writer import write_bundle
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.store.audit import verify_chain
from tests.e2e.simkit import cli
from tests.factories import make_documents, manifest_dict
from tests.gui.conftest import trust
from tests.gui.session_driver import WAIT_MS, click

SOPHIE, PIERRE = "m-mines-3", "m-mines-2"
MEMBERS = ("m-mines-1", PIERRE, SOPHIE, "m-albert-1", "m-albert-2", "m-albert-3")


def secret_of(member: str) -> str:
    return f"phrase-de-la-cle-{member}"  # typed with QTest: ASCII only


SOPHIE_SECRET, PIERRE_SECRET = secret_of(SOPHIE), secret_of(PIERRE)


@pytest.fixture
def keys(tmp_path, monkeypatch) -> dict[str, Path]:
    """Every member made their pair at home with `jury-desk member keygen` (a bundle pins
    every member's key or none)."""
    out = tmp_path / "keys"
    for member in MEMBERS:
        monkeypatch.setenv("JURY_DESK_KEY_PASSPHRASE", secret_of(member))
        code, _, err = cli("member", "keygen", "--out", out, "--name", member)
        assert (code, err) == (0, ""), err
    return {m: out / f"{m}.key" for m in MEMBERS}


@pytest.fixture
def page(qtbot, window, data_dir, keys, tmp_path) -> SessionPage:
    """A session whose bundle pins every member's key, opened from the start page as the
    secretariat's bundle."""
    raw = manifest_dict(n_candidates=3, bundle_id="gui-pinned-2026")
    for member in raw["session"]["members"]:
        public = PublicKey.from_file(keys[member["id"]].with_suffix(".pub"))
        member["public_key"] = public.to_base64()
    manifest = Manifest.model_validate(raw)
    secretariat = SecretKey.generate()
    bundle = write_bundle(
        manifest, make_documents(manifest), secretariat, tmp_path / "pinned.jdbundle"
    )
    trust(data_dir, secretariat.public_key())
    window.scrypt = FAST_FOR_TESTS
    window.open_bundle(bundle)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage), timeout=WAIT_MS)
    session_page = window.stack.currentWidget()
    assert isinstance(session_page, SessionPage) and session_page.controller.signed
    return session_page


class FileDialog:
    """QFileDialog.getOpenFileName, answered as a member would: the file they pick, or
    nothing (Cancel). Records the title and filters the desk asked with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.picks: list[Path | None] = []
        self.asked: list[tuple[str, str]] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self.__call__)

    def __call__(self, parent, title, folder, filters, *rest) -> tuple[str, str]:
        self.asked.append((title, filters))
        pick = self.picks.pop(0)
        return (str(pick), filters.split(";;")[0]) if pick is not None else ("", "")


@pytest.fixture
def file_dialog(monkeypatch) -> FileDialog:
    return FileDialog(monkeypatch)


def arrive(qtbot, page: SessionPage, member: str):
    page.lobby.select_member(member)
    click(qtbot, page.lobby.check_in_button)
    return page.lobby.dialog


def nothing_written(page: SessionPage, member: str, events: int) -> bool:
    service = page.controller.service
    return (
        not service.has_passphrase(member)
        and member not in service.present_members()
        and verify_chain(service.path).length == events
    )


def test_a_pinned_member_arrives_with_their_key_file_and_its_passphrase(
    qtbot, page, keys, file_dialog, notices
):
    service = page.controller.service
    file_dialog.picks.append(keys[SOPHIE])
    dialog = arrive(qtbot, page, SOPHIE)
    assert file_dialog.asked == [
        ("Clé secrète de Sophie Laurent", "Clé secrète minisign (*.key);;Tous les fichiers (*)")
    ]
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.headline.text() == "Arrivée de Sophie Laurent"
    assert dialog.explanation.text().startswith("Le secrétariat a fixé votre clé dans le dossier.")
    assert dialog.again is None  # the passphrase is the key file's: typed once, not chosen
    qtbot.keyClicks(dialog.passphrase, SOPHIE_SECRET)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    assert notices == []
    assert SOPHIE in service.present_members()
    seat = next(s for s in page.lobby.jury.rows() if s.member.id == SOPHIE)
    assert seat.present
    # The session holds her pinned key (re-encrypted under the same passphrase), and her
    # later acts are signed with it: sign-in opens it with that passphrase.
    pinned = PublicKey.from_file(keys[SOPHIE].with_suffix(".pub"))
    conn = sqlite3.connect(f"file:{service.path}?mode=ro", uri=True)
    row = conn.execute(
        "SELECT public_key, pinned FROM member_key WHERE member_id = ?", (SOPHIE,)
    ).fetchone()
    conn.close()
    assert row == (pinned.to_base64(), 1)
    assert service.sign_in(SOPHIE, SOPHIE_SECRET).member_id == SOPHIE
    assert keys[SOPHIE].read_bytes() not in Path(service.path).read_bytes()


@pytest.mark.parametrize(
    ("chosen", "secret", "error"),
    [
        (
            SOPHIE,
            "not-the-key-files-passphrase",
            "Ce fichier de clé ne s'ouvre pas avec cette phrase secrète. Vérifiez le fichier et "
            "la phrase secrète.",
        ),
        (
            PIERRE,
            PIERRE_SECRET,
            "Cette clé n'est pas celle que le secrétariat a fixée pour ce membre dans le "
            "dossier : choisissez la clé secrète dont vous lui avez donné la clé publique.",
        ),
        (
            "not-a-key",
            SOPHIE_SECRET,
            "Ce fichier de clé ne s'ouvre pas avec cette phrase secrète. Vérifiez le fichier et "
            "la phrase secrète.",
        ),
    ],
    ids=["wrong-passphrase", "another-members-key", "not-a-key-file"],
)
def test_a_wrong_key_file_or_passphrase_is_refused_in_the_dialog_with_nothing_written(
    qtbot, page, keys, file_dialog, notices, tmp_path, chosen, secret, error
):
    events = verify_chain(page.controller.service.path).length
    if chosen == "not-a-key":
        path = tmp_path / "notes.key"
        path.write_text("untrusted comment: not a key\nAAAA\n", encoding="utf-8")
    else:
        path = keys[chosen]
    file_dialog.picks.append(path)
    dialog = arrive(qtbot, page, SOPHIE)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.passphrase, secret)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.error.text() == error
    assert dialog.passphrase.text() == ""  # cleared for the next try
    assert nothing_written(page, SOPHIE, events)
    assert notices == []


def test_closing_the_file_dialog_does_nothing(qtbot, page, file_dialog, notices):
    events = verify_chain(page.controller.service.path).length
    file_dialog.picks.append(None)
    page.lobby.select_member(SOPHIE)
    click(qtbot, page.lobby.check_in_button)
    assert len(file_dialog.asked) == 1
    assert page.lobby.dialog is None or not page.lobby.dialog.isVisible()
    assert nothing_written(page, SOPHIE, events)
    assert notices == []


def test_an_unreadable_key_file_is_told_plainly(qtbot, page, file_dialog, notices, tmp_path):
    if os.geteuid() == 0:  # root reads any file: a folder is as unreadable as a file
        unreadable = tmp_path / "a-folder.key"
        unreadable.mkdir()
    else:
        unreadable = tmp_path / "locked.key"
        unreadable.write_text("x", encoding="utf-8")
        unreadable.chmod(0)
    events = verify_chain(page.controller.service.path).length
    file_dialog.picks.append(unreadable)
    page.lobby.select_member(SOPHIE)
    click(qtbot, page.lobby.check_in_button)
    assert [n.level for n in notices] == ["error"]
    assert str(unreadable) in (notices[0].detail or notices[0].text)
    assert nothing_written(page, SOPHIE, events)
