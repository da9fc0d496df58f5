"""`bundle build` pins members' keys from their .pub files, and refuses a candidate that
one institution could never score (every member conflicted): both named, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jury_desk.bundle.manifest import Manifest, manifest_bytes, parse_manifest
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.cli import main
from tests.bundle import test_builder
from tests.bundle.test_builder import _cli_args, _one_line, build, usage
from tests.factories import manifest_dict

src = test_builder.src  # the fixture: a copy of resources/examples to break
MEMBERS = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")


def pin(root: Path, members=MEMBERS, *, same_key: bool = False) -> dict[str, PublicKey]:
    """Give members a public_key_file in session.toml, with the .pub files beside it."""
    (root / "keys").mkdir(exist_ok=True)
    text = (root / "session.toml").read_text()
    shared = SecretKey.generate().public_key()
    keys = {}
    for member in members:
        keys[member] = shared if same_key else SecretKey.generate().public_key()
        (root / "keys" / f"{member}.pub").write_text(keys[member].to_text())
        text, count = re.subn(
            rf'(\nid = "{member}"\n)', rf'\1public_key_file = "keys/{member}.pub"\n', text
        )
        assert count == 1
    (root / "session.toml").write_text(text)
    return keys


def test_every_members_pub_is_pinned_in_the_manifest(src):
    keys = pin(src)
    manifest, _ = build(src)
    assert manifest.session.pins_keys
    assert manifest.session.member_keys() == keys
    member = manifest.session.member("m-albert-2")
    assert member.public_key == keys["m-albert-2"].to_base64()


def test_a_bundle_that_pins_no_key_is_unchanged(src):
    manifest, _ = build(src)
    assert not manifest.session.pins_keys
    assert set(manifest.session.member_keys().values()) == {None}


def test_pinning_only_some_members_is_refused(src):
    pin(src, MEMBERS[:3])
    message = usage(src)
    assert message.startswith("session.toml: session")
    assert "pin every member's public_key or none; m-albert-2 has none" in message


def test_two_members_with_one_key_are_refused(src):
    pin(src, same_key=True)
    assert "two members have the same public_key" in usage(src)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "Cannot read the public key file"),
        ("not a key\n", "is not a minisign public key"),
    ],
)
def test_a_missing_or_bad_pub_names_the_member_and_file(src, content, words):
    pin(src)
    target = src / "keys" / "m-mines-2.pub"
    if content is None:
        target.unlink()
    else:
        target.write_text(content)
    message = usage(src)
    assert message.startswith(
        "session.toml: member 2 (m-mines-2): public_key_file keys/m-mines-2.pub"
    )
    assert words in message and "jury-desk member keygen" in message


def test_a_key_file_and_an_inline_key_together_are_refused(src):
    pin(src, MEMBERS[:1])
    text = (src / "session.toml").read_text()
    inline = SecretKey.generate().public_key().to_base64()
    text = text.replace(
        'public_key_file = "keys/m-mines-1.pub"\n',
        f'public_key_file = "keys/m-mines-1.pub"\npublic_key = "{inline}"\n',
    )
    (src / "session.toml").write_text(text)
    assert "give public_key or public_key_file, not both" in usage(src)


def test_a_malformed_inline_key_is_refused_by_the_schema(src):
    text = (src / "session.toml").read_text()
    (src / "session.toml").write_text(
        text.replace('id = "m-mines-1"\n', 'id = "m-mines-1"\npublic_key = "RWQ"\n')
    )
    assert "must be a minisign public key" in usage(src)


def test_a_candidate_no_institution_member_may_score_is_refused(src):
    csv = (src / "candidates.csv").read_text()
    csv = csv.replace("m-mines-2:tutor; m-albert-1:sponsor", "m-mines-2:tutor; m-mines-1:other")
    (src / "candidates.csv").write_text(csv)
    assert usage(src) == (
        "candidates.csv: candidate C003: every MINES member is conflicted, so MINES could "
        "never score them; remove a conflict or add a member."
    )


def test_the_cli_refuses_it_in_one_line_and_writes_nothing(src, tmp_path, capsys):
    csv = (src / "candidates.csv").read_text()
    csv = csv.replace(
        "m-albert-2:former_teacher:a enseigné en L3", "m-albert-2:other; m-albert-1:other"
    )
    (src / "candidates.csv").write_text(csv)
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out)) == 2
    err = _one_line(capsys.readouterr().err)
    assert "candidate C002: every ALBERT member is conflicted" in err
    assert not out.exists()


def test_unscoreable_lists_every_pair():
    raw = manifest_dict()
    raw["candidates"][0]["conflicts"] = [
        {"member": m["id"], "category": "other", "note": ""}
        for m in raw["session"]["members"]
        if m["institution"] == "ALBERT"
    ]
    manifest = Manifest.model_validate(raw)
    assert manifest.unscoreable() == [(raw["candidates"][0]["id"], "ALBERT")]


def test_a_pinned_manifest_round_trips_through_the_parser(src):
    keys = pin(src)
    manifest, _ = build(src)
    again = parse_manifest(manifest_bytes(manifest))
    assert again.session.member_keys() == keys
