"""A stand-in member desk for the member page's tests: the calls of ``MemberDeskLike`` (the
member desk's own names) over a real ``MemberBox`` (real signed envelopes, real outbox and
reply files) and a really verified bundle, with the simplest state. It is not the member
desk (``jury_desk.memberdesk``): it seals nothing to a reveal key and keeps its drafts in
memory; the page's tests only need what the page shows to follow what it answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.verify import VerifiedBundle, verify_bundle
from jury_desk.bundle.writer import write_bundle
from jury_desk.core.errors import RuleError
from jury_desk.exchange.memberbox import MemberBox
from tests.factories import manifest_dict
from tests.gui.test_document_viewer import three_pages


@dataclass(frozen=True)
class Row:
    candidate_id: str
    name: str
    state: str
    receipt: str = ""
    refusal: str = ""
    revealed: bool = False


@dataclass(frozen=True)
class Said:
    n: int
    kind: str
    candidate: str
    accepted: bool
    message: str


def verified_bundle(folder: Path, data_dir: Path) -> tuple[VerifiedBundle, PublicKey]:
    """A bundle whose documents are real three-page PDFs, signed and verified."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = manifest_dict(n_candidates=4, bundle_id="member-gui-2026")
    documents = {}
    for entry in raw["files"]:
        data = three_pages()
        documents[entry["path"]] = data
        entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    sk = SecretKey.generate()
    path = write_bundle(Manifest.model_validate(raw), documents, sk, folder / "s.jdbundle")
    return verify_bundle(path, trusted_keys=[sk.public_key()], data_dir=data_dir), sk.public_key()


@dataclass
class FakeMemberDesk:
    manifest: Manifest
    member: str
    box: MemberBox
    folder: Path
    verified: VerifiedBundle | None = None
    drafts: dict[str, dict[str, float]] = field(default_factory=dict)
    proposals: dict[str, dict[str, Any]] = field(default_factory=dict)
    revealed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def _last(self, kind: str, candidate_id: str):
        for envelope in reversed(self.box.sent()):
            body = json.loads(envelope.body)
            if envelope.kind == kind and body.get("candidate") == candidate_id:
                return envelope, body
        return None, None

    def candidates(self) -> list[Row]:
        rows = []
        for c in self.manifest.candidates:
            if any(k.member == self.member for k in c.conflicts):
                continue
            envelope, body = self._last("seal", c.id)
            revealed = c.id in self.revealed
            if envelope is None:
                state = "draft" if self.drafts.get(c.id) else "to-score"
                rows.append(Row(c.id, c.name, state, revealed=revealed))
                continue
            verdict = self.box.verdict_for(envelope)
            state = "sent" if verdict is None else "sealed" if verdict.accepted else "refused"
            refusal = verdict.message if verdict is not None and not verdict.accepted else ""
            rows.append(Row(c.id, c.name, state, body["receipt"], refusal, revealed))
        return rows

    def check_in(self) -> object:
        return self.box.send("check-in", b"{}")

    def check_out(self) -> object:
        return self.box.send("check-out", b"{}")

    def resend_waiting(self) -> list[object]:
        waiting = [a for a in self.box.answered() if a.verdict.reason == "quorum"]
        return [self.box.send(a.envelope.kind, a.envelope.body) for a in waiting]

    def draft(self, candidate_id: str) -> dict[str, float]:
        return dict(self.drafts.get(candidate_id, {}))

    def save_draft(
        self, candidate_id: str, scores: Mapping[str, float], cleared: Sequence[str] = ()
    ) -> None:
        kept = {k: v for k, v in self.drafts.get(candidate_id, {}).items() if k not in cleared}
        self.drafts[candidate_id] = kept | dict(scores)

    def seal(self, candidate_id: str) -> str:
        scores = self.draft(candidate_id)
        if len(scores) < len(self.manifest.session.rubric.criteria):
            raise RuleError("sheet-incomplete", "incomplete")
        receipt = hashlib.sha256(json.dumps([candidate_id, scores]).encode()).hexdigest()[:16]
        body = {"candidate": candidate_id, "scores": scores, "receipt": receipt}
        self.box.send("seal", json.dumps(body).encode())
        return receipt

    def add_note(self, candidate_id: str, text: str) -> object:
        return self.box.send("note", json.dumps({"candidate": candidate_id, "text": text}).encode())

    def approve(self, candidate_id: str) -> object:
        return self.box.send("approve", json.dumps({"candidate": candidate_id}).encode())

    def object_to(self, candidate_id: str, reason: str) -> object:
        body = {"candidate": candidate_id, "reason": reason}
        return self.box.send("object", json.dumps(body).encode())

    def proposal(self, candidate_id: str) -> dict[str, Any] | None:
        return self.proposals.get(candidate_id)

    def revealed_sheets(self, candidate_id: str) -> list[dict[str, Any]] | None:
        return self.revealed.get(candidate_id, [])

    def answers(self) -> list[Said]:
        kinds = {"seal": "sheet-sealed", "note": "note-added", "approve": "approved",
                 "object": "objected", "check-in": "checked-in",
                 "check-out": "checked-out"}  # fmt: skip
        out = []
        for answered in self.box.answered():
            body = json.loads(answered.envelope.body)
            v = answered.verdict
            out.append(Said(v.n, kinds[answered.envelope.kind], body.get("candidate", ""),
                            v.accepted, v.message))  # fmt: skip
        return out

    def export_to(self, folder: Path) -> int:
        return self.box.export_to(folder)

    def import_from(self, folder: Path) -> int:
        return self.box.import_from(folder)

    def receive_status(self, status: object) -> bool:
        return False  # this stand-in keeps no status: the real desk's tests check it
