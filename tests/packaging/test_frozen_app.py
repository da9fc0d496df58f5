"""The one-folder build runs on its own: the CLI, the demo session played headless to a
signed PV that verifies, clean refusals, and the desktop app opening the shipped demo."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jury_desk import __version__
from tests.e2e.simkit import without_salted
from tests.minutes import poppler
from tests.packaging.conftest import ROOT, FrozenApp
from tests.tooling import require_tool

DEMO_BUNDLE = "admission-master.jdbundle"
DEMO_KEY = "DEMO-secretariat.pub"
SIMULATION = "--allow-simulation"  # the headless demo's PV records a simulation


def shipped_demo(app: FrozenApp, name: str) -> Path:
    """A demo file as the frozen app ships it (not the checkout's copy)."""
    path = app.internal / "jury_desk" / "resources" / "demo" / name
    assert path.is_file(), f"{name} is not in the frozen build"
    return path


@pytest.fixture(scope="module")
def headless(frozen_app: FrozenApp, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("frozen-demo") / "out"
    done = frozen_app.run("demo", "--headless", out)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert f"PV (signed by chair, MINES, ALBERT): {out / 'PV.pdf'}" in done.stdout.splitlines()
    return out


def test_version_is_the_package_version(frozen_app: FrozenApp):
    done = frozen_app.run("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"jury-desk {__version__}\n", "")


def test_headless_demo_pv_verifies_with_the_frozen_and_the_source_desk(
    frozen_app: FrozenApp, headless: Path
):
    pv = headless / "PV.pdf"
    bundle, key = shipped_demo(frozen_app, DEMO_BUNDLE), shipped_demo(frozen_app, DEMO_KEY)
    args = ("minutes", "verify", pv, "--bundle", bundle, "--trusted-key", key, SIMULATION)
    checked = frozen_app.run(*args)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1] == "Result: VALID (SIMULATION)"
    source = subprocess.run(
        [sys.executable, "-m", "jury_desk", *map(str, args)],
        capture_output=True, text=True, timeout=120, env=frozen_app.env, cwd=ROOT,
    )  # fmt: skip
    assert (source.returncode, source.stdout) == (0, checked.stdout), source.stderr
    assert poppler.all_signatures_valid(pv, expected=3)  # the chair, MINES, ALBERT


def test_headless_demo_plays_the_same_session_as_the_source_tree(
    frozen_app: FrozenApp, headless: Path, tmp_path
):
    """Same code, same seed: the frozen libraries (pydantic, ReportLab...) change nothing."""
    done = subprocess.run(
        [sys.executable, "-m", "jury_desk", "demo", "--headless", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=180, env=frozen_app.env, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    frozen = json.loads((headless / "minutes.json").read_bytes())
    source = json.loads((tmp_path / "out" / "minutes.json").read_bytes())
    assert frozen["bundle"]["id"] == "demo-2026-master-admission"
    assert without_salted(frozen) == without_salted(source)


def test_frozen_verify_rejects_a_pv_with_one_flipped_byte(
    frozen_app: FrozenApp, headless: Path, tmp_path
):
    data = bytearray((headless / "PV.pdf").read_bytes())
    data[len(data) // 3] ^= 0x01  # inside the first revision, under both signatures
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(bytes(data))
    done = frozen_app.run("minutes", "verify", forged, SIMULATION)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "Result: NOT VALID"
    assert done.stderr.startswith("jury-desk: PV not valid: signature Signature-chair ")
    assert done.stderr.endswith(": the signed bytes were changed\n")
    assert done.stderr.count("\n") == 1


def test_frozen_bundle_verify_accepts_the_demo_and_refuses_a_tampered_copy(
    frozen_app: FrozenApp, tmp_path
):
    key = shipped_demo(frozen_app, DEMO_KEY)
    accepted = frozen_app.run(
        "bundle", "verify", shipped_demo(frozen_app, DEMO_BUNDLE), "--trusted-key", key,
        "--data-dir", tmp_path / "ok",
    )  # fmt: skip
    assert (accepted.returncode, accepted.stderr) == (0, "")
    assert accepted.stdout.startswith("ACCEPTED: bundle demo-2026-master-admission version 1\n")

    data = bytearray(shipped_demo(frozen_app, DEMO_BUNDLE).read_bytes())
    data[200] ^= 0xFF  # inside the first entry, the deflated manifest.json
    tampered = tmp_path / "tampered.jdbundle"
    tampered.write_bytes(bytes(data))
    desk = tmp_path / "desk"
    desk.mkdir()
    refused = frozen_app.run("bundle", "verify", tampered, "--trusted-key", key, "--data-dir", desk)
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr.startswith("jury-desk: Bundle rejected (zip.corrupt) [manifest.json]: ")
    assert refused.stderr.count("\n") == 1
    assert list(desk.iterdir()) == []  # no private copy, no freshness record


def wait_for(path_glob: str, folder: Path, proc: subprocess.Popen, timeout: float) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        found = sorted(folder.glob(path_glob))
        if found:
            return found
        time.sleep(0.2)
    return sorted(folder.glob(path_glob))


@pytest.mark.parametrize("platform", ["xcb", "offscreen"])
def test_frozen_desktop_app_opens_the_shipped_demo(frozen_app: FrozenApp, tmp_path, platform):
    """The window starts on the platform plugin the build keeps, verifies the shipped demo
    bundle and creates its session: proof that Qt, its plugins and the resources load."""
    command = [str(frozen_app.exe), "demo", "--data-dir", str(tmp_path / "desk")]
    env = dict(frozen_app.env, QT_QPA_PLATFORM=platform)
    if platform == "xcb":  # a real X server, as on a desktop
        command = [require_tool("xvfb-run"), "--auto-servernum", *command]
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        sessions = wait_for("sessions/*.jdsession", tmp_path / "desk", proc, timeout=90)
        still_running = proc.poll() is None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # our own process group: xvfb-run and the app
        _, err = proc.communicate(timeout=30)
    assert still_running, f"the app exited ({proc.returncode}): {err[-2000:]}"
    assert [p.name for p in sessions] == ["demo-2026-master-admission.jdsession"], err[-2000:]


def test_the_frozen_app_opens_an_archive_on_sqlite_and_postgresql(frozen_app: FrozenApp, pg):
    """Opening an archive migrates it: Alembic reads its scripts as files, which ship as
    data (freeze_config.migration_datas). psycopg and its C build are imported by name
    only when a postgresql:// address is opened (freeze_config.EXTRA_HIDDEN_IMPORTS)."""
    assert list((frozen_app.internal / "psycopg_binary").glob("_psycopg*.so"))
    for db in ([], ["--db", pg.new_database()]):  # the data folder's SQLite file, then PG
        done = frozen_app.run("archive", "search", "Lefèvre", *db)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        assert done.stdout == "0 decisions found.\n"


def test_simulate_with_member_desks_runs_from_the_frozen_app(frozen_app: FrozenApp, tmp_path):
    """``simulate --desks`` starts one member-desk process per member: in the frozen app,
    which has no ``python -m``, through the app itself (its hidden --member-desk-process)."""
    demo = {
        n: shipped_demo(frozen_app, f"DEMO-signer-{n}.p12") for n in ("chair", "MINES", "ALBERT")
    }
    out = tmp_path / "out"
    done = subprocess.run(
        [str(frozen_app.exe), "simulate", "--bundle", str(shipped_demo(frozen_app, DEMO_BUNDLE)),
         "--trusted-key", str(shipped_demo(frozen_app, DEMO_KEY)),
         *(f"--signer-p12={code}={path}" for code, path in demo.items()),
         "--out", str(out), "--data-dir", str(tmp_path / "desk"), "--desks", "files"],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
        env=dict(frozen_app.env, JURY_DESK_KEY_PASSPHRASE="demo"),
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, ""), done.stderr[-2000:]
    minutes = json.loads((out / "minutes.json").read_bytes())
    totals = [t for c in minutes["candidates"] for ts in c["totals"].values() for t in ts]
    assert totals and all(set(t["seal"]["desk"]) == {"n", "sent_at", "sig"} for t in totals)
