"""A graduate whose transcript leaves a unit ungraded has no diploma average (undecided):
the signed session's export used to refuse its own minutes.json ("candidates.7.diploma.
average: Field required"), because minutes.json omits a null and the model required the
field. The demo graduation's GRAD-08 (no grade for GAME) is such a graduate."""

from __future__ import annotations

import json
from pathlib import Path

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.minutes.model import parse_minutes
from jury_desk.minutes.sign import unlock_signer
from jury_desk.rehearsal.fast_forward import fast_forward

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
SECRET = "phrase du jury fictif"


def test_a_graduate_with_an_ungraded_unit_is_exported_without_an_average(tmp_path):
    verified = verify_bundle(
        DEMO / "graduation-master.jdbundle",
        trusted_keys=[PublicKey.from_file(DEMO / "DEMO-secretariat.pub")],
        data_dir=tmp_path,
    )
    signers = {
        code: unlock_signer(DEMO / f"DEMO-signer-{code}.p12", b"demo")
        for code in ("chair", "MINES", "ALBERT")
    }
    with DeliberationService.open_from_bundle(verified, tmp_path, scrypt=FAST_FOR_TESTS) as svc:
        fast_forward(svc, SECRET)
        svc.close_session("m-mines-1", SECRET)
        exported = export_minutes_with(svc, tmp_path / "out", signers=signers)
    raw = json.loads(exported.minutes_json.read_text("utf-8"))
    grad08 = next(c for c in raw["candidates"] if c["id"] == "GRAD-08")
    assert "average" not in grad08["diploma"]
    assert any("grade" not in unit for unit in grad08["diploma"]["units"])
    parsed = parse_minutes(exported.minutes_json.read_bytes())
    assert next(c for c in parsed.candidates if c.id == "GRAD-08").diploma.average is None
