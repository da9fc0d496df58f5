"""``simulate --desks`` starts its member desks through the app itself when frozen (a
frozen app has no ``python -m``): the hidden ``--member-desk-process`` argument."""

from __future__ import annotations

import io
import subprocess
import sys

from jury_desk import cli
from jury_desk.rehearsal import desk_process


def test_a_frozen_app_starts_its_member_desks_through_itself(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desk_process.command() == [sys.executable, desk_process.ARG]
    monkeypatch.delattr(sys, "frozen")
    assert desk_process.command() == [sys.executable, "-m", "jury_desk.rehearsal.desk_process"]


def test_the_hidden_argument_runs_one_member_desk_from_its_job_on_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"timeout": 1}'))
    assert cli.main([desk_process.ARG]) == 1  # no bundle named: refused, in one line
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("member desk: ") and err.count("\n") == 1


def test_the_hidden_argument_is_not_in_the_help():
    done = subprocess.run(
        [sys.executable, "-m", "jury_desk", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and desk_process.ARG not in done.stdout
