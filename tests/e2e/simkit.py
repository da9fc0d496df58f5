"""Signed bundles that declare real signer keys, and ``jury-desk simulate`` runs (tests only)."""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jury_desk.cli import main
from jury_desk.minutes.sign import UnlockedSigner, unlock_signer
from jury_desk.minutes.signer_keys import create_signer_p12
from tests.minutes.bundled import SessionBundle, make_session_bundle

PASSPHRASE_ENV = "JURY_DESK_KEY_PASSPHRASE"
PASSPHRASE = "signer passphrase é"  # both test signers share it: the variable is one


@dataclass(frozen=True)
class Signers:
    mines: Path
    albert: Path
    certs: dict[str, str]  # institution -> certificate SHA-256

    def argv(self) -> list[str]:
        return ["--signer-p12", f"MINES={self.mines}", "--signer-p12", f"ALBERT={self.albert}"]

    def unlocked(self) -> dict[str, UnlockedSigner]:
        """Both institutions' signer keys, unlocked with the test passphrase."""
        secret = PASSPHRASE.encode("utf-8")
        return {
            "MINES": unlock_signer(self.mines, secret),
            "ALBERT": unlock_signer(self.albert, secret),
        }


def make_signers(folder: Path) -> Signers:
    secret = PASSPHRASE.encode("utf-8")
    mines, albert = folder / "mines.p12", folder / "albert.p12"
    return Signers(
        mines,
        albert,
        {
            "MINES": create_signer_p12("Pierre-Yves Martin", "MINES", secret, mines),
            "ALBERT": create_signer_p12("Karim Haddad", "ALBERT", secret, albert),
        },
    )


Bundle = SessionBundle


def make_bundle(
    folder: Path,
    certs: dict[str, str],
    *,
    kind: str = "admission",
    n_candidates: int = 12,
    seal: tuple[str, ...] = (),
) -> Bundle:
    """A bundle valid now (issued yesterday) whose signers are ``certs``, with the minutes
    sample's long and accented candidate names (``seal``: the blind fields it seals)."""
    folder.mkdir(parents=True, exist_ok=True)
    issued = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    return make_session_bundle(folder, certs, n_candidates=n_candidates, kind=kind,
                               issued_at=issued, seal=seal)  # fmt: skip


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    out: Path
    data: Path

    @property
    def pv(self) -> Path:
        return self.out / "PV.pdf"

    @property
    def minutes_json(self) -> Path:
        return self.out / "minutes.json"

    def minutes(self) -> dict[str, Any]:
        return json.loads(self.minutes_json.read_bytes())

    def summary(self, label: str) -> str:
        """The value of one line of the printed summary (e.g. 'Audit head')."""
        found = re.search(rf"^{re.escape(label)}: (.*)$", self.stdout, re.MULTILINE)
        assert found, self.stdout
        return found.group(1)


def cli(*argv: object) -> tuple[int, str, str]:
    """Run ``jury-desk`` in this process: (exit code, stdout, stderr). Usable from fixtures of
    any scope, unlike capsys."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def simulate(
    bundle: Bundle,
    signers: Signers,
    folder: Path,
    *extra: object,
    seed: int = 7,
) -> Run:
    out, data = folder / "out", folder / "desk-data"
    code, stdout, stderr = cli(
        "simulate", "--bundle", bundle.path, "--trusted-key", bundle.public_key,
        *signers.argv(), "--out", out, "--seed", seed, "--data-dir", data, *extra,
    )  # fmt: skip
    return Run(code, stdout, stderr, out, data)


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def without_salted(minutes: dict[str, Any]) -> dict[str, Any]:
    """minutes.json without what fresh random salts and keys make differ between two runs of
    one seed: the audit head and the session's random id, each counted sheet's commitment
    and what of its seal event they change (the previous hash, the envelope sealed to a
    fresh reveal key, the signature), and, in a signed session, each member's key made in
    the room (its fingerprint and public key)."""
    out = {k: v for k, v in minutes.items() if k not in ("audit_head", "audit_session")}
    random = {"commitment", "signature", "seal_signature"}
    random_in_seal = {"prev_hash", "envelope", "signature", "desk"}
    keys = {"key_sha256", "public_key"}
    out["jury"] = [{k: v for k, v in m.items() if k not in keys} for m in minutes["jury"]]

    def total(t: dict[str, Any]) -> dict[str, Any]:
        kept = {k: v for k, v in t.items() if k not in random}
        if isinstance(kept.get("seal"), dict):
            kept["seal"] = {k: v for k, v in kept["seal"].items() if k not in random_in_seal}
        return kept

    out["candidates"] = [
        {
            **c,
            "totals": {code: [total(t) for t in totals] for code, totals in c["totals"].items()},
        }
        for c in minutes["candidates"]
    ]
    return out
