"""``jury-desk simulate``: a whole session played headless, ending in a signed PV.

Verify and open the bundle (in the desk's data folder), check everyone in, synthetic
independent scores (``--seed``), seal, reveal, discuss the flagged candidates, revise a few
sheets, propose, approve in both institutions, close; then write minutes.json and the PV
signed by the chair's and each institution's signer key to ``--out``. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jury_desk.commands.bundle_signing_keys import PASSPHRASE_ENV, _env_passphrase
from jury_desk.commands.bundle_verify import _add_trusted_key, _read_keys
from jury_desk.commands.minutes import _keyring_name, _passphrase
from jury_desk.core.errors import KeyFileError, UsageError

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.minutes.model import Lang
    from jury_desk.minutes.sign import UnlockedSigner
    from jury_desk.rehearsal.simulate import SimulationReport

DEMO_SEED = 2026
DEMO_BUNDLE = "admission-master.jdbundle"
DEMO_PASSPHRASE = b"demo"  # the shipped DEMO signer keys' (public) passphrase

_EPILOG = f"""\
signer keys:
  One --signer-p12 CODE=PATH per institution, e.g. --signer-p12 MINES=mines.p12, and
  --signer-p12 chair=PATH for the jury chair (who signs the PV too). Each key's
  certificate must be the one the bundle declares for that signer. A chair who is also
  their institution's signer has one key: give it once, as chair= or as CODE=.
  Passphrases come from the system keyring when remembered ('jury-desk minutes sign
  --remember'), else from the environment variable {PASSPHRASE_ENV}, else a prompt per key.

The simulated session is a new session in the desk's data folder; simulate never touches
an existing session (use an empty --data-dir to simulate a bundle the desk already opened).

A simulation is marked for good, even when signed with real keys: the session records it,
minutes.json says "simulated": true, every page of the PV is watermarked SIMULATION, and
'jury-desk minutes verify' exits 1 on its PV unless given --allow-simulation.
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "simulate",
        parents=[common],
        help="play a whole session headless (synthetic scores) and export the signed PV",
        description="Headless session: synthetic independent scores, reveal, reconcile, "
        "dual approvals, then minutes.json and the PV signed by the chair and once per "
        "institution in --out. "
        "The same --seed gives the same decisions.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--bundle", required=True, type=Path, metavar="B.jdbundle")
    _add_trusted_key(parser, "(default: the desk's trusted keys)")
    parser.add_argument(
        "--signer-p12",
        action="append",
        default=[],
        required=True,
        metavar="CODE=PATH",
        help="a PV signer key: chair=PATH for the jury chair, CODE=PATH per institution",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="default: 0")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="default: fr")
    log = parser.add_mutually_exclusive_group()
    log.add_argument(
        "--signed",
        dest="signed",
        action="store_true",
        default=True,
        help="a signed session (log format 2, the default): every act signed by its "
        "member's key, scores blind at rest until the chair's reveal",
    )
    log.add_argument(
        "--unsigned",
        dest="signed",
        action="store_false",
        help="an unsigned log (format 1), as sessions made before format 2: to rehearse "
        "or test the old format",
    )
    parser.add_argument(
        "--desks",
        choices=("files", "network"),
        help="every sheet sealed on its member's own desk, one process per member, over a "
        "folder (files) or the room network on 127.0.0.1 (network); implies --signed",
    )
    parser.set_defaults(handler=run_simulate)


def _signer_paths(specs: Sequence[str]) -> dict[str, Path]:
    paths: dict[str, Path] = {}
    for spec in specs:
        code, sep, path = spec.partition("=")
        if not sep or not code or not path:
            raise UsageError(f"--signer-p12 {spec}: write CODE=PATH, e.g. MINES=mines.p12.")
        if code in paths:
            raise UsageError(f"--signer-p12 was given twice for {code}; give one key each.")
        if not Path(path).is_file():
            raise UsageError(f"--signer-p12 {spec}: no such key file.")
        paths[code] = Path(path)
    return paths


def _check_out(out: Path) -> None:
    """A simulation never replaces minutes (they may be a real session's), and a folder it
    cannot write to is refused before the bundle is even verified: nothing is written."""
    from jury_desk.minutes.export import PV_NAME
    from jury_desk.minutes.model import MINUTES_NAME
    from jury_desk.rehearsal.simulate import check_out_dir

    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder.")
    taken = [name for name in (MINUTES_NAME, PV_NAME) if (out / name).exists()]
    if taken:
        raise UsageError(
            f"{out} already holds {' and '.join(taken)}; nothing was written. "
            "Give an empty or new --out folder."
        )
    check_out_dir(out)


def _unlock(p12: Path, fingerprint: str | None) -> UnlockedSigner:
    """Open a signer key with its passphrase from the keyring, the environment or a prompt;
    a remembered passphrase that no longer opens the key is forgotten and asked again."""
    from jury_desk.minutes.sign import unlock_signer
    from jury_desk.secrets import forget_passphrase, recall_passphrase

    name = _keyring_name(fingerprint or p12.name)
    remembered = recall_passphrase(name) if _env_passphrase() is None else None
    try:
        return unlock_signer(p12, _passphrase(remembered, p12))
    except KeyFileError:
        if remembered is None:
            raise
        forget_passphrase(name)
        print("The remembered passphrase no longer opens this key; it was forgotten.")
        return unlock_signer(p12, _passphrase(None, p12))


