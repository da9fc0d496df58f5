"""One service call in a separate process (run unprivileged by the data-folder tests); it
prints ``OK`` or ``ErrorClass: message`` on one line. Anything else is a traceback.

    python -m tests.reliability.service_probe open-from-bundle BUNDLE KEY.pub SCRATCH DATA
    python -m tests.reliability.service_probe resume SESSION
    python -m tests.reliability.service_probe check-in SESSION MEMBER
"""

from __future__ import annotations

import sys
from pathlib import Path

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.core.errors import JuryDeskError
from jury_desk.deliberation.service import DeliberationService


def probe(action: str, *args: str) -> None:
    if action == "open-from-bundle":
        bundle, key, scratch, data = args
        verified = verify_bundle(
            Path(bundle), trusted_keys=[PublicKey.from_file(Path(key))], data_dir=Path(scratch)
        )
        DeliberationService.open_from_bundle(verified, Path(data)).close()
    elif action == "resume":
        DeliberationService.resume(Path(args[0])).close()
    else:
        with DeliberationService.resume(Path(args[0])) as service:
            service.check_in(args[1])


if __name__ == "__main__":
    try:
        probe(*sys.argv[1:])
    except JuryDeskError as exc:
        print(f"{type(exc).__name__}: {exc}")
    else:
        print("OK")
