"""Signed PVs and their bundles for the archive tests: real signatures, real bundles.

``Filer.make(...)`` gives a PV of a session with chosen names, student numbers, birth dates,
date and title, signed for MINES and ALBERT by the minutes tests' signer keys, with the
bundle it belongs to (one secretariat key for all, so one trusted key verifies them).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jury_desk.bundle.manifest import Manifest, manifest_bytes
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.receipt import write_receipt
from jury_desk.bundle.writer import write_bundle
from jury_desk.minutes.model import Minutes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.sign import sign_pv
from tests.factories import make_documents, manifest_dict
from tests.minutes.bundled import ISSUED
from tests.minutes.sample import candidate_name, candidate_scholarship, minutes_dict


@dataclass(frozen=True)
class Filed:
    pv: Path
    bundle: Path
    receipt: Path
    minutes: Minutes


class Filer:
    def __init__(self, folder: Path, keys: Any) -> None:
        self.folder = folder
        self.keys = keys
        self.secret = SecretKey.generate()
        self.public_key = folder / "secretariat.pub"
        folder.mkdir(parents=True, exist_ok=True)
        self.public_key.write_text(self.secret.public_key().to_text(), encoding="utf-8")
        self.count = 0

    def make(
        self,
        *,
        n: int = 6,
        names: list[str] | None = None,
        student_ids: list[str | None] | None = None,
        birth_dates: list[date | None] | None = None,
        day: date = date(2026, 6, 15),
        title: str | None = None,
        kind: str = "admission",
        supersedes: Minutes | None = None,
        seed: int | None = None,
        renvoi: bool = False,
        unrevealed: bool = False,
    ) -> Filed:
        """``renvoi``: the last candidate not admitted is recorded as non délibéré —
        renvoyé instead, approved by Mines alone; ``unrevealed``: before its reveal, with
        its scholarship flag still sealed (the PV gives none)."""
        self.count += 1
        number = self.count
        seed = seed if seed is not None else 100 + number
        names = names or [candidate_name(i) for i in range(n)]
        title = title or f"Jury test n° {number}"
        bundle_id = f"archive-test-{number}"
        data = manifest_dict(kind, n_candidates=n, bundle_id=bundle_id, seq=1,
                             issued_at=ISSUED, valid_days=29)  # fmt: skip
        data["session"]["date"] = day.isoformat()
        data["session"]["title"] = title
        for member in data["session"]["members"]:
            if "signer" in member["roles"]:
                member["signer_cert_sha256"] = self.keys.certs()[member["institution"]]
        for i, cand in enumerate(data["candidates"]):
            cand["name"], cand["scholarship"] = names[i], candidate_scholarship(i)
            if student_ids and student_ids[i]:
                cand["student_id"] = student_ids[i]
            if birth_dates and birth_dates[i]:
                cand["birth_date"] = birth_dates[i].isoformat()
        manifest = Manifest.model_validate(data)
        folder = self.folder / f"s{number}"
        folder.mkdir()
        bundle = write_bundle(manifest, make_documents(manifest), self.secret,
                              folder / "session.jdbundle")  # fmt: skip
        fingerprint = hashlib.sha256(manifest_bytes(manifest)).hexdigest()
        ref = {"id": bundle_id, "seq": 1, "sha256": fingerprint, "manifest_sha256": fingerprint}
        raw = minutes_dict(n, kind=kind, signer_certs=self.keys.certs(), bundle=ref, seed=seed)
        raw = copy.deepcopy(raw)
        raw["session"]["date"] = day.isoformat()
        raw["session"]["title"] = title
        for cand, source in zip(raw["candidates"], data["candidates"], strict=True):
            cand["name"] = source["name"]
            for field in ("student_id", "birth_date"):
                if field in source:
                    cand[field] = source[field]
        if renvoi:
            _record_renvoi(raw)
            if unrevealed:
                del raw["not_deliberated"][0]["scholarship"]
        if supersedes is not None:
            raw["supersedes"] = {
                "reason": "Erreur de saisie corrigée après réouverture",
                "previous_audit_head": supersedes.audit_head,
            }
        minutes = Minutes.model_validate(raw)
        pv = folder / "PV.pdf"
        pv.write_bytes(render_pv_bytes(minutes))
        for code in ("MINES", "ALBERT"):
            key = getattr(self.keys, code)
            sign_pv(pv, pv, key.path, key.passphrase, institution=code)
        receipt = write_receipt(bundle, folder / "bundle-receipt.jdreceipt")
        return Filed(pv, bundle, receipt, minutes)


def _record_renvoi(raw: dict[str, Any]) -> None:
    """Move the last candidate not admitted (the scholarship statistics stay as they are)
    of sample minutes to ``not_deliberated``."""
    index = max(i for i, c in enumerate(raw["candidates"]) if c["decision"] != "admit")
    candidate = raw["candidates"].pop(index)
    decisions = raw["statistics"]["decisions"]
    decisions[candidate["decision"]] -= 1
    if not decisions[candidate["decision"]]:
        del decisions[candidate["decision"]]
    mines = next(a for a in candidate["approvals"] if a["institution"] == "MINES")
    raw["not_deliberated"] = [
        {
            **{k: candidate[k] for k in ("id", "name", "scholarship", "student_id", "birth_date")
               if k in candidate},
            "reason": "Aucun membre d'Albert School présent sans conflit",
            "recorded_by": mines["member"],
            "approvers": {"MINES": 1, "ALBERT": 0},
            "approvals": [mines],
        }
    ]  # fmt: skip
