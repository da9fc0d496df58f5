"""Benchmark: the archive on SQLite and on a real PostgreSQL (issue 14).

    python tests/benchmarks/bench_archive.py [--decisions 100000] [--pv-candidates 500]
                                             [--repeat 3] [--engines sqlite,postgresql]

1. ``archive search`` over ``--decisions`` archived decisions (10 years x 20 sessions x 500
   candidates by default): a mix of 200 searches as a secretariat types them (a surname, a
   full name without accents, a student number, a candidate id, a birth date, a name with a
   year or a decision filter). Goal: p95 <= 50 ms. Baseline, same run: ``SELECT count(*)``
   over the decisions (one plain scan of the table).
2. ``archive add`` of a ``--pv-candidates`` PV (its bundle as the anchor), against what
   ``minutes verify --bundle`` does on the same PV (the bundle verified as of the PV's date,
   then ``verify_pv``). Goal: <= 1.2x. Each add goes to a fresh, already migrated archive.

PostgreSQL is a throwaway server (initdb/pg_ctl, tests/archive/pgserver.py).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from jury_desk.archive.folding import fold, name_tokens  # noqa: E402
from jury_desk.archive.models import ArchivedDecision, ArchivedNameToken, ArchivedPV  # noqa: E402
from jury_desk.archive.service import ArchiveService  # noqa: E402
from jury_desk.bundle.minisign import PublicKey  # noqa: E402
from jury_desk.bundle.receipt import verified_anchor  # noqa: E402
from jury_desk.minutes.signer_keys import create_signer_p12  # noqa: E402
from jury_desk.minutes.verify import peek_minutes, verify_pv  # noqa: E402
from tests.archive.archivekit import Filer  # noqa: E402
from tests.archive.pgserver import postgres_server  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402
from tests.minutes.conftest import Key, Keys  # noqa: E402

FIRST = ["Camille", "Chloé", "Léa", "Zoë", "Théo", "Noé", "Inès", "Maël", "Jérôme",
         "Élodie", "Karim", "Fatoumata", "Oluwaseun", "Åsa", "Ólafur", "Thomas",
         "Marie-Clémence", "Jean-François", "Hélène", "Pierre-Yves", "Anaïs", "Loïc",
         "Gaëlle", "Raphaël"]  # fmt: skip
LAST = ["Lefèvre", "O'Connor", "Saldaña", "Nguyễn", "Öberg", "Diallo", "Müller", "Dupré",
        "Rousseau", "Martin", "Haddad", "Bernard", "Adébayọ̀", "Grímsson", "Łukasiewicz",
        "de La Tour", "Petit", "Durand", "Moreau", "Laurent", "Simon", "Michel", "Garcia",
        "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André"]  # fmt: skip
DECISIONS = ["admit", "admit", "waitlist", "reject"]


def fill(archive: ArchiveService, decisions: int, rng: random.Random) -> list[dict[str, object]]:
    """``decisions`` rows in PVs of 500 (20 sessions a year), newest years last."""
    per_pv = 500
    pvs = max(1, decisions // per_pv)
    sample: list[dict[str, object]] = []
    with archive.engine.begin() as con:
        for p in range(pvs):
            year = 2026 - (pvs - 1 - p) // 20
            day = date(year, 1, 10) + timedelta(days=(p % 20) * 17)
            now = datetime(year, day.month, day.day, 18, tzinfo=UTC)
            pv_table = ArchivedPV.__table__  # type: ignore[attr-defined]
            pv_row = {
                "pv_sha256": f"{p:064x}", "added_at": now, "generated_at": now, "year": year,
                "session_date": day, "session_kind": "admission", "programme": "master",
                "session_title": f"Jury d'admission {year} n°{p % 20 + 1}",
                "session_place": "Paris", "lang": "fr", "bundle_id": f"adm-{year}-{p % 20 + 1}",
                "bundle_seq": 1, "bundle_sha256": f"{p:064x}", "anchor": "receipt",
                "audit_head": f"{p + 1:064x}",
                "supersedes_head": f"{p - 1:064x}" if p % 37 == 0 and p else None,
                "session_checked": True, "candidates": per_pv, "signers_json": "[]",
                "report": "VALID",
            }  # fmt: skip
            pv_id = con.execute(pv_table.insert().returning(pv_table.c.id), [pv_row]).scalar_one()
            rows = []
            for i in range(per_pv):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                student = f"2{year % 100:02d}{p:03d}{i:04d}"
                born = date(year - 20, 1, 1) + timedelta(days=rng.randrange(900))
                row = {"pv_id": pv_id, "candidate_id": f"ADM-{i + 1:03d}",
                       "candidate_key": f"adm-{i + 1:03d}", "name": name, "name_key": fold(name),
                       "student_id": student, "student_key": student.lower(), "birth_date": born,
                       "scholarship": i % 3 == 0, "decision": rng.choice(DECISIONS),
                       "mention": None, "overall": round(rng.uniform(6, 18), 2), "year": year,
                       "session_date": day, "programme": "master",
                       "session_kind": "admission"}  # fmt: skip
                rows.append(row)
            table = ArchivedDecision.__table__  # type: ignore[attr-defined]
            ids = (
                con.execute(
                    table.insert().returning(table.c.id, sort_by_parameter_order=True), rows
                )
                .scalars()
                .all()
            )
            tokens = [{"decision_id": i, "token": t} for i, row in zip(ids, rows, strict=True)
                      for t in sorted(name_tokens(str(row["name"])))]  # fmt: skip
            con.execute(ArchivedNameToken.__table__.insert(), tokens)  # type: ignore[attr-defined]
            sample.extend(rng.sample(rows, 2))
    return sample


def searches(
    sample: list[dict[str, object]], rng: random.Random
) -> list[Callable[[ArchiveService], object]]:
    """200 searches as typed at the desk: surname, full name without accents, student
    number, candidate id with a year, birth date, first name with a year, surname with a
    decision."""
    out: list[Callable[[ArchiveService], object]] = []
    for k in range(200):
        row = rng.choice(sample)
        name = str(row["name"])
        first, last, folded = name.split()[0], name.split()[-1], fold(name)
        student = str(row["student_id"])
        kind = k % 7
        if kind == 0:
            out.append(lambda a, w=last: a.search(w))
        elif kind == 1:
            out.append(lambda a, w=folded: a.search(w))
        elif kind == 2:
            out.append(lambda a, w=student: a.search(w))
        elif kind == 3:
            cid = str(row["candidate_id"]).lower()
            out.append(lambda a, w=cid: a.search(w, year=2025))
        elif kind == 4:
            born = str(row["birth_date"])
            out.append(lambda a, w=born: a.search(w))
        elif kind == 5:
            out.append(lambda a, w=first, y=row["year"]: a.search(w, year=y))
        else:
            out.append(lambda a, w=last: a.search(w, decision="admit"))
    return out


def time_each(fns: list[Callable[[], object]]) -> list[float]:
    times = []
    for fn in fns:
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


@contextlib.contextmanager
def engines(names: list[str], folder: Path) -> Iterator[dict[str, Callable[[], str]]]:
    """Engine name -> a function giving the URL of a new, empty archive."""
    counter = iter(range(10**6))
    urls: dict[str, Callable[[], str]] = {}
    with contextlib.ExitStack() as stack:
        if "sqlite" in names:
            urls["sqlite"] = lambda: f"sqlite:///{folder / f'a{next(counter)}.sqlite'}"
        if "postgresql" in names:
            pg = stack.enter_context(postgres_server())
            urls["postgresql"] = pg.new_database
        yield urls


def bench_search(url: str, engine: str, decisions: int) -> None:
    rng = random.Random(14)
    with ArchiveService.open(url) as archive:
        start = time.perf_counter()
        sample = fill(archive, decisions, rng)
        filled = time.perf_counter() - start
        if engine == "postgresql":
            with archive.engine.begin() as con:
                con.execute(text("ANALYZE"))
        fns = [lambda a=archive, f=f: f(a) for f in searches(sample, rng)]
        time_each(fns[:20])  # warm the cache
        times = time_each(fns)
        count = [lambda: archive.count() for _ in range(20)]
        scan = statistics.median(time_each(count))
    print(f"[{engine}] {decisions} decisions filled in {filled:.1f} s; 200 searches: median "
          f"{statistics.median(times) * 1000:.1f} ms, p95 {p95(times) * 1000:.1f} ms, max "
          f"{max(times) * 1000:.1f} ms; count(*) {scan * 1000:.1f} ms")  # fmt: skip
    emit(f"archive search p95, {decisions} decisions ({engine})", p95(times) * 1000,
         scan * 1000, "ms", baseline_label="SELECT count(*) over the decisions",
         goal_value=50)  # fmt: skip


def make_keys(folder: Path) -> Keys:
    def key(name: str, inst: str) -> Key:
        path = folder / f"{inst}.p12"
        return Key(path, b"bench", create_signer_p12(name, inst, b"bench", path))

    mines, albert = key("Pierre-Yves Martin", "MINES"), key("Karim Haddad", "ALBERT")
    return Keys(mines, albert, mines, mines)  # the chair (m-mines-1) is the Mines signer


def bench_add(urls: dict[str, Callable[[], str]], folder: Path, n: int, repeat: int) -> None:
    filer = Filer(folder / "filed", make_keys(folder))
    filed = filer.make(n=n, title=f"Jury de {n} candidats")
    keys = [PublicKey.from_file(filer.public_key)]

    def verify() -> None:  # what `minutes verify --bundle B --trusted-key K` runs
        peeked = peek_minutes(filed.pv)
        assert peeked is not None
        vb, _ = verified_anchor(filed.bundle, keys, at=peeked.generated_at)
        assert verify_pv(filed.pv, bundle=vb).ok

    for engine, new_url in urls.items():
        archives = [ArchiveService.open(new_url()) for _ in range(repeat + 1)]
        verify_times, add_times = [], []
        try:
            archives[-1].add(filed.pv, filed.bundle, keys)  # warm up both paths
            verify()
            for archive in archives[:repeat]:

                def add(a: ArchiveService = archive) -> None:
                    a.add(filed.pv, filed.bundle, keys)

                for label, fn in (("verify", verify), ("add", add)):
                    gc.collect()
                    gc.disable()
                    try:
                        start = time.perf_counter()
                        fn()
                        took = time.perf_counter() - start
                    finally:
                        gc.enable()
                    (verify_times if label == "verify" else add_times).append(took)
        finally:
            for archive in archives:
                archive.close()
        add, ver = min(add_times), min(verify_times)
        print(f"[{engine}] {n}-candidate PV: archive add {add:.3f} s, minutes verify {ver:.3f} s")
        emit(f"archive add of a {n}-candidate PV ({engine})", add, ver, "s",
             baseline_label="minutes verify of the same PV", goal_ratio=1.2)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--pv-candidates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    names = [e.strip() for e in args.engines.split(",") if e.strip()]
    with (
        tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp,
        engines(names, Path(tmp)) as urls,
    ):
        for engine, new_url in urls.items():
            bench_search(new_url(), engine, args.decisions)
        bench_add(urls, Path(tmp), args.pv_candidates, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
