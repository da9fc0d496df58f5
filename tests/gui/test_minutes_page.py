"""The minutes screen on a closed demo session: preview, both signers' keys, export, verify.

A closed session comes from the headless simulation (``jury_desk.rehearsal.simulate``,
through the real service, into the test's data folder); the GUI then resumes it from the
start screen, as a jury would after a restart. The session is flagged as a simulation, so its PV is
watermarked SIMULATION and ``minutes verify`` needs ``--allow-simulation``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService, fail

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.verify import verify_bundle
from jury_desk.cli import main as cli_main
from jury_desk.commands.minutes import _keyring_name
from jury_desk.core.resources import resource_path
from jury_desk.gui.demo import DEMO_KEY_FILE, demo_bundle_path, demo_public_key
from jury_desk.gui.dialogs.sign_pv import SignPvDialog, keyring_name
from jury_desk.gui.dialogs.verify_pv import GREEN, GREY, ORANGE, RED, VerifyPvDialog
from jury_desk.gui.style import group_hex
from jury_desk.gui.views.minutes_page import MinutesPage
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.gui.words import messages
from jury_desk.minutes.export import PV_NAME
from jury_desk.minutes.model import MINUTES_NAME
from jury_desk.minutes.sign import unlock_signer
from jury_desk.rehearsal.simulate import simulate
from tests.gui.conftest import tree
from tests.gui.minutes_driver import (
    demo_p12,
    export_into,
    open_slot,
    run_verification,
    sign_with_demo_key,
    unlock,
)
from tests.gui.session_driver import WAIT_MS, click, open_demo

# The demo's chair signs with a key of their own: three slots, the chair's first.
SIGNERS = {"chair": "Hélène Rousseau", "MINES": "Pierre-Yves Martin", "ALBERT": "Karim Haddad"}
WRONG_KEY = (
    "La clé de signature ne s'ouvre pas : la phrase secrète est incorrecte, ou ce fichier "
    "n'est pas une clé de signature (.p12). Vérifiez-les et réessayez."
)


@dataclass
class ClosedSession:
    path: Path
    simulated_pv: Path  # the PV the simulation itself exported
    manifest: Manifest


@pytest.fixture
def closed_demo(data_dir: Path, tmp_path: Path) -> ClosedSession:
    verified = verify_bundle(
        demo_bundle_path("admission"), trusted_keys=[demo_public_key()], data_dir=data_dir
    )
    signers = {code: unlock_signer(demo_p12(code), b"demo") for code in SIGNERS}
    report = simulate(verified, data_dir, tmp_path / "simulated", signers=signers, seed=3)
    return ClosedSession(report.session_path, report.exported.pv, verified.manifest)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)


@pytest.fixture
def secret_service(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """The allow-listed Secret Service backend, its D-Bus calls replaced by a dict."""
    store: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(SecretService.Keyring, "get_password", lambda _k, s, u: store.get((s, u)))
    monkeypatch.setattr(
        SecretService.Keyring, "set_password", lambda _k, s, u, p: store.__setitem__((s, u), p)
    )
    monkeypatch.setattr(
        SecretService.Keyring, "delete_password", lambda _k, s, u: store.pop((s, u))
    )
    backend = SecretService.Keyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    return store


def open_minutes(qtbot, window, session: ClosedSession) -> MinutesPage:
    window.resume_session(session.path)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage), timeout=WAIT_MS)
    page = window.stack.currentWidget()
    assert page.minutes_button.isEnabled()
    click(qtbot, page.minutes_button)
    minutes = page.minutes
    assert minutes is not None and page.stack.currentWidget() is minutes
    qtbot.waitUntil(
        lambda: minutes.rendering is None and minutes.preview_lang == "fr", timeout=WAIT_MS
    )
    return minutes


def test_preview_sign_export_and_verify_a_closed_session(
    qtbot, window, closed_demo, no_keyring, notices, monkeypatch, tmp_path, capsys
):
    minutes = open_minutes(qtbot, window, closed_demo)
    assert minutes.preview_lang == "fr" and minutes.viewer.page_count() >= 2
    assert minutes.simulated_note.isVisible()
    assert not minutes.export_button.isEnabled()
    assert minutes.export_hint.text() == (
        "Il manque encore la clé de : Président du jury, Mines Paris – PSL, Albert School."
    )
    members = closed_demo.manifest.session.members
    signers = {"signer" in m.roles and m.institution or "chair": m for m in members
               if m.signer_cert_sha256}  # fmt: skip
    assert list(minutes.slots) == ["chair", "MINES", "ALBERT"]
    assert minutes.slots["chair"].title() == "Président du jury"
    for code, slot in minutes.slots.items():
        assert slot.who.text() == f"Signataire : {SIGNERS[code]}"
        assert group_hex(signers[code].signer_cert_sha256) in slot.fingerprint.text()
        assert slot.status.text() == "En attente de la clé du signataire."

    # -- the PV in English: the preview is drawn again, in English
    minutes.language.setCurrentIndex(minutes.language.findData("en"))
    qtbot.waitUntil(lambda: minutes.rendering is None and minutes.preview_lang == "en")
    assert minutes.viewer.page_count() >= 2

    for slot in minutes.slots.values():
        sign_with_demo_key(qtbot, slot)
        assert slot.status.text() == (
            f"Clé déverrouillée — signera à l'export (certificat conforme : {slot.key.p12.name})."
        )
    assert minutes.export_button.isEnabled()

    # -- a folder that cannot be made: said plainly, nothing written, the keys stay ready
    blocked = tmp_path / "a file, not a folder"
    blocked.write_bytes(b"")
    monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: blocked)
    click(qtbot, minutes.export_button)
    qtbot.waitUntil(lambda: minutes.exporting is None and bool(notices), timeout=WAIT_MS)
    (notice,) = notices
    assert (notice.title, notice.text) == (
        "Export impossible",
        "Le procès-verbal ne peut pas être écrit dans ce dossier (droits d'accès, disque "
        "plein ?). Choisissez un autre dossier.",
    )
    assert "Cannot create the output folder" in notice.detail
    assert blocked.read_bytes() == b"" and minutes.exported is None
    assert minutes.export_button.isEnabled()
    notices.clear()

    parent = tmp_path / "Documents"
    parent.mkdir()
    out = export_into(qtbot, monkeypatch, minutes, parent)  # creates PV-<bundle id> in it
    assert out.name == "PV-demo-2026-master-admission"
    # Named for what they are now: signed; and the preview is the signed PV as exported.
    assert minutes.slots["MINES"].status.text() == (
        "✓ Signé : Pierre-Yves Martin, dans le procès-verbal exporté."
    )
    assert minutes.preview_state.text() == "Procès-verbal signé, tel qu'exporté"
    assert minutes.viewer._reader is not None
    assert minutes.viewer._reader(PV_NAME) == (out / PV_NAME).read_bytes()
    assert notices == []
    assert sorted(p.name for p in out.iterdir()) == [PV_NAME, MINUTES_NAME]
    assert minutes.exported.minutes.lang == "en" and minutes.exported.minutes.simulated
    assert minutes.result.text().startswith(
        "✓ Procès-verbal signé par Hélène Rousseau (Président du jury), Pierre-Yves Martin "
        "(Mines Paris – PSL), Karim Haddad (Albert School) et exporté"
    )
    assert str(out / PV_NAME) in minutes.paths.text() and minutes.verify_button.isVisible()

    # -- anyone can check it later with the command line...
    pv = out / PV_NAME
    bundle, key = demo_bundle_path("admission"), resource_path("demo", DEMO_KEY_FILE)
    args = ["minutes", "verify", str(pv), "--bundle", str(bundle), "--trusted-key", str(key)]
    assert cli_main([*args, "--allow-simulation"]) == 0
    printed = capsys.readouterr().out
    assert "Result: VALID (SIMULATION)" in printed and "FAIL" not in printed
    assert cli_main(args) == 1  # a simulation is never a jury's PV without the flag
    assert "a simulated PV is not a jury's PV" in capsys.readouterr().err

    # -- ...and the desk shows the same report
    click(qtbot, minutes.verify_button)
    dialog = minutes.verify_dialog
    run_verification(qtbot, dialog)
    assert dialog.bundle.path() == window.controller.documents.bundle.path
    assert dialog.verdict.text() == (
        "⚠ Procès-verbal valide, mais d'une SIMULATION : ce n'est pas un PV de jury"
    )
    lines = dialog.line_texts()
    assert lines[0] == (
        "⚠ SIMULATION : ce procès-verbal consigne une répétition (jury-desk simulate), pas "
        "une délibération du jury.",
        ORANGE,
    )
    titles = [text.splitlines()[0] for text, _colour in lines[1:]]
    # Each signature says whose it is: school, person, role (from the PV's minutes.json).
    assert titles[1].startswith(
        "✓ Signature intacte et valide — Président du jury, Hélène Rousseau ("
    )
    assert titles[2].startswith("✓ Signature intacte et valide — Mines Paris – PSL, Pierre-Yves")
    assert titles[3].startswith("✓ Signature intacte et valide — Albert School, Karim Haddad (")
    assert all("signe le PV)" in title for title in titles[2:4])
    assert [titles[0], *titles[4:]] == [
        "✓ Données du procès-verbal (minutes.json) présentes et conformes",
        "✓ Rien n'a été modifié après les signatures",
        "✓ Certificat du signataire valide au moment de la signature",
        "✓ Certificat du signataire valide au moment de la signature",
        "✓ Certificat du signataire valide au moment de la signature",
        "✓ Le président du jury et une signature par école, par les signataires déclarés",
        "✓ Signataires conformes au dossier de séance",
        "✓ Procès-verbal conforme au dossier de séance (jury, candidats)",
        "✓ Chaque page dit exactement ce que disent les données",
    ]
    assert {colour for _text, colour in lines[1:]} == {GREEN}


def test_a_wrong_passphrase_or_key_is_said_plainly_and_nothing_is_written(
    qtbot, window, closed_demo, secret_service, data_dir, notices
):
    minutes = open_minutes(qtbot, window, closed_demo)
    before = tree(data_dir)
    session_bytes = closed_demo.path.read_bytes()
    slot = minutes.slots["MINES"]
    dialog = open_slot(qtbot, slot)
    assert dialog.remember.isEnabled()  # an allow-listed keyring answered
    dialog.remember.setChecked(True)

    unlock(qtbot, dialog, "not the passphrase")
    assert dialog.error.text() == WRONG_KEY and dialog.error.isVisible()
    assert dialog.isVisible() and dialog.passphrase.text() == ""
    dialog.file.set_path(demo_p12("ALBERT"))  # the other school's key opens, but is not his
    unlock(qtbot, dialog, "demo")
    assert dialog.error.text() == (
        "Cette clé n'est pas celle du signataire que le dossier de séance déclare pour cette "
        "école. Choisissez le fichier .p12 de ce signataire."
    )
    assert slot.key is None and not minutes.export_button.isEnabled()
    assert secret_service == {}  # not even the passphrase that opened the wrong key
    assert tree(data_dir) == before and closed_demo.path.read_bytes() == session_bytes
    assert notices == []

    # -- the right key: remembered on request, then used with the field left empty
    dialog.file.set_path(demo_p12("MINES"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        unlock(qtbot, dialog, "demo")
    name = keyring_name(slot.signer.signer_cert_sha256)
    assert name == _keyring_name(slot.signer.signer_cert_sha256)  # shared with the CLI
    assert secret_service == {("jury-desk", name): "demo"}
    assert slot.status.text().endswith("Phrase secrète mémorisée dans le trousseau du système.")
    again = open_slot(qtbot, slot)
    assert again.keyring_note.text().startswith("Une phrase secrète est mémorisée")
    with qtbot.waitSignal(again.accepted, timeout=WAIT_MS):
        click(qtbot, again.ok_button)

    # -- a remembered passphrase that no longer opens the key is forgotten, and said so
    other = minutes.slots["ALBERT"]
    stale = keyring_name(other.signer.signer_cert_sha256)
    secret_service[("jury-desk", stale)] = "an old passphrase"
    dialog = open_slot(qtbot, other)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.unlocking is None, timeout=WAIT_MS)
    assert dialog.error.text().startswith("La phrase secrète mémorisée n'ouvre plus cette clé")
    assert ("jury-desk", stale) not in secret_service and other.key is None
    assert tree(data_dir) == before


def test_remember_is_disabled_without_a_keyring(qtbot, no_keyring, tmp_path):
    manifest = verify_bundle(
        demo_bundle_path("graduation"),
        trusted_keys=[demo_public_key()],
        data_dir=tmp_path,
        record=False,
    ).manifest
    mines = manifest.session.institutions[0]
    signer = next(m for m in manifest.session.members if "signer" in m.roles)
    dialog = SignPvDialog(None, institution=mines, signer=signer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.keyring is not None)
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert dialog.keyring_note.text().startswith(
        "Aucun trousseau sûr n'est disponible sur cet ordinateur : la phrase secrète est "
        "demandée à chaque signature"
    )
    assert dialog.remember.toolTip() == dialog.keyring_note.text()
    assert dialog.file.path() is None  # a real session preselects no key
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Choisissez le fichier de clé (.p12) du signataire."


def test_verify_a_pv_from_the_start_screen(qtbot, window, closed_demo, tmp_path):
    click(qtbot, window.start_page.verify_button)
    dialog = window.findChild(VerifyPvDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.key.set_path(resource_path("demo", DEMO_KEY_FILE))
    dialog.pdf.set_path(closed_demo.simulated_pv)
    click(qtbot, dialog.verify_button)
    assert dialog.error.text() == (
        "La clé sert à vérifier le dossier de séance : choisissez-le aussi."
    )
    dialog.key.set_path(None)
    click(qtbot, dialog.verify_button)
    run_verification(qtbot, dialog)
    assert dialog.report.ok and dialog.report.simulated and not dialog.report.verified
    assert dialog.verdict.text() == (
        "✗ Signataires non vérifiés : donnez le dossier de session (ou son reçu)"
    )
    assert dialog.line_texts()[-2] == (
        "– Signataires conformes au dossier de séance\n"
        "    Non vérifié : choisissez aussi le dossier de séance pour confronter le "
        "procès-verbal au dossier signé par la scolarité.",
        GREY,
    )
    assert dialog.lines.item(dialog.lines.count() - 2).toolTip().startswith("signers not verified")

    altered = tmp_path / "PV-altered.pdf"
    shutil.copyfile(closed_demo.simulated_pv, altered)
    data = bytearray(altered.read_bytes())
    data[len(data) // 3] ^= 0x01  # one byte, inside what the signatures cover
    altered.write_bytes(bytes(data))
    dialog.pdf.set_path(altered)
    click(qtbot, dialog.verify_button)
    run_verification(qtbot, dialog)
    assert dialog.verdict.text() == "✗ Procès-verbal NON valide"
    failed = [text for text, colour in dialog.line_texts() if colour == RED]
    assert failed and all(text.startswith("✗ ") for text in failed)
    assert any(
        text.splitlines()[1]
        == "    Cette signature ne tient plus : le contenu signé a été modifié, ou la signature "
        "est invalide."
        and "Détail technique : " in text
        and "the signed bytes were changed" in text  # the verifier's exact reason, beneath
        for text in failed
    )


def test_the_minutes_wait_for_the_session_to_close(qtbot, window):
    page = open_demo(qtbot, window, "admission")
    assert not page.minutes_button.isEnabled()
    assert page.minutes_button.toolTip() == ("Le procès-verbal s'établit une fois la séance close.")
    assert page.show_minutes() is None and page.minutes is None
