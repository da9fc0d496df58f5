"""``jury-desk simulate`` end to end on a generated admission bundle (30 candidates with long
and accented names): a closed session, a valid minutes.json, a PV signed by both
institutions that ``minutes verify`` and poppler accept, and clean refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.core.errors import MinutesError, RuleError, StoreError, UsageError
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes, export_minutes_with
from jury_desk.minutes.model import minutes_bytes, parse_minutes
from jury_desk.minutes.schema import shipped_schema_path
from jury_desk.minutes.sign import sign_pv_with
from jury_desk.rehearsal.simulate import simulate as simulate_api
from tests.deliberation.jury import (
    CHAIR,
    EVERYONE,
    Clock,
    JuryRoom,
    events,
    open_room,
    passphrase,
)
from tests.e2e.simkit import (
    PASSPHRASE,
    PASSPHRASE_ENV,
    Bundle,
    Run,
    Signers,
    cli,
    files_under,
    make_bundle,
    simulate,
)
from tests.minutes import poppler

N_CANDIDATES = 30
LEDGER = "ledger.sqlite"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=N_CANDIDATES)


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    """One simulation shared by the module's tests (seed 7)."""
    return simulate(bundle, signers, tmp_path_factory.mktemp("run"))


def test_simulate_exits_0_and_prints_a_short_summary(run: Run):
    assert (run.code, run.stderr) == (0, ""), run.stderr
    minutes = run.minutes()
    counts = ", ".join(f"{d} {n}" for d, n in sorted(minutes["statistics"]["decisions"].items()))
    assert run.summary("Decisions").startswith(f"{counts}; ")
    flagged = [c["id"] for c in minutes["candidates"] if c["flags"]]
    assert run.summary("Flagged").startswith(f"{len(flagged)} ({', '.join(flagged)})")
    assert run.summary("Audit head") == minutes["audit_head"]
    assert run.summary("minutes.json") == str(run.minutes_json)
    assert run.summary("PV (signed by chair+MINES, ALBERT)") == str(run.pv)


def test_minutes_json_parses_validates_and_matches_the_shipped_schema(run: Run, bundle: Bundle):
    minutes = parse_minutes(run.minutes_json.read_bytes())
    assert [c.id for c in minutes.candidates] == [c.id for c in bundle.manifest.candidates]
    assert minutes.lang == "fr" and minutes.bundle.id == bundle.manifest.bundle_id
    schema = json.loads(shipped_schema_path().read_bytes())
    validator = Draft202012Validator(schema)
    Draft202012Validator.check_schema(schema)
    assert list(validator.iter_errors(run.minutes())) == []
    broken = run.minutes()
    broken["candidates"][0]["institution_means"]["MINES"] = 21
    broken["candidates"][1]["unknown"] = True
    found = sorted((list(e.absolute_path), e.validator) for e in validator.iter_errors(broken))
    assert found == [
        (["candidates", 0, "institution_means", "MINES"], "maximum"),
        (["candidates", 1], "additionalProperties"),
    ]


def _verify(pv: Path, bundle: Bundle, *extra: str) -> tuple[int, str, str]:
    return cli("minutes", "verify", pv, "--bundle", bundle.path,
               "--trusted-key", bundle.public_key, *extra)  # fmt: skip


def test_minutes_verify_accepts_the_simulated_pv_only_with_allow_simulation(
    run: Run, bundle: Bundle
):
    code, out, err = _verify(run.pv, bundle, "--allow-simulation")
    assert (code, err) == (0, ""), out
    lines = out.splitlines()
    assert lines[-1] == "Result: VALID (SIMULATION)"
    assert "WARNING  this PV records a SIMULATION, not a real deliberation" in lines
    assert "OK   the signers' certificates are the ones the bundle declares" in lines
    # Signed with the institutions' real keys, it is still not a jury's PV.
    code, out, err = _verify(run.pv, bundle)
    assert code == 1 and out.splitlines()[-1] == "Result: VALID (SIMULATION)"
    assert err.startswith("jury-desk: a simulated PV is not a jury's PV") and err.count("\n") == 1


