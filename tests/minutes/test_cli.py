"""The CLI: keys create, minutes render / sign / verify (exit codes, one-line errors)."""

from __future__ import annotations

import json
import stat

import keyring
import pytest
from cryptography.x509.oid import NameOID
from keyring.backends import fail

from jury_desk.cli import main
from jury_desk.minutes.model import minutes_bytes, parse_minutes
from jury_desk.minutes.signer_keys import cert_fingerprint, load_signer_p12
from tests.minutes.bundled import make_session_bundle
from tests.minutes.sample import make_minutes
from tests.minutes.tamper import append_forged_update, minutes_of, with_changed_decision

ENV = "JURY_DESK_KEY_PASSPHRASE"


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch, data_dir):
    """No system keyring here: the passphrase comes from the environment."""
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    monkeypatch.delenv(ENV, raising=False)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_create_prints_the_fingerprint_of_a_private_p12(tmp_path, capsys, monkeypatch):
    out = tmp_path / "signer.p12"
    monkeypatch.setenv(ENV, "s3cret phrase")
    code, stdout, err = run(
        capsys, "keys", "create", "--name", "Hélène Rousseau", "--institution", "MINES",
        "--organization", "Mines Paris – PSL", "--role", "chair", "--out", out,
    )  # fmt: skip
    assert (code, err) == (0, "")
    _, cert = load_signer_p12(out, b"s3cret phrase")
    assert f"Certificate SHA-256: {cert_fingerprint(cert)}" in stdout.splitlines()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    subject = {a.oid: a.value for a in cert.subject}
    assert subject[NameOID.ORGANIZATION_NAME] == "Mines Paris – PSL"
    assert subject[NameOID.ORGANIZATIONAL_UNIT_NAME] == "MINES"
    assert subject[NameOID.TITLE] == "Président du jury"
    assert 3 * 365 - 1 <= (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 3 * 365
    before = out.read_bytes()
    code, _, err = run(capsys, "keys", "create", "--name", "X", "--institution", "MINES",
                       "--organization", "Mines", "--out", out)  # fmt: skip
    assert code == 2 and "already exists" in err and len(err.splitlines()) == 1
    assert out.read_bytes() == before


def test_keys_create_refuses_an_empty_passphrase_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV, "")
    work = tmp_path / "work"
    work.mkdir()
    code, _, err = run(capsys, "keys", "create", "--name", "X", "--institution", "MINES",
                       "--organization", "Mines", "--out", work / "k.p12")  # fmt: skip
    assert code == 2 and "passphrase is empty" in err
    assert list(work.iterdir()) == []


def test_render_refuses_an_invalid_minutes_json_and_writes_nothing(tmp_path, capsys, minutes24):
    data = json.loads(minutes_bytes(minutes24))
    data["candidates"][0]["overall"] = 20.0
    work = tmp_path / "work"
    work.mkdir()
    source = work / "minutes.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "minutes", "render", source, "--out", work / "pv.pdf")
    assert code == 1
    assert err.startswith("jury-desk: minutes.json is not valid: ") and err.count("\n") == 1
    assert sorted(p.name for p in work.iterdir()) == ["minutes.json"]


@pytest.fixture
def session(tmp_path, keys):
    bundle = make_session_bundle(tmp_path, keys.certs())
    minutes = make_minutes(24, signer_certs=keys.certs(), bundle=bundle.ref)
    source = tmp_path / "minutes.json"
    source.write_bytes(minutes_bytes(minutes))
    return bundle, source


def _sign(capsys, monkeypatch, key, pv, institution, *extra):
    monkeypatch.setenv(ENV, key.passphrase.decode())
    result = run(capsys, "minutes", "sign", pv, "--p12", key.path, "--institution", institution,
                 *extra)  # fmt: skip
    monkeypatch.delenv(ENV)
    return result


def test_render_sign_sign_verify_against_the_bundle(tmp_path, capsys, monkeypatch, keys, session,
                                                    data_dir):  # fmt: skip
    bundle, source = session
    pv = tmp_path / "pv.pdf"
    with_bundle = ("--bundle", bundle.path, "--trusted-key", bundle.public_key)
    assert run(capsys, "minutes", "render", source, "--out", pv)[0] == 0
    code, out, err = _sign(capsys, monkeypatch, keys.MINES, pv, "MINES", *with_bundle)
    assert (code, err) == (0, "") and "Still to sign: ALBERT." in out
    code, out, err = run(capsys, "minutes", "verify", pv, *with_bundle)
    assert code == 1 and "ALBERT: 0 signatures" in err
    code, out, err = _sign(capsys, monkeypatch, keys.ALBERT, pv, "ALBERT", *with_bundle)
    assert (code, err) == (0, "") and "The chair and both institutions have signed." in out
    code, out, err = run(capsys, "minutes", "verify", pv, *with_bundle)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[-1] == "Result: VALID"
    assert "OK   the signers' certificates are the ones the bundle declares" in lines
    assert not [line for line in lines if line.startswith(("FAIL", "--"))]
    # The bundle was checked in a scratch folder: the desk's data folder is untouched.
    assert list(data_dir.iterdir()) == []
    # Without the bundle (the trust anchor) the same PV is never VALID: anyone could have
    # made one with throwaway keys under the signers' names (attack 2 of issue 13).
    code, out, err = run(capsys, "minutes", "verify", pv)
    lines = out.splitlines()
    assert code == 1 and lines[-1].startswith("Result: NOT VALID: signers not verified")
    assert any(line.startswith("--   signers not verified") for line in lines)
    assert "OK   the last signature covers the whole file" in "\n".join(lines)  # still listed
    assert err.startswith("jury-desk: PV not valid: signers not verified") and err.count("\n") == 1


