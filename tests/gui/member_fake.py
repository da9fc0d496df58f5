"""A stand-in member desk for the member page's tests: the ``MemberDeskLike`` calls over a real
``MemberBox`` (real signed envelopes, real outbox and reply files), with the simplest state.
It is not the member desk (``memberdesk``): it seals nothing to a reveal key, and keeps its
drafts in memory. The GUI's tests only need its answers to be what the page shows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from jury_desk.bundle.manifest import Manifest, Member
from jury_desk.core.errors import RuleError
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.gui.member.desk import Answer, CandidateStatus, Proposal


@dataclass
class FakeMemberDesk:
    manifest: Manifest
    member: Member
    box: MemberBox
    documents: Mapping[str, bytes] = field(default_factory=dict)
    drafts: dict[str, dict[str, float]] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    revealed: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)

    def candidates(self) -> list[str]:
        mine = self.member.id
        return [c.id for c in self.manifest.candidates
                if not any(k.member == mine for k in c.conflicts)]  # fmt: skip

    def _sent(self, kind: str, candidate_id: str):
        for envelope in reversed(self.box.sent()):
            body = json.loads(envelope.body)
            if envelope.kind == kind and body.get("candidate") == candidate_id:
                return envelope, body
        return None, None

    def status(self, candidate_id: str) -> CandidateStatus:
        envelope, body = self._sent("seal", candidate_id)
        proposal = self.proposals.get(candidate_id)
        revealed = candidate_id in self.revealed
        if envelope is None:
            sheet = "draft" if self.drafts.get(candidate_id) else "blank"
            return CandidateStatus(candidate_id, sheet, revealed=revealed, proposal=proposal)
        verdict = self.box.verdict_for(envelope)
        state = "sent" if verdict is None else "accepted" if verdict.accepted else "refused"
        return CandidateStatus(candidate_id, state, verdict.message if verdict else "",  # type: ignore[arg-type]
                               body["receipt"], revealed, proposal)  # fmt: skip

    def draft(self, candidate_id: str) -> dict[str, float]:
        _envelope, body = self._sent("seal", candidate_id)
        return dict(body["scores"]) if body else dict(self.drafts.get(candidate_id, {}))

    def save_draft(self, candidate_id: str, scores: Mapping[str, float]) -> None:
        self.drafts[candidate_id] = dict(scores)

    def seal(self, candidate_id: str, scores: Mapping[str, float]) -> str:
        if self.status(candidate_id).sheet in ("sent", "accepted"):
            raise RuleError("already-sealed", "already sealed")
        receipt = f"{abs(hash((candidate_id, tuple(scores.items())))):016x}"[:16]
        body = {"candidate": candidate_id, "scores": dict(scores), "receipt": receipt}
        self.box.send("seal", json.dumps(body).encode())
        return receipt

    def add_note(self, candidate_id: str, text: str) -> None:
        self.box.send("note", json.dumps({"candidate": candidate_id, "text": text}).encode())

    def approve(self, candidate_id: str) -> None:
        self.box.send("approve", json.dumps({"candidate": candidate_id}).encode())

    def object_to(self, candidate_id: str, reason: str) -> None:
        body = {"candidate": candidate_id, "reason": reason}
        self.box.send("object", json.dumps(body).encode())

    def read_document(self, path: str) -> bytes:
        return self.documents[path]

    def answers(self) -> list[Answer]:
        out = []
        for answered in self.box.answered():
            body = json.loads(answered.envelope.body)
            what = f"{answered.envelope.kind} {body.get('candidate', '')}"
            v = answered.verdict
            out.append(Answer(v.n, what, v.accepted, v.message, v.at))
        return out

    def revealed_sheets(self, candidate_id: str) -> dict[str, dict[str, float]]:
        return self.revealed.get(candidate_id, {})
