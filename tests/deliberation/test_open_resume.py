"""Opening a session from a verified bundle, and resuming it exactly where the jury stopped."""

from __future__ import annotations

import json
import os
import stat

import pytest

from jury_desk.bundle.minisign import SecretKey
from jury_desk.core.errors import BundleError, StoreError
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.store.audit import verify_chain
from tests.bundle.bundlekit import NOW, BundleKit
from tests.deliberation.jury import CHAIR, EVERYONE, Clock, events, passphrase, sheet


@pytest.fixture
def kit(tmp_path):
    return BundleKit(tmp_path / "secretariat", n_candidates=3)


@pytest.fixture
def verified(kit, data_dir):
    kit.folder.mkdir()
    return kit.verify(kit.write(), data_dir)


def _open(verified, data_dir, *, simulated=False):
    return DeliberationService.open_from_bundle(
        verified,
        data_dir,
        now=Clock(NOW),
        scrypt=FAST_FOR_TESTS,
        simulated=simulated,
        signed=False,
    )


def _resume(path, kit, data_dir, keys=None):
    return DeliberationService.open_existing(
        path, keys or [kit.pub], data_dir, now=Clock(NOW), scrypt=FAST_FOR_TESTS
    )


def _play(svc):
    """Check in, sign up, and seal C002 for everyone but the last member."""
    for member in EVERYONE:
        svc.check_in(member)
        svc.set_passphrase(member, passphrase(member))
    for member in EVERYONE[:-1]:
        svc.save_draft(member, "C002", sheet(13))
        svc.seal(member, "C002", passphrase(member))
    svc.save_draft(EVERYONE[-1], "C002", {"academic": 11})


def test_a_session_starts_from_a_verified_bundle_in_a_private_file(verified, data_dir):
    with _open(verified, data_dir) as svc:
        path = svc.path
        assert path == data_dir / "sessions" / f"{verified.manifest.bundle_id}.jdsession"
        assert svc.bundle_sha256() == verified.fingerprint
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    (created,) = events(path, "session-created")
    assert verified.fingerprint in created[2] and verified.key_id_hex in created[2]
    assert json.loads(created[2])["simulated"] is False


def test_a_simulation_is_marked_at_creation_in_the_store_and_the_chain(kit, verified, data_dir):
    with _open(verified, data_dir, simulated=True) as svc:
        assert svc.simulated()
        path = svc.path
    (created,) = events(path, "session-created")
    assert json.loads(created[2])["simulated"] is True
    with _resume(path, kit, data_dir) as svc:
        assert svc.simulated()  # for good: resuming keeps it


@pytest.mark.parametrize("existing", [True, False], ids=["simulated", "real"])
def test_a_simulation_and_a_real_deliberation_never_continue_each_other(
    verified, data_dir, existing
):
    with _open(verified, data_dir, simulated=existing) as svc:
        svc.check_in(CHAIR)
        path = svc.path
    before = path.read_bytes()
    found = "a simulation" if existing else "a real deliberation"
    with pytest.raises(StoreError, match=f"is {found}; it cannot be continued as"):
        _open(verified, data_dir, simulated=not existing)
    assert path.read_bytes() == before
    with _open(verified, data_dir, simulated=existing) as svc:  # the lock was released
        assert svc.simulated() is existing and svc.present_members() == {CHAIR}


def test_resuming_reverifies_and_continues_exactly_where_the_jury_stopped(kit, verified, data_dir):
    with _open(verified, data_dir) as svc:
        _play(svc)
        board, worklist, head = svc.board(CHAIR), svc.worklist(EVERYONE[-1]), svc.audit_head()
        path = svc.path
    with _resume(path, kit, data_dir) as svc:
        assert (svc.board(CHAIR), svc.worklist(EVERYONE[-1]), svc.audit_head()) == (
            board,
            worklist,
            head,
        )
        svc.save_draft(EVERYONE[-1], "C002", sheet(11))
        assert svc.seal(EVERYONE[-1], "C002", passphrase(EVERYONE[-1])).revealed
    assert verify_chain(path).ok


def test_opening_the_same_bundle_again_resumes_it(verified, data_dir):
    with _open(verified, data_dir) as svc:
        svc.check_in(CHAIR)
        path = svc.path
    with _open(verified, data_dir) as svc:
        assert svc.path == path and svc.present_members() == {CHAIR}


def test_a_different_bundle_with_the_same_id_is_refused(kit, verified, data_dir):
    _open(verified, data_dir).close()
    newer = BundleKit(kit.folder, sk=kit.sk, n_candidates=4, seq=2)
    second = newer.verify(newer.write("newer.jdbundle"), data_dir)
    with pytest.raises(StoreError, match="different bundle"):
        _open(second, data_dir)


def test_a_tampered_private_copy_stops_the_resume_and_keeps_the_session(kit, verified, data_dir):
    with _open(verified, data_dir) as svc:
        _play(svc)
        path = svc.path
    before, original = path.read_bytes(), verified.path.read_bytes()
    data = bytearray(original)
    data[-30] ^= 0xFF
    verified.path.write_bytes(bytes(data))
    with pytest.raises(BundleError):
        _resume(path, kit, data_dir)
    assert path.read_bytes() == before
    # And the file is not left locked: an intact copy resumes it.
    verified.path.write_bytes(original)
    _resume(path, kit, data_dir).close()


def test_a_key_no_longer_trusted_stops_the_resume(kit, verified, data_dir):
    with _open(verified, data_dir) as svc:
        path = svc.path
    with pytest.raises(BundleError) as info:
        _resume(path, kit, data_dir, keys=[SecretKey.generate().public_key()])
    assert info.value.code == "signature.unknown-key"


def test_a_session_made_without_a_bundle_cannot_claim_verification(tmp_path, data_dir):
    from tests.factories import make_manifest

    path = tmp_path / "bare.jdsession"
    DeliberationService.create(
        path, make_manifest(), "ab" * 32, scrypt=FAST_FOR_TESTS, signed=False
    ).close()
    with pytest.raises(StoreError, match="not started from a bundle"):
        DeliberationService.open_existing(path, [], data_dir)
    DeliberationService.resume(path).close()  # the lock was released


def test_a_session_accepted_in_time_can_be_resumed_after_its_bundle_expires(
    kit, verified, data_dir
):
    # Expiry guards the acceptance of a bundle; a jury that accepted it in time must be
    # able to finish (nothing lost). The resumed copy is still fully re-verified.
    from datetime import timedelta

    with _open(verified, data_dir) as svc:
        _play(svc)
        path, head = svc.path, svc.audit_head()
    assert verified.manifest.expires_at < NOW + timedelta(days=400)
    later = Clock(NOW + timedelta(days=400))
    with DeliberationService.open_existing(
        path, [kit.pub], data_dir, now=later, scrypt=FAST_FOR_TESTS
    ) as svc:
        assert svc.audit_head() == head
    # A bundle never accepted before is still refused once expired.
    fresh = data_dir.parent / "other-desk"
    fresh.mkdir()
    with pytest.raises(BundleError) as info:
        kit.verify(kit.write(), fresh, now=NOW + timedelta(days=400))
    assert info.value.code == "freshness.expired"
