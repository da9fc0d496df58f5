"""A real signed bundle and the minutes of its session, for the bundle-aware PV checks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jury_desk.bundle.manifest import Manifest, manifest_bytes
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.writer import write_bundle
from tests.factories import make_documents, manifest_dict
from tests.minutes.sample import candidate_name, candidate_scholarship

#: The bundle is valid from 1 to 30 June 2026 (the sample PV is generated on 15 June), so
#: it has expired by now: a PV is checked against its bundle as of the PV's date.
ISSUED = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SessionBundle:
    path: Path
    public_key: Path
    manifest: Manifest
    ref: dict[str, Any]  # minutes.json's "bundle" object for this bundle


def make_session_bundle(
    folder: Path,
    certs: dict[str, str],
    *,
    n_candidates: int = 24,
    seq: int = 3,
    kind: str = "admission",
    issued_at: datetime = ISSUED,
    chair_cert: str | None = None,
    seal: tuple[str, ...] = (),
    member_keys: dict[str, Any] | None = None,
) -> SessionBundle:
    """``chair_cert``: the chair (m-mines-1) signs with a key of their own and m-mines-2 is
    the Mines signer (as ``sample.minutes_dict(chair_cert=…)``); by default the chair is
    the Mines signer too. ``seal``: the blind fields sealed (``blind_salt`` gives their
    salts), to the reveal key pinned by the chair's key in ``member_keys`` (member id ->
    (key, file)) when given."""
    data = manifest_dict(
        kind,
        n_candidates=n_candidates,
        bundle_id=f"{kind}-2026-master",
        seq=seq,
        issued_at=issued_at,
        valid_days=29,
    )
    members = data["session"]["members"]
    if chair_cert is not None:
        members[0]["roles"], members[1]["roles"] = ["chair", "member"], ["member", "signer"]
    for member in members:
        member.pop("signer_cert_sha256", None)
        if "signer" in member["roles"]:
            member["signer_cert_sha256"] = certs[member["institution"]]
        elif "chair" in member["roles"]:
            member["signer_cert_sha256"] = chair_cert
    for i, cand in enumerate(data["candidates"]):
        cand["name"], cand["scholarship"] = candidate_name(i), candidate_scholarship(i)
    extra = _seal(data, seal, member_keys) if seal else {}
    manifest = Manifest.model_validate(data)
    key = SecretKey.generate()
    documents = make_documents(manifest) | extra
    path = write_bundle(manifest, documents, key, folder / f"session-{seq}.jdbundle")
    public_key = folder / "secretariat.pub"
    public_key.write_text(key.public_key().to_text(), encoding="utf-8")
    ref = {
        "id": manifest.bundle_id,
        "seq": manifest.seq,
        # The bundle's fingerprint is the SHA-256 of its manifest (jury_desk/bundle/verify.py).
        "sha256": hashlib.sha256(manifest_bytes(manifest)).hexdigest(),
        "manifest_sha256": hashlib.sha256(manifest_bytes(manifest)).hexdigest(),
    }
    return SessionBundle(path, public_key, manifest, ref)


def blind_salt(candidate_id: str) -> bytes:
    """The fixed salt of a candidate's sealed flag (``seal_candidates``'s ``salt``)."""
    return hashlib.sha256(f"test-salt|{candidate_id}".encode()).digest()[:16]


def _seal(data: dict[str, Any], fields: tuple[str, ...], keys: dict[str, Any] | None):
    from jury_desk.bundle.blind_fields import seal_candidates
    from jury_desk.bundle.layout import BLIND_VALUES_PATH
    from jury_desk.signing import reveal_pin

    data["session"]["blind_fields"] = list(fields)
    pin = None
    if keys is not None:
        for member in data["session"]["members"]:
            member["public_key"] = keys[member["id"]][0].public_key().to_base64()
        chair = next(m["id"] for m in data["session"]["members"] if "chair" in m["roles"])
        pin = reveal_pin.make_pin(keys[chair][0])
        data["session"]["reveal_key"] = pin.fields()
    public = None if pin is None else pin.public
    made = seal_candidates(data["bundle_id"], data["candidates"], public, blind_salt, fields)
    if made is None:
        return {}
    digest = hashlib.sha256(made).hexdigest()
    data["files"].append({"path": BLIND_VALUES_PATH, "size": len(made), "sha256": digest})
    return {BLIND_VALUES_PATH: made}
