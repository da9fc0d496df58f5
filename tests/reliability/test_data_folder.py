"""A read-only or missing data folder: one plain line and a non-zero exit from the CLI, a
``StoreError`` from the service, never a traceback, and nothing written.

The processes run without root's file capabilities (tests/reliability/unprivileged.py), so
a 0500 folder is read-only to them whoever runs the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jury_desk.store.audit import verify_chain
from tests.deliberation.jury import CHAIR, open_room, snapshot
from tests.e2e.simkit import Bundle, make_bundle
from tests.factories import FAKE_CERT_ALBERT, FAKE_CERT_MINES
from tests.reliability.unprivileged import read_only, run_python

CERTS = {"MINES": FAKE_CERT_MINES, "ALBERT": FAKE_CERT_ALBERT}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), CERTS, n_candidates=3)


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def one_line_error(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jury-desk: "), result.stderr
    return lines[0]


def verify_cli(bundle: Bundle, *data_dir: str | Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return run_python(
        "-m", "jury_desk", *data_dir, "bundle", "verify", bundle.path,
        "--trusted-key", bundle.public_key, env=env,
    )  # fmt: skip


# -- the command line ------------------------------------------------------------------------


def test_bundle_verify_with_a_read_only_data_folder(tmp_path: Path, bundle: Bundle):
    data = read_only(tmp_path / "desk-data")
    line = one_line_error(verify_cli(bundle, "--data-dir", data))
    assert line == (
        f"jury-desk: The data folder {data} is not writable. Choose another with --data-dir."
    )
    assert tree(data) == []


def test_simulate_with_a_read_only_data_folder(tmp_path: Path, bundle: Bundle):
    data = read_only(tmp_path / "desk-data")
    for key in ("m.p12", "a.p12"):  # the data folder is refused before any key is opened
        (tmp_path / key).write_bytes(b"")
    result = run_python(
        "-m", "jury_desk", "simulate", "--bundle", bundle.path, "--trusted-key",
        bundle.public_key, "--signer-p12", f"MINES={tmp_path / 'm.p12'}",
        "--signer-p12", f"ALBERT={tmp_path / 'a.p12'}",
        "--out", tmp_path / "out", "--data-dir", data,
    )  # fmt: skip
    assert "is not writable. Choose another with --data-dir." in one_line_error(result)
    assert tree(data) == [] and not (tmp_path / "out").exists()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_data_folder_that_cannot_exist(tmp_path: Path, bundle: Bundle, how: str):
    blocker = tmp_path / "a file"
    blocker.write_bytes(b"")
    missing = blocker / "desk-data"
    if how == "option":
        result = verify_cli(bundle, "--data-dir", missing)
    else:
        import os

        result = verify_cli(bundle, env={**os.environ, "JURY_DESK_DATA_DIR": str(missing)})
    assert one_line_error(result) == (
        f"jury-desk: Cannot create the data folder {missing}: Not a directory. "
        "Choose another with --data-dir."
    )
    assert blocker.read_bytes() == b""


def test_audit_verify_in_a_missing_data_folder(tmp_path: Path):
    result = run_python(
        "-m", "jury_desk", "--data-dir", tmp_path / "nowhere", "audit", "verify", "s.jdsession"
    )
    assert "s.jdsession" in one_line_error(result, code=2)
    assert not (tmp_path / "nowhere").exists()


# -- the service -------------------------------------------------------------------------------


def probe(*args: str | Path) -> str:
    result = run_python("-m", "tests.reliability.service_probe", *args)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    (line,) = result.stdout.splitlines()
    return line


def test_the_service_refuses_to_start_a_session_in_a_read_only_data_folder(
    tmp_path: Path, bundle: Bundle
):
    data = read_only(tmp_path / "desk-data")
    line = probe("open-from-bundle", bundle.path, bundle.public_key, tmp_path / "scratch", data)
    assert line == (
        f"StoreError: {data} is read-only (or not writable by this account). Nothing was "
        "written. Make it writable, or use another folder, then try again."
    )
    assert tree(data) == []


def test_a_session_in_a_read_only_folder_is_refused_as_read_only_not_damaged(tmp_path: Path):
    (tmp_path / "sessions").mkdir()
    room = open_room(tmp_path / "sessions")
    room.svc.close()
    before = tree(tmp_path / "sessions")
    read_only(tmp_path / "sessions")
    line = probe("resume", room.svc.path)
    assert line.startswith(f"StoreError: {tmp_path / 'sessions'} is read-only")
    assert "The session was not opened." in line and "damaged" not in line
    assert tree(tmp_path / "sessions") == before


def test_a_read_only_session_file_refuses_a_change_plainly(tmp_path: Path):
    room = open_room(tmp_path, present=[m for m in ("m-mines-2", "m-albert-1")])
    room.svc.close()
    path = room.svc.path
    before, head = snapshot(path), verify_chain(path).head_hash
    path.chmod(0o400)
    line = probe("check-in", path, CHAIR)
    assert line == (
        f"StoreError: {path} is read-only (or not writable by this account). This change was "
        "not saved; everything saved before is intact. Make it writable, or use another "
        "folder, then try again."
    )
    assert snapshot(path) == before and verify_chain(path).head_hash == head


def test_audit_verify_reads_an_archived_session_in_a_read_only_folder(tmp_path: Path):
    # The secretariat checks archives years later, often from read-only media.
    room = open_room(tmp_path, present=[m for m in ("m-mines-2", "m-albert-1")])
    room.svc.close()
    path = room.svc.path
    head = verify_chain(path).head_hash
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # closing folds the WAL back in
    path.chmod(0o400)
    # A copy tool may also bring an empty -wal beside it; the file is still the whole session.
    archive = tmp_path / "archive"
    archive.mkdir()
    copy = archive / path.name
    copy.write_bytes(path.read_bytes())
    (archive / f"{path.name}-wal").write_bytes(b"")
    for target in (path, copy):
        read_only(target.parent)
        result = run_python("-m", "jury_desk", "audit", "verify", target)
        assert result.returncode == 0, result.stderr
        assert f"Head hash: {head}" in result.stdout.splitlines()