def test_the_simulation_is_marked_in_minutes_json_the_chain_and_every_page(
    run: Run, bundle: Bundle
):
    assert run.minutes()["simulated"] is True
    assert run.stdout.splitlines()[-1].startswith("Marked as a SIMULATION")
    session = run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"
    (created,) = events(session, "session-created")
    assert json.loads(created[2])["simulated"] is True
    pages = poppler.page_texts(run.pv)
    assert "Simulation — aucune valeur officielle" in pages[0].splitlines()
    assert poppler.watermarks(run.pv) == ["SIMULATION"] * len(pages)


def test_pdfsig_reports_exactly_two_valid_signatures(run: Run):
    """The chair is also the Mines signer here (tests/factories.py): one signature for both."""
    code, sigs = poppler.signatures(run.pv)
    assert code == 0 and len(sigs) == 2
    assert [s["Signature Validation"] for s in sigs] == ["Signature is Valid."] * 2
    assert [s["Signature Field Name"] for s in sigs] == ["Signature-chair", "Signature-ALBERT"]
    assert "Total document signed" in sigs[1]


def test_every_decision_is_approved_by_each_institution_and_the_session_is_closed(
    run: Run, bundle: Bundle
):
    minutes = run.minutes()
    institution = {m.id: m.institution for m in bundle.manifest.session.members}
    for c in minutes["candidates"]:
        approvers = [a["member"] for a in c["approvals"]]
        assert sorted(a["institution"] for a in c["approvals"]) == ["ALBERT", "MINES"]
        assert [institution[m] for m in approvers] == [a["institution"] for a in c["approvals"]]
    session = run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"
    code, out, err = cli("audit", "verify", session)
    assert (code, err) == (0, "")
    assert f"Head hash: {minutes['audit_head']}" in out.splitlines()


def test_flagged_candidates_are_discussed_and_a_jury_deviation_is_justified(run: Run):
    candidates = run.minutes()["candidates"]
    flagged = [c for c in candidates if c["flags"]]
    assert flagged, "the simulation must produce disagreements that the service flags"
    assert all(c["notes"] for c in flagged)
    deviations = [c for c in candidates if c["decision_source"] == "jury"]
    assert deviations
    for c in deviations:
        rule = (c["proposed_decision"], c.get("proposed_mention"))
        assert (c["decision"], c.get("mention")) != rule
        assert c["justification"].startswith("Le jury ")
    revised = [r for c in candidates for r in c["revisions"]]
    assert revised and all(r["reason"] and r["old_total"] != r["new_total"] for r in revised)
    text = "\n".join(poppler.page_texts(run.pv))
    flat = " ".join(text.split())
    assert " ".join(flagged[0]["notes"][0]["text"].split()) in flat
    assert " ".join(deviations[0]["justification"].split()) in flat


def test_the_decisions_table_repeats_its_header_on_each_page_it_spans(run: Run):
    pages = poppler.page_texts(run.pv)
    ids = [c["id"] for c in run.minutes()["candidates"]]
    spanned = [p for p in pages if any(f"{cid}\n" in p for cid in ids[1:])]
    holding_rows = [p for p in spanned if "Note\nglobale" in p]
    assert len(holding_rows) >= 2, "30 candidates must take the table over a page break"


# -- refusals: one line, the right code, nothing written ------------------------------------
@pytest.fixture
def unlocked(signers: Signers):
    return signers.unlocked()


def _verified(bundle: Bundle, data: Path):
    return verify_bundle(
        bundle.path, trusted_keys=[PublicKey.from_file(bundle.public_key)], data_dir=data
    )


def test_a_key_given_for_the_wrong_institution_is_refused_before_any_session(
    tmp_path, bundle: Bundle, unlocked
):
    data, out = tmp_path / "data", tmp_path / "out"
    verified = _verified(bundle, data)
    before = files_under(data)
    swapped = {"MINES": unlocked["ALBERT"], "ALBERT": unlocked["MINES"]}
    with pytest.raises(MinutesError) as info:
        simulate_api(verified, data, out, signers=swapped)
    # The Mines key stands for the chair, who is the Mines signer too.
    assert (info.value.code, info.value.entry) == ("sign.signer-fingerprint", "chair")
    assert files_under(data) == before and not out.exists()


