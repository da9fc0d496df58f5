"""An export stopped mid-way with its scratch folder on disk, for tests/reliability/
test_staging.py: ``python -m tests.reliability.staging_worker SESSION OUT MINES_P12
ALBERT_P12``.

The real ``export_minutes_with`` runs until the PV is rendered into its scratch folder;
then the first signature prints ``STAGED <scratch folder>`` and waits for its stdin to
close (or for the test to kill the process with SIGKILL, as a power cut would).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes import export
from tests.crashkit import say
from tests.e2e.simkit import PASSPHRASE


def _stop_at_first_signature(current: Path, *_args: Any, **_kwargs: Any) -> Any:
    say(f"STAGED {current.parent}")
    sys.stdin.read()  # until the test closes it or kills this process
    raise SystemExit(3)  # never sign: the test only wanted a live or killed export


def main(session: str, out: str, mines_p12: str, albert_p12: str) -> None:
    secret = PASSPHRASE.encode("utf-8")
    signers = export.unlock_signers(
        [(Path(mines_p12), secret, "MINES"), (Path(albert_p12), secret, "ALBERT")]
    )
    export.sign_pv_with = _stop_at_first_signature
    with DeliberationService.resume(Path(session)) as service:
        export.export_minutes_with(service, Path(out), signers=signers)


if __name__ == "__main__":
    main(*sys.argv[1:])
