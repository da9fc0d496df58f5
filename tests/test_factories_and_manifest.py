"""The manifest schema accepts the test factories' manifests and refuses what it must."""

import pytest

from jury_desk.bundle.manifest import MAX_MANIFEST_BYTES, manifest_bytes, parse_manifest
from jury_desk.core.errors import BundleError
from tests.factories import make_documents, make_manifest, manifest_dict


@pytest.mark.parametrize("kind", ["admission", "graduation"])
def test_factory_manifest_round_trips_through_bytes(kind):
    m = make_manifest(kind)
    data = manifest_bytes(m)
    assert parse_manifest(data) == m
    assert set(make_documents(m)) == {f.path for f in m.files}


def _reject(data: bytes) -> BundleError:
    with pytest.raises(BundleError) as info:
        parse_manifest(data)
    return info.value


def test_duplicate_keys_are_rejected():
    err = _reject(b'{"format": "jury-desk-bundle/1", "format": "jury-desk-bundle/1"}')
    assert err.code == "manifest.json" and "duplicate key 'format'" in err.detail


@pytest.mark.parametrize("const", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_finite_numbers_are_rejected(const):
    err = _reject(b'{"format": "jury-desk-bundle/1", "seq": ' + const + b"}")
    assert err.code == "manifest.json" and "non-finite" in err.detail


def test_unknown_field_is_rejected():
    d = manifest_dict()
    d["session"]["members"][0]["favourite_colour"] = "blue"
    import json

    err = _reject(json.dumps(d).encode())
    assert err.code == "manifest.schema" and "favourite_colour" in err.detail


def test_huge_manifest_is_rejected_before_parsing():
    pad = b"x" * (MAX_MANIFEST_BYTES + 1)
    err = _reject(b'{"format": "jury-desk-bundle/1", "pad": "' + pad + b'"}')
    assert err.code == "manifest.size"


def test_invalid_utf8_and_bom_are_rejected():
    assert _reject(b'{"format": "\xff"}').code == "manifest.json"
    assert _reject(b'\xef\xbb\xbf{"format": "jury-desk-bundle/1"}').code == "manifest.json"


def test_cross_references_must_resolve():
    import json

    d = manifest_dict()
    d["candidates"][0]["conflicts"][0]["member"] = "nobody"
    err = _reject(json.dumps(d).encode())
    assert "unknown member" in err.detail
    d = manifest_dict()
    d["candidates"][1]["documents"].append("documents/C002/missing.pdf")
    assert "not in files" in _reject(json.dumps(d).encode()).detail


def test_a_signer_must_declare_a_certificate_fingerprint():
    import json

    d = manifest_dict()
    del d["session"]["members"][0]["signer_cert_sha256"]  # the chair, also the Mines signer
    assert "signer_cert_sha256" in _reject(json.dumps(d).encode()).detail
