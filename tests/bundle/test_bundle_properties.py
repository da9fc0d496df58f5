"""Properties of the verifier over mutated bundles (hypothesis).

Whatever is done to a valid bundle, ``verify_bundle`` either rejects it with a
``BundleError`` and leaves the data folder empty, or accepts it, and then only if every
signed part is byte-identical to the original: the manifest bytes and every document.
Nothing but a ``BundleError`` may escape.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.verify import VerifiedBundle, verify_bundle
from jury_desk.bundle.writer import MANIFEST_NAME, SIGNATURE_NAME
from jury_desk.bundle.zipreader import HardenedZip
from jury_desk.core.errors import BundleError
from tests.bundle.bundlekit import NOW, BundleKit
from tests.bundle.zipcraft import DEFLATED, STORED, Member, craft_zip


@dataclass(frozen=True)
class Base:
    kit: BundleKit
    raw: bytes  # the valid bundle, as the writer wrote it


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Base:
    kit = BundleKit(tmp_path_factory.mktemp("props"), n_candidates=2)
    return Base(kit, kit.write().read_bytes())


def _outcome(base: Base, bundle: bytes) -> VerifiedBundle | BundleError:
    """Verify ``bundle`` on a fresh desk; check the no-trace and signed-parts properties."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "candidate.jdbundle"
        source.write_bytes(bundle)
        desk = Path(tmp) / "desk"
        desk.mkdir()
        try:
            vb = verify_bundle(source, trusted_keys=[base.kit.pub], data_dir=desk, now=NOW)
        except BundleError as err:
            assert list(desk.iterdir()) == [], f"{err.code} left a trace"
            return err
        except BaseException as exc:  # report anything else as the property's failure
            pytest.fail(f"{type(exc).__name__} escaped the verifier: {exc!r}")
        _assert_signed_parts_identical(base, vb)
        return vb


def _assert_signed_parts_identical(base: Base, vb: VerifiedBundle) -> None:
    kit = base.kit
    assert vb.manifest_bytes == kit.manifest_bytes
    # Whatever the container's bytes, an accepted bundle has the original's fingerprint.
    assert vb.fingerprint == vb.manifest_sha256 == hashlib.sha256(kit.manifest_bytes).hexdigest()
    assert vb.path.name == f"{vb.fingerprint}.jdbundle"
    with HardenedZip(vb.path) as zf:
        assert zf.read(MANIFEST_NAME, 1 << 20) == kit.manifest_bytes
        assert set(zf.names) == {MANIFEST_NAME, SIGNATURE_NAME, *kit.documents}
        for path, data in kit.documents.items():
            assert zf.read(path, 1 << 20) == data


# --------------------------------------------------------------------------- byte level

_op = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1, exclude_max=True), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True), st.integers(1, 64)),
)


def _apply(raw: bytes, op: tuple) -> bytes:
    kind, where, arg = op
    pos = int(where * len(raw))
    if kind == "flip":
        return raw[:pos] + bytes([raw[pos] ^ arg]) + raw[pos + 1 :]
    if kind == "insert":
        return raw[:pos] + arg + raw[pos:]
    return raw[:pos] + raw[pos + arg :]


@given(ops=st.lists(_op, min_size=1, max_size=3))
def test_byte_mutations_are_rejected_or_harmless(base, ops):
    mutated = base.raw
    for op in ops:
        mutated = _apply(mutated, op)
    _outcome(base, mutated)


@given(where=st.floats(0, 1, exclude_max=True), mask=st.integers(1, 255))
def test_a_flip_inside_a_signed_byte_is_always_rejected(base, where, mask):
    # Flip only inside the stored document bytes: that can never be accepted.
    kit = base.kit
    spans = []
    for data in kit.documents.values():
        start = base.raw.index(data)
        spans.extend(range(start, start + len(data)))
    pos = spans[int(where * len(spans))]
    mutated = base.raw[:pos] + bytes([base.raw[pos] ^ mask]) + base.raw[pos + 1 :]
    result = _outcome(base, mutated)
    assert isinstance(result, BundleError)


# --------------------------------------------------------------------------- entry level


@given(order=st.permutations(range(6)), methods=st.lists(st.booleans(), min_size=6, max_size=6))
def test_reordering_and_recompressing_entries_is_harmless(base, order, methods):
    members = base.kit.members()
    assert len(members) == 6
    shuffled = []
    for i in order:
        m = members[i]
        shuffled.append(Member(m.name, m.data, method=DEFLATED if methods[i] else STORED))
    result = _outcome(base, craft_zip(shuffled))
    assert isinstance(result, VerifiedBundle), result


@given(index=st.integers(0, 5), content=st.binary(max_size=300))
def test_replacing_an_entry(base, index, content):
    members = base.kit.members()
    target = members[index]
    members[index] = Member(target.name, content, method=target.method)
    result = _outcome(base, craft_zip(members))
    if target.name != SIGNATURE_NAME:  # (the signature's untrusted comment is not signed)
        assert isinstance(result, VerifiedBundle) == (content == target.data)


@given(index=st.integers(0, 5), name=st.text(min_size=1, max_size=40))
def test_renaming_an_entry(base, index, name):
    members = base.kit.members()
    target = members[index]
    members[index] = Member(name.encode("utf-8", "surrogatepass"), target.data)
    result = _outcome(base, craft_zip(members))
    assert isinstance(result, VerifiedBundle) == (name == target.name)


@given(edit=_op)
def test_a_modified_manifest_signed_by_an_untrusted_key_is_rejected(base, edit):
    kit = base.kit
    changed = _apply(kit.manifest_bytes, edit)
    signer = SecretKey.generate()
    members = kit.members(changed, signer=signer)
    result = _outcome(base, craft_zip(members))
    assert isinstance(result, BundleError)
    assert result.code == "signature.unknown-key"