def test_a_missing_institution_key_is_refused_before_any_session(
    tmp_path, bundle: Bundle, unlocked
):
    data, out = tmp_path / "data", tmp_path / "out"
    verified = _verified(bundle, data)
    before = files_under(data)
    with pytest.raises(MinutesError) as info:
        simulate_api(verified, data, out, signers={"MINES": unlocked["MINES"]})
    assert (info.value.code, info.value.entry) == ("export.signers", None)
    assert files_under(data) == before and not out.exists()


def test_an_existing_session_is_never_touched(tmp_path, run: Run, bundle: Bundle, signers):
    session = run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"
    before = session.read_bytes()
    code, out, err = cli(
        "simulate", "--bundle", bundle.path, "--trusted-key", bundle.public_key,
        *signers.argv(), "--out", tmp_path / "out", "--data-dir", run.data,
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"jury-desk: A session for {bundle.manifest.bundle_id} already exists")
    assert session.read_bytes() == before and not (tmp_path / "out").exists()


def test_existing_minutes_in_the_output_folder_are_never_replaced(tmp_path, bundle, signers):
    out = tmp_path / "out"
    out.mkdir()
    (out / "PV.pdf").write_bytes(b"%PDF- a real PV")
    code, _, err = cli(
        "simulate", "--bundle", bundle.path, "--trusted-key", bundle.public_key,
        *signers.argv(), "--out", out, "--data-dir", tmp_path / "data",
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and "already holds PV.pdf" in err
    assert (out / "PV.pdf").read_bytes() == b"%PDF- a real PV" and files_under(out) == ["PV.pdf"]
    assert files_under(tmp_path / "data") == []


@pytest.mark.parametrize(
    ("argv", "env", "code", "message", "leaves"),
    [
        (["--signer-p12", "MINES"], PASSPHRASE, 2, "--signer-p12 MINES: write CODE=PATH", []),
        ([], "not the passphrase", 1, "Cannot open the signer key", [LEDGER]),
        ([], None, 2, f"No passphrase: run in a terminal or set {PASSPHRASE_ENV}.", [LEDGER]),
    ],
    ids=["bad-spec", "wrong-passphrase", "no-passphrase"],
)
def test_bad_signer_input_is_one_line_and_writes_nothing(
    tmp_path, monkeypatch, bundle, signers, signer_env, argv, env, code, message, leaves
):
    if env is None:
        monkeypatch.delenv(PASSPHRASE_ENV)
    else:
        monkeypatch.setenv(PASSPHRASE_ENV, env)
    result = simulate(bundle, signers, tmp_path, *argv)
    assert result.code == code and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    # At most, as after 'bundle verify', the freshness record of the accepted bundle stays.
    assert files_under(result.data) == leaves
    assert not result.out.exists()


def test_an_untrusted_bundle_is_refused_and_leaves_no_session(tmp_path, bundle, signers):
    stranger = tmp_path / "stranger.pub"
    stranger.write_text(SecretKey.generate().public_key().to_text(), encoding="utf-8")
    code, _, err = cli(
        "simulate", "--bundle", bundle.path, "--trusted-key", stranger, *signers.argv(),
        "--out", tmp_path / "out", "--data-dir", tmp_path / "data",
    )  # fmt: skip
    assert code == 1 and err.count("\n") == 1
    assert files_under(tmp_path / "data") == [] and not (tmp_path / "out").exists()


def test_a_real_session_signed_with_the_same_keys_is_not_marked(
    tmp_path, signers: Signers, unlocked
):
    small = make_bundle(tmp_path / "bundle", signers.certs, n_candidates=4)
    data = tmp_path / "data"
    clock = Clock(datetime.now(UTC))
    service = DeliberationService.open_from_bundle(
        _verified(small, data), data, now=clock, scrypt=FAST_FOR_TESTS, signed=False
    )
    with service:
        room = JuryRoom(service, clock, small.manifest)
        for member in EVERYONE:
            service.check_in(member)
            service.set_passphrase(member, passphrase(member))
        for candidate in small.manifest.candidates:
            room.finalise(candidate.id)
        service.close_session(CHAIR, passphrase(CHAIR))
        exported = export_minutes_with(service, tmp_path / "out", signers=unlocked)
    assert json.loads(exported.minutes_json.read_bytes())["simulated"] is False
    code, out, err = _verify(exported.pv, small)
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-1] == "Result: VALID" and "SIMULATION" not in out
    pages = poppler.page_texts(exported.pv)
    assert poppler.watermarks(exported.pv) == [""] * len(pages)
    assert not any("SIMULATION" in page.upper() for page in pages)


