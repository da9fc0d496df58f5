"""Benchmark: a PV rendered and signed twice, against ReportLab drawing the same table rows.

    python tests/benchmarks/bench_minutes.py [--candidates 500] [--repeat 5]

Times, best of ``--repeat``, in the same run:

* baseline: ReportLab (same fonts, same page size) drawing only the decisions table rows of
  the PV (a LongTable with a repeated header), no other section, no attachment, no signing;
* the PV: ``render_pv_bytes`` (every section, minutes.json attached) then both
  institutions' signatures, (a) each opening its PKCS#12 file first (``sign_pv``: the
  passphrase KDF, PBKDF2 200,000 rounds, is a fixed ~80 ms per key by design), and
  (b) with the keys already unlocked (``sign_pv_with``, as the GUI does once per signer).

Ratios matter, not absolute times (DESIGN.md §8). Goal: PV <= 2x the baseline at 500
candidates. It also prints the absolute time for the 24-candidate PV and, for reference,
the cost of each part and of ``verify_pv`` (which re-renders the PV to compare).
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import LongTable, SimpleDocTemplate  # noqa: E402

from jury_desk.minutes.fonts import REGULAR, register_fonts  # noqa: E402
from jury_desk.minutes.model import Minutes  # noqa: E402
from jury_desk.minutes.pdf import render_pv_bytes  # noqa: E402
from jury_desk.minutes.pdf_context import PvContext  # noqa: E402
from jury_desk.minutes.pdf_decisions import decision_rows  # noqa: E402
from jury_desk.minutes.pdf_style import table_style  # noqa: E402
from jury_desk.minutes.sign import sign_pv, sign_pv_with, unlock_signer  # noqa: E402
from jury_desk.minutes.signer_keys import create_signer_p12  # noqa: E402
from jury_desk.minutes.verify import verify_pv  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402
from tests.minutes.sample import make_minutes  # noqa: E402


def best(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best time of each function, the functions interleaved round by round so that a
    burst of load from other processes hits them all alike. As ``timeit`` does, the cyclic
    garbage collector is off while a function is timed (and run before it): otherwise a
    collection of the other function's garbage lands in one timing or the other (the
    baseline varied from 228 to 296 ms). The GUI pauses it during the PV work too."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
            finally:
                gc.enable()
    return {name: min(values) for name, values in times.items()}


def baseline(minutes: Minutes) -> bytes:
    """The decisions table alone, as plain ReportLab would draw it."""
    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, initialFontName=REGULAR, invariant=1,
                            pageCompression=1)  # fmt: skip
    rows = decision_rows(PvContext(minutes, "fr"))
    widths = [13 * mm, 50 * mm, 16 * mm, 16 * mm, 16 * mm, 20 * mm, 26 * mm, 17 * mm]
    doc.build([LongTable(rows, colWidths=widths, style=table_style(), repeatRows=1)])
    return out.getvalue()


class Signers:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.keys = {
            code: (folder / f"{code}.p12", f"{code} passphrase".encode())
            for code in ("MINES", "ALBERT")
        }
        self.certs = {
            code: create_signer_p12(f"Signer {code}", code, passphrase, path)
            for code, (path, passphrase) in self.keys.items()
        }

        self.unlocked = {code: unlock_signer(*key) for code, key in self.keys.items()}

    def render_and_sign(self, minutes: Minutes, *, unlocked: bool = False) -> Path:
        pv = self.folder / "pv.pdf"
        rendered = render_pv_bytes(minutes)
        pv.write_bytes(rendered)
        for code, (path, passphrase) in self.keys.items():
            if unlocked:  # as the desk's export: it signs what it just rendered
                sign_pv_with(pv, pv, self.unlocked[code], institution=code, rendered=rendered)
            else:
                sign_pv(pv, pv, path, passphrase, institution=code)
        return pv


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        signers = Signers(Path(tmp))
        big = make_minutes(args.candidates, signer_certs=signers.certs)
        small = make_minutes(24, signer_certs=signers.certs)
        signers.render_and_sign(small)  # warm up: fonts, imports
        assert verify_pv(signers.render_and_sign(big)).ok
        pv = signers.render_and_sign(big)
        size = pv.stat().st_size
        signed = pv.read_bytes()
        check_copy = Path(tmp) / "check.pdf"
        check_copy.write_bytes(signed)
        t = best(
            {
                "base": lambda: baseline(big),
                "full": lambda: signers.render_and_sign(big),
                "unlocked": lambda: signers.render_and_sign(big, unlocked=True),
                "render": lambda: render_pv_bytes(big),
                "verify": lambda: verify_pv(check_copy),
                "small": lambda: signers.render_and_sign(small),
            },
            args.repeat,
        )
        base, full, unlocked, render, check, small_full = (
            t[k] for k in ("base", "full", "unlocked", "render", "verify", "small")
        )
    print(f"{args.candidates} candidates, best of {args.repeat} (signed PV: {size} bytes)")
    print(f"  baseline (ReportLab, decisions table only)  {base * 1000:8.1f} ms   1.00x")
    print(f"  PV: render + unlock 2 keys + 2 signatures   {full * 1000:8.1f} ms   "
          f"{full / base:.2f}x   (goal <= 2x)")  # fmt: skip
    print(f"  PV: render + 2 signatures (keys unlocked)   {unlocked * 1000:8.1f} ms   "
          f"{unlocked / base:.2f}x   (goal <= 2x)")  # fmt: skip
    print(f"    of which render (all sections)            {render * 1000:8.1f} ms   "
          f"{render / base:.2f}x")  # fmt: skip
    print(f"  verify_pv (re-renders and compares)         {check * 1000:8.1f} ms   "
          f"{check / base:.2f}x")  # fmt: skip
    print(f"24 candidates: render + 2 signatures          {small_full * 1000:8.1f} ms")
    label = "ReportLab alone, the decisions table"
    emit(f"PV of {args.candidates}, render + 2 signatures (keys unlocked)", unlocked * 1000,
         base * 1000, "ms", baseline_label=label, goal_ratio=2.0)  # fmt: skip
    emit(f"PV of {args.candidates}, unlocking both keys too", full * 1000, base * 1000, "ms",
         baseline_label=label)  # fmt: skip
    return 0 if unlocked / base <= 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
