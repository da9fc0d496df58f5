"""Resume a saved session from the start screen: its bundle copy is verified again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.trust import TrustStore
from jury_desk.bundle.verify import read_document, verify_bundle
from jury_desk.bundle.writer import write_bundle
from jury_desk.core.resources import resource_path
from jury_desk.deliberation.service import DeliberationService
from jury_desk.gui.demo import demo_bundle_path, demo_public_key
from jury_desk.gui.views.session_page import SessionPage
from tests.gui.conftest import signed_bundle, trust

WAIT_MS = 10_000


def start_session(source, keys, data_dir) -> DeliberationService:
    verified = verify_bundle(source, trusted_keys=keys, data_dir=data_dir)
    service = DeliberationService.open_from_bundle(verified, data_dir)
    service.close()
    return service


def resume_first_row(qtbot, window):
    page = window.start_page
    page.refresh_sessions()
    assert page.sessions.rowCount() == 1 and page.resume_button.isEnabled()
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)


def test_resume_a_session_from_the_list(qtbot, window, data_dir, notices, tmp_path):
    bundle = signed_bundle(tmp_path / "in")
    trust(data_dir, bundle.key)
    service = start_session(bundle.path, [bundle.key], data_dir)
    resume_first_row(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage), timeout=WAIT_MS)
    page = window.stack.currentWidget()
    assert notices == []
    assert page.checked.text().startswith("✓ Séance reprise : son dossier a été vérifié à nouveau")
    assert window.service is not None and window.service.path == service.path
    assert not window.banner.isVisible()

    window.go_home()  # releases the session so another window could open it
    assert window.service is None
    DeliberationService.open_existing(service.path, [bundle.key], data_dir).close()


def test_resume_refuses_a_session_whose_key_is_no_longer_trusted(
    qtbot, window, data_dir, notices, tmp_path
):
    bundle = signed_bundle(tmp_path / "in")
    start_session(bundle.path, [bundle.key], data_dir)
    other = SecretKey.generate().public_key()
    trust(data_dir, other)
    resume_first_row(qtbot, window)
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=WAIT_MS)
    assert notices[0].detail.startswith("signature.unknown-key · manifest.json.minisig")
    assert window.stack.currentWidget() is window.start_page and window.service is None


def test_resume_the_demo_with_the_demo_key_alone(qtbot, window, data_dir, notices):
    start_session(demo_bundle_path("graduation"), [demo_public_key()], data_dir)
    resume_first_row(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage), timeout=WAIT_MS)
    assert notices == [] and window.banner.isVisible()
    assert TrustStore(data_dir).keys() == []


def test_a_session_posing_as_the_demo_is_refused(qtbot, window, data_dir, notices, tmp_path):
    """The DEMO secret key is public: anything else it signed must not resume."""
    demo_key = demo_public_key()
    real = verify_bundle(
        demo_bundle_path("admission"), trusted_keys=[demo_key], data_dir=tmp_path / "scratch"
    )
    forged_manifest = Manifest.model_validate(
        {**real.manifest.model_dump(mode="json"), "seq": real.manifest.seq + 1}
    )
    documents = {f.path: read_document(real, f.path) for f in real.manifest.files}
    demo_sk = SecretKey.from_file(resource_path("demo", "DEMO-secretariat.key"), None)
    forged = write_bundle(forged_manifest, documents, demo_sk, tmp_path / "forged.jdbundle")
    start_session(forged, [demo_key], data_dir)  # as if planted in the data folder
    resume_first_row(qtbot, window)
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=WAIT_MS)
    assert notices[0].title == "Séance inaccessible"
    assert "is not the shipped demo" in notices[0].detail
    assert window.service is None and window.stack.currentWidget() is window.start_page


def test_resume_without_any_key_for_a_real_session_says_to_add_one(
    qtbot, window, data_dir, notices, tmp_path
):
    bundle = signed_bundle(tmp_path / "in")
    start_session(bundle.path, [bundle.key], data_dir)
    resume_first_row(qtbot, window)
    (notice,) = notices
    assert notice.title == "Aucune clé de la scolarité"
