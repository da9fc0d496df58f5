"""``jury-desk simulate --signed``: a whole signed session (log format 2) played through the
service and exported, then checked and attacked from the command line:

* ``audit verify SESSION --pv PV.pdf`` says "signed log, format 2", prints each member's
  key fingerprint, and ties the session to its PV; minutes.json says ``signed/2``;
* the issue's forger, raising a score with the chain rewritten and no key, is named at
  the first event whose signature no longer holds, and the desk exports nothing from it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from jury_desk.core.errors import MinutesError
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.store.audit import verify_chain
from tests.deliberation.test_signed_session import rewrite_chain
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate
from tests.minutes import poppler


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=6)


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    done = simulate(bundle, signers, tmp_path_factory.mktemp("run"), "--signed")
    assert done.code == 0, done.stderr
    return done


def session_of(run: Run, bundle: Bundle) -> Path:
    return run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"


def test_audit_verify_ties_the_signed_session_to_its_pv(run: Run, bundle: Bundle):
    path = session_of(run, bundle)
    code, out, err = cli("audit", "verify", path, "--pv", run.pv)
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    assert lines[0].endswith("events (signed log, format 2).")
    keys = [line for line in lines if line.startswith("Key of ")]
    assert len(keys) == len(bundle.manifest.session.members)
    assert all("registered in the room" in line for line in keys)
    minutes = json.loads(run.minutes_json.read_text(encoding="utf-8"))
    assert minutes["audit_log"] == "signed/2"
    # The PV prints each member's key fingerprint, the one the log registered.
    fingerprints = {m: k.fingerprint for m, k in verify_chain(path).keys.items()}
    assert {j["id"]: j["key_sha256"] for j in minutes["jury"]} == fingerprints
    assert {j["key_pinned"] for j in minutes["jury"]} == {False}
    text = " ".join(" ".join(page.split()) for page in poppler.page_texts(run.pv))
    assert "ne sont pas fixées par la scolarité" in text
    for fingerprint in fingerprints.values():
        assert f"{fingerprint[:32]} {fingerprint[32:]}" in text


def test_a_score_forged_with_the_chain_rewritten_is_refused_and_not_exported(
    run: Run, bundle: Bundle, signers: Signers, tmp_path
):
    forged = tmp_path / "forged.jdsession"
    source = sqlite3.connect(session_of(run, bundle))
    target = sqlite3.connect(forged)
    source.backup(target)
    source.close()
    target.close()
    seq_of_first_reveal: list[int] = []

    def raise_first_revealed_score(seq, kind, payload):
        if kind == "candidate-revealed" and not seq_of_first_reveal:
            seq_of_first_reveal.append(seq)
            payload["sheets"][0]["scores"] = {k: 20.0 for k in payload["sheets"][0]["scores"]}
        return payload

    rewrite_chain(forged, raise_first_revealed_score)
    report = verify_chain(forged)
    assert (report.ok, report.first_bad_seq) == (False, seq_of_first_reveal[0])
    code, _, err = cli("audit", "verify", forged)
    assert code == 1 and err.count("\n") == 1
    assert f"BROKEN at event #{seq_of_first_reveal[0]}" in err
    out_dir = tmp_path / "pv"
    with DeliberationService.resume(forged) as service:
        with pytest.raises(MinutesError) as info:
            export_minutes_with(service, out_dir, signers=signers.unlocked())
    assert info.value.code == "export.session-altered"
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    shutil.rmtree(out_dir, ignore_errors=True)
