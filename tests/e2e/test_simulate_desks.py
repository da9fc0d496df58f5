"""``jury-desk simulate --desks files|network`` (issue 12): the room desk and one member-desk
process per member who scores, real separate processes, over a folder or over 127.0.0.1.

Each run ends with the signed PV of today's simulate; ``minutes verify --bundle`` accepts it
as a simulation; every sealed sheet is in the log as its member's act, signed on their desk
with their key (checked by ``audit verify``, which replays the log through the rules)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jury_desk.core.errors import MinutesError
from jury_desk.core.receipt import receipt
from jury_desk.deliberation.room import is_voting
from jury_desk.minutes.model import Minutes
from jury_desk.minutes.receipts import receipt_verdict
from jury_desk.signing import desk_proof
from jury_desk.store.audit import sheet_commitment
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=4)


def _seals(path: Path) -> list[tuple[str, dict]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT actor, payload, signature FROM audit_event WHERE kind = 'sheet-sealed'"
        ).fetchall()
    finally:
        conn.close()
    return [(actor, json.loads(payload)) for actor, payload, sig in rows if sig is None]


@pytest.mark.parametrize("mode", ["files", "network"])
def test_simulate_with_member_desks_ends_with_a_verified_pv(
    mode, tmp_path, bundle: Bundle, signers: Signers, signer_env
):
    run: Run = simulate(bundle, signers, tmp_path, "--desks", mode)
    assert run.code == 0, run.stderr
    session = run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"
    # Every sheet was sealed on its member's desk: each seal event carries the desk's proof.
    seals = _seals(session)
    minutes = run.minutes()
    counted = sum(len(t) for c in minutes["candidates"] for t in c["totals"].values())
    assert len(seals) >= counted > 0
    assert all(set(p[desk_proof.DESK]) == {"n", "sent_at", "sig"} for _a, p in seals)
    voters = {m.id for m in bundle.manifest.session.members if is_voting(m)}
    assert {a for a, _p in seals} <= voters and len({a for a, _p in seals}) >= 2
    # audit verify: the chain, each desk act's signature against its member's key, the replay.
    code, out, err = cli("audit", "verify", session, "--pv", run.pv)
    assert (code, err) == (0, ""), err
    assert "signed log, format 2" in out
    assert minutes["audit_log"] == "signed/2" and minutes["simulated"] is True
    code, out, err = cli(
        "minutes", "verify", run.pv, "--bundle", bundle.path, "--trusted-key", bundle.public_key,
        "--allow-simulation",
    )  # fmt: skip
    assert code == 0, err
    _receipts_check_the_desks_signature(run, bundle)


def _receipts_check_the_desks_signature(run: Run, bundle: Bundle) -> None:
    """minutes.json lists each desk-made seal with its desk's proof, and ``--receipt``
    checks the member's signature over it; a commitment forged into the minutes fails."""
    minutes = run.minutes()
    totals = [(c, t) for c in minutes["candidates"] for ts in c["totals"].values() for t in ts]
    assert totals and all(set(t["seal"]["desk"]) == {"n", "sent_at", "sig"} for _c, t in totals)
    assert all("signature" not in t["seal"] for _c, t in totals)
    candidate, total = totals[0]
    code, out, err = cli(
        "minutes", "verify", run.pv, "--bundle", bundle.path, "--trusted-key", bundle.public_key,
        "--allow-simulation", "--receipt", receipt(total["commitment"]),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    name = next(j["name"] for j in minutes["jury"] if j["id"] == total["member"])
    assert f"Sealed on {name}'s own desk (their message {total['seal']['desk']['n']})" in out
    # A forger lists another commitment for that sheet (the PV's signers would sign it).
    scores = {c["id"]: 20.0 for c in minutes["rules"]["rubric"]["criteria"]}
    forged = sheet_commitment(b"\x00" * 16, candidate["id"], total["member"], scores)
    total["commitment"] = forged
    with pytest.raises(MinutesError) as info:
        receipt_verdict(Minutes.model_validate(minutes), receipt(forged))
    assert info.value.code == "receipt.seal-signature"
    assert f"the seal sent from {name}'s desk does not carry their signature" in str(info.value)
