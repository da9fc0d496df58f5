"""A closed session with its signed PV, made once (a simulation: the export path is the
real one), and a fresh copy of it for each test that writes."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.minutes.export import PV_NAME, unlock_signers
from jury_desk.minutes.model import MINUTES_NAME
from jury_desk.minutes.sign import UnlockedSigner
from jury_desk.rehearsal.simulate import simulate
from tests.e2e.simkit import PASSPHRASE, Signers, make_bundle, make_signers
from tests.reliability.smalldisk import small_disk  # noqa: F401 - a fixture for the tests

N_CANDIDATES = 12


@dataclass(frozen=True)
class Closed:
    session: Path  # the closed .jdsession
    out: Path  # holds the good PV.pdf and minutes.json exported when it closed
    signers: Signers
    unlocked: dict[str, UnlockedSigner]

    @property
    def pv(self) -> Path:
        return self.out / PV_NAME

    @property
    def minutes_json(self) -> Path:
        return self.out / MINUTES_NAME


@pytest.fixture(scope="session")
def closed_template(tmp_path_factory: pytest.TempPathFactory) -> Closed:
    folder = tmp_path_factory.mktemp("closed")
    signers = make_signers(folder)
    bundle = make_bundle(folder / "bundle", signers.certs, n_candidates=N_CANDIDATES)
    verified = verify_bundle(
        bundle.path, trusted_keys=[PublicKey.from_file(bundle.public_key)], data_dir=folder / "data"
    )
    secret = PASSPHRASE.encode("utf-8")
    unlocked = unlock_signers(
        [(signers.mines, secret, "MINES"), (signers.albert, secret, "ALBERT")]
    )
    report = simulate(verified, folder / "data", folder / "out", signers=unlocked, seed=3)
    return Closed(report.session_path, folder / "out", signers, unlocked)


@pytest.fixture
def closed(closed_template: Closed, tmp_path: Path) -> Closed:
    """A private copy of the closed session and of its exported PV and minutes.json."""
    session = tmp_path / "data" / closed_template.session.name
    session.parent.mkdir(mode=0o700)
    for side in ("", "-wal", "-shm"):  # closed cleanly, so normally only the main file
        source = closed_template.session.with_name(closed_template.session.name + side)
        if source.exists():
            shutil.copy2(source, session.with_name(session.name + side))
    out = tmp_path / "out"
    shutil.copytree(closed_template.out, out)
    return Closed(session, out, closed_template.signers, closed_template.unlocked)
