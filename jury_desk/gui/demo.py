"""The shipped demo: two bundles signed by a DEMO key that is public on purpose.

That key is trusted only to open these two shipped files, never through the trust store:
anyone can sign with it, so a desk that pinned it would accept forged bundles.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Literal

from jury_desk.bundle.layout import MANIFEST_NAME, MAX_MANIFEST_BYTES
from jury_desk.bundle.manifest import parse_manifest
from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.zipreader import HardenedZip
from jury_desk.core.resources import resource_path

DemoKind = Literal["admission", "graduation"]
DEMO_BUNDLES: dict[DemoKind, str] = {
    "admission": "admission-master.jdbundle",
    "graduation": "graduation-master.jdbundle",
}
DEMO_KEY_FILE = "DEMO-secretariat.pub"


def demo_bundle_path(kind: DemoKind) -> Path:
    return resource_path("demo", DEMO_BUNDLES[kind])


def demo_public_key() -> PublicKey:
    return PublicKey.from_file(resource_path("demo", DEMO_KEY_FILE))


def is_demo_key(key: PublicKey) -> bool:
    return key.public == demo_public_key().public


@functools.cache
def shipped_demos() -> dict[str, frozenset[str]]:
    """``bundle_id -> fingerprints`` of each shipped demo bundle.

    Used only to decide whether resuming a session may try the DEMO key; the session's
    bundle must then be a shipped one, or it is refused. A fingerprint is the SHA-256 of the
    signed manifest (which commits to every document) or of the whole file: both are
    accepted, whichever the verifier records as ``VerifiedBundle.fingerprint``.
    """
    out = {}
    for kind in DEMO_BUNDLES:
        path = demo_bundle_path(kind)
        with HardenedZip(path) as zf:
            raw = zf.read(MANIFEST_NAME, MAX_MANIFEST_BYTES)
        manifest = parse_manifest(raw)
        out[manifest.bundle_id] = frozenset(
            {hashlib.sha256(raw).hexdigest(), hashlib.sha256(path.read_bytes()).hexdigest()}
        )
    return out
