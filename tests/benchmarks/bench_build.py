"""Benchmark: ``bundle build`` with the document checks, against the same build without them.

    python tests/benchmarks/bench_build.py [--candidates 300] [--size-mb 200] [--repeat 3]

The sources: ``--candidates`` folders of three PDFs each (900 PDFs, 200 MB by default),
each a real one-page PDF carrying an incompressible stream so the bytes are those of
scanned documents. Timed, best of ``--repeat``, interleaved: the whole build
(``prepare_bundle`` then ``write_bundle``, as ``jury-desk bundle build`` does, unsigned)
with every PDF checked (``check_documents=True``, what the command does: the quick look of
bundle/pdf_quick.py, pypdf where it cannot tell) and without (``check_documents=False``,
the baseline). Goal (issue 14): <= 1.3x.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jury_desk.bundle.builder import prepare_bundle  # noqa: E402
from jury_desk.bundle.writer import write_bundle  # noqa: E402
from jury_desk.core.resources import resource_path  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402


def scanned_pdf(size: int, seed: int) -> bytes:
    """A valid one-page PDF of about ``size`` bytes (a random stream, as a scan would be)."""
    payload = os.urandom(max(size - 700, 16))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(payload) + payload + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<%032x><%032x>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, seed, seed, xref)  # fmt: skip
    return bytes(out)


def make_sources(root: Path, candidates: int, size_mb: int) -> Path:
    src = root / "src"
    shutil.copytree(resource_path("examples"), src)
    shutil.rmtree(src / "documents")
    per_file = size_mb * 2**20 // (candidates * 3)
    rows = ["id,name,scholarship"]
    for i in range(candidates):
        cid = f"C{i + 1:04d}"
        rows.append(f"{cid},Candidat·e {i + 1},{'oui' if i % 3 == 0 else 'non'}")
        folder = src / "documents" / cid
        folder.mkdir(parents=True)
        for k, name in enumerate(("cv.pdf", "lettre.pdf", "releve.pdf")):
            (folder / name).write_bytes(scanned_pdf(per_file, i * 3 + k))
    (src / "candidates.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return src


def build(src: Path, out: Path, check: bool) -> None:
    day = datetime(2026, 9, 15, tzinfo=UTC)
    built = prepare_bundle(src / "session.toml", src / "candidates.csv", src / "documents",
                           now=day, check_documents=check)  # fmt: skip
    write_bundle(built.manifest, built.documents, None, out)
    out.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        root = Path(tmp)
        src = make_sources(root, args.candidates, args.size_mb)
        out = root / "b.jdbundle"
        times: dict[bool, list[float]] = {True: [], False: []}
        build(src, out, True)  # warm the page cache and the imports
        for _ in range(args.repeat):
            for check in (False, True):
                gc.collect()
                start = time.perf_counter()
                build(src, out, check)
                times[check].append(time.perf_counter() - start)
    checked, plain = min(times[True]), min(times[False])
    print(f"{args.candidates} candidates, {args.candidates * 3} PDFs, {args.size_mb} MB, "
          f"best of {args.repeat}: with checks {checked:.2f} s, without {plain:.2f} s")  # fmt: skip
    emit(f"bundle build, {args.candidates * 3} PDFs / {args.size_mb} MB, with document checks",
         checked, plain, "s", baseline_label="the same build without the checks",
         goal_ratio=1.3)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
