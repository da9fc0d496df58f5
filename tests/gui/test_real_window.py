"""The keyboard-only demo path at 1024×700 in a real X window (issue 15): the same test as
``test_keyboard_path.py``, in a child process on Qt's xcb platform, against an Xvfb server
this test starts (and always stops); and there, the export's folder chooser Qt picks by
itself, French in every word (``test_folder_dialog.py``). Under CI, a missing Xvfb is a
failure, never a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.tooling import require_tool

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 600


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as lines:
        number = lines.readline().strip()  # Xvfb writes its display once it is ready
    if not number:
        server.kill()
        raise AssertionError("Xvfb did not start")
    return server, f":{number}"


def test_the_keyboard_demo_path_in_a_real_x_window(tmp_path):
    require_tool("Xvfb")  # a failure under CI=true, a skip only on a machine without it
    server, display = start_xvfb()
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        env.pop("WAYLAND_DISPLAY", None)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--basetemp",
                str(tmp_path / "child"),
                "tests/gui/test_keyboard_path.py",
                "tests/gui/test_folder_dialog.py",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout
