"""``jury-desk audit verify``: exit 0 with the head hash, 1 naming the first broken event."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from jury_desk.cli import main
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.store.audit import verify_chain
from tests.factories import make_manifest


@pytest.fixture
def session(data_dir):
    path = DeliberationService.session_path(data_dir, "test-2026-master")
    svc = DeliberationService.create(
        path, make_manifest(), "ab" * 32, scrypt=FAST_FOR_TESTS, signed=False
    )
    for member in ("m-mines-1", "m-albert-1", "m-albert-2"):
        svc.check_in(member)
    svc.close()
    return path


def test_an_intact_chain_exits_0_and_prints_the_head(session, capsys):
    assert main(["audit", "verify", str(session)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Audit chain of test-2026-master.jdsession is intact: 4 events (unsigned log, format 1).",
        f"Head hash: {verify_chain(session).head_hash}",
        "Secretariat signature of the manifest: not checked (no trusted key: pass "
        "--trusted-key SECRETARIAT.pub, or add it to the desk's trusted keys).",
    ]


def test_a_bare_session_name_is_found_in_the_data_folder(session, capsys, monkeypatch):
    monkeypatch.chdir(session.parent.parent)  # not the sessions folder itself
    assert main(["audit", "verify", "test-2026-master"]) == 0
    assert capsys.readouterr().out.startswith("Audit chain of test-2026-master.jdsession")


def test_a_broken_chain_exits_1_naming_the_first_broken_event(session, capsys):
    conn = sqlite3.connect(session)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET actor = 'm-albert-3' WHERE seq = 3")
    conn.commit()
    conn.close()
    assert main(["audit", "verify", str(session)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "BROKEN at event #3: its hash does not match its content" in line
    assert "The 2 events before it are intact" in line


def test_the_chain_can_be_checked_while_a_desk_has_the_session_open(session):
    svc = DeliberationService.resume(session, scrypt=FAST_FOR_TESTS)
    try:
        svc.check_in("m-mines-2")
        run = subprocess.run(
            [sys.executable, "-m", "jury_desk", "audit", "verify", str(session)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert "intact: 5 events" in run.stdout
        assert svc.audit_head()[1] in run.stdout
    finally:
        svc.close()


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (None, 2, "x.jdsession: no such file (nor "),
        (b"garbage" * 50, 1, "not a readable jury-desk session"),
    ],
)
def test_bad_arguments_are_one_line_errors(tmp_path, capsys, content, code, message):
    path = tmp_path / "x.jdsession"
    if content is not None:
        path.write_bytes(content)
    assert main(["audit", "verify", str(path)]) == code
    (line,) = capsys.readouterr().err.splitlines()
    assert message in line


def test_a_folder_is_not_a_session_file(tmp_path, capsys):
    assert main(["audit", "verify", str(tmp_path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith("is not a session file.")
