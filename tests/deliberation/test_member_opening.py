"""Opening a member desk (issue 12): who the member is, and which key their desk signs with.

A bundle that pins the key: the key file says who. A bundle that pins none (the demo): the
member chooses, and brings a key file or lets the desk make one, encrypted under their
passphrase typed twice, unlocked again at the next opening. Nobody opens a desk in a pinned
member's name with another key. Each refusal writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.writer import write_bundle
from jury_desk.memberdesk.opening import (
    DESK_KEY,
    DeskKeyLocked,
    MemberDeskError,
    PassphraseAgain,
    desk_folder,
    open_bundle,
)
from jury_desk.signing import member_key
from tests.factories import make_documents, manifest_dict

FAST = member_key.FAST_FOR_TESTS
SECRET = "ma phrase secrète de membre"


def bundle(folder: Path, pinned: dict[str, SecretKey] | None = None):
    raw = manifest_dict(n_candidates=2, bundle_id="opening-2026")
    for member in raw["session"]["members"]:
        if pinned and member["id"] in pinned:
            member["public_key"] = pinned[member["id"]].public_key().to_base64()
    manifest = Manifest.model_validate(raw)
    folder.mkdir(parents=True, exist_ok=True)
    secretariat = SecretKey.generate()
    path = write_bundle(manifest, make_documents(manifest), secretariat, folder / "b.jdbundle")
    return path, [secretariat.public_key()]


def key_file(folder: Path, member: str) -> tuple[SecretKey, Path]:
    key, text = member_key.new_key(member, SECRET, FAST)
    path = folder / f"{member}.key"
    path.write_text(text, encoding="utf-8")
    return key, path


def test_no_key_file_the_member_chooses_and_the_desk_makes_their_key_then_reopens_it(tmp_path):
    path, trusted = bundle(tmp_path / "secretariat")
    data = tmp_path / "data"
    opening = open_bundle(path, None, SECRET, data, trusted)
    assert opening.member is None and not opening.brought_key
    ids = [c.member_id for c in opening.choices()]
    assert ids == [m.id for m in opening.verified.manifest.session.members]
    assert not any(c.has_desk_key for c in opening.choices())
    made = desk_folder(data, "opening-2026", "m-mines-2") / DESK_KEY

    with pytest.raises(PassphraseAgain):
        opening.desk("m-mines-2", again="a typo", cost=FAST)
    assert not made.exists()  # no key made on a typo
    desk = opening.desk("m-mines-2", again=SECRET, cost=FAST)
    public = desk.key.public_key().public
    desk.close()
    assert made.stat().st_mode & 0o777 == 0o600
    text = made.read_bytes()
    assert SECRET.encode() not in text
    assert member_key.unlock(text, SECRET).public_key().public == public  # encrypted, minisign

    again = open_bundle(path, None, SECRET, data, trusted)
    assert {c.member_id for c in again.choices() if c.has_desk_key} == {"m-mines-2"}
    with again.desk("m-mines-2") as reopened:  # no second typing: the passphrase unlocks it
        assert reopened.key.public_key().public == public and reopened.member == "m-mines-2"
    wrong = open_bundle(path, None, "not the member's", data, trusted)
    with pytest.raises(DeskKeyLocked):
        wrong.desk("m-mines-2")
    assert made.read_bytes() == text  # a wrong passphrase never replaces the key


def test_a_key_file_for_an_unpinned_member_is_theirs_once_they_choose(tmp_path):
    path, trusted = bundle(tmp_path / "secretariat")
    key, file = key_file(tmp_path, "m-albert-1")
    opening = open_bundle(path, file, SECRET, tmp_path / "data", trusted)
    assert opening.member is None and opening.brought_key
    with opening.desk("m-albert-1") as desk:
        assert desk.key.public_key().public == key.public_key().public
    assert not (desk_folder(tmp_path / "data", "opening-2026", "m-albert-1") / DESK_KEY).exists()


def test_a_pinned_key_says_who_and_no_one_else_may_be_chosen(tmp_path):
    members = [m["id"] for m in manifest_dict()["session"]["members"]]
    keys = {m: member_key.new_key(m, SECRET, FAST)[0] for m in members}  # all or none
    key, file = key_file(tmp_path, "m-albert-1")
    keys["m-albert-1"] = key
    path, trusted = bundle(tmp_path / "secretariat", keys)
    opening = open_bundle(path, file, SECRET, tmp_path / "data", trusted)
    assert opening.member == "m-albert-1"
    assert [c.member_id for c in opening.choices()] == ["m-albert-1"]
    with pytest.raises(MemberDeskError, match="This key is m-albert-1's, not m-mines-2's"):
        opening.desk("m-mines-2")
    # Without the key file, no pinned member is offered, and none can be claimed.
    bare = open_bundle(path, None, SECRET, tmp_path / "data", trusted)
    assert bare.choices() == []
    with pytest.raises(MemberDeskError, match="pins Karim Haddad's key"):
        bare.desk("m-albert-1", again=SECRET, cost=FAST)
    assert not (desk_folder(tmp_path / "data", "opening-2026", "m-albert-1") / DESK_KEY).exists()
