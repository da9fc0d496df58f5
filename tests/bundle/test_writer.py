"""write_bundle / write_zip: deterministic, signed, atomic, and accepted by the verifier."""

from __future__ import annotations

import hashlib
import subprocess
import zipfile
from pathlib import Path

import pytest

from jury_desk.bundle.manifest import manifest_bytes, parse_manifest
from jury_desk.bundle.minisign import SecretKey, verify
from jury_desk.bundle.verify import verify_bundle
from jury_desk.bundle.writer import (
    FIXED_DATE_TIME,
    FIXED_MODE,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    default_trusted_comment,
    write_bundle,
    write_zip,
)
from jury_desk.commands.bundle_signing_keys import replace_signature
from jury_desk.core.errors import BundleError, UsageError
from tests.factories import make_documents, make_manifest
from tests.tooling import require_tool


@pytest.fixture(scope="module")
def key() -> SecretKey:
    return SecretKey.generate()


@pytest.fixture
def manifest():
    return make_manifest(n_candidates=3)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_two_writes_are_byte_identical(tmp_path, key, manifest):
    docs = make_documents(manifest)
    a = write_bundle(manifest, docs, key, tmp_path / "a.jdbundle")
    b = write_bundle(manifest, docs, key, tmp_path / "b.jdbundle")
    assert a.read_bytes() == b.read_bytes()


def test_documents_from_files_give_the_same_bytes_as_from_memory(tmp_path, key, manifest):
    docs = make_documents(manifest)
    on_disk = {}
    for i, (path, data) in enumerate(sorted(docs.items())):
        src = tmp_path / f"src-{i}.pdf"
        src.write_bytes(data)
        on_disk[path] = src
    a = write_bundle(manifest, docs, key, tmp_path / "a.jdbundle")
    b = write_bundle(manifest, on_disk, key, tmp_path / "b.jdbundle")
    assert a.read_bytes() == b.read_bytes()


def test_layout_order_methods_and_fixed_metadata(tmp_path, key, manifest):
    out = write_bundle(manifest, make_documents(manifest), key, tmp_path / "b.jdbundle")
    with zipfile.ZipFile(out) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        docs = sorted(f.path for f in manifest.files)
        assert names == [MANIFEST_NAME, SIGNATURE_NAME, *docs]
        method = {i.filename: i.compress_type for i in infos}
        assert method[MANIFEST_NAME] == zipfile.ZIP_DEFLATED
        assert all(method[n] == zipfile.ZIP_STORED for n in names[1:])
        assert {i.date_time for i in infos} == {FIXED_DATE_TIME}
        assert {i.external_attr for i in infos} == {FIXED_MODE}
        assert not any(i.is_dir() for i in infos)
        data = zf.read(MANIFEST_NAME)
        sig = zf.read(SIGNATURE_NAME)
        assert {n: zf.read(n) for n in docs} == make_documents(manifest)
    assert data == manifest_bytes(manifest) and parse_manifest(data) == manifest
    checked = verify(data, sig, [key.public_key()])
    assert checked.prehashed
    assert checked.trusted_comment == default_trusted_comment(
        manifest, hashlib.sha256(data).hexdigest()
    )
    assert checked.trusted_comment.startswith(f"jury-desk bundle {manifest.bundle_id} seq 1 ")


def test_explicit_trusted_comment_is_signed(tmp_path, key, manifest):
    out = write_bundle(
        manifest, make_documents(manifest), key, tmp_path / "b.jdbundle", trusted_comment="hello"
    )
    with zipfile.ZipFile(out) as zf:
        got = verify(zf.read(MANIFEST_NAME), zf.read(SIGNATURE_NAME), [key.public_key()])
    assert got.trusted_comment == "hello"


def test_missing_document_names_it_and_writes_nothing(tmp_path, key, manifest):
    docs = make_documents(manifest)
    gone = sorted(docs)[2]
    del docs[gone]
    out = tmp_path / "b.jdbundle"
    with pytest.raises(UsageError) as info:
        write_bundle(manifest, docs, key, out)
    assert str(info.value).startswith(f"{gone}: listed in the manifest")
    assert _leftovers(tmp_path) == []


def test_unlisted_document_is_refused(tmp_path, key, manifest):
    docs = make_documents(manifest) | {"documents/C001/extra.pdf": b"%PDF"}
    with pytest.raises(UsageError) as info:
        write_bundle(manifest, docs, key, tmp_path / "b.jdbundle")
    assert str(info.value).startswith("documents/C001/extra.pdf: this document is not listed")
    assert _leftovers(tmp_path) == []


