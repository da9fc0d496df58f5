"""Members' signing keys: minisign formats, the passphrase as the only way in, interop
with the stock ``minisign`` tool both ways, and ``jury-desk member keygen``."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from jury_desk import cli
from jury_desk.bundle.minisign import PublicKey, SecretKey, sign, verify
from jury_desk.commands import bundle_signing_keys as bundle_keys
from jury_desk.core.errors import KeyFileError
from jury_desk.signing import event_log, member_key
from jury_desk.signing.member_key import FAST_FOR_TESTS
from tests.tooling import run_minisign

PASSPHRASE = "correct horse battery"
DATA = b"a jury member's note\n"


def test_a_new_key_opens_only_with_its_passphrase():
    key, text = member_key.new_key("jury-desk member key m-1", PASSPHRASE, FAST_FOR_TESTS)
    assert "jury-desk member key m-1" in text.splitlines()[0]
    unlocked = member_key.unlock(text, PASSPHRASE)
    assert unlocked.public == key.public and unlocked.seed == key.seed
    for wrong in ("correct horse batterY", "", PASSPHRASE + " "):
        with pytest.raises(KeyFileError, match="Wrong passphrase"):
            member_key.unlock(text, wrong)
    # Nothing of the passphrase nor the seed is in the file in clear.
    raw = base64.b64decode(text.splitlines()[1])
    assert key.seed not in raw and PASSPHRASE.encode() not in raw


def test_the_member_cost_is_the_desks_passphrase_cost_and_is_written_in_the_file():
    from jury_desk.bundle.minisign import scrypt_params
    from jury_desk.deliberation.passphrase import PRODUCTION

    cost = member_key.MEMBER
    assert scrypt_params(cost.opslimit, cost.memlimit) == (PRODUCTION.n, PRODUCTION.r, PRODUCTION.p)
    _, text = member_key.new_key("m", PASSPHRASE)
    raw = base64.b64decode(text.splitlines()[1])
    assert raw[2:4] == b"Sc"
    assert int.from_bytes(raw[38:46], "little") == cost.opslimit
    assert int.from_bytes(raw[46:54], "little") == cost.memlimit


@pytest.mark.parametrize("bad", ["two\nlines", "nul\x00", "x" * 1024])
def test_a_passphrase_minisign_could_not_type_is_refused(bad):
    with pytest.raises(KeyFileError, match="one line"):
        member_key.new_key("m", bad, FAST_FOR_TESTS)


def test_signatures_and_the_box_key():
    key, _ = member_key.new_key("m", PASSPHRASE, FAST_FOR_TESTS)
    other, _ = member_key.new_key("o", PASSPHRASE, FAST_FOR_TESTS)
    signature = key.sign_raw(DATA)
    assert member_key.verify(key.public_key(), DATA, signature)
    assert not member_key.verify(other.public_key(), DATA, signature)
    assert not member_key.verify(key.public_key(), DATA + b".", signature)
    # The box key is a function of the signing key alone, and differs between members.
    assert member_key.box_public(key) == member_key.box_public(key)
    assert member_key.box_public(key) != member_key.box_public(other)
    assert member_key.box_public(key) not in (key.public, key.seed)
    assert member_key.fingerprint(key.public_key()) == key.public_key().fingerprint


# --------------------------------------------------------------------------- minisign interop


@pytest.mark.interop
def test_minisign_signs_with_our_member_key_and_we_verify(tmp_path):
    key, text = member_key.new_key("jury-desk member key m-1", PASSPHRASE, FAST_FOR_TESTS)
    (tmp_path / "m.key").write_text(text)
    (tmp_path / "m.pub").write_text(key.public_key().to_text())
    data = tmp_path / "note.txt"
    data.write_bytes(DATA)
    done = run_minisign(
        "-S", "-s", tmp_path / "m.key", "-m", data, stdin=f"{PASSPHRASE}\n".encode()
    )
    assert done.returncode == 0, done.stderr
    signature = (tmp_path / "note.txt.minisig").read_bytes()
    assert (
        verify(DATA, signature, [PublicKey.from_file(tmp_path / "m.pub")]).key.public == key.public
    )
    assert run_minisign("-V", "-p", tmp_path / "m.pub", "-m", data).returncode == 0
    wrong = run_minisign(
        "-S", "-s", tmp_path / "m.key", "-m", data, "-x", tmp_path / "x", stdin=b"not it\n"
    )
    assert wrong.returncode != 0 and b"Wrong password" in wrong.stderr


@pytest.mark.interop
def test_minisign_verifies_what_our_member_key_signs(tmp_path):
    key, _ = member_key.new_key("m", PASSPHRASE, FAST_FOR_TESTS)
    (tmp_path / "m.pub").write_text(key.public_key().to_text())
    data = tmp_path / "note.txt"
    data.write_bytes(DATA)
    (tmp_path / "note.txt.minisig").write_bytes(sign(DATA, key, trusted_comment="member"))
    done = run_minisign("-V", "-p", tmp_path / "m.pub", "-m", data)
    assert done.returncode == 0, done.stderr
    data.write_bytes(DATA + b"!")
    assert run_minisign("-V", "-p", tmp_path / "m.pub", "-m", data).returncode != 0


@pytest.mark.interop
def test_a_key_made_by_minisign_signs_log_events_its_pub_verifies(tmp_path):
    # -W: minisign's encrypted keys cost 1 GiB of scrypt to open; that our reader opens them
    # is tested in tests/bundle/test_minisign_interop.py. Here: minisign's key material.
    pub, sec = tmp_path / "m.pub", tmp_path / "m.key"
    done = run_minisign("-G", "-W", "-p", pub, "-s", sec)
    assert done.returncode == 0, done.stderr
    with pytest.raises(KeyFileError, match="not protected by a passphrase"):
        member_key.unlock(sec.read_bytes(), PASSPHRASE)  # never as a member's key file
    key = SecretKey.from_file(sec, None)
    public = PublicKey.from_file(pub)
    created = event_log.make_event(
        None, "2026-09-15T08:00:00+00:00", "", "session-created", {}, None
    )
    registered = event_log.make_event(
        created,
        "2026-09-15T08:01:00+00:00",
        "m-1",
        event_log.KIND_KEY,
        event_log.key_registration("m-1", key, pinned=True),
        key,
    )
    report = event_log.verify_events([created, registered], {"m-1": public})
    assert report.ok, report.reason
    assert report.keys["m-1"].fingerprint == member_key.fingerprint(public)


# --------------------------------------------------------------------------- member keygen


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main(["member", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_member_keygen_writes_a_minisign_pair(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(bundle_keys.PASSPHRASE_ENV, PASSPHRASE)
    code, out, err = run(capsys, "keygen", "--out", tmp_path / "keys", "--name", "m-mines-1")
    assert (code, err) == (0, "")
    key_file, pub_file = tmp_path / "keys" / "m-mines-1.key", tmp_path / "keys" / "m-mines-1.pub"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "keys").stat().st_mode & 0o777 == 0o700
    public = PublicKey.from_file(pub_file)
    key = member_key.unlock(key_file.read_bytes(), PASSPHRASE)
    assert key.public == public.public
    assert member_key.fingerprint(public) in out and str(pub_file) in out
    raw = base64.b64decode(key_file.read_text().splitlines()[1])
    assert int.from_bytes(raw[38:46], "little") == member_key.MEMBER.opslimit


@pytest.mark.parametrize(
    ("passphrase", "code", "words"),
    [("short", 1, "at least 8"), ("", 1, "at least 8"), ("line\nbreak!", 1, "one line")],
)
def test_member_keygen_refuses_a_bad_passphrase_and_writes_nothing(
    tmp_path, capsys, monkeypatch, passphrase, code, words
):
    monkeypatch.setenv(bundle_keys.PASSPHRASE_ENV, passphrase)
    got, out, err = run(capsys, "keygen", "--out", tmp_path / "keys", "--name", "m")
    assert got == code and out == ""
    assert err.count("\n") == 1 and err.startswith("jury-desk: ") and words in err
    assert not (tmp_path / "keys").exists()


def test_member_keygen_keeps_existing_files_and_refuses_bad_names(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(bundle_keys.PASSPHRASE_ENV, PASSPHRASE)
    (tmp_path / "m.pub").write_text("mine")
    code, _, err = run(capsys, "keygen", "--out", tmp_path, "--name", "m")
    assert code == 2 and "already exists" in err and err.count("\n") == 1
    assert (tmp_path / "m.pub").read_text() == "mine" and not (tmp_path / "m.key").exists()
    code, _, err = run(capsys, "keygen", "--out", tmp_path, "--name", "../m")
    assert code == 2 and "--name" in err


def test_member_keygen_without_a_terminal_or_variable_says_how(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(bundle_keys.PASSPHRASE_ENV, raising=False)
    code, _, err = run(capsys, "keygen", "--out", tmp_path, "--name", "m")
    assert code == 2 and bundle_keys.PASSPHRASE_ENV in err
    assert list(tmp_path.iterdir()) == []


def test_unlocking_a_damaged_or_foreign_file_is_a_plain_error():
    with pytest.raises(KeyFileError, match="not a minisign secret key"):
        member_key.unlock("hello", PASSPHRASE)
    unencrypted = SecretKey.generate().to_text(None)
    with pytest.raises(KeyFileError, match="not protected by a passphrase"):
        member_key.unlock(unencrypted, "anything")