def _print_report(report: SimulationReport, seed: int, data_note: str) -> None:
    exported = report.exported
    counts = ", ".join(f"{d} {n}" for d, n in sorted(report.decisions.items()))
    print(f"Simulated session {report.bundle_id} (seed {seed}): {report.candidates} candidates")
    print(f"Decisions: {counts}; {len(report.deviations)} by the jury against the rules "
          f"({', '.join(report.deviations)}), each justified")  # fmt: skip
    flagged = ", ".join(report.flagged) or "none"
    print(f"Flagged: {len(report.flagged)} ({flagged}), each with a discussion note")
    print(f"Revisions: {report.revisions}")
    print(f"Audit head: {report.audit_head}")
    print(f"Session: {data_note}")
    print(f"minutes.json: {exported.minutes_json}")
    both = {s.key: s.institution for s in exported.minutes.slots() if s.chair and s.institution}
    signed = ", ".join(  # "chair+MINES": the chair signed once, as the Mines signer too
        f"{s.institution}+{both[s.institution]}" if s.institution in both else s.institution
        for s in exported.signatures
    )
    print(f"PV (signed by {signed}): {exported.pv}")
    print("Marked as a SIMULATION (minutes.json and every page of the PV): not a jury's PV.")


def _run(
    bundle: Path,
    keys: Sequence[PublicKey],
    folder: Path,
    p12s: dict[str, Path],
    out: Path,
    *,
    seed: int,
    lang: Lang,
    passphrase: bytes | None = None,
    signed: bool = True,
    desks: str | None = None,
) -> SimulationReport:
    """Verify, unlock the signer keys, then simulate. If that fails, the bundle's new private
    copy goes too (``simulate`` removes the session it made, if any): only the freshness
    record stays, as after ``bundle verify``, and the same command can be run again."""
    from jury_desk.bundle.verify import BUNDLES_DIR, verify_bundle
    from jury_desk.deliberation.service import DeliberationService
    from jury_desk.minutes.export import manifest_slots
    from jury_desk.minutes.sign import unlock_signer
    from jury_desk.minutes.slots import slot_for
    from jury_desk.rehearsal.simulate import simulate

    if not bundle.is_file():
        raise UsageError(f"--bundle {bundle}: no such file.")
    _check_out(out)
    copies = folder / BUNDLES_DIR
    known = set(copies.iterdir()) if copies.is_dir() else set()
    verified = verify_bundle(bundle, trusted_keys=keys, data_dir=folder)
    try:
        slots = manifest_slots(verified.manifest)

        def declared(key: str) -> str | None:
            slot = slot_for(slots, key)
            return slot.cert_sha256 if slot else None

        signers = {
            code: unlock_signer(p12, passphrase)
            if passphrase is not None
            else _unlock(p12, declared(code))
            for code, p12 in p12s.items()
        }
        trusted = next((k for k in keys if k.key_id_hex == verified.key_id_hex), None)
        return simulate(
            verified, folder, out, signers=signers, seed=seed, lang=lang, signed=signed,
            desks=desks, trusted_key=trusted,
        )  # fmt: skip
    except BaseException:
        session = DeliberationService.session_path(folder, verified.manifest.bundle_id)
        if verified.path not in known and not session.exists():
            verified.path.unlink(missing_ok=True)
        raise


def run_simulate(args: argparse.Namespace) -> int:
    from jury_desk.bundle.trust import TrustStore
    from jury_desk.core.paths import data_dir

    p12s = _signer_paths(args.signer_p12)
    folder = data_dir(args.data_dir)
    keys = _read_keys(args.trusted_key) or TrustStore(folder).keys()
    if not keys:
        raise UsageError("No trusted key: pass --trusted-key K.pub (the secretariat's key).")
    report = _run(
        args.bundle, keys, folder, p12s, args.out, seed=args.seed, lang=args.lang,
        signed=args.signed, desks=args.desks,
    )  # fmt: skip
    _print_report(report, args.seed, str(report.session_path))
    return 0


def run_demo_headless(args: argparse.Namespace) -> int:
    """``jury-desk demo --headless OUT``: simulate the shipped demo with its DEMO keys.

    Without --data-dir the session lives in a temporary folder, removed at the end: the
    demo never adds a session to the desk, and it can be run again and again.
    """
    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.core.paths import data_dir
    from jury_desk.core.resources import resource_path

    demo = resource_path("demo")
    keys = [PublicKey.from_file(demo / "DEMO-secretariat.pub")]
    p12s = {code: demo / f"DEMO-signer-{code}.p12" for code in ("chair", "MINES", "ALBERT")}

    def play(folder: Path) -> SimulationReport:
        return _run(demo / DEMO_BUNDLE, keys, folder, p12s, args.headless, seed=DEMO_SEED,
                    lang="fr", passphrase=DEMO_PASSPHRASE)  # fmt: skip

    if args.data_dir:
        report = play(data_dir(args.data_dir))
        note = str(report.session_path)
    else:
        with tempfile.TemporaryDirectory(prefix="jury-desk-demo-") as scratch:
            report = play(Path(scratch))
        note = "temporary (removed; pass --data-dir to keep it)"
    _print_report(report, DEMO_SEED, note)
    return 0
