"""The process the crash test kills: it seals sheets in a loop and acknowledges each draft
and each seal only after ``save_draft()``/``seal()`` has returned (that is, after the
commit), like the GUI does.

    python -m tests.deliberation.crash_worker SESSION.jdsession
"""

from __future__ import annotations

import sys
from pathlib import Path

from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from tests.crashkit import say
from tests.deliberation.jury import EVERYONE, passphrase

CRITERIA = ("academic", "motivation", "project")


def scores_for(member: str, candidate: str) -> dict[str, float]:
    """Deterministic, distinct scores, so the test can check the values, not just presence."""
    seed = sum(map(ord, member + candidate))
    return {c: float((seed + 7 * i) % 41) / 2 for i, c in enumerate(CRITERIA)}


def main(path: Path) -> None:
    svc = DeliberationService.resume(path, scrypt=FAST_FOR_TESTS)
    say("READY")
    status = {m: {w.candidate_id: w.status for w in svc.worklist(m)} for m in EVERYONE}
    for candidate in (c.id for c in svc.manifest.candidates):
        for member in EVERYONE:
            if status[member][candidate] in ("sealed", "conflicted", "closed"):
                continue
            svc.save_draft(member, candidate, scores_for(member, candidate))
            say(f"DRAFT {member} {candidate}")
            svc.seal(member, candidate, passphrase(member))
            say(f"ACK {member} {candidate}")
    say("DONE")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
