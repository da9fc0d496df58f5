"""Killing a desk process with SIGKILL in the middle of its work, for the crash tests.

The doomed process prints an acknowledgement line after each step it has made durable
(as the GUI reports "saved" only after the commit); the test kills it at a random moment
and then checks that every acknowledged step survived. Two ways to run it:

* ``start_worker(module, *args)``: a fresh ``python -m module`` per run, so the start-up
  after a crash is part of the test (tests/deliberation/test_crash.py);
* ``ForkServer(job, *args)``: one process imports everything and prepares once, then forks
  one child per run, so fifty kills cost fifty forks rather than fifty interpreter
  start-ups (tests/reliability). Each child is an ordinary process doing the real writes,
  and SIGKILL gives it no chance to clean up. ``job`` names ``module:function``; the
  function takes the string arguments and returns the work each child runs.

    python -m tests.crashkit MODULE:FUNCTION ARG...   (the fork server; driven by stdin)
"""

from __future__ import annotations

import importlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from jury_desk.store.engine import open_readonly

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60.0
Scores = dict[str, float]
Worker = tuple[subprocess.Popen[str], list[str], threading.Thread]


def say(line: str) -> None:
    """Print one line in ONE write: ``print`` makes two (text, then newline), and a kill
    between them would leave half a line to be mistaken for an acknowledgement."""
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


# --------------------------------------------------------------------------- fresh processes


def start_worker(
    module: str, *args: str
) -> tuple[subprocess.Popen[str], list[str], threading.Thread]:
    """``python -m module args...`` with its stdout lines collected by a thread."""
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or ()), daemon=True)
    reader.start()
    return proc, lines, reader


def kill_worker(proc: subprocess.Popen[str], reader: threading.Thread) -> None:
    """SIGKILL the worker if it still runs, then collect it and close its pipes."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)
    reader.join(timeout=30)
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


def wait_for(proc: subprocess.Popen[str], lines: list[str], done: Callable[[], bool]) -> None:
    """Wait (at most a minute) until ``done()``; fail if the worker stops first."""
    deadline = time.monotonic() + START_TIMEOUT
    while not done():
        assert proc.poll() is None and time.monotonic() < deadline, lines
        time.sleep(0.005)


def wait_ready(proc: subprocess.Popen[str], lines: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while "READY\n" not in lines:
        if proc.poll() is not None or time.monotonic() > deadline:
            stderr = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"the worker did not start: {stderr}")
        time.sleep(0.01)


# --------------------------------------------------------------------------- what survived


def acked(lines: list[str], kind: str = "ACK") -> set[tuple[str, str]]:
    """(member, candidate) of the ``KIND member candidate`` lines a worker printed."""
    return {(a, b) for _, a, b in (line.split() for line in lines if line.startswith(f"{kind} "))}


def saved_sheets(
    path: Path, statuses: tuple[str, ...] = ("sealed",)
) -> dict[tuple[str, str], tuple[Scores, float | None]]:
    """(member, candidate) -> (scores, total) of the sheets in ``statuses``, read after
    SQLite's integrity check has passed."""
    conn = open_readonly(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        out: dict[tuple[str, str], tuple[Scores, float | None]] = {}
        rows = conn.execute(
            "SELECT s.member_id, s.candidate_id, s.total, k.criterion_id, k.value FROM sheet s "
            "JOIN sheet_score k ON k.sheet_id = s.id AND k.revision = s.revision "
            f"WHERE s.status IN ({','.join('?' * len(statuses))})",
            statuses,
        )
        for member, candidate, total, criterion, value in rows:
            out.setdefault((member, candidate), ({}, total))[0][criterion] = value
        return out
    finally:
        conn.close()


# --------------------------------------------------------------------------- fork server


class ForkServer:
    """Test side of the fork server: ``run_and_kill`` forks one child, kills it with SIGKILL
    after ``delay`` seconds of work and returns what the child printed."""

    def __init__(self, job: str, *args: str) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.crashkit", job, *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,  # a child's traceback goes to the test's stderr (captured by pytest)
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._expect(lambda line: line == "SERVING", "the fork server to start")

    def _read(self) -> None:
        for line in self._proc.stdout or ():
            self._lines.put(line.rstrip("\n"))

    def _next(self, what: str) -> str:
        try:
            return self._lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            self._proc.kill()
            raise AssertionError(f"timed out waiting for {what} (see stderr)") from None

    def _expect(self, match: Callable[[str], bool], what: str) -> list[str]:
        seen = []
        while not match(line := self._next(what)):
            seen.append(line)
        return [*seen, line]

    def run_and_kill(self, delay: float) -> tuple[list[str], bool]:
        """(the child's lines, whether SIGKILL really interrupted it rather than the child
        ending on its own)."""
        assert self._proc.stdin is not None
        self._proc.stdin.write("RUN\n")
        self._proc.stdin.flush()
        lines = self._expect(lambda line: line.startswith("STARTED "), "a child to start")
        pid = int(lines.pop().split()[1])
        wait_until_worked(pid, delay)
        os.kill(pid, signal.SIGKILL)
        lines += self._expect(lambda line: line.startswith(f"EXIT {pid} "), "the child's end")
        status = lines.pop()
        assert "ERROR" not in lines, f"the child failed (see its traceback on stderr): {lines}"
        return lines, status == f"EXIT {pid} signal {signal.SIGKILL}"

    def close(self) -> None:
        if self._proc.poll() is None and self._proc.stdin is not None:
            self._proc.stdin.write("QUIT\n")
            self._proc.stdin.close()
            self._proc.wait(timeout=START_TIMEOUT)
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_TICK = 1.0 / os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float | None:
    """The process's CPU time (user + system), from /proc; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * _TICK  # utime, stime (fields 14, 15)


def wait_until_worked(pid: int, delay: float) -> None:
    """Let the child work ``delay`` seconds before the kill: seconds of wall time on a quiet
    machine, but never fewer than ``delay`` seconds of its own CPU time, for at most
    twenty times the delay (CPU time counted from this call: a fresh
    process's start-up is not work). On a loaded machine (other test runs, a busy CI host) a
    wall-clock delay alone gave the child no CPU at all, and fifty kills hit fifty
    processes that had not started working: the test then proved nothing."""
    start, base = time.monotonic(), _cpu_seconds(pid) or 0.0
    time.sleep(delay)
    while time.monotonic() - start < 20 * delay:
        used = _cpu_seconds(pid)
        if used is None or used - base >= delay:
            return
        time.sleep(0.005)


def serve(job: str, args: list[str]) -> None:
    """The server side: prepare once, then fork one child per RUN line on stdin."""
    module, _, name = job.partition(":")
    work: Callable[[], None] = getattr(importlib.import_module(module), name)(*args)
    say("SERVING")
    for command in sys.stdin:
        if command.strip() != "RUN":
            break
        pid = os.fork()
        if pid == 0:  # the child: do the work until killed; never return into the loop
            code = 0
            try:
                # The child alone writes until it dies (the server waits), so lines never mix.
                say(f"STARTED {os.getpid()}")
                work()
            except BaseException:
                say("ERROR")
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else "exit"
        say(f"EXIT {pid} {how}")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
