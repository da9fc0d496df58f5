"""Benchmark: the signed log's cryptography (issue 11), against bare baselines in the same run.

    python tests/benchmarks/bench_signed_log.py [--candidates 2000] [--repeat 5]

* **verify**: ``event_log.verify_rows`` over the stored rows of a closed session of
  ``--candidates`` x 10 members x 8 criteria (key registrations, check-ins, one sealed sheet
  per member and candidate with its commitment, the reveal opening every sheet, a proposal
  and one approval per institution), against a tight loop doing the same number of SHA-256
  links and Ed25519 verifications with ``cryptography``; goal <= 2x. The replay of the
  tables is not part of this figure yet (it comes with the service's signed acts).
* **seal**: unlocking the member's key (scrypt at the desk's cost), sealing the sheet to the
  reveal key (HPKE), signing the event and a FULL-sync INSERT + COMMIT, against the bare
  scrypt of today's passphrase check plus the same INSERT + COMMIT; goal <= 1.25x.
* **reveal**: the chair unlocks their key, unwraps the reveal key and opens every sealed
  sheet of 200 candidates (2,000 HPKE envelopes); reported against one bare scrypt.
* **service seal** (a signed session, through ``DeliberationService.seal`` at the desk's
  real scrypt cost: unlock the key, open the draft sealed to its author, seal the sheet to
  the reveal key, sign, FULL commit), against the same bare scrypt + FULL commit; goal
  <= 1.25x.
* **service audit verify** of a signed session of ``--signed`` (default ``--candidates``)
  candidates x 10 members x 8 criteria, made and closed through the service (at the test
  scrypt cost; built once and cached under ``--cache``, minutes at 2,000): the chain and
  signatures, the replay of every act through the rules and the comparison of every table
  (``check_session_file``, the chain in a second process from 3,000 events), against the
  tight loop over the same events; goal <= 2x. The parts alone give the replay's share.
* **service reveal**: the chair's *ouverture des plis* of ``--reveal`` candidates' sealed
  sheets in one act, through the service (a copy of the cached sealed session); reported.
* **signed board**: ``service.board`` after a signed note, every candidate revealed and
  decided (a copy of the cached session); goal <= 50 ms.
* **export check**: the export's check of the closed signed session (minutes drawn from
  the replay), the first export of a desk (the whole log) against the next one after 3 new
  signed events (only what is new, ``signed_audit.Verified``), and against the first
  export of a desk that ran the whole check ahead (``check_log_ahead``, in the background
  at resume or after the ouverture) 3 acts before; reported.
* **format 1**: today's ``audit verify`` (the chain, then the tables against the log) of a
  revealed ``--candidates`` x 10 x 8 session (``bench_board``'s set-up), against SHA-256
  over the same events' bytes; the tables' share is printed.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: E402

from jury_desk.core.strict_json import dumps_canonical  # noqa: E402
from jury_desk.deliberation.passphrase import PRODUCTION, derive  # noqa: E402
from jury_desk.signing import envelope, event_log, member_key  # noqa: E402
from jury_desk.signing.event_log import Event, make_event  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402

AT = "2026-06-15T09:00:00+00:00"
CRITERIA = [f"c{i}" for i in range(8)]
PASSPHRASE = "bench passphrase"


def members() -> list[str]:
    return [f"{code}-{i}" for code in ("mines", "albert") for i in range(1, 6)]


def paired(ours: Callable[[], Any], floor: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Medians of both, run alternately: a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, out in ((ours, times[0]), (floor, times[1])):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def closed_session_log(candidates: int) -> tuple[list[event_log.Row], dict[str, Any]]:
    """The rows of a closed session's signed log, and the roster (room-registered keys)."""
    ids = members()
    keys = {m: member_key.new_key(m, PASSPHRASE, member_key.FAST_FOR_TESTS)[0] for m in ids}
    reveal = envelope.new_reveal_key()
    events: list[Event] = [
        make_event(None, AT, "", event_log.KIND_CREATED, {"nonce": secrets.token_hex(16)}, None)
    ]

    def add(actor: str, kind: str, payload: Any) -> None:
        events.append(make_event(events[-1], AT, actor, kind, payload, keys[actor]))

    for m in ids:
        add(m, event_log.KIND_KEY, event_log.key_registration(m, keys[m], pinned=False))
        add(m, "checked-in", {"member": m})
    session = events[0].hash
    for c in range(candidates):
        cid = f"C{c:05d}"
        opened = []
        for m in ids:
            scores = {k: float((c + i + len(m)) % 21) for i, k in enumerate(CRITERIA)}
            salt = secrets.token_bytes(16)
            commitment = hashlib.sha256(salt + dumps_canonical(scores)).hexdigest()
            sealed = envelope.seal_json(
                envelope.public_bytes(reveal),
                envelope.SHEET,
                envelope.sheet_context(session, cid, m),
                {"salt": salt.hex(), "scores": scores},
            )
            add(
                m,
                "sheet-sealed",
                {"candidate": cid, "commitment": commitment, "sheet": sealed.hex()},
            )
            opened.append({"member": m, "salt": salt.hex(), "scores": scores})
        add("mines-1", "candidate-revealed", {"candidate": cid, "sheets": opened})
        add("mines-1", "proposal-accepted", {"candidate": cid, "decision": "admit"})
        add("mines-2", "approved", {"candidate": cid, "institution": "MINES"})
        add("albert-1", "approved", {"candidate": cid, "institution": "ALBERT"})
    add("mines-1", "session-closed", {"candidates": candidates})
    return [e.row() for e in events], {m: None for m in ids}


