"""Benchmark: verifying a large bundle against ``openssl dgst -sha256`` over the same bytes.

    python tests/benchmarks/bench_bundle_verify.py [--size-mb 1000] [--candidates 2000]

Builds once (cached under the temp folder) a signed bundle of ``--size-mb`` MB of random,
incompressible documents (two per candidate, stored), then times, best of ``--repeat``:

* baseline: one ``openssl dgst -sha256`` process over every document file (one core);
* ``verify_bundle`` with one hashing thread, then with two.

Ratios matter, not absolute times (DESIGN.md §8). Goals: <= 1.1x with one thread, <= 0.65x
with two. Reference rows show what the verifier must do besides hashing documents: copy
the bundle into the desk's folder and hash the whole copy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jury_desk.bundle.manifest import Manifest  # noqa: E402
from jury_desk.bundle.minisign import PublicKey, SecretKey  # noqa: E402
from jury_desk.bundle.verify import verify_bundle  # noqa: E402
from jury_desk.bundle.writer import write_bundle  # noqa: E402
from tests.factories import manifest_dict  # noqa: E402

ISSUED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
NOW = ISSUED + timedelta(days=1)


def build(folder: Path, size_mb: int, candidates: int) -> tuple[Path, Path, PublicKey]:
    """The cached bundle, its documents folder and the public key (built on first use)."""
    bundle, docs, pub_file = folder / "bench.jdbundle", folder / "docs", folder / "bench.pub"
    if (folder / "done").exists():
        return bundle, docs, PublicKey.from_file(pub_file)
    shutil.rmtree(folder, ignore_errors=True)
    docs.mkdir(parents=True)
    obj = manifest_dict(n_candidates=candidates, bundle_id="bench", issued_at=ISSUED)
    files = obj["files"]
    per_file = size_mb * 1_000_000 // len(files)
    sources = {}
    print(f"building {len(files)} documents of ~{per_file // 1000} kB in {folder} ...")
    for i, entry in enumerate(files):
        size = per_file + (i % 7) * 1024 - 3 * 1024  # not all the same size
        data = os.urandom(size)
        target = docs / entry["path"].removeprefix("documents/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        entry["size"], entry["sha256"] = size, hashlib.sha256(data).hexdigest()
        sources[entry["path"]] = target
    manifest = Manifest.model_validate(obj)
    sk = SecretKey.generate()
    write_bundle(manifest, sources, sk, bundle)
    pub_file.write_text(sk.public_key().to_text(), "utf-8")
    (folder / "manifest.json").write_text(json.dumps(obj)[:200], "utf-8")  # for a human
    (folder / "done").touch()
    return bundle, docs, sk.public_key()


def best_of(repeat: int, fn: Callable[[], None], after: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if after is not None:
            after()
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1000)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "jury-desk-bench"
    )
    args = parser.parse_args()
    if not shutil.which("openssl"):
        print("openssl is needed for the baseline", file=sys.stderr)
        return 2
    folder = args.cache / f"verify-{args.size_mb}mb-{args.candidates}c"
    bundle, docs, pub = build(folder, args.size_mb, args.candidates)
    doc_files = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.pdf"))
    doc_bytes = sum((docs / p).stat().st_size for p in doc_files)
    bundle_bytes = bundle.stat().st_size
    desk = folder / "desk"

    def openssl(files: list[str], cwd: Path) -> Callable[[], None]:
        def run() -> None:
            subprocess.run(
                ["openssl", "dgst", "-sha256", *files],
                cwd=cwd,
                check=True,
                stdout=subprocess.DEVNULL,
            )

        return run

    def verify(workers: int) -> Callable[[], None]:
        def run() -> None:
            verify_bundle(bundle, trusted_keys=[pub], data_dir=desk, now=NOW, workers=workers)

        return run

    def clean_desk() -> None:
        shutil.rmtree(desk, ignore_errors=True)

    def copy() -> None:
        desk.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle, desk / "copy")

    # Warm the page cache for everyone alike.
    openssl(doc_files, docs)()
    openssl([bundle.name], folder)()
    clean_desk()

    baseline = best_of(args.repeat, openssl(doc_files, docs))
    whole = best_of(args.repeat, openssl([bundle.name], folder))
    copied = best_of(args.repeat, copy, clean_desk)
    one = best_of(args.repeat, verify(1), clean_desk)
    two = best_of(args.repeat, verify(2), clean_desk)

    print(
        f"\nbundle {bundle_bytes / 1e6:.0f} MB, {len(doc_files)} documents "
        f"({doc_bytes / 1e6:.0f} MB), {os.cpu_count()} CPUs; best of {args.repeat}\n"
    )
    print(f"{'measure':<50} {'jury-desk s':>11} {'baseline s':>10} {'ratio':>6}  goal")
    rows = [
        ("verify_bundle, 1 hashing thread", one, "<= 1.10"),
        ("verify_bundle, 2 hashing threads", two, "<= 0.65"),
        ("(ref) openssl dgst over the whole bundle", whole, ""),
        ("(ref) copy of the bundle (shutil.copyfile)", copied, ""),
        # What the contract costs at best: the copy and the whole-file SHA-256 (the name of
        # the private copy, printed in the PV) come on top of hashing the documents.
        ("(floor) 1 thread: max(copy, whole) + documents", max(copied, whole) + baseline, ""),
        ("(floor) 2 cores: (copy + whole + documents) / 2", (copied + whole + baseline) / 2, ""),
    ]
    for label, seconds, goal in rows:
        print(f"{label:<50} {seconds:>11.3f} {baseline:>10.3f} {seconds / baseline:>6.2f}  {goal}")
    print("\nbaseline: one `openssl dgst -sha256` over every document file (same bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
