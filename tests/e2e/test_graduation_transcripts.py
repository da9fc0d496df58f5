"""The shipped Bachelor graduation demo, rehearsed headless: nobody scores, every decision
comes from the transcripts, and a reader recomputes each average from the PV's minutes."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

from jury_desk.core.resources import resource_path
from jury_desk.rehearsal import demo_bundles as demo
from tests.e2e.simkit import PASSPHRASE_ENV, cli

DEMO = resource_path("demo")


def test_a_transcript_only_graduation_runs_headless_and_its_pv_verifies(tmp_path, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, demo.SIGNER_PASSPHRASE.decode())
    bundle, key = DEMO / demo.BACHELOR_FILE, DEMO / demo.PUB_FILE
    out = tmp_path / "out"
    code, _, err = cli(
        "simulate", "--bundle", bundle, "--trusted-key", key,
        *(f"--signer-p12={code}={DEMO / f}" for code, f in demo.KEY_FILES.items()),
        "--out", out, "--data-dir", tmp_path / "data",
    )  # fmt: skip
    assert (code, err) == (0, "")
    minutes = json.loads((out / "minutes.json").read_bytes())
    for c in minutes["candidates"]:
        assert c["totals"] == {} and "overall" not in c  # nobody scored
        units = c["diploma"]["units"]
        exact = sum(Decimal(repr(u["weight"])) * Decimal(repr(u["grade"])) for u in units) / sum(
            Decimal(repr(u["weight"])) for u in units
        )  # the reader's own arithmetic
        assert Decimal(repr(c["diploma"]["average"])) == exact.quantize(
            Decimal("0.001"), ROUND_HALF_UP
        )
    code, stdout, err = cli(
        "minutes", "verify", out / "PV.pdf", "--bundle", bundle, "--trusted-key", key,
        "--allow-simulation",
    )  # fmt: skip
    assert code == 0 and stdout.rstrip().endswith("Result: VALID (SIMULATION)"), err
