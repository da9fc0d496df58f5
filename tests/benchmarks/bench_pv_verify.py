"""Benchmark: ``minutes verify`` of a signed PV against rendering the same PV, and a hostile
PV padded to 1 GiB against poppler's ``pdfsig`` on the same file.

    python tests/benchmarks/bench_pv_verify.py [--candidates 500] [--repeat 3]

1. Verification re-renders the PV from its embedded minutes.json to compare every page, so
   the baseline is that rendering, timed in the same run: ``verify_pv`` over
   ``render_pv_bytes``. Goal: <= 1.5x (issue 13).
2. A signed PV followed by 1 GiB of padding (a sparse file): ``jury-desk minutes verify``
   in a child process (its time and peak memory, ru_maxrss) against ``pdfsig`` on the same
   file. jury-desk refuses it from its size before parsing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jury_desk.minutes.pdf import render_pv_bytes  # noqa: E402
from jury_desk.minutes.verify import verify_pv  # noqa: E402
from tests.benchmarks.bench_minutes import Signers, best  # noqa: E402
from tests.benchmarks.benchrow import emit  # noqa: E402
from tests.minutes.sample import make_minutes  # noqa: E402
from tests.tooling import measure_command  # noqa: E402


def _child(argv: list[str]) -> tuple[float, float, int]:
    """Wall time (s), peak memory (MiB) and exit code of a command in a fresh process."""
    wall, peak, code, _ = measure_command(argv, cwd=str(ROOT))
    return wall, peak, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        signers = Signers(Path(tmp))
        minutes = make_minutes(args.candidates, signer_certs=signers.certs)
        pv = signers.render_and_sign(minutes, unlocked=True)
        assert verify_pv(pv).ok
        t = best({"render": lambda: render_pv_bytes(minutes), "verify": lambda: verify_pv(pv)},
                 args.repeat)  # fmt: skip
        ratio = t["verify"] / t["render"]
        print(f"{args.candidates} candidates, best of {args.repeat}")
        print(f"  render_pv_bytes (the baseline)   {t['render'] * 1000:8.1f} ms   1.00x")
        print(f"  verify_pv                        {t['verify'] * 1000:8.1f} ms   {ratio:.2f}x"
              "   (goal <= 1.5x)")  # fmt: skip
        emit(f"minutes verify, PV of {args.candidates}", t["verify"] * 1000,
             t["render"] * 1000, "ms", baseline_label="rendering the same PV",
             goal_ratio=1.5)  # fmt: skip

        padded = Path(tmp) / "padded.pdf"
        shutil.copyfile(pv, padded)
        with padded.open("r+b") as fh:
            fh.truncate(pv.stat().st_size + 2**30)
        ours = _child([sys.executable, "-m", "jury_desk", "minutes", "verify", str(padded)])
        pdfsig = shutil.which("pdfsig")
        theirs = _child([pdfsig, str(padded)]) if pdfsig else (float("nan"), float("nan"), -1)
        print("PV + 1 GiB of padding (sparse file)")
        print(f"  pdfsig (the baseline)            {theirs[0]:8.2f} s  {theirs[1]:8.1f} MiB"
              f"   exit {theirs[2]}")  # fmt: skip
        print(f"  jury-desk minutes verify         {ours[0]:8.2f} s  {ours[1]:8.1f} MiB"
              f"   exit {ours[2]} (goal: 1, < 10 s, < 300 MB)")  # fmt: skip
        emit("minutes verify, PV + 1 GiB padding: time", ours[0], theirs[0], "s",
             baseline_label="pdfsig on the same file")  # fmt: skip
        emit("minutes verify, PV + 1 GiB padding: peak memory", ours[1], theirs[1], "MiB",
             baseline_label="pdfsig on the same file")  # fmt: skip
        ok = ratio <= 1.5 and ours[2] == 1 and ours[0] < 10 and ours[1] < 300
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
