"""A room desk importing a member desk's outbox, to be killed mid-import (SIGKILL).

    python -m tests.deliberation.import_worker SESSION FOLDER STOP_AFTER

It says ``READY``, then imports every outbox of FOLDER through the ServiceLedger; after
applying each message (inside the batch's one open transaction, nothing committed yet) it
says ``APPLIED n``, and after message STOP_AFTER it waits to be killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jury_desk.deliberation.ledger import ServiceLedger
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.exchange.reception import Reception
from tests.crashkit import say


def main(session: Path, folder: Path, stop_after: int) -> None:
    svc = DeliberationService.resume(session, scrypt=FAST_FOR_TESTS)
    ledger = ServiceLedger(svc)
    apply = ledger.apply

    def applied(envelope, at):  # type: ignore[no-untyped-def]
        verdict = apply(envelope, at)
        say(f"APPLIED {envelope.n}")
        if envelope.n == stop_after:
            time.sleep(120)  # killed here, the batch applied so far and not committed
        return verdict

    ledger.apply = applied  # type: ignore[method-assign]
    reception = Reception(ledger.session, ledger.key_of, ledger, Ed25519PrivateKey.generate())
    say("READY")
    reception.import_folder(folder)
    say("DONE")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
