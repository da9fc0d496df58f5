"""RFC 3161 time stamps against a real TSA the tests start on 127.0.0.1: a time-stamped
signature is verified with its time; a TSA answering garbage or not answering stops signing
(nothing written) unless the user agreed to sign without a time stamp."""

from __future__ import annotations

import subprocess

import pytest

from jury_desk.cli import main
from jury_desk.core.errors import MinutesError
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.timestamps import TsaClient
from jury_desk.minutes.verify import verify_pv
from tests.minutes.tamper import force_sign
from tests.minutes.tsa_server import TestTsa
from tests.tooling import require_tool

ENV = "JURY_DESK_KEY_PASSPHRASE"


@pytest.fixture
def tsa():
    with TestTsa() as server:
        yield server


def _sign_cli(capsys, monkeypatch, key, pv, institution, *extra):
    monkeypatch.setenv(ENV, key.passphrase.decode())
    code = main(["minutes", "sign", str(pv), "--p12", str(key.path),
                 "--institution", institution, *map(str, extra)])  # fmt: skip
    out, err = capsys.readouterr()
    return code, out, err


def test_signatures_time_stamped_by_the_tsa_verify_with_their_time(
    tmp_path, capsys, monkeypatch, keys, unsigned_pv, tsa, data_dir
):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(unsigned_pv)
    for code in ("MINES", "ALBERT"):
        done, out, err = _sign_cli(capsys, monkeypatch, getattr(keys, code), pv, code,
                                   "--tsa", tsa.url)  # fmt: skip
        assert (done, err) == (0, ""), err
        assert f"Time-stamped by {tsa.url}" in out
    assert tsa.requests >= 2
    report = verify_pv(pv)
    assert report.ok, report.lines()
    times = [c for c in report.checks if c.code == "certificate.validity"]
    assert len(times) == 2
    assert all("time-stamped by Common Name: Test TSA (127.0.0.1)" in c.message for c in times)


def test_a_tsa_answering_garbage_stops_signing_and_writes_nothing(
    tmp_path, capsys, monkeypatch, keys, unsigned_pv, tsa, data_dir
):
    tsa.mode = "garbage"
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(unsigned_pv)
    code, _, err = _sign_cli(capsys, monkeypatch, keys.MINES, pv, "MINES", "--tsa", tsa.url)
    assert code == 1 and err.count("\n") == 1
    assert "gave no time stamp: its answer is not a time stamp" in err
    assert pv.read_bytes() == unsigned_pv

    # The user agreed to sign without a time stamp: signed, and said so.
    code, out, err = _sign_cli(capsys, monkeypatch, keys.MINES, pv, "MINES", "--tsa", tsa.url,
                               "--without-timestamp-if-unavailable")  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Signed WITHOUT a time stamp, as agreed: ")
    claims = [c for c in verify_pv(pv).checks if c.code == "certificate.validity"]
    assert [c.ok for c in claims] == [True]
    assert "as the signer's laptop claims, no timestamp" in claims[0].message


def test_a_tsa_that_never_answers_times_out(tmp_path, keys, unsigned_pv, tsa):
    tsa.mode = "silent"
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(unsigned_pv)
    client = TsaClient(tsa.url, timeout=1.0)
    with pytest.raises(MinutesError) as refused:
        sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES", tsa=client)
    assert refused.value.code == "tsa.unavailable" and "timed out" in str(refused.value)
    assert pv.read_bytes() == unsigned_pv
    signed = sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES",
                     tsa=client, without_timestamp_ok=True)  # fmt: skip
    assert not signed.timestamped and "timed out" in (signed.tsa_failure or "")


def test_a_tsa_url_must_be_http(capsys, tmp_path, unsigned_pv, keys, monkeypatch, data_dir):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(unsigned_pv)
    code, _, err = _sign_cli(capsys, monkeypatch, keys.MINES, pv, "MINES", "--tsa", "file:///etc")
    assert code == 2 and "not an http(s) URL" in err and pv.read_bytes() == unsigned_pv


def test_minutes_timestamp_makes_a_b_lta_pv_that_verifies_and_takes_no_more_signatures(
    tmp_path, capsys, monkeypatch, keys, signed_pv, tsa, data_dir
):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(signed_pv)
    code = main(["minutes", "timestamp", str(pv), "--tsa", tsa.url])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    assert "with the validation data of 2 signatures" in out
    report = verify_pv(pv)
    assert report.ok, report.lines()
    stamp = [c for c in report.checks if c.code == "timestamp.document"]
    assert len(stamp) == 1 and "(PAdES B-LTA)" in stamp[0].message
    assert "by Common Name: Test TSA (127.0.0.1)" in stamp[0].message

    pdfsig = require_tool("pdfsig")
    shown = subprocess.run([pdfsig, str(pv)], capture_output=True, text=True, timeout=60).stdout
    assert shown.count("Signature Validation: Signature is Valid.") == 2, shown
    assert shown.rstrip().count("Total document signed") == 1  # the time stamp, last

    # Nobody signs after the archive's time stamp: refused, and a forced one fails verify.
    before = pv.read_bytes()
    with pytest.raises(MinutesError) as refused:
        sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    assert refused.value.code in ("sign.after-timestamp", "sign.already-signed")
    assert pv.read_bytes() == before
    (tmp_path / "late.pdf").write_bytes(force_sign(before, keys.intruder, "Late"))
    late = verify_pv(tmp_path / "late.pdf")
    assert not late.ok
    assert "a signature was added after the document time stamp" in late.failure.message


def test_a_pv_not_sound_is_not_time_stamped(tmp_path, capsys, unsigned_pv, tsa, data_dir):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(unsigned_pv)
    code = main(["minutes", "timestamp", str(pv), "--tsa", tsa.url])
    _, err = capsys.readouterr()
    assert code == 1 and "Refusing to time-stamp this PV: it is not signed" in err
    assert pv.read_bytes() == unsigned_pv and tsa.requests == 0