def tight_loop(rows: list[event_log.Row], publics: dict[str, Ed25519PublicKey]) -> None:
    """The floor: one SHA-256 link and one Ed25519 verification per signed event."""
    prev = bytes(32)
    for _seq, _at, actor, _kind, payload, _prev, stored, signature in rows:
        prev = hashlib.sha256(prev + payload.encode("utf-8")).digest()
        if signature is not None:
            publics[actor].verify(base64.b64decode(signature), b"x" * 16 + bytes.fromhex(stored))


def bench_verify(candidates: int, repeat: int) -> None:
    rows, roster = closed_session_log(candidates)
    report = event_log.verify_rows(rows, roster)
    assert report.ok, report.reason
    # The tight loop verifies signatures made over other bytes: make them valid ones.
    fast_rows: list[event_log.Row] = []
    signers = {m: member_key.new_key(m, PASSPHRASE, member_key.FAST_FOR_TESTS)[0] for m in roster}
    for seq, at, actor, kind, payload, prev, stored, signature in rows:
        if signature is not None:
            sig = signers[actor].sign_raw(b"x" * 16 + bytes.fromhex(stored))
            signature = base64.b64encode(sig).decode()
        fast_rows.append((seq, at, actor, kind, payload, prev, stored, signature))
    publics = {m: member_key.ed25519(k.public_key()) for m, k in signers.items()}
    ours, floor = paired(
        lambda: event_log.verify_rows(rows, roster), lambda: tight_loop(fast_rows, publics), repeat
    )
    print(
        f"verify: {len(rows)} events ({candidates} candidates x 10 members x 8 criteria): "
        f"{ours:.2f} s, tight Ed25519 + SHA-256 loop {floor:.2f} s"
    )
    emit(
        f"signed log verify, {candidates} candidates (no replay yet)",
        ours,
        floor,
        "s",
        baseline_label="tight Ed25519+SHA-256 loop",
        goal_ratio=2.0,
    )