def test_changed_content_is_caught_and_the_old_bundle_is_kept(tmp_path, key, manifest):
    out = tmp_path / "b.jdbundle"
    out.write_bytes(b"previous bundle")
    docs = make_documents(manifest)
    victim = sorted(docs)[-1]
    docs[victim] = bytes([docs[victim][0] ^ 1]) + docs[victim][1:]  # same size, other bytes
    with pytest.raises(UsageError) as info:
        write_bundle(manifest, docs, key, out)
    assert str(info.value).startswith(f"{victim}: the file's SHA-256 differs")
    assert out.read_bytes() == b"previous bundle"
    assert _leftovers(tmp_path) == ["b.jdbundle"]


def test_wrong_size_is_refused_before_writing(tmp_path, key, manifest):
    docs = make_documents(manifest)
    victim = sorted(docs)[0]
    docs[victim] += b"x"
    with pytest.raises(UsageError) as info:
        write_bundle(manifest, docs, key, tmp_path / "b.jdbundle")
    size = manifest.files[[f.path for f in manifest.files].index(victim)].size
    assert str(info.value).startswith(f"{victim}: the manifest says {size} bytes")
    assert _leftovers(tmp_path) == []


def test_unreadable_source_file_names_it(tmp_path, key, manifest):
    docs: dict[str, bytes | Path] = dict(make_documents(manifest))
    victim = sorted(docs)[1]
    docs[victim] = tmp_path / "nowhere.pdf"
    with pytest.raises(UsageError) as info:
        write_bundle(manifest, docs, key, tmp_path / "b.jdbundle")
    assert "nowhere.pdf" in str(info.value) and victim in str(info.value)
    assert _leftovers(tmp_path) == []


def test_missing_output_folder_is_a_usage_error(tmp_path, key, manifest):
    with pytest.raises(UsageError, match="does not exist"):
        write_bundle(manifest, make_documents(manifest), key, tmp_path / "no" / "b.jdbundle")
    assert _leftovers(tmp_path) == []


def test_write_zip_keeps_the_given_order_and_refuses_duplicates(tmp_path):
    out = write_zip([("b.txt", b"bb", True), ("a.txt", b"a", False)], tmp_path / "z.zip")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["b.txt", "a.txt"]
        assert zf.read("b.txt") == b"bb"
    with pytest.raises(UsageError, match="same name"):
        write_zip([("a", b"1", False), ("a", b"2", False)], tmp_path / "d.zip")
    assert not (tmp_path / "d.zip").exists()


def test_written_bundle_passes_the_verifier(tmp_path, data_dir, key, manifest):
    out = write_bundle(manifest, make_documents(manifest), key, tmp_path / "b.jdbundle")
    vb = verify_bundle(out, trusted_keys=[key.public_key()], data_dir=data_dir)
    assert vb.manifest == manifest and vb.key_id_hex == key.key_id_hex


def test_unsigned_bundle_is_refused_then_signed_by_bundle_sign(tmp_path, data_dir, key, manifest):
    out = write_bundle(manifest, make_documents(manifest), None, tmp_path / "b.jdbundle")
    with zipfile.ZipFile(out) as zf:
        assert SIGNATURE_NAME not in zf.namelist()
    with pytest.raises(BundleError) as info:
        verify_bundle(out, trusted_keys=[key.public_key()], data_dir=data_dir)
    assert (info.value.code, info.value.entry) == ("bundle.missing-signature", SIGNATURE_NAME)
    assert not list((data_dir / "bundles").glob("*"))  # the refused bundle left no copy
    replace_signature(out, key, "signed later")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist()[:2] == [MANIFEST_NAME, SIGNATURE_NAME]
    vb = verify_bundle(out, trusted_keys=[key.public_key()], data_dir=data_dir)
    assert vb.trusted_comment == "signed later"


@pytest.mark.interop
def test_stock_minisign_verifies_the_manifest_signature(tmp_path, key, manifest):
    minisign = require_tool("minisign")
    out = write_bundle(manifest, make_documents(manifest), key, tmp_path / "b.jdbundle")
    with zipfile.ZipFile(out) as zf:
        (tmp_path / "manifest.json").write_bytes(zf.read(MANIFEST_NAME))
        (tmp_path / "manifest.json.minisig").write_bytes(zf.read(SIGNATURE_NAME))
    (tmp_path / "k.pub").write_text(key.public_key().to_text())
    done = subprocess.run(
        [minisign, "-V", "-p", "k.pub", "-m", "manifest.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"jury-desk bundle {manifest.bundle_id} seq 1" in done.stdout
