"""``audit verify`` re-checks the secretariat's signature of the manifest stored in the
session file (issue 11): a forger who rewrites the file whole (format 1 needs no key for
the chain) and edits the manifest, re-signed with a throwaway key or not re-signed, is
named with exit 1 as soon as a trusted key is at hand, even though chain and tables agree."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from jury_desk.bundle.minisign import PublicKey, SecretKey, sign
from jury_desk.bundle.trust import TrustStore
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.store.audit import GENESIS, event_hash
from jury_desk.store.engine import SESSION_SUFFIX
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=4)


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    done = simulate(bundle, signers, tmp_path_factory.mktemp("run"), "--unsigned")
    assert done.code == 0, done.stderr
    return done


@pytest.fixture
def session(run: Run, bundle: Bundle, tmp_path) -> Path:
    """A copy of the simulated session, away from its data folder (and its bundle copy)."""
    source = run.data / "sessions" / f"{bundle.manifest.bundle_id}{SESSION_SUFFIX}"
    return Path(shutil.copy(source, tmp_path / source.name))


def audit(*argv: object) -> tuple[int, str, str]:
    return cli("audit", "verify", *argv)


def forge_manifest(path: Path, resign: Callable[[bytes], bytes | None]) -> None:
    """The forger's edit: a candidate's scholarship flag flipped in the stored manifest, the
    manifest's hash fixed in session_meta and in the creation event, and every hash of the
    (format 1, unsigned) chain recomputed: chain and tables agree again."""
    conn = sqlite3.connect(path)
    raw = bytes(conn.execute("SELECT manifest_json FROM session_meta").fetchone()[0])
    manifest = json.loads(raw)
    first = manifest["candidates"][0]
    first["scholarship"] = not first["scholarship"]
    edited = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    digest = hashlib.sha256(edited).hexdigest()
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute(
        "UPDATE session_meta SET manifest_json = ?, manifest_sha256 = ?, manifest_minisig = ?",
        (edited, digest, resign(edited)),
    )
    prev = GENESIS
    rows = conn.execute("SELECT seq, at, actor, kind, payload FROM audit_event ORDER BY seq")
    for seq, at, actor, kind, payload in rows.fetchall():
        body = json.loads(payload)
        if seq == 1:
            body["manifest_sha256"] = digest
        new = event_hash(prev, seq, at, actor, kind, body)
        conn.execute(
            "UPDATE audit_event SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (dumps_canonical(body).decode("utf-8"), prev, new, seq),
        )
        prev = new
    conn.commit()
    conn.close()


def test_the_untouched_session_names_the_secretariat_key(session: Path, bundle: Bundle):
    code, out, err = audit(session, "--trusted-key", bundle.public_key)
    assert (code, err) == (0, "")
    key_id = PublicKey.from_file(bundle.public_key).key_id_hex
    assert out.splitlines()[-1] == f"Secretariat signature of the manifest: valid, key {key_id}."


def test_without_a_trusted_key_it_says_it_did_not_check(session: Path):
    code, out, err = audit(session)
    assert (code, err) == (0, "")
    assert "Secretariat signature of the manifest: not checked (no trusted key" in out


def test_an_edited_manifest_is_named_once_a_trusted_key_is_given(session: Path, bundle: Bundle):
    original = bytes(
        sqlite3.connect(session).execute("SELECT manifest_minisig FROM session_meta").fetchone()[0]
    )
    forge_manifest(
        session, lambda _: original
    )  # the genuine signature kept beside the edited bytes
    assert audit(session)[0] == 0  # chain and tables agree: only the signature can tell
    code, out, err = audit(session, "--trusted-key", bundle.public_key)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "is not signed by a trusted secretariat key (signature.invalid" in err


def test_a_manifest_re_signed_with_a_throwaway_key_is_named(session: Path, bundle: Bundle):
    throwaway = SecretKey.generate()
    forge_manifest(session, lambda raw: sign(raw, throwaway))
    code, out, err = audit(session, "--trusted-key", bundle.public_key)
    assert (code, out) == (1, "")
    assert "(signature.unknown-key" in err and err.count("\n") == 1


def test_a_removed_signature_with_no_bundle_copy_is_named(session: Path, bundle: Bundle):
    forge_manifest(session, lambda _: None)
    code, out, err = audit(session, "--trusted-key", bundle.public_key)
    assert (code, out) == (1, "")
    assert "holds no secretariat signature of its manifest" in err and err.count("\n") == 1


def test_the_desks_trusted_keys_are_the_default(bundle: Bundle, session: Path):
    data = session.parent / "desk-data"
    data.mkdir(mode=0o700)
    TrustStore(data).add("primary", PublicKey.from_file(bundle.public_key))
    throwaway = SecretKey.generate()
    forge_manifest(session, lambda raw: sign(raw, throwaway))
    code, out, err = audit(session, "--data-dir", data)
    assert (code, out) == (1, "")
    assert "(signature.unknown-key" in err
