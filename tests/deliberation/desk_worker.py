"""A member desk sealing sheet after sheet, to be killed mid-write (SIGKILL).

    python -m tests.deliberation.desk_worker JOB.json

JOB names the manifest, the member, their key file text and passphrase, the desk's folder
and the reveal key. The desk says ``READY``, then for each candidate saves a draft, seals it
and says ``SEALED candidate receipt`` once ``seal`` has returned (the outbox fsynced).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jury_desk.bundle.manifest import Manifest
from jury_desk.memberdesk.desk import MemberDesk
from jury_desk.signing import member_key
from tests.crashkit import say


def open_desk(job: dict) -> MemberDesk:  # type: ignore[type-arg]
    manifest = Manifest.model_validate(job["manifest"])
    key = member_key.unlock(job["key_text"], job["passphrase"])
    return MemberDesk(manifest, job["fingerprint"], job["member"], key, Path(job["folder"]))


def main(job_path: Path) -> None:
    job = json.loads(job_path.read_text(encoding="utf-8"))
    desk = open_desk(job)
    desk.store.set("status", json.dumps({"reveal_public": job["reveal_public"]}))
    say("READY")
    for candidate in job["candidates"]:
        desk.save_draft(candidate, {"academic": 12, "motivation": 13, "project": 14})
        say(f"SEALED {candidate} {desk.seal(candidate)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