def bench_seal(repeat: int, folder: Path) -> None:
    key, key_text = member_key.new_key("m", PASSPHRASE)  # the desk's real cost
    reveal_public = envelope.public_bytes(envelope.new_reveal_key())
    db = sqlite3.connect(folder / "seal.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
    scores = {k: 12.5 for k in CRITERIA}
    previous = make_event(None, AT, "", event_log.KIND_CREATED, {}, None)

    def commit(body: bytes) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (body) VALUES (?)", (body,))
        db.execute("COMMIT")

    def seal() -> None:
        unlocked = member_key.unlock(key_text, PASSPHRASE)
        sealed = envelope.seal_json(
            reveal_public, envelope.SHEET, envelope.sheet_context("s", "C1", "m"), scores
        )
        event = make_event(previous, AT, "m", "sheet-sealed", {"sheet": sealed.hex()}, unlocked)
        commit(dumps_canonical(event.row()))

    salt = os.urandom(16)

    def baseline() -> None:
        derive(PASSPHRASE, salt, PRODUCTION)
        commit(dumps_canonical({"scores": scores}))

    assert key.public  # the key exists; each seal unlocks it again from its file text
    ours, floor = paired(seal, baseline, repeat)
    print(f"seal: {ours * 1000:.1f} ms, bare scrypt + FULL commit {floor * 1000:.1f} ms")
    emit(
        "seal: unlock + HPKE + sign + FULL commit",
        ours,
        floor,
        "s",
        baseline_label="bare scrypt + FULL commit",
        goal_ratio=1.25,
    )


def bench_reveal(repeat: int) -> None:
    chair, chair_text = member_key.new_key("chair", PASSPHRASE)
    reveal = envelope.new_reveal_key()
    wrapped = envelope.wrap_reveal_key(reveal, member_key.box_public(chair), "s")
    sheets = []
    for c in range(200):
        for m in members():
            where = envelope.sheet_context("s", f"C{c}", m)
            scores = {"salt": "00" * 16, "scores": {k: 10.0 for k in CRITERIA}}
            sheets.append(
                (
                    where,
                    envelope.seal_json(
                        envelope.public_bytes(reveal), envelope.SHEET, where, scores
                    ),
                )
            )

    def open_all() -> None:
        unlocked = member_key.unlock(chair_text, PASSPHRASE)
        key = envelope.unwrap_reveal_key(member_key.box_key(unlocked), "s", wrapped)
        for where, sealed in sheets:
            envelope.open_json(key, envelope.SHEET, where, sealed)

    salt = os.urandom(16)
    ours, floor = paired(open_all, lambda: derive(PASSPHRASE, salt, PRODUCTION), repeat)
    print(f"reveal of 200 candidates ({len(sheets)} sheets): {ours * 1000:.0f} ms")
    emit(
        "reveal: open 200 candidates' 2,000 sheets",
        ours,
        floor,
        "s",
        baseline_label="one bare scrypt",
    )


def _signed_room(folder: Path, candidates: int, scrypt: Any) -> Any:
    from jury_desk.deliberation.service import DeliberationService
    from tests.deliberation.jury import EVERYONE, SHA, passphrase
    from tests.factories import make_manifest

    manifest = make_manifest("admission", n_candidates=candidates)
    svc = DeliberationService.create(
        folder / f"signed-{candidates}.jdsession", manifest, SHA, scrypt=scrypt, signed=True
    )
    for member in EVERYONE:
        svc.register_key(member, passphrase(member))
        svc.check_in(member, passphrase=passphrase(member))
    return svc


def bench_service_seal(repeat: int, folder: Path) -> None:
    from tests.deliberation.jury import passphrase, sheet

    svc = _signed_room(folder, repeat + 1, PRODUCTION)
    member = "m-mines-2"
    ours: list[float] = []
    floor: list[float] = []
    db = sqlite3.connect(folder / "floor.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
    salt = os.urandom(16)
    for i in range(repeat):
        candidate = f"C{i + 2:03d}"  # C001 has a conflict in the factory's bundle
        svc.save_draft(member, candidate, sheet(12.5))
        start = time.perf_counter()
        svc.seal(member, candidate, passphrase(member))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        derive(PASSPHRASE, salt, PRODUCTION)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (body) VALUES (?)", (dumps_canonical(sheet(12.5)),))
        db.execute("COMMIT")
        floor.append(time.perf_counter() - start)
    svc.close()
    db.close()
    mine, bare = statistics.median(ours), statistics.median(floor)
    print(f"service seal (signed session): {mine * 1000:.1f} ms, bare {bare * 1000:.1f} ms")
    emit(
        "service seal, signed session (unlock, draft, HPKE, sign, FULL commit)",
        mine,
        bare,
        "s",
        baseline_label="bare scrypt + FULL commit",
        goal_ratio=1.25,
    )


CACHE_VERSION = 2  # bumped when the cached sessions change (2: schema v8, the pinned reveal key)
STAGES = ("sealed", "decided", "closed")


def bench_passphrase(member: str) -> str:
    return f"bench passphrase {member}"


def signed_session(cache: Path, candidates: int) -> dict[str, Path]:
    """A signed session of ``big_manifest(candidates)`` (10 members, 8 criteria, a conflict
    every 50 candidates) made through the service at the test scrypt cost, cached at each
    stage: every sheet ``sealed``; revealed in one act and every candidate ``decided`` (the
    rules' proposal, one approval per school); ``closed``. Built once (minutes at 2,000)."""
    from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
    from jury_desk.deliberation.service import DeliberationService
    from jury_desk.store.engine import lock_path
    from tests.benchmarks.bench_board import START, big_manifest

    folder = cache / f"signed-{candidates}c-v{CACHE_VERSION}"
    paths = {stage: folder / f"{stage}.jdsession" for stage in STAGES}
    if (folder / "done").exists():
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    manifest = big_manifest(candidates)
    work = folder / "work.jdsession"
    for leftover in folder.glob("*.jdsession*"):
        leftover.unlink()
    print(f"building a signed session of {candidates} candidates in {folder} ...", flush=True)
    started = time.perf_counter()

    def service() -> DeliberationService:
        return DeliberationService.resume(work, now=lambda: START, scrypt=FAST_FOR_TESTS)

    def keep(svc: DeliberationService, stage: str) -> DeliberationService:
        svc.close()  # a closed service leaves no -wal behind: the file is the session
        shutil.copyfile(work, paths[stage])
        return service()

    svc = DeliberationService.create(
        work, manifest, "ab" * 32, now=lambda: START, scrypt=FAST_FOR_TESTS, signed=True
    )
    members = [m.id for m in manifest.session.members]
    for member in members:  # the chair (mines-1) first: the reveal key is theirs
        svc.register_key(member, bench_passphrase(member))
        svc.check_in(member, passphrase=bench_passphrase(member))
    criteria = [c.id for c in manifest.session.rubric.criteria]
    for index, candidate in enumerate(manifest.candidates):
        conflicted = {c.member for c in candidate.conflicts}
        for member in members:
            if member not in conflicted:
                svc.save_draft(member, candidate.id, dict.fromkeys(criteria, 8.0 + index % 9))
                svc.seal(member, candidate.id, bench_passphrase(member))
    svc = keep(svc, "sealed")
    svc.open_ready("mines-1", bench_passphrase("mines-1"))
    for candidate in manifest.candidates:
        svc.accept_rule_proposal("mines-1", candidate.id, passphrase=bench_passphrase("mines-1"))
        svc.approve("mines-2", candidate.id, "MINES", bench_passphrase("mines-2"))
        svc.approve("albert-1", candidate.id, "ALBERT", bench_passphrase("albert-1"))
    svc = keep(svc, "decided")
    svc.close_session("mines-1", bench_passphrase("mines-1"))
    svc = keep(svc, "closed")
    svc.close()
    work.unlink()
    lock_path(work).unlink(missing_ok=True)
    (folder / "done").write_text("")
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return paths


def _signed_tight_loop(path: Path) -> tuple[Callable[[], None], int]:
    """The floor for ``path``'s log: the same events, each signed again by a fresh key of
    its actor, checked by a tight SHA-256 + Ed25519 loop; and the number of events."""
    from jury_desk.store.engine import open_readonly

    conn = open_readonly(path)
    rows = conn.execute(
        "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature FROM audit_event"
    ).fetchall()
    conn.close()
    actors = {row[2] for row in rows if row[7] is not None}
    signers = {m: member_key.new_key(m, PASSPHRASE, member_key.FAST_FOR_TESTS)[0] for m in actors}
    fast_rows = []
    for seq, at, actor, kind, payload, prev, stored, signature in rows:
        if signature is not None:
            signature = base64.b64encode(
                signers[actor].sign_raw(b"x" * 16 + bytes.fromhex(stored))
            ).decode()
        fast_rows.append((seq, at, actor, kind, payload, prev, stored, signature))
    publics = {m: member_key.ed25519(k.public_key()) for m, k in signers.items()}
    return (lambda: tight_loop(fast_rows, publics)), len(rows)


def bench_service_verify(candidates: int, repeat: int, cache: Path) -> None:
    """``audit verify`` of the closed signed session (chain, signatures, replay, tables),
    against the tight loop; and the parts alone, for the replay's share."""
    from jury_desk.deliberation.replay import replay
    from jury_desk.store.audit import verify_chain
    from jury_desk.store.engine import open_readonly
    from jury_desk.store.log_tables import check_session_file

    path = signed_session(cache, candidates)["closed"]
    floor, events = _signed_tight_loop(path)
    report, differences = check_session_file(path)
    assert report.ok and differences == [], (report, differences[:3])
    total, bare = paired(lambda: check_session_file(path), floor, repeat)
    conn = open_readonly(path)
    chain, _ = paired(lambda: verify_chain(conn), lambda: None, max(1, repeat // 2))
    replayed, _ = paired(lambda: replay(conn), lambda: None, max(1, repeat // 2))
    conn.close()
    print(
        f"signed session audit verify, {candidates} candidates x 10 members x 8 criteria "
        f"({events} events): {total:.2f} s (the chain and signatures alone {chain:.2f} s, "
        f"the replay through the rules and the tables' comparison alone {replayed:.2f} s: "
        f"the replay's share of the work {replayed / (chain + replayed):.0%}); tight "
        f"Ed25519 + SHA-256 loop {bare:.2f} s"
    )
    emit(
        f"signed session audit verify (chain, signatures, replay), {candidates} candidates",
        total,
        bare,
        "s",
        baseline_label="tight Ed25519+SHA-256 loop",
        goal_ratio=2.0,
    )


def bench_service_reveal(candidates: int, repeat: int, cache: Path) -> None:
    """The chair's *ouverture des plis* through the service: every sealed sheet of
    ``candidates`` candidates opened in one act (a copy of the cached sealed session)."""
    from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
    from jury_desk.deliberation.service import DeliberationService
    from tests.benchmarks.bench_board import START

    sealed = signed_session(cache, candidates)["sealed"]
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            copy = Path(tmp) / "reveal.jdsession"
            shutil.copyfile(sealed, copy)
            svc = DeliberationService.resume(copy, now=lambda: START, scrypt=FAST_FOR_TESTS)
            start = time.perf_counter()
            opened = svc.open_ready("mines-1", bench_passphrase("mines-1"))
            times.append(time.perf_counter() - start)
            svc.close()
            copy.unlink()
    salt = os.urandom(16)
    start = time.perf_counter()
    derive(PASSPHRASE, salt, FAST_FOR_TESTS)
    unlock = time.perf_counter() - start
    reveal = statistics.median(times)
    sheets = len(opened) * 10 - len(opened[::50])
    print(
        f"service reveal (ouverture des plis) of {len(opened)} candidates ({sheets} sheets) "
        f"in one act: {reveal:.2f} s"
    )
    emit(
        f"service reveal of {len(opened)} candidates, one act",
        reveal,
        unlock,
        "s",
        baseline_label="one scrypt at the test cost",
    )


def bench_signed_board(candidates: int, repeat: int, cache: Path) -> None:
    """The board of a signed session after a change (a signed note: the desk rebuilds that
    candidate's row alone, ``board_cache``), every candidate revealed and decided (a copy of
    the cached ``decided`` session); goal <= 50 ms. Also reported: after a check-out or
    check-in, which changes every row's sheets to expect (worked out again for each row)."""
    from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
    from jury_desk.deliberation.service import DeliberationService
    from tests.benchmarks.bench_board import START, bare_tally_read, median_ms

    decided = signed_session(cache, candidates)["decided"]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "board.jdsession"
        shutil.copyfile(decided, copy)
        svc = DeliberationService.resume(copy, now=lambda: START, scrypt=FAST_FOR_TESTS)
        board = svc.board("mines-1")
        assert len(board.rows) == candidates and board.rows[1].reconciliation is not None
        notes = iter(range(10**6))
        key = bench_passphrase("mines-3")
        warm = median_ms(
            lambda: svc.board("mines-1"),
            repeat * 4,
            before=lambda: svc.add_note("mines-3", "C002", f"note {next(notes)}", passphrase=key),
        )
        moves = iter(range(10**6))

        def come_and_go() -> None:
            act = svc.check_out if next(moves) % 2 == 0 else svc.check_in
            act("albert-5", passphrase=bench_passphrase("albert-5"))

        every_row = median_ms(lambda: svc.board("mines-1"), repeat * 2, before=come_and_go)
        baseline = median_ms(bare_tally_read(copy), repeat * 4)
        svc.close()
    print(
        f"signed session board after a change, {candidates} candidates: {warm:.1f} ms "
        f"(after a check-out or check-in, every row's sheets to expect: {every_row:.1f} ms; bare "
        f"sqlite3 read of the tallies {baseline:.1f} ms)"
    )
    emit(f"signed session board after a change, {candidates} x 10 x 8", warm, baseline, "ms",
         baseline_label="bare sqlite3 read of the tallies", goal_value=50)  # fmt: skip
    emit(f"signed session board after a check-out/in (every row), {candidates} x 10 x 8",
         every_row, baseline, "ms", baseline_label="bare sqlite3 read of the tallies")  # fmt: skip


def bench_export_check(candidates: int, repeat: int, cache: Path) -> None:
    """The export's check of the closed signed session (``session_file_problem`` as
    ``export_minutes_with`` calls it): the first export of a desk verifies the whole log; the
    next, after the chair reopened, added a note and closed again (3 signed events), goes on
    from what the desk kept (``signed_audit.Verified``); against the whole check. Drawing
    the minutes from the replay (the same work either way) is timed apart."""
    from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
    from jury_desk.deliberation.service import DeliberationService
    from jury_desk.store.log_tables import session_file_problem
    from tests.benchmarks.bench_board import START

    closed = signed_session(cache, candidates)["closed"]
    chair = bench_passphrase("mines-1")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "export.jdsession"
        shutil.copyfile(closed, copy)
        svc = DeliberationService.resume(copy, now=lambda: START, scrypt=FAST_FOR_TESTS)

        def export_check(minutes: bool) -> float:
            made: list[Any] = []
            start = time.perf_counter()
            problem = session_file_problem(
                copy,
                with_replay=(
                    (lambda scratch: made.append(svc.minutes_data(replayed=scratch)))
                    if minutes
                    else None
                ),
                kept=svc.verified,
            )
            assert problem is None and len(made) == minutes, problem
            return time.perf_counter() - start

        def three_acts() -> None:
            svc.reopen("mines-1", chair, "Une note oubliée.")
            svc.add_note("mines-1", "C002", "Vu en séance.", passphrase=chair)
            svc.close_session("mines-1", chair)

        whole, going_on, with_minutes, ahead, first_after = [], [], [], [], []
        for _ in range(repeat):
            svc.verified.forget()
            whole.append(export_check(minutes=False))
            three_acts()
            going_on.append(export_check(minutes=False))
            with_minutes.append(export_check(minutes=True))
            # A desk process that checked its log ahead (in the background at resume or
            # after the ouverture, ``check_log_ahead``): its first export, 3 acts later.
            svc.verified.forget()
            start = time.perf_counter()
            assert svc.check_log_ahead() is None
            ahead.append(time.perf_counter() - start)
            three_acts()
            first_after.append(export_check(minutes=False))
        svc.close()
    first, next_ = statistics.median(whole), statistics.median(going_on)
    drawn = statistics.median(with_minutes)
    behind, first_ahead = statistics.median(ahead), statistics.median(first_after)
    print(
        f"export check of the closed signed session, {candidates} candidates: the whole log "
        f"(a desk's first export) {first:.2f} s; after 3 new events, going on from what the "
        f"desk kept {next_:.2f} s ({drawn:.2f} s with the minutes drawn from the replay); "
        f"a first export after the check ran ahead ({behind:.2f} s in the background) "
        f"{first_ahead:.2f} s"
    )
    emit(f"export check after 3 new events (kept verification), {candidates} candidates",
         next_, first, "s", baseline_label="the whole check (first export)")  # fmt: skip
    emit(f"first export of a desk whose log was checked ahead, {candidates} candidates",
         first_ahead, first, "s", baseline_label="the whole check (a first export)")  # fmt: skip


def bench_format1(candidates: int, repeat: int, folder: Path) -> None:
    from jury_desk.store.audit import verify_chain
    from jury_desk.store.engine import open_readonly
    from jury_desk.store.log_tables import check_tables
    from tests.benchmarks.bench_board import populated_session

    svc, _ = populated_session(folder, candidates)
    path = svc.path
    svc.close()
    conn = open_readonly(path)
    events = [
        (prev, payload)
        for prev, payload in conn.execute("SELECT prev_hash, payload FROM audit_event")
    ]
    assert verify_chain(path).ok and check_tables(conn) == []

    def floor() -> None:
        for prev, payload in events:
            hashlib.sha256(bytes.fromhex(prev) + payload.encode("utf-8")).digest()

    chain, bare = paired(lambda: verify_chain(path), floor, repeat)
    tables, _ = paired(lambda: check_tables(conn), lambda: None, repeat)
    conn.close()
    total = chain + tables
    print(
        f"format 1 audit verify, {candidates} candidates ({len(events)} events): chain "
        f"{chain:.2f} s + tables {tables:.2f} s (tables' share {tables / total:.0%}); bare "
        f"SHA-256 over the events {bare:.2f} s"
    )
    emit(
        f"format-1 audit verify (chain + tables), {candidates} candidates",
        total,
        bare,
        "s",
        baseline_label="SHA-256 over the same events",
    )


PARTS = ("seal", "verify", "reveal", "board", "export", "format1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--signed", type=int, default=None, help="candidates of the service's (--candidates)"
    )
    parser.add_argument("--reveal", type=int, default=200, help="candidates of the reveal")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "jury-desk-bench"
    )
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"some of {', '.join(PARTS)} (comma-separated)"
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    if not only <= set(PARTS):
        parser.error(f"--only: one or more of {', '.join(PARTS)}")
    signed = args.signed or args.candidates
    if "seal" in only:
        with tempfile.TemporaryDirectory() as tmp:
            bench_seal(max(args.repeat * 4, 10), Path(tmp))
        with tempfile.TemporaryDirectory() as tmp:
            bench_service_seal(max(args.repeat * 4, 10), Path(tmp))
    if "verify" in only:
        bench_service_verify(signed, args.repeat, args.cache)
    if "reveal" in only:
        bench_service_reveal(args.reveal, args.repeat, args.cache)
    if "board" in only:
        bench_signed_board(signed, args.repeat, args.cache)
    if "export" in only:
        bench_export_check(signed, args.repeat, args.cache)
    if "reveal" in only:
        bench_reveal(args.repeat)
    if "verify" in only:
        bench_verify(args.candidates, args.repeat)
    if "format1" in only:
        with tempfile.TemporaryDirectory() as tmp:
            bench_format1(args.candidates, args.repeat, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
