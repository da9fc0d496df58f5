"""Interop with the stock ``minisign`` tool, and the ``bundle keygen`` / ``bundle sign`` CLI.

The secretariat may use either tool on the same keys and bundles, so every pairing is
exercised: minisign keys and signatures here, our keys and signatures in minisign.
Tests marked ``interop`` run the real tool (a failure under CI=true when it is missing).
"""

from __future__ import annotations

import base64
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from jury_desk import cli
from jury_desk.bundle.minisign import PublicKey, SecretKey, sign, verify
from jury_desk.commands import bundle_signing_keys
from jury_desk.core.errors import BundleError, KeyFileError
from tests.tooling import run_minisign

PASSPHRASE = "correct horse battery"
FAST = {"opslimit": 524_288, "memlimit": 16_777_216}
DATA = b'{"format": "jury-desk-bundle/1", "seq": 1}\n'
MANIFEST = b'{\n  "format": "jury-desk-bundle/1"\n}\n' * 40
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main(["bundle", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("jury-desk: ")
    for fragment in fragments:
        assert fragment in err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --------------------------------------------------------------------------- key fixtures


@pytest.fixture(scope="module")
def minisign_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Key pairs made by the stock tool: `-G -W` (no passphrase) and `-G` (passphrase)."""
    folder = tmp_path_factory.mktemp("minisign-keys")
    keys = {}
    for kind, extra, stdin in [
        ("unencrypted", ["-W"], b""),
        ("encrypted", [], f"{PASSPHRASE}\n{PASSPHRASE}\n".encode()),
    ]:
        pub, key = folder / f"{kind}.pub", folder / f"{kind}.key"
        done = run_minisign("-G", "-p", pub, "-s", key, *extra, stdin=stdin)
        assert done.returncode == 0, done.stderr
        keys[kind] = (pub, key)
    return keys


@pytest.fixture(scope="module")
def cli_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Key pairs made by `jury-desk bundle keygen`, the encrypted one at minisign's cost."""
    folder = tmp_path_factory.mktemp("cli-keys")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(bundle_signing_keys.PASSPHRASE_ENV, PASSPHRASE)
        assert cli.main(["bundle", "keygen", "--out", str(folder), "--name", "enc"]) == 0
    assert (
        cli.main(["bundle", "keygen", "--out", str(folder), "--name", "plain", "--unencrypted"])
        == 0
    )
    return {
        "encrypted": (folder / "enc.pub", folder / "enc.key"),
        "unencrypted": (folder / "plain.pub", folder / "plain.key"),
    }


# --------------------------------------------------------------------------- interop


@pytest.mark.interop
@pytest.mark.parametrize(
    ("kind", "legacy"),
    [("unencrypted", False), ("unencrypted", True), ("encrypted", False)],
    ids=["W-prehashed", "W-legacy", "encrypted-prehashed"],
)
def test_stock_minisign_signatures_verify(tmp_path, minisign_keys, kind, legacy):
    pub, key = minisign_keys[kind]
    data = tmp_path / "manifest.json"
    data.write_bytes(DATA)
    stdin = f"{PASSPHRASE}\n".encode() if kind == "encrypted" else b""
    flags = ["-l"] if legacy else []
    done = run_minisign("-S", "-s", key, "-m", data, "-t", "seq 1", *flags, stdin=stdin)
    assert done.returncode == 0, done.stderr
    sig = (tmp_path / "manifest.json.minisig").read_bytes()
    result = verify(DATA, sig, [PublicKey.from_file(pub)])
    assert result.trusted_comment == "seq 1"
    assert result.prehashed is not legacy
    assert base64.b64decode(sig.split(b"\n")[1])[:2] == (b"Ed" if legacy else b"ED")
    with pytest.raises(BundleError) as exc:  # the same file, one byte off, is refused
        verify(DATA + b" ", sig, [PublicKey.from_file(pub)])
    assert exc.value.code == "signature.invalid"


@pytest.mark.interop
def test_minisign_key_files_load_with_our_reader(minisign_keys):
    for kind, passphrase in [("unencrypted", None), ("encrypted", PASSPHRASE.encode())]:
        pub, key = minisign_keys[kind]
        public = PublicKey.from_file(pub)
        secret = SecretKey.from_file(key, passphrase)
        assert secret.public_key().public == public.public
        assert secret.key_id_hex == public.key_id_hex
        # minisign's own comment prints the id unpadded (%llX); we always print 16 digits.
        prefix, _, printed = public.comment.rpartition(" ")
        assert prefix == "minisign public key"
        assert int(printed, 16) == int(public.key_id_hex, 16)
        assert verify(DATA, sign(DATA, secret), [public]).key == public


@pytest.mark.interop
@pytest.mark.parametrize("prehashed", [True, False], ids=["prehashed", "legacy"])
@pytest.mark.parametrize("key_option", ["-P", "-p"])
def test_minisign_accepts_our_signatures(tmp_path, prehashed, key_option):
    secret = SecretKey.generate()
    public = secret.public_key()
    data, sig = tmp_path / "manifest.json", tmp_path / "manifest.json.minisig"
    data.write_bytes(DATA)
    sig.write_bytes(sign(DATA, secret, trusted_comment="bundle demo seq 3", prehashed=prehashed))
    (tmp_path / "k.pub").write_text(public.to_text())
    key_arg = public.to_base64() if key_option == "-P" else str(tmp_path / "k.pub")
    done = run_minisign("-V", key_option, key_arg, "-m", data, "-x", sig)
    assert done.returncode == 0, done.stderr
    assert b"Trusted comment: bundle demo seq 3" in done.stdout
    # -H demands a prehashed signature: minisign sees which algorithm we used.
    strict = run_minisign("-V", "-H", key_option, key_arg, "-m", data, "-x", sig)
    assert (strict.returncode == 0) is prehashed
    data.write_bytes(DATA + b" ")
    assert run_minisign("-V", key_option, key_arg, "-m", data, "-x", sig).returncode != 0


@pytest.mark.interop
@pytest.mark.parametrize("kind", ["unencrypted", "encrypted"])
def test_minisign_signs_with_keys_from_our_keygen(tmp_path, cli_keys, kind):
    pub, key = cli_keys[kind]
    data = tmp_path / "manifest.json"
    data.write_bytes(DATA)
    stdin = f"{PASSPHRASE}\n".encode() if kind == "encrypted" else b""
    done = run_minisign("-S", "-s", key, "-m", data, "-t", "from our key", stdin=stdin)
    assert done.returncode == 0, done.stderr
    sig = (tmp_path / "manifest.json.minisig").read_bytes()
    assert verify(DATA, sig, [PublicKey.from_file(pub)]).trusted_comment == "from our key"
    assert run_minisign("-V", "-p", pub, "-m", data).returncode == 0


@pytest.mark.interop
def test_minisign_decrypts_a_key_stored_with_a_lower_cost(tmp_path):
    # The cost parameters travel in the file; minisign must honour them, not its defaults.
    secret = SecretKey.generate()
    key, data = tmp_path / "fast.key", tmp_path / "f"
    key.write_text(secret.to_text(b"pw", **FAST))
    data.write_bytes(DATA)
    assert run_minisign("-S", "-s", key, "-m", data, stdin=b"pw\n").returncode == 0
    assert verify(DATA, (tmp_path / "f.minisig").read_bytes(), [secret.public_key()])
    wrong = run_minisign("-S", "-s", key, "-m", data, "-x", tmp_path / "x", stdin=b"px\n")
    assert wrong.returncode != 0 and b"Wrong password" in wrong.stderr


# --------------------------------------------------------------------------- keygen CLI


def test_keygen_writes_a_usable_key_pair_at_default_cost(cli_keys):
    pub, key = cli_keys["encrypted"]
    assert key.stat().st_mode & 0o777 == 0o600
    raw = base64.b64decode(key.read_text().split("\n")[1])
    assert raw[2:4] == b"Sc"
    assert int.from_bytes(raw[38:46], "little") == 33_554_432  # minisign's default cost
    assert int.from_bytes(raw[46:54], "little") == 1_073_741_824
    assert PublicKey.from_file(pub).comment.endswith(PublicKey.from_file(pub).key_id_hex)
    # Decrypting at that cost is exercised once, by test_sign_with_encrypted_key_...
    plain_pub, plain_key = cli_keys["unencrypted"]
    assert plain_key.stat().st_mode & 0o777 == 0o600
    assert base64.b64decode(plain_key.read_text().split("\n")[1])[2:4] == b"\0\0"
    assert SecretKey.from_file(plain_key, None).public == PublicKey.from_file(plain_pub).public


def test_keygen_prints_key_id_and_fingerprint(tmp_path, capsys):
    code, out, err = run_cli(capsys, "keygen", "--out", tmp_path, "--name", "sec", "--unencrypted")
    assert (code, err) == (0, "")
    public = PublicKey.from_file(tmp_path / "sec.pub")
    assert f"Key id:       {public.key_id_hex}\n" in out
    assert f"Fingerprint:  {public.fingerprint}" in out
    assert "NOT encrypted" in out


def test_keygen_refuses_to_overwrite_without_force(tmp_path, capsys):
    run_cli(capsys, "keygen", "--out", tmp_path, "--name", "sec", "--unencrypted")
    before = snapshot(tmp_path)
    code, out, err = run_cli(capsys, "keygen", "--out", tmp_path, "--name", "sec", "--unencrypted")
    assert code == 2 and out == ""
    assert_one_line_error(err, "sec.key already exists", "--force")
    assert snapshot(tmp_path) == before
    code, _, _ = run_cli(
        capsys, "keygen", "--out", tmp_path, "--name", "sec", "--unencrypted", "--force"
    )
    assert code == 0
    after = snapshot(tmp_path)
    assert set(after) == {"sec.key", "sec.pub"}  # no temporary file left behind
    assert after["sec.pub"] != before["sec.pub"]


@pytest.mark.parametrize("name", ["../evil", ".hidden", "a/b", "", "x" * 65])
def test_keygen_refuses_unsafe_names(tmp_path, capsys, name):
    code, out, err = run_cli(capsys, "keygen", "--out", tmp_path, "--name", name, "--unencrypted")
    assert code == 2 and out == ""
    assert_one_line_error(err, "--name")
    assert list(tmp_path.iterdir()) == []


def test_keygen_refuses_a_file_as_output_folder(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    code, _, err = run_cli(capsys, "keygen", "--out", target, "--name", "k", "--unencrypted")
    assert code == 2
    assert_one_line_error(err, "is a file, not a folder")
    assert snapshot(tmp_path) == {"file": b"x"}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("answers", "message"),
    [(["one", "two"], "two passphrases differ"), (["", ""], "passphrase is empty")],
)
def test_keygen_prompt_refusals_write_nothing(tmp_path, capsys, monkeypatch, answers, message):
    monkeypatch.delenv(bundle_signing_keys.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    replies = iter(answers)
    monkeypatch.setattr(bundle_signing_keys.getpass, "getpass", lambda prompt: next(replies))
    code, _, err = run_cli(capsys, "keygen", "--out", tmp_path / "keys", "--name", "k")
    assert code == 2
    assert_one_line_error(err, message)
    assert not (tmp_path / "keys").exists()


def test_keygen_without_terminal_or_variable_asks_for_one(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(bundle_signing_keys.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSPHRASE}\n"))  # a pipe, not a tty
    code, _, err = run_cli(capsys, "keygen", "--out", tmp_path, "--name", "k")
    assert code == 2
    assert_one_line_error(err, bundle_signing_keys.PASSPHRASE_ENV)
    assert list(tmp_path.iterdir()) == []


def test_keygen_help_documents_the_passphrase_variable(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["bundle", "keygen", "--help"])
    assert exc.value.code == 0
    assert bundle_signing_keys.PASSPHRASE_ENV in capsys.readouterr().out


# --------------------------------------------------------------------------- sign CLI


def make_bundle(path: Path, *, signature: bytes | None = b"old", manifest: bool = True) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        if manifest:
            info = zipfile.ZipInfo("manifest.json", date_time=(2025, 6, 1, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, MANIFEST)
        if signature is not None:
            zf.writestr(zipfile.ZipInfo("manifest.json.minisig", (2025, 6, 1, 9, 30, 0)), signature)
        zf.writestr(zipfile.ZipInfo("documents/x.pdf", (2024, 1, 2, 3, 4, 6)), PDF)
    return path


def entries(path: Path) -> list[tuple[str, int, tuple[int, ...], int, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [
            (i.filename, i.compress_type, i.date_time, i.external_attr, zf.read(i))
            for i in zf.infolist()
        ]


@pytest.fixture
def plain_key(tmp_path: Path) -> tuple[Path, SecretKey]:
    secret = SecretKey.generate()
    path = tmp_path / "plain.key"
    path.write_text(secret.to_text(None))
    return path, secret


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "out").mkdir()
    return tmp_path / "out"


def test_sign_replaces_only_the_signature(folder, plain_key, capsys):
    key, secret = plain_key
    bundle = make_bundle(folder / "b.jdbundle")
    bundle.chmod(0o640)
    before = entries(bundle)
    code, out, err = run_cli(capsys, "sign", bundle, "--key", key, "--trusted-comment", "seq 4")
    assert (code, err) == (0, "")
    assert secret.key_id_hex in out and secret.public_key().fingerprint in out
    after = entries(bundle)
    assert [e[0] for e in after] == [e[0] for e in before]  # same order
    assert [e for e in after if e[0] != "manifest.json.minisig"] == [
        e for e in before if e[0] != "manifest.json.minisig"
    ]  # same content, compression, time and mode
    new_sig = dict((e[0], e) for e in after)["manifest.json.minisig"]
    assert new_sig[1] == zipfile.ZIP_STORED
    result = verify(MANIFEST, new_sig[4], [secret.public_key()])
    assert result.trusted_comment == "seq 4" and result.prehashed
    assert os.listdir(folder) == ["b.jdbundle"]  # the temporary file was renamed away
    assert bundle.stat().st_mode & 0o777 == 0o640  # the rewrite keeps the file's mode


def test_sign_is_reproducible_with_a_fixed_comment(folder, plain_key, capsys):
    key, _ = plain_key
    bundle = make_bundle(folder / "b.jdbundle")
    run_cli(capsys, "sign", bundle, "--key", key, "--trusted-comment", "seq 4")
    first = bundle.read_bytes()
    run_cli(capsys, "sign", bundle, "--key", key, "--trusted-comment", "seq 4")
    assert bundle.read_bytes() == first


def test_sign_adds_a_missing_signature_after_the_manifest(folder, plain_key, capsys):
    key, secret = plain_key
    bundle = make_bundle(folder / "b.jdbundle", signature=None)
    code, _, _ = run_cli(capsys, "sign", bundle, "--key", key)
    assert code == 0
    after = entries(bundle)
    assert [e[0] for e in after] == ["manifest.json", "manifest.json.minisig", "documents/x.pdf"]
    comment = verify(MANIFEST, after[1][4], [secret.public_key()]).trusted_comment
    assert comment.startswith("timestamp:") and "\tfile:manifest.json\thashed" in comment


def test_sign_with_encrypted_key_from_the_environment(folder, cli_keys, capsys, monkeypatch):
    pub, key = cli_keys["encrypted"]
    monkeypatch.setenv(bundle_signing_keys.PASSPHRASE_ENV, PASSPHRASE)
    bundle = make_bundle(folder / "b.jdbundle")
    code, _, err = run_cli(capsys, "sign", bundle, "--key", key)
    assert (code, err) == (0, "")
    sig = dict((e[0], e[4]) for e in entries(bundle))["manifest.json.minisig"]
    assert verify(MANIFEST, sig, [PublicKey.from_file(pub)]).prehashed


def _assert_untouched(folder: Path, before: dict[str, bytes]) -> None:
    assert snapshot(folder) == before  # same bytes, and no temporary file left


def test_sign_wrong_passphrase(folder, capsys, monkeypatch):
    secret = SecretKey.generate()
    key = folder.parent / "enc.key"
    key.write_text(secret.to_text(b"right", **FAST))
    bundle = make_bundle(folder / "b.jdbundle")
    before = snapshot(folder)
    monkeypatch.setenv(bundle_signing_keys.PASSPHRASE_ENV, "wrong")
    code, out, err = run_cli(capsys, "sign", bundle, "--key", key)
    assert code == 1 and out == ""
    assert_one_line_error(err, "Wrong passphrase for", str(key))
    _assert_untouched(folder, before)


def test_sign_encrypted_key_without_terminal_or_variable(folder, capsys, monkeypatch):
    key = folder.parent / "enc.key"
    key.write_text(SecretKey.generate().to_text(b"pw", **FAST))
    bundle = make_bundle(folder / "b.jdbundle")
    before = snapshot(folder)
    monkeypatch.delenv(bundle_signing_keys.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("pw\n"))
    code, _, err = run_cli(capsys, "sign", bundle, "--key", key)
    assert code == 2
    assert_one_line_error(err, bundle_signing_keys.PASSPHRASE_ENV)
    _assert_untouched(folder, before)


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"this is not a zip archive" * 10)


def _hostile_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", MANIFEST)
        zf.writestr("../escape.pdf", PDF)


REFUSED_BUNDLES = {
    "not a zip": (_not_a_zip, ["(zip.not-zip)"]),
    "no manifest": (
        lambda path: make_bundle(path, manifest=False),
        ["(bundle.missing-manifest)", "[manifest.json]"],
    ),
    "path traversal": (_hostile_zip, ["(zip.path-traversal)", "[../escape.pdf]"]),
}


@pytest.mark.parametrize("case", list(REFUSED_BUNDLES))
def test_sign_refuses_bad_bundles_and_writes_nothing(folder, plain_key, capsys, case):
    build, fragments = REFUSED_BUNDLES[case]
    bundle = folder / "b.jdbundle"
    build(bundle)
    before = snapshot(folder)
    code, out, err = run_cli(capsys, "sign", bundle, "--key", plain_key[0])
    assert code == 1 and out == ""
    assert_one_line_error(err, *fragments)
    _assert_untouched(folder, before)


def test_sign_refuses_a_multi_line_trusted_comment(folder, plain_key, capsys):
    bundle = make_bundle(folder / "b.jdbundle")
    before = snapshot(folder)
    code, _, err = run_cli(
        capsys, "sign", bundle, "--key", plain_key[0], "--trusted-comment", "a\nb"
    )
    assert code == 2
    assert_one_line_error(err, "trusted comment")
    _assert_untouched(folder, before)


def test_sign_usage_errors(folder, plain_key, capsys):
    code, _, err = run_cli(capsys, "sign", folder / "missing.jdbundle", "--key", plain_key[0])
    assert code == 2
    assert_one_line_error(err, "missing.jdbundle is not a bundle file")
    bundle = make_bundle(folder / "b.jdbundle")
    before = snapshot(folder)
    code, _, err = run_cli(capsys, "sign", bundle, "--key", folder / "none.key")
    assert code == 1
    assert_one_line_error(err, "Cannot read the secret key file")
    garbage = folder.parent / "garbage.key"
    garbage.write_text("untrusted comment: x\nnot base64\n")
    code, _, err = run_cli(capsys, "sign", bundle, "--key", garbage)
    assert code == 1
    assert_one_line_error(err, "not a minisign secret key")
    _assert_untouched(folder, before)


def test_a_public_key_is_not_a_secret_key(folder, plain_key, capsys):
    pub = folder.parent / "k.pub"
    pub.write_text(plain_key[1].public_key().to_text())
    with pytest.raises(KeyFileError):
        SecretKey.from_file(pub, None)
    code, _, err = run_cli(capsys, "sign", make_bundle(folder / "b.jdbundle"), "--key", pub)
    assert code == 1
    assert_one_line_error(err, "not a minisign secret key")
