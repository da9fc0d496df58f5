"""``jury-desk simulate`` and its --out folder: a folder it cannot write to is refused before
anything is written (not found after the whole run), and a run that fails at the export
leaves nothing that stops the same command from being run again."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from jury_desk.minutes import export
from jury_desk.minutes.verify import verify_pv
from jury_desk.rehearsal.simulate import check_out_dir
from tests.e2e.simkit import PASSPHRASE, PASSPHRASE_ENV, Bundle, Signers, files_under, make_bundle
from tests.e2e.simkit import simulate as simulate_cli
from tests.reliability.unprivileged import read_only, run_python

LEDGER = "ledger.sqlite"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=4)


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_read_only_out_is_refused_before_the_bundle_is_even_verified(
    tmp_path: Path, bundle: Bundle, signers: Signers
):
    out = read_only(tmp_path / "out")
    data = tmp_path / "desk-data"
    # A process without root's file rights, with working keys and passphrase: only --out
    # can stop it.
    result = run_python(
        "-m", "jury_desk", "simulate", "--bundle", bundle.path,
        "--trusted-key", bundle.public_key, *signers.argv(), "--out", out, "--data-dir", data,
        env={**os.environ, PASSPHRASE_ENV: PASSPHRASE},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr  # a usage error, like --out being a file
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr == (
        f"jury-desk: --out {out}: cannot write there (Permission denied); nothing was "
        "written. Give a folder you can write to.\n"
    )
    assert tree(data) == []  # no session, no bundle copy, no freshness record
    assert tree(out) == []


def test_an_out_below_a_file_is_refused_and_nothing_is_left(
    tmp_path: Path, bundle: Bundle, signers: Signers, signer_env: pytest.MonkeyPatch
):
    blocker = tmp_path / "a file"
    blocker.write_bytes(b"not a folder")
    out = blocker / "pv" / "out"
    run = simulate_cli(bundle, signers, tmp_path, "--out", out)  # the last --out wins
    assert run.code == 2 and run.stderr == (
        f"jury-desk: --out {out}: cannot write there (Not a directory); nothing was "
        "written. Give a folder you can write to.\n"
    )
    assert files_under(run.data) == [] and not run.out.exists()
    assert blocker.read_bytes() == b"not a folder"


def test_the_probe_leaves_no_folder_it_made(tmp_path: Path):
    out = tmp_path / "new" / "deeper" / "out"
    check_out_dir(out)
    assert tree(tmp_path) == []
    existing = tmp_path / "existing"
    existing.mkdir()
    check_out_dir(existing)
    assert tree(tmp_path) == ["existing"]


def test_a_run_that_fails_at_the_export_can_simply_be_run_again(
    tmp_path: Path,
    bundle: Bundle,
    signers: Signers,
    signer_env: pytest.MonkeyPatch,
    monkeypatch: pytest.MonkeyPatch,
):
    def disk_full(*_args: object, **_kwargs: object) -> bytes:
        raise OSError(errno.ENOSPC, "No space left on device (injected)")

    with monkeypatch.context() as patch:  # the disk fills up once the session is played
        patch.setattr(export, "render_pv_bytes", disk_full)
        failed = simulate_cli(bundle, signers, tmp_path)
    assert failed.code == 1 and failed.stderr.count("\n") == 1, failed.stderr
    assert f"The disk holding {failed.out} is full." in failed.stderr
    # The played session is gone with its bundle copy: only the freshness record stays, as
    # after 'bundle verify'. No PV, no scratch folder.
    assert files_under(failed.data) == [LEDGER]
    assert tree(failed.out) == []

    again = simulate_cli(bundle, signers, tmp_path)
    assert again.code == 0, again.stderr
    assert verify_pv(again.pv).ok
    assert files_under(again.out) == ["PV.pdf", "minutes.json"]
    session = f"sessions/{bundle.manifest.bundle_id}.jdsession"
    assert session in files_under(again.data)
