"""Valid signed bundles and their hostile variants, for the verifier's tests.

``BundleKit`` holds a secretariat key, a valid manifest and its documents; ``members()``
gives the ZIP entries of the valid bundle as ``zipcraft.Member`` objects, which a test
edits (rename, drop, add, change bytes) before ``craft()`` writes the archive.
``tree(data_dir)`` fingerprints a data folder, to prove that a rejection wrote nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from jury_desk.bundle.manifest import Manifest, manifest_bytes
from jury_desk.bundle.minisign import PublicKey, SecretKey, sign
from jury_desk.bundle.verify import CHECKS, VerifiedBundle, verify_bundle
from jury_desk.bundle.writer import MANIFEST_NAME, SIGNATURE_NAME, write_bundle
from jury_desk.bundle.zipreader import CHECKS as ZIP_CHECKS
from jury_desk.core.errors import BundleError
from tests.bundle.zipcraft import DEFLATED, Member, craft_zip
from tests.factories import make_documents, make_manifest, manifest_dict

#: A fixed "now" inside every kit bundle's validity window.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ISSUED = NOW - timedelta(days=1)


def tree(folder: Path) -> dict[str, tuple[int, str]]:
    """Every path under ``folder`` with its mode and content hash (directories too)."""
    out: dict[str, tuple[int, str]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        mode = path.stat().st_mode
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[rel] = (mode, digest)
    return out


@dataclass
class BundleKit:
    folder: Path
    sk: SecretKey = field(default_factory=SecretKey.generate)
    n_candidates: int = 2
    seq: int = 1
    bundle_id: str = "kit-2026"
    #: ``verify_bundle`` (the desk opening it: a private copy) or ``check_bundle`` (the
    #: command line checking it where it is); both must refuse exactly alike.
    verifier: Callable[..., VerifiedBundle] = verify_bundle

    def __post_init__(self) -> None:
        self.manifest = self.make_manifest()
        self.documents = make_documents(self.manifest)

    @property
    def pub(self) -> PublicKey:
        return self.sk.public_key()

    def manifest_dict(self, **overrides: Any) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "n_candidates": self.n_candidates,
            "bundle_id": self.bundle_id,
            "seq": self.seq,
            "issued_at": ISSUED,
        }
        kw.update(overrides)
        return manifest_dict(**kw)

    def make_manifest(self, **overrides: Any) -> Manifest:
        return make_manifest(
            **{
                "n_candidates": self.n_candidates,
                "bundle_id": self.bundle_id,
                "seq": self.seq,
                "issued_at": ISSUED,
                **overrides,
            }
        )

    @property
    def manifest_bytes(self) -> bytes:
        return manifest_bytes(self.manifest)

    def write(self, name: str = "valid.jdbundle", manifest: Manifest | None = None) -> Path:
        """A valid bundle written by the real writer."""
        m = manifest or self.manifest
        return write_bundle(m, make_documents(m), self.sk, self.folder / name)

    def members(
        self, manifest_raw: bytes | None = None, signer: SecretKey | None = None
    ) -> list[Member]:
        """The entries of a bundle (as the writer lays them out), signed over ``manifest_raw``."""
        raw = self.manifest_bytes if manifest_raw is None else manifest_raw
        signature = sign(raw, signer or self.sk, trusted_comment="kit")
        out = [
            Member(MANIFEST_NAME, raw, method=DEFLATED),
            Member(SIGNATURE_NAME, signature),
        ]
        out += [Member(path, data) for path, data in sorted(self.documents.items())]
        return out

    def craft(self, members: list[Member], name: str = "crafted.jdbundle", **kw: Any) -> Path:
        path = self.folder / name
        path.write_bytes(craft_zip(members, **kw))
        return path

    def signed_json(self, obj: Any = None, *, text: str | None = None) -> Path:
        """A bundle whose manifest.json is ``text`` (or ``obj`` dumped), validly signed."""
        raw = (text if text is not None else json.dumps(obj, indent=2)).encode("utf-8")
        return self.craft(self.members(raw), name="json.jdbundle")

    def verify(self, path: Path, data_dir: Path, **kw: Any) -> VerifiedBundle:
        kw.setdefault("trusted_keys", [self.pub])
        kw.setdefault("now", NOW)
        return self.verifier(path, data_dir=data_dir, **kw)

    def rejects(
        self, path: Path, data_dir: Path, check: str, entry: str | None, **kw: Any
    ) -> BundleError:
        """Assert the exact rejection and that the data folder is exactly as before."""
        before = tree(data_dir)
        with pytest.raises(BundleError) as info:
            self.verify(path, data_dir, **kw)
        err = info.value
        assert (err.code, err.entry) == (check, entry), str(err)
        assert check in CHECKS or check in ZIP_CHECKS, f"{check} is not documented"
        assert tree(data_dir) == before, "a rejected bundle left a trace"
        return err
