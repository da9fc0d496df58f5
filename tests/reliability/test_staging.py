"""The scratch folder of an export killed with SIGKILL is removed by the next export into
the same folder; the scratch folder of an export still running is not, and nothing else in
the folder is ever touched (jury_desk/minutes/export.py, ``_staging_lease``)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import STAGING_PREFIX, export_minutes_with
from jury_desk.minutes.model import parse_minutes
from jury_desk.minutes.verify import verify_pv
from tests.crashkit import ROOT
from tests.reliability.conftest import Closed


def _export(closed: Closed) -> None:
    with DeliberationService.resume(closed.session) as svc:
        export_minutes_with(svc, closed.out, signers=closed.unlocked)


def _scratch_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX))


def _good_pv(closed: Closed, reference: dict[str, object]) -> None:
    report = verify_pv(closed.pv)
    assert report.ok, "\n".join(report.lines())
    minutes = parse_minutes(closed.minutes_json.read_bytes())
    assert minutes.model_dump(exclude={"generated_at"}) == reference


@pytest.fixture
def stopped_export(closed: Closed, tmp_path: Path) -> Iterator[tuple[subprocess.Popen, Path]]:
    """Another process exporting into ``closed.out``, stopped with its scratch folder on
    disk (tests/reliability/staging_worker.py). It exports its own copy of the session:
    one session opens in one process at a time."""
    copy = tmp_path / "worker-data" / closed.session.name
    copy.parent.mkdir(mode=0o700)
    shutil.copy2(closed.session, copy)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.staging_worker", copy, closed.out,
         closed.signers.mines, closed.signers.albert],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until the worker is stopped, or dies
        assert line.startswith("STAGED "), f"the worker did not reach its scratch folder: {line!r}"
        yield proc, Path(line.split(" ", 1)[1].rstrip("\n"))
    finally:
        proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


def test_a_killed_exports_scratch_folder_goes_with_the_next_export_a_live_ones_stays(
    closed: Closed, stopped_export: tuple[subprocess.Popen, Path]
) -> None:
    reference = parse_minutes(closed.minutes_json.read_bytes()).model_dump(exclude={"generated_at"})
    proc, scratch = stopped_export
    assert scratch.parent == closed.out and (scratch / "unsigned.pdf").is_file()

    _export(closed)  # while the other export is alive: its scratch folder stays
    assert proc.poll() is None
    assert _scratch_folders(closed.out) == [scratch.name]
    assert (scratch / "unsigned.pdf").is_file()
    _good_pv(closed, reference)

    proc.kill()  # SIGKILL: no chance to clean up
    assert proc.wait() == -signal.SIGKILL
    assert _scratch_folders(closed.out) == [scratch.name]  # as the killed export left it

    _export(closed)
    assert _scratch_folders(closed.out) == []
    assert sorted(p.name for p in closed.out.iterdir()) == ["PV.pdf", "minutes.json"]
    _good_pv(closed, reference)


def test_the_next_export_removes_only_dead_scratch_folders(closed: Closed, tmp_path: Path):
    out = closed.out
    dead = out / f"{STAGING_PREFIX}k1ll3d_x"  # as a killed export (or an older desk) left it
    dead.mkdir()
    (dead / "unsigned.pdf").write_bytes(b"%PDF-1.4 half a PV")
    (dead / "signed-0.pdf").write_bytes(b"%PDF-1.4 a PV signed once")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the export's", "utf-8")
    kept = {
        f"{STAGING_PREFIX}abcdefgh": "file",  # our name, but not a folder
        f"{STAGING_PREFIX}linkdir1": "link",  # our name, a link to a folder elsewhere
        f"{STAGING_PREFIX}Notes": "folder",  # not a name tempfile makes
        f"{STAGING_PREFIX}a.b": "folder",
        ".pv-exports": "folder",
        "pv-export-abcdefgh": "folder",  # not hidden: not ours
    }
    for name, kind in kept.items():
        path = out / name
        if kind == "file":
            path.write_text("a user's file", "utf-8")
        elif kind == "link":
            path.symlink_to(elsewhere, target_is_directory=True)
        else:
            path.mkdir()
            (path / "inside.txt").write_text("a user's file", "utf-8")

    _export(closed)

    assert not dead.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([*kept, "PV.pdf", "minutes.json"])
    for name, kind in kept.items():
        if kind == "folder":
            assert (out / name / "inside.txt").read_text("utf-8") == "a user's file"
    assert (out / f"{STAGING_PREFIX}abcdefgh").read_text("utf-8") == "a user's file"
    assert (out / f"{STAGING_PREFIX}linkdir1").is_symlink()
    assert (elsewhere / "keep.txt").read_text("utf-8") == "not the export's"
    assert verify_pv(closed.pv).ok
