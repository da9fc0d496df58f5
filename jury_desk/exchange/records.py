"""Append-only files of message records: one per member and direction (DESIGN.md §9).

A USB key can be pulled out in the middle of a write, and a desk can be killed in the middle
of one. Each record is a single line written by one ``write`` on a file opened for appending,
then flushed to the device (``fsync``) before the desk reports it as written. So:

* a torn write can only leave an incomplete *last* line (no ``\\n``): the reader reports it
  and ignores it, every earlier record is intact;
* the writer, on opening a file, cuts such a torn tail before it appends again, so a torn
  record is never glued to the next one;
* a line edited by hand fails its signature (or its format) and is refused on its own, with
  its line number; the other lines still count.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jury_desk.exchange.envelope import MAX_RECORD_BYTES, Envelope, ExchangeError, parse_record

SUFFIX_TO_ROOM = ".jdoutbox"  # a member desk's messages to the room desk
SUFFIX_TO_MEMBER = ".jdreply"  # the room desk's verdicts and reveal status for one member
MAX_FILE_BYTES = 256 << 20  # 2,000 sealed sheets are ~10 MiB


@dataclass
class Damaged:
    line: int
    reason: str
    message: str


@dataclass
class ReadResult:
    envelopes: list[tuple[int, Envelope]] = field(default_factory=list)  # (line, envelope)
    damaged: list[Damaged] = field(default_factory=list)
    torn_tail: bool = False  # an incomplete last record (a write cut short), ignored


def file_name(bundle_id: str, member: str, *, to_room: bool) -> str:
    """The file one member's messages (or the room's replies to them) travel in."""
    return f"{bundle_id}--{member}{SUFFIX_TO_ROOM if to_room else SUFFIX_TO_MEMBER}"


def read_records(path: Path) -> ReadResult:
    """Every record of ``path`` with its line number; damaged lines and a torn tail reported."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExchangeError(
                "file.size", f"{path.name}: {size} bytes, over the {MAX_FILE_BYTES}-byte cap"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return ReadResult()
    except OSError as exc:
        raise ExchangeError("file.read", f"{path.name} cannot be read: {exc.strerror}") from None
    result = ReadResult()
    lines = data.split(b"\n")
    if lines[-1]:  # no final newline: the last write was cut short
        result.torn_tail = True
    for number, line in enumerate(lines[:-1], start=1):
        if not line.strip():
            continue
        try:
            result.envelopes.append((number, parse_record(line)))
        except ExchangeError as exc:
            result.damaged.append(Damaged(number, exc.reason, str(exc)))
    return result


class RecordFile:
    """Appends records durably to one file (created 0600 if missing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cut_torn_tail()

    def _cut_torn_tail(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            return
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                return
            # Find the last newline, reading backwards in blocks (a record is <= 1 MiB).
            end, keep = size, 0
            while end > 0:
                start = max(0, end - 65536)
                block = os.pread(fd, end - start, start)
                cut = block.rfind(b"\n")
                if cut >= 0:
                    keep = start + cut + 1
                    break
                end = start
            if keep != size:
                os.ftruncate(fd, keep)
                os.fsync(fd)
        finally:
            os.close(fd)

    def append(self, envelopes: Iterable[Envelope]) -> int:
        """Write ``envelopes`` at the end, then fsync; the number of bytes written."""
        data = b"".join(e.record for e in envelopes)
        if not data:
            return 0
        if any(len(line) > MAX_RECORD_BYTES for line in data.split(b"\n")):
            raise ExchangeError("format", "a message is larger than a record may be")
        new = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:  # the file's name must reach the device too
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        return len(data)