def test_sign_with_an_undeclared_key_is_refused_in_one_line(tmp_path, capsys, monkeypatch, keys,
                                                            session):  # fmt: skip
    bundle, source = session
    pv = tmp_path / "pv.pdf"
    run(capsys, "minutes", "render", source, "--out", pv)
    before = pv.read_bytes()
    code, out, err = _sign(capsys, monkeypatch, keys.intruder, pv, "MINES",
                           "--bundle", bundle.path, "--trusted-key", bundle.public_key)  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith("jury-desk: This key's certificate") and err.count("\n") == 1
    assert "the bundle declares for the jury chair" in err  # also the Mines signer
    assert pv.read_bytes() == before


def test_verify_a_forged_pv_fails_with_report_and_one_line(tmp_path, capsys, signed_pv):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(append_forged_update(signed_pv, with_changed_decision(minutes_of(signed_pv))))
    code, out, err = run(capsys, "minutes", "verify", pv)
    assert code == 1
    assert out.splitlines()[-1] == "Result: NOT VALID"
    assert any(line.startswith("FAIL not a signed PV as exported") for line in out.splitlines())
    assert err.startswith("jury-desk: PV not valid: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["minutes", "verify", "missing.pdf"], "no such PV file"),
        (["minutes", "verify", "pv.pdf", "--trusted-key", "k.pub"], "--trusted-key needs --bundle"),
        (["minutes", "verify", "pv.pdf", "--bundle", "nope.jdbundle"], "no such file"),
        (
            ["minutes", "sign", "pv.pdf", "--p12", "nope.p12", "--institution", "MINES"],
            "no such signer key file",
        ),  # fmt: skip
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, monkeypatch, signed_pv, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pv.pdf").write_bytes(signed_pv)
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_a_forger_with_throwaway_keys_never_gets_valid(tmp_path, capsys, monkeypatch, session):
    """Attack 2 of issue 13, as a forger with the genuine PV's minutes.json and no key of
    the jury's: one decision changed, new keys made under the real signers' names, the
    forged minutes.json declaring them, rendered and signed with the desk's own commands."""
    bundle, source = session
    forged = json.loads(minutes_bytes(with_changed_decision(parse_minutes(source.read_bytes()))))
    monkeypatch.setenv(ENV, "forger")
    for code, signer in forged["signers"].items():
        name = next(j["name"] for j in forged["jury"] if j["id"] == signer["member"])
        key = tmp_path / f"fake-{code}.p12"
        assert run(capsys, "keys", "create", "--name", name, "--institution", code,
                   "--organization", code, "--out", key)[0] == 0  # fmt: skip
        signer["cert_sha256"] = cert_fingerprint(load_signer_p12(key, b"forger")[1])
    forged["chair"]["cert_sha256"] = forged["signers"]["MINES"]["cert_sha256"]  # one person
    forged["simulated"] = False
    (tmp_path / "forged.json").write_text(json.dumps(forged), encoding="utf-8")
    pv = tmp_path / "forged.pdf"
    assert run(capsys, "minutes", "render", tmp_path / "forged.json", "--out", pv)[0] == 0
    for code in forged["signers"]:
        assert run(capsys, "minutes", "sign", pv, "--p12", tmp_path / f"fake-{code}.p12",
                   "--institution", code)[0] == 0  # fmt: skip

    code, out, err = run(capsys, "minutes", "verify", pv)
    assert code == 1 and "Result: VALID" not in out
    assert out.splitlines()[-1].startswith("Result: NOT VALID: signers not verified")
    assert err.startswith("jury-desk: PV not valid: signers not verified")

    with_bundle = ("--bundle", bundle.path, "--trusted-key", bundle.public_key)
    code, out, err = run(capsys, "minutes", "verify", pv, *with_bundle)
    assert code == 1 and out.splitlines()[-1] == "Result: NOT VALID"
    assert "are not the ones the bundle declares" in err and err.count("\n") == 1


@pytest.mark.parametrize("days", ["0", "-30"])
def test_keys_create_refuses_a_validity_already_over(days, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV, "s3cret phrase")
    code, _, err = run(capsys, "keys", "create", "--name", "X", "--institution", "MINES",
                       "--organization", "Mines", "--valid-days", days,
                       "--out", tmp_path / "k.p12")  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and "nothing was written" in err
    assert not (tmp_path / "k.p12").exists()


def test_keys_create_defaults_are_the_signer_keys_own():
    from jury_desk.commands import signer_certificates
    from jury_desk.minutes import signer_keys

    assert signer_certificates.DEFAULT_VALID_DAYS == signer_keys.DEFAULT_VALID_DAYS
    assert set(signer_certificates.ROLES) == set(signer_keys.ROLE_TITLES)
