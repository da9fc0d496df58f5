"""The freshness window and the ledger (highest accepted seq per bundle_id)."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from datetime import datetime, timedelta

import pytest

from jury_desk.bundle.freshness import (
    CLOCK_SKEW,
    LEDGER_NAME,
    FreshnessLedger,
    check_validity_window,
)
from jury_desk.core.errors import BundleError, StoreError
from tests.bundle.bundlekit import ISSUED, NOW, tree
from tests.factories import make_manifest

SHA_A = hashlib.sha256(b"a").hexdigest()
SHA_B = hashlib.sha256(b"b").hexdigest()
BUNDLE_SHA = hashlib.sha256(b"bundle").hexdigest()


def manifest(seq: int = 1, bundle_id: str = "b-2026"):
    return make_manifest(n_candidates=1, seq=seq, bundle_id=bundle_id, issued_at=ISSUED)


def _refused(fn, check: str, entry: str) -> None:
    with pytest.raises(BundleError) as info:
        fn()
    assert (info.value.code, info.value.entry) == (check, entry)


# --------------------------------------------------------------------------- window


def test_window_accepts_inside():
    check_validity_window(manifest(), NOW)
    m = manifest()
    check_validity_window(m, m.expires_at)  # the last instant still counts


def test_window_refuses_after_expiry():
    m = manifest()
    _refused(
        lambda: check_validity_window(m, m.expires_at + timedelta(microseconds=1)),
        "freshness.expired",
        "expires_at",
    )


def test_window_allows_clock_skew_but_no_more():
    m = manifest()
    check_validity_window(m, m.issued_at - CLOCK_SKEW)
    _refused(
        lambda: check_validity_window(m, m.issued_at - CLOCK_SKEW - timedelta(seconds=1)),
        "freshness.not-yet-valid",
        "issued_at",
    )


def test_window_needs_an_aware_now():
    with pytest.raises(ValueError):
        check_validity_window(manifest(), datetime(2026, 6, 1, 12, 0))


# --------------------------------------------------------------------------- ledger


def test_an_empty_ledger_knows_nothing_and_reading_creates_no_file(data_dir):
    ledger = FreshnessLedger(data_dir)
    assert ledger.get("b-2026") is None
    ledger.check(manifest(), SHA_A)
    assert tree(data_dir) == {}


def test_record_then_get(data_dir):
    ledger = FreshnessLedger(data_dir)
    ledger.record(manifest(seq=4), SHA_A, BUNDLE_SHA, NOW)
    entry = ledger.get("b-2026")
    assert entry is not None
    assert (entry.bundle_id, entry.seq, entry.manifest_sha256, entry.bundle_sha256) == (
        "b-2026",
        4,
        SHA_A,
        BUNDLE_SHA,
    )
    assert entry.accepted_at == NOW
    assert stat.S_IMODE((data_dir / LEDGER_NAME).stat().st_mode) == 0o600
    assert sorted(tree(data_dir)) == [LEDGER_NAME]  # no journal left behind


def test_check_refuses_rollback_and_reused_seq(data_dir):
    ledger = FreshnessLedger(data_dir)
    ledger.record(manifest(seq=4), SHA_A, BUNDLE_SHA, NOW)
    _refused(lambda: ledger.check(manifest(seq=3), SHA_A), "freshness.rollback", "seq")
    _refused(lambda: ledger.check(manifest(seq=4), SHA_B), "freshness.seq-reused", "seq")
    ledger.check(manifest(seq=4), SHA_A)  # the same bundle again
    ledger.check(manifest(seq=5), SHA_B)  # a newer one
    ledger.check(manifest(seq=1, bundle_id="other"), SHA_B)  # another bundle


def test_record_is_a_compare_and_set(data_dir):
    # Another desk process may record a newer seq between our check and our record.
    ledger = FreshnessLedger(data_dir)
    ledger.record(manifest(seq=7), SHA_A, BUNDLE_SHA, NOW)
    before = (data_dir / LEDGER_NAME).read_bytes()
    _refused(
        lambda: ledger.record(manifest(seq=6), SHA_B, BUNDLE_SHA, NOW),
        "freshness.rollback",
        "seq",
    )
    _refused(
        lambda: ledger.record(manifest(seq=7), SHA_B, BUNDLE_SHA, NOW),
        "freshness.seq-reused",
        "seq",
    )
    assert (data_dir / LEDGER_NAME).read_bytes() == before
    entry = ledger.get("b-2026")
    assert entry is not None and (entry.seq, entry.manifest_sha256) == (7, SHA_A)


def test_recording_the_same_bundle_again_changes_nothing(data_dir):
    ledger = FreshnessLedger(data_dir)
    ledger.record(manifest(seq=2), SHA_A, BUNDLE_SHA, NOW)
    before = (data_dir / LEDGER_NAME).read_bytes()
    ledger.record(manifest(seq=2), SHA_A, BUNDLE_SHA, NOW + timedelta(days=1))
    assert (data_dir / LEDGER_NAME).read_bytes() == before


def test_a_newer_seq_replaces_the_older(data_dir):
    ledger = FreshnessLedger(data_dir)
    ledger.record(manifest(seq=2), SHA_A, BUNDLE_SHA, NOW)
    ledger.record(manifest(seq=9), SHA_B, BUNDLE_SHA, NOW)
    entry = ledger.get("b-2026")
    assert entry is not None and (entry.seq, entry.manifest_sha256) == (9, SHA_B)


def test_a_damaged_ledger_is_a_store_error_not_a_pass(data_dir):
    (data_dir / LEDGER_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="freshness ledger"):
        FreshnessLedger(data_dir).check(manifest(), SHA_A)
    with pytest.raises(StoreError, match="freshness ledger"):
        FreshnessLedger(data_dir).record(manifest(), SHA_A, BUNDLE_SHA, NOW)


def test_a_ledger_with_a_bad_timestamp_is_damaged(data_dir):
    ledger = FreshnessLedger(data_dir)
    ledger.record(manifest(), SHA_A, BUNDLE_SHA, NOW)
    con = sqlite3.connect(data_dir / LEDGER_NAME)
    con.execute("UPDATE accepted SET accepted_at = 'yesterday'")
    con.commit()
    con.close()
    with pytest.raises(StoreError):
        ledger.get("b-2026")
