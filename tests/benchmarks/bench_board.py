"""Benchmark: the board for 2,000 candidates x 10 members x 8 criteria, and sealing a sheet.

    python tests/benchmarks/bench_board.py [--candidates 2000] [--repeat 30]

Sets up a session of ``--candidates`` candidates with every sheet sealed and revealed
(20,000 sheets, 160,000 scores). The sheets are written straight into the store with the
store's own functions (20,000 real seals would take minutes of fsyncs); the measured parts
all go through ``DeliberationService``. Times are medians, with ratios against baselines
measured in the same run (DESIGN.md §8):

* board: ``service.board(viewer)`` after a change (what the GUI does on every refresh),
  against a bare sqlite3 read of the same cached tallies; goal <= 50 ms;
* reconcile: ``core.reconcile`` of every candidate from its 10 totals, in memory (what the
  cached tallies save on each refresh), and recomputing every tally from the store;
* seal: ``save_draft`` + ``seal`` (scrypt re-authentication and the FULL-sync commit
  included), against a bare sqlite3 INSERT + COMMIT with ``synchronous=FULL`` in the same
  folder and a bare ``hashlib.scrypt`` with the production parameters.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jury_desk.bundle.manifest import Manifest  # noqa: E402
from jury_desk.core.reconcile import reconcile  # noqa: E402
from jury_desk.core.scoring import member_total  # noqa: E402
from jury_desk.deliberation.passphrase import PRODUCTION  # noqa: E402
from jury_desk.deliberation.service import DeliberationService  # noqa: E402
from jury_desk.store.audit import (  # noqa: E402
    KIND_REVEALED,
    KIND_SEALED,
    append_event,
    sheet_commitment,
)
from jury_desk.store.tally import refresh_tally  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402
from tests.factories import FAKE_CERT_ALBERT, FAKE_CERT_MINES, manifest_dict  # noqa: E402

START = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def big_manifest(candidates: int, per_institution: int = 5, criteria: int = 8) -> Manifest:
    d = manifest_dict(n_candidates=candidates, bundle_id="bench-board")
    members = []
    for code, cert in (("MINES", FAKE_CERT_MINES), ("ALBERT", FAKE_CERT_ALBERT)):
        for i in range(1, per_institution + 1):
            chair = code == "MINES" and i == 1  # also the Mines signer: one PV certificate
            signs = chair or (code == "ALBERT" and i == 2)
            member: dict[str, Any] = {
                "id": f"{code.lower()}-{i}",
                "name": f"{code.title()} Member {i}",
                "institution": code,
                "roles": ["member"] + (["chair"] if chair else []) + (["signer"] if signs else []),
            }
            if signs:
                member["signer_cert_sha256"] = cert
            members.append(member)
    d["session"]["members"] = members
    d["session"]["quorum"] = {"MINES": 3, "ALBERT": 3}
    d["session"]["rubric"]["criteria"] = [
        {
            "id": f"k{i}",
            "label": {"fr": f"Critère {i}", "en": f"Criterion {i}"},
            "weight": 1 + i % 3,
        }
        for i in range(criteria)
    ]
    for i, cand in enumerate(d["candidates"]):  # a conflict every 50 candidates
        cand["conflicts"] = (
            [{"member": "albert-5", "category": "tutor", "note": ""}] if i % 50 == 0 else []
        )
    return Manifest.model_validate(d)


def populate(svc: DeliberationService, manifest: Manifest) -> None:
    """Every present member's sheet sealed and every candidate revealed, written with the
    store's functions in one transaction per 100 candidates, with the seal and reveal events
    a real session logs (so ``audit verify`` finds the tables are the log's)."""
    rubric = manifest.session.rubric
    members = [m.id for m in manifest.session.members]
    engine = svc._file.engine  # benchmark set-up only: the measured paths use the service
    stamp = START.isoformat()
    sheet_id = 0
    for start in range(0, len(manifest.candidates), 100):
        with engine.begin() as conn:
            for ci, cand in enumerate(manifest.candidates[start : start + 100], start):
                conflicted = {c.member for c in cand.conflicts}
                opened = []
                for mi, member in enumerate(members):
                    if member in conflicted:
                        continue
                    scores = {
                        c.id: float((ci * 7 + mi * 3 + k) % 33) / 2
                        for k, c in enumerate(rubric.criteria)
                    }
                    sheet_id += 1
                    salt = os.urandom(32)
                    conn.exec_driver_sql(
                        "INSERT INTO sheet (id, member_id, candidate_id, status, salt, commitment,"
                        " sealed_at, revision, total) VALUES (?, ?, ?, 'sealed', ?, ?, ?, 0, ?)",
                        (
                            sheet_id,
                            member,
                            cand.id,
                            salt,
                            sheet_commitment(salt, cand.id, member, scores),
                            stamp,
                            member_total(scores, rubric),
                        ),
                    )
                    conn.exec_driver_sql(
                        "INSERT INTO sheet_score VALUES "
                        + ",".join(["(?, 0, ?, ?)"] * len(scores)),
                        tuple(v for k, s in scores.items() for v in (sheet_id, k, s)),
                    )
                    commitment = sheet_commitment(salt, cand.id, member, scores)
                    seal = {"member": member, "candidate": cand.id, "commitment": commitment}
                    append_event(conn, stamp, member, KIND_SEALED, seal)
                    opened.append({"member": member, "salt": salt.hex(), "scores": scores})
                refresh_tally(conn, manifest, cand.id)
                conn.exec_driver_sql("INSERT INTO reveal VALUES (?, ?, NULL)", (cand.id, stamp))
                reveal = {"candidate": cand.id, "forced_by": None, "sheets": opened}
                append_event(conn, stamp, "desk", KIND_REVEALED, reveal)


def populated_session(folder: Path, candidates: int) -> tuple[DeliberationService, Manifest]:
    """A new session of ``big_manifest(candidates)``, populated, everyone checked in."""
    manifest = big_manifest(candidates)
    svc = DeliberationService.create(
        folder / "bench.jdsession",
        manifest,
        "ab" * 32,
        now=lambda: START,
        scrypt=PRODUCTION,
        signed=False,
    )
    populate(svc, manifest)
    for member in manifest.session.members:
        svc.check_in(member.id)
    return svc, manifest


def median_ms(fn: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bare_tally_read(path: Path) -> Callable[[], Any]:
    import json

    conn = sqlite3.connect(path)

    def read() -> Any:
        return [
            (c, json.loads(m), o, json.loads(f))
            for c, m, o, f in conn.execute("SELECT candidate_id, means, overall, flags FROM tally")
        ]

    return read


def bare_commit(folder: Path) -> Callable[[], None]:
    conn = sqlite3.connect(folder / "baseline.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (x BLOB)")

    def commit() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?)", (os.urandom(64),))
        conn.execute("COMMIT")

    return commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jd-bench-board-"))
    clock = [START]
    t = time.perf_counter()
    svc, manifest = populated_session(folder, args.candidates)
    members = [m.id for m in manifest.session.members]
    svc.set_passphrase("albert-5", "bench passphrase")
    n_sheets = sum(r.sealed for r in svc.board("mines-1").rows)
    print(
        f"set-up: {args.candidates} candidates x {len(members)} members x "
        f"{len(manifest.session.rubric.criteria)} criteria, {n_sheets} sealed sheets "
        f"({time.perf_counter() - t:.1f} s)"
    )

    # -- the board ------------------------------------------------------------------------
    svc.close()
    svc = DeliberationService.resume(folder / "bench.jdsession", now=lambda: clock[0])
    t = time.perf_counter()
    board = svc.board("mines-1")
    cold = (time.perf_counter() - t) * 1000
    assert len(board.rows) == args.candidates and board.rows[1].reconciliation is not None
    notes = iter(range(10**6))
    warm = median_ms(
        lambda: svc.board("mines-1"),
        args.repeat,
        before=lambda: svc.add_note("mines-3", "C002", f"note {next(notes)}"),  # a change
    )
    baseline = median_ms(bare_tally_read(svc.path), args.repeat)
    print(
        f"board (service, after a change)   {warm:8.1f} ms  goal <= 50 ms  "
        f"{'OK' if warm <= 50 else 'OVER'}"
    )
    print(f"board, first after opening        {cold:8.1f} ms")
    print(f"baseline: bare sqlite3 tally read {baseline:8.1f} ms  ratio {warm / baseline:5.1f}x")
    size = f"{args.candidates} x {len(members)} x {len(manifest.session.rubric.criteria)}"
    emit(f"board after a change (reconciled), {size}", warm, baseline, "ms",
         baseline_label="bare sqlite3 read of the tallies", goal_value=50)  # fmt: skip

    # -- reconciliation, what the cached tallies save ------------------------------------------
    totals = [
        {code: [13.5, 12.0, 15.5, 9.0, 11.0] for code in ("MINES", "ALBERT")}
        for _ in range(args.candidates)
    ]
    codes, thresholds = ["MINES", "ALBERT"], manifest.session.thresholds
    recon = median_ms(lambda: [reconcile(x, codes, thresholds) for x in totals], 5)
    with svc._file.engine.begin() as conn:  # benchmark only: time the store-side refresh
        t = time.perf_counter()
        for cand in manifest.candidates:
            refresh_tally(conn, manifest, cand.id)
        refresh_all = (time.perf_counter() - t) * 1000
        conn.rollback()
    print(
        f"reconcile {args.candidates} candidates in memory  {recon:8.1f} ms "
        f"(saved on every refresh by the cached tallies)"
    )
    print(f"recompute every tally from the store {refresh_all:8.1f} ms (only on a schema upgrade)")

    # -- sealing ------------------------------------------------------------------------------
    svc.close()
    small = big_manifest(50)
    seal_svc = DeliberationService.create(
        folder / "seal.jdsession",
        small,
        "cd" * 32,
        now=lambda: clock[0],
        scrypt=PRODUCTION,
        signed=False,
    )
    for member in members:
        seal_svc.check_in(member)
        seal_svc.set_passphrase(member, f"bench passphrase {member}")
    pairs = iter((m, c.id) for c in small.candidates for m in members[:-1])
    scores = {c.id: 12.5 for c in small.session.rubric.criteria}

    def seal_one() -> None:
        member, candidate = next(pairs)
        seal_svc.save_draft(member, candidate, scores)
        seal_svc.seal(member, candidate, f"bench passphrase {member}")

    seal = median_ms(seal_one, args.repeat)
    commit = median_ms(bare_commit(folder), args.repeat)
    scrypt = median_ms(
        lambda: hashlib.scrypt(
            b"x" * 16, salt=b"s" * 16, n=PRODUCTION.n, r=PRODUCTION.r, p=PRODUCTION.p, dklen=32
        ),
        args.repeat,
    )
    print(f"seal (draft + seal, scrypt + 2 commits) {seal:8.1f} ms median")
    print(f"baseline: bare INSERT+COMMIT (FULL)     {commit:8.1f} ms")
    print(f"baseline: scrypt n=2^14 r=8 p=1         {scrypt:8.1f} ms")
    print(f"ratio seal / (scrypt + 2 commits)       {seal / (scrypt + 2 * commit):8.2f}x")
    emit("seal a sheet (draft + seal)", seal, scrypt + 2 * commit, "ms",
         baseline_label="bare scrypt + 2 bare FULL commits")  # fmt: skip
    seal_svc.close()


if __name__ == "__main__":
    main()