# -- export_minutes: what the GUI's minutes screen calls ------------------------------------
@pytest.fixture
def closed_session(run: Run, bundle: Bundle):
    path = run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"
    with DeliberationService.resume(path) as service:
        yield service


def test_export_minutes_takes_p12_passphrase_institution_and_writes_both_files(
    tmp_path, closed_session, signers: Signers
):
    secret = PASSPHRASE.encode("utf-8")
    exported = export_minutes(
        closed_session,
        tmp_path / "minutes",
        signers=[(signers.albert, secret, "ALBERT"), (signers.mines, secret, "MINES")],
    )
    assert files_under(tmp_path / "minutes") == ["PV.pdf", "minutes.json"]
    # The chair's slot first (the chair is the Mines signer), then the institutions'.
    assert [s.institution for s in exported.signatures] == ["chair", "ALBERT"]
    assert exported.minutes_json.read_bytes() == minutes_bytes(exported.minutes)
    assert poppler.all_signatures_valid(exported.pv, expected=2)


def test_a_failed_export_leaves_the_previous_pv_and_minutes_in_place(
    tmp_path, monkeypatch, closed_session, unlocked
):
    out = tmp_path / "minutes"
    export_minutes_with(closed_session, out, signers=unlocked)
    before = {name: (out / name).read_bytes() for name in files_under(out)}
    calls = []

    def second_signature_fails(*args, **kwargs):
        calls.append(kwargs["institution"])
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return sign_pv_with(*args, **kwargs)

    monkeypatch.setattr("jury_desk.minutes.export.sign_pv_with", second_signature_fails)
    with pytest.raises(StoreError, match="is full"):  # a full disk is a known error
        export_minutes_with(closed_session, out, signers=unlocked)
    assert calls == ["chair", "ALBERT"]
    assert {name: (out / name).read_bytes() for name in files_under(out)} == before
    assert sorted(p.name for p in out.iterdir()) == ["PV.pdf", "minutes.json"]  # no scratch


def test_an_open_session_has_no_minutes_to_export(tmp_path, bundle: Bundle, unlocked):
    room = open_room(tmp_path, manifest=bundle.manifest)
    out = tmp_path / "minutes"
    with room.svc, pytest.raises(RuleError) as info:
        export_minutes_with(room.svc, out, signers=unlocked)
    assert info.value.code == "not-closed"
    assert not out.exists()


def test_a_remembered_passphrase_is_used_and_a_stale_one_forgotten(
    monkeypatch, signers: Signers, signer_env
):
    from jury_desk import secrets
    from jury_desk.commands import simulate as command

    keyring: dict[str, str] = {}  # the command reads the keyring when it runs
    monkeypatch.setattr(secrets, "recall_passphrase", keyring.get)
    monkeypatch.setattr(secrets, "forget_passphrase", lambda name: keyring.pop(name) or True)
    monkeypatch.delenv(PASSPHRASE_ENV)  # the keyring is asked only without the variable
    fingerprint = signers.certs["MINES"]
    keyring[f"pv-signer:{fingerprint}"] = PASSPHRASE
    assert command._unlock(signers.mines, fingerprint).cert_sha256 == fingerprint
    assert keyring  # still remembered

    keyring[f"pv-signer:{fingerprint}"] = "an old passphrase"
    with pytest.raises(UsageError, match="No passphrase: run in a terminal"):
        command._unlock(signers.mines, fingerprint)  # forgotten, then the prompt is needed
    assert keyring == {}
