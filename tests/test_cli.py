"""The CLI's shared promises: one line on stderr, exit codes, no traceback."""

import subprocess
import sys

from jury_desk.cli import main


def test_unknown_command_is_a_one_line_usage_error(capsys):
    try:
        code = main(["no-such-command"])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "error" in err


def test_version():
    run = subprocess.run(
        [sys.executable, "-m", "jury_desk", "--version"], capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stdout.startswith("jury-desk ")


def test_broken_pipe_is_not_a_traceback():
    # `jury-desk bundle inspect B | head`: the reader closes early. A handler that writes
    # more than the pipe holds gets EPIPE; the CLI must end quietly, not with a traceback.
    code = (
        "from jury_desk import cli\n"
        "import jury_desk.commands.app as app\n"
        "def flood(args):\n"
        "    for _ in range(100000): print('x' * 100)\n"
        "app.run_gui = flood\n"
        "raise SystemExit(cli.main([]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "internal error" not in err


def test_data_dir_is_honoured_before_and_after_the_sub_command(tmp_path, monkeypatch):
    from jury_desk.core.resources import resource_path

    monkeypatch.delenv("JURY_DESK_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the platformdirs default, if used
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "share"))
    bundle = resource_path("demo", "admission-master.jdbundle")
    key = resource_path("demo", "DEMO-secretariat.pub")
    before, after = tmp_path / "before", tmp_path / "after"
    assert (
        main(
            ["--data-dir", str(before), "bundle", "verify", str(bundle), "--trusted-key", str(key)]
        )
        == 0
    )
    assert (
        main(["bundle", "verify", str(bundle), "--trusted-key", str(key), "--data-dir", str(after)])
        == 0
    )
    assert (before / "ledger.sqlite").is_file() and (after / "ledger.sqlite").is_file()
    assert not (tmp_path / "home").exists()


def test_opening_the_app_does_not_load_every_command_group():
    # `jury-desk` alone goes straight to the GUI: the PV and store stacks are not imported.
    code = (
        "import sys\n"
        "from jury_desk import cli\n"
        "import jury_desk.commands.app as app\n"
        "app.run_gui = lambda args: print(args.data_dir) or 0\n"
        "assert cli.main(['--data-dir', '/tmp/x']) == 0\n"
        "heavy = [m for m in ('pyhanko', 'reportlab', 'sqlalchemy') if m in sys.modules]\n"
        "print(heavy); raise SystemExit(1 if heavy else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[0] == "/tmp/x"
