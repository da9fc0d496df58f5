"""Main window: a DEMO banner over a stack of pages (start screen, then the session).

A thin face: it asks the bundle verifier and the deliberation service and shows what they
answer; it holds no rule of its own. Each screen is a page of ``self.stack``: the start page
stays, the open session's page (lobby, board, scoring) is swapped in by ``show_page``.

The verifier, the deliberation service and the session's pages are imported when first
needed, not with this module: the start screen then shows at once
(``tests/benchmarks/bench_gui_start.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from jury_desk.core.errors import JuryDeskError, StoreError
from jury_desk.gui.i18n import fill, install_language
from jury_desk.gui.qtfixes.disposal import dispose
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import USER_SIZED
from jury_desk.gui.tasks import CancelledFn, ProgressFn, Task, Work
from jury_desk.gui.views.start_page import StartPage
from jury_desk.gui.words import messages

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.bundle.verify import VerifiedBundle
    from jury_desk.deliberation.passphrase import ScryptParams
    from jury_desk.deliberation.service import DeliberationService
    from jury_desk.gui.controller import DossierDocuments, SessionController
    from jury_desk.gui.demo import DemoKind
    from jury_desk.gui.desks.room_exchange import RoomExchange, RoomSide
    from jury_desk.gui.dialogs.verify_pv import VerifyPvDialog
    from jury_desk.gui.member.desk import MemberDeskLike, MemberDeskOpener, MemberOpeningLike
    from jury_desk.gui.views.session_page import BundleSummary

    # A bundle verified and its session opened, with the session's room side (member desks).
    Opened = tuple[VerifiedBundle, DeliberationService, RoomSide | None]

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTERS_KEY = "splitters"
DEFAULT_SIZE = (1366, 768)


class MainWindow(Retranslating, QMainWindow):
    # The cost of hashing a newly chosen passphrase; tests lower it (the stored parameters
    # travel with each hash, so checking one never depends on this).
    # None: production parameters (hashlib's scrypt is imported with the service, not before
    # the first window).
    scrypt: ScryptParams | None = None
    # What a session brings to the member desks' exchange (issue 12; None: the shared
    # laptop alone), and how this desk opens as one member's own desk (None: not offered).
    # Tests put stand-ins here.
    room_side: Callable[[DeliberationService], RoomSide | None] = staticmethod(
        lambda service: _wiring().room_side(service)
    )
    member_desk_opener: MemberDeskOpener | None = staticmethod(
        lambda *args: _wiring().open_member_desk(*args)
    )
    # Where the room desk listens and beacons once opened to the room network
    # (``RoomExchange``'s keywords); tests keep it on the loopback interface.
    room_network: Mapping[str, Any] = MappingProxyType({})
    # New sessions are signed (log format 2); False makes an unsigned log (format 1), as
    # sessions made before it, for the tests that check those still work in the desk.
    signed_sessions: bool = True

    def __init__(self, data_dir: Path, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.data_dir = data_dir
        self.settings = settings
        self.opened: BundleSummary | None = None
        self.service: DeliberationService | None = None
        self.controller: SessionController | None = None
        self.exchange: RoomExchange | None = None
        self.verification: Task | None = None
        self.member_chooser: QDialog | None = None  # "Qui êtes-vous ?" (tests drive it)
        self.pool = QThreadPool.globalInstance()  # where background work runs

        self.banner = QLabel()
        self.banner.setObjectName("demoBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(False)
        self.stack = QStackedWidget()
        self.start_page = StartPage(data_dir)
        self.stack.addWidget(self.start_page)
        self.session_page: QWidget | None = None
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.statusBar()

        self.start_page.open_bundle_clicked.connect(self.choose_bundle)
        self.start_page.open_demo_clicked.connect(self.open_demo)
        self.start_page.resume_clicked.connect(self.resume_session)
        self.start_page.verify_pv_clicked.connect(self.verify_pv)
        self.start_page.archives_clicked.connect(self.show_archives)
        self.start_page.member_desk_clicked.connect(self.ask_member_desk)
        self.start_page.member_button.setVisible(self.member_desk_opener is not None)
        self.start_page.settings.language_chosen.connect(self.set_language)
        # F1 anywhere in the window: the keyboard shortcuts and how Tab moves.
        self.help_key = QShortcut(QKeySequence("F1"), self)
        self.help_key.activated.connect(self.show_shortcuts)
        self.help: QDialog | None = None
        self._restore_geometry()
        self.retranslate_ui()
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # The window is on screen: now read what the start screen's settings need.
            self._painted = True
            QTimer.singleShot(0, self.start_page.settings.start_background)

    def retranslate_ui(self) -> None:
        self.banner.setText(
            self.tr("DÉMONSTRATION — données fictives, sans aucune valeur officielle")
        )
        # One title: the platform adds the application's name to the window's own title, so
        # the window names only the session (the name alone on the start screen).
        QGuiApplication.setApplicationDisplayName(self.tr("Jury Mines Paris × Albert School"))
        self.setWindowTitle(self.opened.manifest.session.title if self.opened is not None else "")

    # ---------------------------------------------------------------- window state

    def _restore_geometry(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = self.settings.value(STATE_KEY)
            if isinstance(state, QByteArray):
                self.restoreState(state)
        else:
            self.resize(*DEFAULT_SIZE)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState())
        if self.verification is not None:
            self.verification.cancel()  # a half-verified copy is deleted by the verifier
        self._discard_session_page()
        self._close_service()
        super().closeEvent(event)

    def show_shortcuts(self) -> QDialog:
        from jury_desk.gui.shortcuts import ShortcutsHelp

        if self.help is not None:
            self.help.close()
        self.help = ShortcutsHelp(self)
        self.help.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help.destroyed.connect(lambda: setattr(self, "help", None))
        self.help.open()
        return self.help

    def set_language(self, lang: str) -> None:
        try:
            install_language(lang, self.data_dir)
        except JuryDeskError as exc:  # switched, but not remembered (e.g. a read-only folder)
            messages.show_error(self, exc)

    def _scrypt(self) -> ScryptParams:
        from jury_desk.deliberation.passphrase import PRODUCTION

        return self.scrypt or PRODUCTION

    # ---------------------------------------------------------------- opening a bundle

    def choose_bundle(self) -> None:
        path = messages.choose_open_file(
            self,
            self.tr("Ouvrir un dossier de séance"),
            self.tr("Dossier de séance (*.jdbundle);;Tous les fichiers (*)"),
        )
        if path is not None:
            self.open_bundle(path)

    def _trusted_keys(self, *, extra: Sequence[PublicKey] = ()) -> list[PublicKey] | None:
        """The trust store's keys (plus ``extra``), or None after saying why there are none."""
        from jury_desk.bundle.trust import TrustStore

        try:
            keys = [*TrustStore(self.data_dir).keys(), *extra]
        except JuryDeskError as exc:
            messages.show_error(self, exc)
            return None
        if not keys:
            messages.present(
                self,
                messages.Notice(
                    "warning",
                    self.tr("Aucune clé de la scolarité"),
                    self.tr(
                        "Ce poste ne connaît encore aucune clé de la scolarité : il ne peut donc "
                        "vérifier aucun dossier. Ajoutez la clé dans les réglages, à droite de "
                        "l'écran d'accueil, puis ouvrez à nouveau le dossier."
                    ),
                ),
            )
            return None
        return keys

    def open_bundle(self, path: Path) -> Task | None:
        """Verify a bundle against the keys this desk trusts, in the background."""
        keys = self._trusted_keys()
        return None if keys is None else self.verify(path, keys)

    def open_demo(self, kind: DemoKind = "admission") -> Task | None:
        """The shipped demo, verified with the DEMO key alone (never the trust store's)."""
        from jury_desk.gui.demo import demo_bundle_path, demo_public_key

        try:
            key = demo_public_key()
        except JuryDeskError as exc:
            messages.show_error(self, exc)
            return None
        return self.verify(demo_bundle_path(kind), [key])

    def verify(self, source: Path, keys: Sequence[PublicKey]) -> Task | None:
        """Verify, then start (or resume) the bundle's session, all in the background."""
        from jury_desk.bundle.verify import verify_bundle
        from jury_desk.deliberation.service import DeliberationService

        data_dir, scrypt, signed = self.data_dir, self._scrypt(), self.signed_sessions
        room_side = self.room_side

        def work(progress: ProgressFn, cancelled: object) -> Opened:
            verified = verify_bundle(
                source,
                trusted_keys=keys,
                data_dir=data_dir,
                progress=progress,
                cancel=cancelled,  # type: ignore[arg-type]
            )
            service = DeliberationService.open_from_bundle(
                verified, data_dir, scrypt=scrypt, signed=signed
            )
            return verified, service, _side_of(room_side, service)

        label = fill(self.tr("Vérification du dossier « %1 »…"), source.name)
        task = self._start(work, label, cancellable=True)
        if task is not None:
            task.succeeded.connect(self.show_verified)
        return task

    def resume_session(self, path: Path) -> Task | None:
        """Re-open a saved session; its private bundle copy is verified again first.

        The DEMO key is tried only for a session named after a shipped demo bundle, and
        then the session's bundle must be that very bundle (same fingerprint).
        """
        from jury_desk.deliberation.service import DeliberationService
        from jury_desk.gui.demo import demo_public_key, shipped_demos

        demo_prints = shipped_demos().get(path.stem)
        keys = self._trusted_keys(extra=[demo_public_key()] if demo_prints else [])
        if keys is None:
            return None
        data_dir, scrypt = self.data_dir, self._scrypt()
        room_side = self.room_side

        def work(
            progress: ProgressFn, cancelled: object
        ) -> tuple[DeliberationService, RoomSide | None]:
            service = DeliberationService.open_existing(path, keys, data_dir, scrypt=scrypt)
            if demo_prints and service.bundle_sha256() not in demo_prints:
                service.close()
                raise StoreError(
                    f"{path.name} claims to be the demo session but its bundle is not the "
                    "shipped demo. Open the demo again from the start screen."
                )
            return service, _side_of(room_side, service)

        label = fill(self.tr("Reprise de la séance « %1 »…"), path.stem)
        task = self._start(work, label, cancellable=False)
        if task is not None:
            task.succeeded.connect(self.show_resumed)
        return task

    def _start(self, work: Work, label: str, *, cancellable: bool) -> Task | None:
        if self.verification is not None:
            return None  # one verification at a time; its dialog is already shown
        task = Task(work, parent=self, label=label, pool=self.pool, cancellable=cancellable)
        task.failed.connect(lambda exc: messages.show_error(self, exc))
        task.cancelled.connect(self._verification_cancelled)
        task.finished.connect(self._verification_finished)
        self.verification = task
        return task.start()

    def _verification_cancelled(self) -> None:
        self.statusBar().showMessage(
            self.tr("Vérification annulée : rien n'a été conservé."), 10_000
        )

    def _verification_finished(self) -> None:
        task, self.verification = self.verification, None
        if task is not None:
            task.deleteLater()

    def verify_pv(self) -> VerifyPvDialog:
        """Check a signed PV (and, if given, against its bundle), from the start screen."""
        from jury_desk.gui.dialogs.verify_pv import VerifyPvDialog  # pyHanko: on demand only

        dialog = VerifyPvDialog(self, self.data_dir)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---------------------------------------------------------------- pages

    def show_verified(self, opened: Opened) -> None:
        from jury_desk.gui.controller import DossierDocuments
        from jury_desk.gui.views.session_page import BundleSummary

        verified, service, side = opened
        summary = BundleSummary.verified(verified)
        self._show_session(summary, service, DossierDocuments(verified), side)

    def show_resumed(self, opened: tuple[DeliberationService, RoomSide | None]) -> None:
        from jury_desk.gui.controller import DossierDocuments
        from jury_desk.gui.views.session_page import BundleSummary

        service, side = opened
        summary = BundleSummary(service.manifest, service.bundle_sha256(), None, resumed=True)
        documents = DossierDocuments.of_resumed(service, self.data_dir)
        self._show_session(summary, service, documents, side)

    def _show_session(
        self,
        summary: BundleSummary,
        service: DeliberationService,
        documents: DossierDocuments,
        side: RoomSide | None,
    ) -> None:
        from jury_desk.gui.controller import SessionController
        from jury_desk.gui.views.session_page import SessionPage

        self._close_service()
        self.service = service
        self.controller = SessionController(service, documents, self)
        self.opened = summary
        if side is not None:
            from jury_desk.gui.desks.room_exchange import RoomExchange

            self.exchange = RoomExchange(side, self, **self.room_network)
        page = SessionPage(self.controller, summary, data_dir=self.data_dir, exchange=self.exchange)
        page.home_clicked.connect(self.go_home)
        self.show_page(page, demo=summary.manifest.session.demo)

    def _close_service(self) -> None:
        """Release the session file (and its lock) so another window may open it."""
        if self.exchange is not None:  # the network and the watch stop with the session
            self.exchange.close()
            self.exchange.deleteLater()
            self.exchange = None
        if self.controller is not None:
            self.controller.deleteLater()
            self.controller = None
        if self.service is not None:
            self.service.close()
            self.service = None

    def _discard_session_page(self) -> None:
        close_link = getattr(self.session_page, "close_link", None)
        if close_link is not None:  # a member desk's live link stops with its page
            close_link()
        if self.session_page is not None:
            self.stack.removeWidget(self.session_page)
            dispose(self.session_page)
            self.session_page = None

    def remember_splitters(self, root: QWidget) -> None:
        """Each named splitter of ``root`` gets back the sizes the member last gave it, and
        keeps the ones they give it now (in this desk's settings)."""
        import shiboken6
        from PySide6.QtWidgets import QSplitter

        if not shiboken6.isValid(root):
            return  # a page already taken away (its controller's last signals)
        for splitter in root.findChildren(QSplitter):
            name = splitter.objectName()
            if not name or splitter.property("remembered"):
                continue
            splitter.setProperty("remembered", True)
            key = f"{SPLITTERS_KEY}/{name}"
            state = self.settings.value(key)
            if isinstance(state, QByteArray) and splitter.restoreState(state):
                splitter.setProperty(USER_SIZED, True)

            def keep(
                _pos: int, _index: int, splitter: QSplitter = splitter, key: str = key
            ) -> None:
                splitter.setProperty(USER_SIZED, True)
                self.settings.setValue(key, splitter.saveState())

            splitter.splitterMoved.connect(keep)

    def show_page(self, page: QWidget, *, demo: bool) -> None:
        self._discard_session_page()
        self.session_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.remember_splitters(page)
        if self.controller is not None:  # the scoring and minutes pages come later
            self.controller.signed_in_changed.connect(lambda: self.remember_splitters(page))
            self.controller.changed.connect(lambda: self.remember_splitters(page))
        take_focus = getattr(page, "take_focus", page.setFocus)
        take_focus()  # the keyboard starts in the new page, not nowhere
        self.banner.setVisible(demo)
        self.retranslate_ui()

    def show_archives(self) -> QWidget:
        """The Archives page (imported when first asked: SQLAlchemy, Alembic, pyHanko)."""
        from jury_desk.gui.views.archives_page import ArchivesPage

        page = ArchivesPage(self.data_dir)
        page.home_clicked.connect(page.close_archive)
        page.home_clicked.connect(self.go_home)
        self.show_page(page, demo=False)
        page.open_archive()
        page.search()
        return page

    # ---------------------------------------------------------------- a member's own desk

    def ask_member_desk(self) -> QDialog:
        from jury_desk.gui.member.open_dialog import OpenMemberDeskDialog

        dialog = OpenMemberDeskDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen() -> None:
            picked = dialog.chosen()
            if picked is not None:
                self.open_member_desk(*picked)

        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog

    def open_member_desk(self, source: Path, key_file: Path | None, passphrase: str) -> Task | None:
        """Verify the bundle as the room desk does, then open this member's desk on it."""
        opener = self.member_desk_opener
        keys = self._trusted_keys()
        if opener is None or keys is None:
            return None
        data_dir = self.data_dir

        def work(
            progress: ProgressFn, cancelled: CancelledFn
        ) -> MemberDeskLike | MemberOpeningLike:
            return opener(source, key_file, passphrase, data_dir, keys, progress, cancelled)

        label = fill(self.tr("Vérification du dossier « %1 »…"), source.name)
        task = self._start(work, label, cancellable=True)
        if task is not None:
            task.succeeded.connect(self.member_opened)
        return task

    def member_opened(self, opened: MemberDeskLike | MemberOpeningLike) -> QWidget:
        """The desk, or (a bundle that pins no key for this member) who they are first."""
        from jury_desk.gui.member.choose_member import ask_who
        from jury_desk.gui.member.desk import MemberOpeningLike

        if not isinstance(opened, MemberOpeningLike):
            return self.show_member_desk(opened)
        self.member_chooser = ask_who(self, opened, self.show_member_desk)
        return self.member_chooser or self.start_page

    def show_member_desk(self, desk: MemberDeskLike) -> QWidget:
        from jury_desk.gui.member.member_page import MemberPage

        self._close_service()
        page = MemberPage(desk, self.settings)
        page.home_clicked.connect(self.go_home)
        self.show_page(page, demo=desk.manifest.session.demo)
        self.setWindowTitle(desk.manifest.session.title)
        return page

    def go_home(self) -> None:
        self._discard_session_page()
        self.opened = None
        self._close_service()
        self.banner.setVisible(False)
        self.stack.setCurrentWidget(self.start_page)
        self.start_page.setFocus()
        self.start_page.focusNextChild()  # the keyboard starts on the first button
        self.start_page.refresh_sessions()
        self.retranslate_ui()


def _side_of(
    room_side: Callable[[DeliberationService], RoomSide | None], service: DeliberationService
) -> RoomSide | None:
    """The session's room side, made in the opening's worker with the service: it reads the
    system keyring (the room's kept identity, ``exchange/kept_identity.py``), which may
    wait on D-Bus or a locked keyring: never on the GUI thread."""
    try:
        return room_side(service)
    except BaseException:
        service.close()
        raise


def _wiring() -> ModuleType:
    """The member desks' wiring, imported when a session or a member desk opens."""
    from jury_desk.gui.desks import wiring

    return wiring
