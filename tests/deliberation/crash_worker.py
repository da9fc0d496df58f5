"""The process the crash test kills: it seals sheets in a loop and acknowledges each draft
and each seal only after ``save_draft()``/``seal()`` has returned (that is, after the
commit), like the GUI does.

    python -m tests.deliberation.crash_worker SESSION.jdsession
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from jury_desk.bundle.manifest import Rubric
from jury_desk.core.scoring import member_total
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.store.audit import verify_chain
from tests.crashkit import saved_sheets, say
from tests.deliberation.jury import EVERYONE, passphrase

CRITERIA = ("academic", "motivation", "project")
Key = tuple[str, str]  # (member, candidate)


def scores_for(member: str, candidate: str) -> dict[str, float]:
    """Deterministic, distinct scores, so the test can check the values, not just presence."""
    seed = sum(map(ord, member + candidate))
    return {c: float((seed + 7 * i) % 41) / 2 for i, c in enumerate(CRITERIA)}


def check_survivors(
    path: Path, rubric: Rubric, sealed: Iterable[Key], drafted: Iterable[Key] = ()
) -> None:
    """After a kill: SQLite's integrity check passes, every acknowledged draft and seal is
    stored with its exact scores (a seal with its total), and the audit chain verifies."""
    kept = saved_sheets(path, ("draft", "sealed"))
    lost = set(drafted) - set(kept)
    assert not lost, f"acknowledged drafts lost after kill -9: {sorted(lost)[:5]}"
    assert all(kept[key][0] == scores_for(*key) for key in drafted)
    now_sealed = saved_sheets(path)
    lost = set(sealed) - set(now_sealed)
    assert not lost, f"acknowledged seals lost after kill -9: {sorted(lost)[:5]}"
    for member, candidate in sealed:
        scores, total = now_sealed[member, candidate]
        assert scores == scores_for(member, candidate)
        assert total == member_total(scores, rubric)
    report = verify_chain(path)
    assert report.ok, report


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
