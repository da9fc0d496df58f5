"""``member keygen --role chair`` writes the chair's reveal key, signed by the chair's key;
``bundle build`` pins it (``reveal_key_file`` in session.toml) only beside the chair's own
pinned key and only if that key signed it: each refusal is ``build.reveal-key``, one line,
nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jury_desk.bundle.minisign import PublicKey
from jury_desk.cli import main
from jury_desk.commands import bundle_signing_keys as bundle_keys
from jury_desk.core.errors import BuildError
from jury_desk.signing import member_key, reveal_pin
from tests.bundle import test_builder
from tests.bundle.test_builder import _cli_args, _one_line, build

src = test_builder.src  # the fixture: a copy of resources/examples to break
MEMBERS = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")
CHAIR = "m-mines-1"
PASSPHRASE = "correct horse battery"


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """Every member's keys made by ``member keygen`` (the chair's with ``--role chair``)."""
    folder = tmp_path_factory.mktemp("keys")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(bundle_keys.PASSPHRASE_ENV, PASSPHRASE)
        for member in MEMBERS:
            role = ["--role", "chair"] if member == CHAIR else []
            assert main(["member", "keygen", "--out", str(folder), "--name", member, *role]) == 0
    return folder


def pin(root: Path, made: Path, members=MEMBERS, reveal: str | None = "m-mines-1") -> None:
    """session.toml names each member's .pub and, with ``reveal``, that reveal key file."""
    keys = root / "keys"
    keys.mkdir(exist_ok=True)
    text = (root / "session.toml").read_text()
    for member in members:
        (keys / f"{member}.pub").write_bytes((made / f"{member}.pub").read_bytes())
        text, count = re.subn(
            rf'(\nid = "{member}"\n)', rf'\1public_key_file = "keys/{member}.pub"\n', text
        )
        assert count == 1
    if reveal is not None:
        name = f"{reveal}{reveal_pin.SUFFIX}"
        if (made / name).exists():
            (keys / name).write_bytes((made / name).read_bytes())
        text = text.replace("[session]\n", f'[session]\nreveal_key_file = "keys/{name}"\n', 1)
    (root / "session.toml").write_text(text)


def refusal(root: Path) -> str:
    with pytest.raises(BuildError) as info:
        build(root)
    assert info.value.code == "build.reveal-key"
    return str(info.value)


def test_keygen_as_chair_writes_a_reveal_key_the_chairs_key_signed_and_opens(made, capsys):
    pin_ = reveal_pin.read_file(made / f"{CHAIR}{reveal_pin.SUFFIX}")
    chair = member_key.unlock((made / f"{CHAIR}.key").read_bytes(), PASSPHRASE)
    assert pin_.made_by(PublicKey.from_file(made / f"{CHAIR}.pub"))
    assert pin_.opened_by(chair)
    assert not pin_.made_by(PublicKey.from_file(made / "m-mines-2.pub"))
    assert not (made / f"m-mines-2{reveal_pin.SUFFIX}").exists()  # members make none
    assert (made / f"{CHAIR}{reveal_pin.SUFFIX}").stat().st_mode & 0o777 == 0o644
    assert b"PRIVATE" not in (made / f"{CHAIR}{reveal_pin.SUFFIX}").read_bytes().upper()


def test_the_chairs_reveal_key_is_pinned_in_the_manifest(src, made):
    pin(src, made)
    manifest, _ = build(src)
    got = manifest.session.reveal_pin()
    assert got == reveal_pin.read_file(made / f"{CHAIR}{reveal_pin.SUFFIX}")


def test_a_reveal_key_without_the_chairs_key_pinned_is_refused(src, made):
    pin(src, made, members=())
    assert "the chair's own key must be pinned too" in refusal(src)


def test_a_reveal_key_another_key_made_is_refused(src, made):
    pin(src, made, reveal=None)
    other = made / f"{CHAIR}{reveal_pin.SUFFIX}"
    chair_pub = src / "keys" / f"{CHAIR}.pub"
    chair_pub.write_bytes((made / "m-albert-1.pub").read_bytes())  # another member's key...
    (src / "keys" / "m-albert-1.pub").write_bytes((made / f"{CHAIR}.pub").read_bytes())
    (src / "keys" / other.name).write_bytes(other.read_bytes())  # ...pinned as the chair's
    text = (src / "session.toml").read_text()
    (src / "session.toml").write_text(
        text.replace("[session]\n", f'[session]\nreveal_key_file = "keys/{other.name}"\n', 1)
    )
    assert "it was not made with the chair's pinned key" in refusal(src)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "cannot read it"),
        (b"not json", "it is not a reveal key file"),
        (b'{"format": "jury-desk-reveal-key/1", "public": "AAAA", "signature": "AAAA"}',
         "32 bytes"),
        (b'{"format": "other/1"}', "format jury-desk-reveal-key/1 expected"),
    ],
)  # fmt: skip
def test_a_missing_or_bad_reveal_key_file_is_named(src, made, content, words):
    pin(src, made, reveal="broken")
    if content is not None:
        (src / "keys" / f"broken{reveal_pin.SUFFIX}").write_bytes(content)
    message = refusal(src)
    assert message.startswith(f"session.toml: reveal_key_file keys/broken{reveal_pin.SUFFIX}: ")
    assert words in message


def test_the_cli_refuses_it_in_one_line_and_writes_nothing(src, made, tmp_path, capsys):
    pin(src, made, members=())
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out)) == 2
    err = _one_line(capsys.readouterr().err)
    assert "reveal_key_file" in err and err.endswith("[build.reveal-key]")
    assert not out.exists()


def test_keygen_as_chair_refuses_an_existing_reveal_key_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "keys"
    folder.mkdir()
    existing = folder / f"{CHAIR}{reveal_pin.SUFFIX}"
    existing.write_text("the chair's earlier reveal key")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(bundle_keys.PASSPHRASE_ENV, PASSPHRASE)
        code = main(["member", "keygen", "--out", str(folder), "--name", CHAIR, "--role", "chair"])
    assert code == 2
    err = _one_line(capsys.readouterr().err)
    assert f"{existing} already exists; add --force to replace it." in err
    assert sorted(p.name for p in folder.iterdir()) == [existing.name]
    assert existing.read_text() == "the chair's earlier reveal key"
