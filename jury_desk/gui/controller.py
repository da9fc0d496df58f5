"""The one controller of an open session: the GUI's only road to the deliberation service.

Views never write through the service themselves: they call a named function of
``gui.operations`` (or ``act_or_tell`` with one), which runs the service call inside
``writing()``, and on success emits ``changed`` so every view refreshes its
models from the service. Known errors (a ``RuleError`` the service raised) come back to the
caller, which shows them plainly; nothing is cached here, so what a view shows after
``changed`` is exactly what the service answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from jury_desk.bundle.manifest import Manifest, Member
from jury_desk.bundle.verify import BUNDLES_DIR, SUFFIX, VerifiedBundle, read_document
from jury_desk.core.errors import JuryDeskError
from jury_desk.deliberation.readmodels import SignedIn
from jury_desk.deliberation.service import DeliberationService
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.tasks import Task
from jury_desk.gui.words import messages


@dataclass(frozen=True)
class DossierDocuments:
    """Reads candidates' documents from the session's private bundle copy. Every read
    re-checks the document's size and SHA-256 against the signed manifest."""

    bundle: VerifiedBundle

    @classmethod
    def of_resumed(cls, service: DeliberationService, data_dir: Path) -> DossierDocuments:
        # ``open_existing`` re-verified the copy but does not hand it back; the copy is named
        # after the fingerprint, and ``read_document`` only needs its path and manifest.
        fingerprint = service.bundle_sha256()
        path = Path(data_dir) / BUNDLES_DIR / f"{fingerprint}{SUFFIX}"
        bundle = VerifiedBundle(path, fingerprint, service.manifest, b"", fingerprint, "", "")
        return cls(bundle)

    def read(self, path: str) -> bytes:
        return read_document(self.bundle, path)


class _Follower(QObject):
    """Refreshes a view after each change while it is shown; a hidden view refreshes when it
    is shown again (the jury never sees stale figures, and hidden pages cost nothing)."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.refresh = refresh
        self.stale = False
        widget.installEventFilter(self)

    def changed(self) -> None:
        if self.widget.isVisible():
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False


#: From this many events a signed log's whole check takes about a second or more (7 s at
#: 2,000 candidates): the desk runs it ahead of the export (``check_log_ahead``).
CHECK_AHEAD_FROM = 3000


class SessionController(QObject):
    changed = Signal()  # the service's state changed: refresh from it
    signed_in_changed = Signal()  # a member signed in to score, or signed out

    def __init__(
        self,
        service: DeliberationService,
        documents: DossierDocuments,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.documents = documents
        self.signed_in: SignedIn | None = None
        # The signed-in member's drafts, {candidate: {criterion: score}}: in a signed session
        # they are sealed to their author in the file, so the desk reads them once at sign-in
        # and holds them here; the seal is asked for exactly what was shown.
        self.drafts: dict[str, dict[str, float]] = {}
        self.checking_ahead: Task | None = None
        self.check_log_ahead()

    def check_log_ahead(self) -> None:
        """The export's whole check of a long signed log (seconds: ``CHECK_AHEAD_FROM``),
        run now in the background (at resume, after an ouverture des plis), so that the
        chair's export checks only what follows. Its failures are the export's to say: the
        export checks again and refuses a file that fails."""
        service = self.service
        if (
            not service.signed
            or service.audit_head()[0] < CHECK_AHEAD_FROM
            or (self.checking_ahead is not None and self.checking_ahead.running)
        ):
            return
        task = Task(lambda _progress, _cancelled: service.check_log_ahead())  # kept here
        self.checking_ahead = task.start()

    @property
    def manifest(self) -> Manifest:
        return self.service.manifest

    @property
    def signed(self) -> bool:
        """A signed session (log format 2): every act in a member's name asks for their
        passphrase; format 1 keeps its rules (only sealing, approving... ask it)."""
        return self.service.signed

    @property
    def chair(self) -> Member:
        return next(m for m in self.manifest.session.members if "chair" in m.roles)

    def institution_name(self, code: str) -> str:
        names = {i.code: i.name for i in self.manifest.session.institutions}
        return names.get(code, code)

    def member_name(self, member_id: str) -> str:
        try:
            return self.manifest.session.member(member_id).name
        except KeyError:
            return member_id

    def follow(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        """Call ``refresh`` after every change, as soon as ``widget`` is shown."""
        follower = _Follower(widget, refresh)
        self.changed.connect(follower.changed)
        self.signed_in_changed.connect(follower.changed)

    # ---------------------------------------------------------------- writes

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around one service write (``gui.operations``): on success, tell every view.
        A known error propagates to the caller, which shows it where the member typed."""
        yield
        emit(self.changed)

    def refresh_all(self) -> None:
        """Every view reads the service again (after a background task wrote)."""
        emit(self.changed)

    def act_or_tell(self, parent: QWidget | None, operation: Callable[[], object]) -> bool:
        """Run one ``gui.operations`` call, showing a known error in a plain dialog; True
        when it succeeded."""
        try:
            operation()
        except JuryDeskError as exc:
            messages.show_error(parent, exc)
            return False
        return True

    # ---------------------------------------------------------------- who is scoring

    def sign_in(self, member_id: str, passphrase: str) -> SignedIn:
        self.signed_in = self.service.sign_in(member_id, passphrase)
        self.drafts = {c: dict(scores) for c, scores in self.signed_in.drafts.items()}
        emit(self.signed_in_changed)
        return self.signed_in

    def hold_draft(self, candidate_id: str, scores: Mapping[str, float]) -> None:
        """What the signed-in member's draft now is (after the service saved it)."""
        self.drafts[candidate_id] = dict(scores)

    def sign_out(self) -> None:
        self.drafts = {}  # nobody's scores stay on the desk after them
        if self.signed_in is not None:
            self.signed_in = None
            emit(self.signed_in_changed)
