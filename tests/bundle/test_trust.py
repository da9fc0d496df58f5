"""The trust store: two slots, atomic private persistence, refusal of a damaged file."""

from __future__ import annotations

import json
import stat

import pytest

from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.trust import TRUST_NAME, TrustStore
from jury_desk.core.errors import StoreError, UsageError
from tests.bundle.bundlekit import tree


@pytest.fixture
def keys():
    # As read from .pub files (with their comment), which is what the store gives back.
    return [PublicKey.from_text(SecretKey.generate().public_key().to_text()) for _ in range(3)]


def test_empty_store(data_dir):
    store = TrustStore(data_dir)
    assert store.keys() == []
    assert store.slots() == {}
    assert store.get("primary") is None
    assert tree(data_dir) == {}


def test_add_persists_privately_and_reloads(data_dir, keys):
    TrustStore(data_dir).add("primary", keys[0])
    path = data_dir / TRUST_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(tree(data_dir)) == [TRUST_NAME]  # no temporary file left
    saved = json.loads(path.read_text("utf-8"))
    pinned = saved["slots"]["primary"]
    assert pinned["key_id"] == keys[0].key_id_hex
    assert pinned["fingerprint"] == keys[0].fingerprint
    assert keys[0].to_base64() in pinned["public_key"]
    fresh = TrustStore(data_dir)
    assert fresh.keys() == [keys[0]]
    assert fresh.get("primary") == keys[0]


def test_primary_comes_first_whatever_the_order_of_adding(data_dir, keys):
    store = TrustStore(data_dir)
    store.add("next", keys[1])
    store.add("primary", keys[0])
    assert store.keys() == [keys[0], keys[1]]


def test_rotation(data_dir, keys):
    store = TrustStore(data_dir)
    store.add("primary", keys[0])
    store.add("next", keys[1])
    store.promote()
    assert store.slots() == {"primary": keys[1]}
    store.add("next", keys[2])
    store.remove("primary")
    assert store.keys() == [keys[2]]


def test_refusals_change_nothing(data_dir, keys):
    store = TrustStore(data_dir)
    store.add("primary", keys[0])
    before = tree(data_dir)
    with pytest.raises(UsageError, match="already holds a key"):
        store.add("primary", keys[1])
    with pytest.raises(UsageError, match="already trusted"):
        store.add("next", keys[0])
    with pytest.raises(UsageError, match="already empty"):
        store.remove("next")
    with pytest.raises(UsageError, match="Unknown trust slot"):
        store.add("backup", keys[1])
    with pytest.raises(UsageError, match="no key in the next slot"):
        store.promote()
    assert tree(data_dir) == before


def _rewrite(data_dir, edit) -> None:
    path = data_dir / TRUST_NAME
    obj = json.loads(path.read_text("utf-8"))
    edit(obj)
    path.write_text(json.dumps(obj), "utf-8")


@pytest.mark.parametrize(
    "edit",
    [
        lambda o: o["slots"]["primary"].update(key_id="0000000000000000"),
        lambda o: o["slots"]["primary"].update(fingerprint="0" * 64),
        lambda o: o["slots"]["primary"].update(public_key="untrusted comment: x\nAAAA\n"),
        lambda o: o["slots"].update(backup=o["slots"]["primary"]),
        lambda o: o.update(format="jury-desk-trust/0"),
        lambda o: o.update(extra=1),
    ],
    ids=["key-id", "fingerprint", "key-text", "unknown-slot", "format", "unknown-field"],
)
def test_a_damaged_store_is_refused(data_dir, keys, edit):
    TrustStore(data_dir).add("primary", keys[0])
    _rewrite(data_dir, edit)
    with pytest.raises(StoreError, match="trust store"):
        TrustStore(data_dir).keys()


def test_a_swapped_key_text_is_refused(data_dir, keys):
    # Replacing the key text with another valid key must not go unnoticed.
    TrustStore(data_dir).add("primary", keys[0])
    _rewrite(data_dir, lambda o: o["slots"]["primary"].update(public_key=keys[1].to_text()))
    with pytest.raises(StoreError, match="does not match"):
        TrustStore(data_dir).keys()


def test_not_json(data_dir):
    text = b'{"format": "jury-desk-trust/1", "slots": {}, "slots": {}}'
    (data_dir / TRUST_NAME).write_bytes(text)
    with pytest.raises(StoreError, match="duplicate key"):
        TrustStore(data_dir).keys()
