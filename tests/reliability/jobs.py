"""The work the kill tests interrupt, run in a fork server's children (tests/crashkit.py).

Each function prepares in the server (imports, unlocking keys) and returns the work one
child does until it is killed; the child opens the session itself, as a desk would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import PV_NAME, export_minutes_with, unlock_signers
from tests.crashkit import say
from tests.deliberation import crash_worker
from tests.e2e.simkit import PASSPHRASE


def score(session: str) -> Callable[[], None]:
    """Draft and seal sheets, acknowledging each (tests/deliberation/crash_worker.py)."""
    return lambda: crash_worker.main(Path(session))


def export(session: str, out: str, mines_p12: str, albert_p12: str) -> Callable[[], None]:
    """Export the closed session's PV over and over, acknowledging each PV written."""
    secret = PASSPHRASE.encode("utf-8")
    signers = unlock_signers(
        [(Path(mines_p12), secret, "MINES"), (Path(albert_p12), secret, "ALBERT")]
    )

    def work() -> None:
        with DeliberationService.resume(Path(session)) as service:
            while True:
                export_minutes_with(service, Path(out), signers=signers)
                pv = hashlib.sha256((Path(out) / PV_NAME).read_bytes()).hexdigest()
                say(f"ACK {pv}")

    return work
