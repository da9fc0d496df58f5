"""Hardened, read-only ZIP reader for dossier bundles (DESIGN.md §2, step 1).

Why not ``zipfile``: Python 3.11's reader is built to be lenient. It shifts every offset
when data is prepended, truncates names at NUL, decodes non-UTF-8 names as cp437, never
checks that entries overlap (the trick behind non-recursive zip bombs) and trusts declared
sizes. A bundle is hostile input, so this module parses the structures itself with
``struct``, accepts only one unambiguous reading of the archive, and refuses anything
else with a ``BundleError("zip.<reason>", message, entry)``. The codes are in ``CHECKS``.

Everything structural is validated when the archive is opened. Contents are validated
while streaming: a stream may never produce more than its declared size (so the caps
checked at open hold), must produce exactly that size, and must match its CRC-32.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import threading
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from jury_desk.core.errors import BundleError

MiB = 1 << 20
GiB = 1 << 30

#: Every check code this module raises, with what it means (the GUI translates the codes).
CHECKS: dict[str, str] = {
    "zip.not-zip": "the file is not a ZIP archive",
    "zip.truncated": "the archive ends before its structures do (incomplete copy)",
    "zip.corrupt": "the archive's structures are inconsistent or ambiguous",
    "zip.zip64": "ZIP64 records are missing, inconsistent or used oddly",
    "zip.multi-disk": "the archive spans several disks",
    "zip.too-many-entries": "more entries than the limit",
    "zip.entry-too-large": "an entry is, or expands to, more than the limit or its declared size",
    "zip.total-too-large": "the entries add up to more than the limit",
    "zip.ratio": "an entry's compression ratio is too high (zip bomb)",
    "zip.name-too-long": "an entry name is longer than the limit",
    "zip.name-encoding": "an entry name is not valid UTF-8, or is non-ASCII without the UTF-8 flag",
    "zip.nul": "an entry name contains a NUL character",
    "zip.control-char": "an entry name contains a control character",
    "zip.backslash": "an entry name contains a backslash",
    "zip.absolute-path": "an entry name is an absolute path or starts with a drive letter",
    "zip.directory": "the archive contains a directory entry",
    "zip.empty-segment": "an entry name has an empty path segment ('//')",
    "zip.dot-segment": "an entry name has a '.' path segment",
    "zip.path-traversal": "an entry name has a '..' path segment",
    "zip.non-nfc": "an entry name is not in Unicode NFC form",
    "zip.duplicate": "two entries have the same name",
    "zip.case-collision": "two entry names differ only by case",
    "zip.symlink": "an entry is a symbolic link or reparse point",
    "zip.special-file": "an entry is a device, FIFO or socket",
    "zip.encrypted": "an entry is encrypted",
    "zip.method": "an entry uses a compression method other than stored or deflate",
    "zip.overlap": "entries overlap each other or the central directory",
    "zip.header-mismatch": "an entry's local header disagrees with the central directory",
    "zip.crc": "an entry's contents do not match its CRC-32",
}

_ASK = " Ask the secretariat for a freshly built bundle."


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 20_000
    max_entry_size: int = 256 * MiB
    max_total_size: int = 8 * GiB
    max_ratio: int = 200
    max_name_bytes: int = 255


STORED = 0
DEFLATED = 8

# Record layouts (APPNOTE.TXT 4.3). Little-endian, no padding.
_LOCAL = struct.Struct("<IHHHHHIIIHH")  # 30 bytes
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
_EOCD = struct.Struct("<IHHHHIIH")  # 22 bytes
_ZIP64_EOCD = struct.Struct("<IQHHIIQQQQ")  # 56 bytes
_ZIP64_LOCATOR = struct.Struct("<IIQI")  # 20 bytes
_SIG_LOCAL = 0x04034B50
_SIG_CENTRAL = 0x02014B50
_SIG_EOCD = 0x06054B50
_SIG_ZIP64_EOCD = 0x06064B50
_SIG_ZIP64_LOCATOR = 0x07064B50
_SIG_DESCRIPTOR = 0x08074B50
_EOCD_SIG_BYTES = struct.pack("<I", _SIG_EOCD)
_MAX_COMMENT = 0xFFFF

_EXTRA_ZIP64 = 0x0001
_EXTRA_UNICODE_PATH = 0x7075  # Info-ZIP: a second name other tools may prefer

_FLAG_ENCRYPTED = 0x0001
_FLAG_DESCRIPTOR = 0x0008
_FLAG_PATCHED = 0x0020
_FLAG_STRONG_ENCRYPTION = 0x0040
_FLAG_UTF8 = 0x0800
_FLAG_MASKED_HEADERS = 0x2000
# Flags whose disagreement between local and central header changes how bytes are read.
_FLAGS_THAT_MATTER = (
    _FLAG_ENCRYPTED | _FLAG_DESCRIPTOR | _FLAG_STRONG_ENCRYPTION | _FLAG_UTF8 | _FLAG_MASKED_HEADERS
)
_METHOD_AES = 99  # WinZip AES

_DOS_DIRECTORY = 0x10
_WINDOWS_REPARSE_POINT = 0x400

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_U16_MAX = 0xFFFF
_U32_MAX = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    method: int
    crc: int
    compress_size: int
    file_size: int
    header_offset: int
    data_offset: int
    span_end: int  # end of data plus any data descriptor


def _fail(check: str, message: str, entry: str | None = None) -> BundleError:
    return BundleError(check, message + _ASK, entry)


def _display(raw: bytes) -> str:
    """A printable one-line form of an untrusted name, for messages and ``entry``."""
    text = raw.decode("utf-8", errors="backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _parse_extra(blob: bytes, entry: str) -> dict[int, bytes]:
    fields: dict[int, bytes] = {}
    pos = 0
    while pos < len(blob):
        if pos + 4 > len(blob):
            raise _fail("zip.corrupt", "an extra field header is cut short.", entry)
        tag, size = struct.unpack_from("<HH", blob, pos)
        pos += 4
        if pos + size > len(blob):
            raise _fail("zip.corrupt", "an extra field runs past its block.", entry)
        if tag in fields:
            # Two readers could each pick a different copy.
            raise _fail("zip.corrupt", f"extra field 0x{tag:04x} appears twice.", entry)
        fields[tag] = blob[pos : pos + size]
        pos += size
    return fields


def _decode_name(raw: bytes, flags: int) -> str:
    if flags & _FLAG_UTF8:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            message = "the name is not valid UTF-8."
    elif raw.isascii():
        return raw.decode("ascii")
    else:
        message = "the name is not ASCII and is not marked as UTF-8."
    raise _fail("zip.name-encoding", message, _display(raw))


def _check_unicode_path(extras: dict[int, bytes], name: str) -> None:
    # Layout: version (1 byte), CRC-32 of the header name (4), UTF-8 name.
    unicode_path = extras.get(_EXTRA_UNICODE_PATH)
    if unicode_path is not None and unicode_path[5:] != name.encode("utf-8"):
        raise _fail(
            "zip.name-encoding",
            "the Info-ZIP Unicode path field names another file.",
            name,
        )


def _check_name(name: str) -> None:
    if "\x00" in name:
        raise _fail("zip.nul", "the name contains a NUL character.", _display(name.encode()))
    if _CONTROL.search(name):
        message = "the name contains a control character."
        raise _fail("zip.control-char", message, _display(name.encode()))
    if "\\" in name:
        raise _fail("zip.backslash", "the name contains a backslash.", name)
    drive_letter = len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha()
    if name.startswith("/") or drive_letter:
        raise _fail("zip.absolute-path", "the name is an absolute path.", name)
    if name.endswith("/"):
        raise _fail("zip.directory", "directory entries are not allowed.", name)
    segments = name.split("/")
    if "" in segments:
        raise _fail("zip.empty-segment", "the name has an empty path segment.", name)
    if "." in segments:
        raise _fail("zip.dot-segment", "the name has a '.' path segment.", name)
    if ".." in segments:
        raise _fail("zip.path-traversal", "the name has a '..' path segment.", name)
    if not unicodedata.is_normalized("NFC", name):
        raise _fail("zip.non-nfc", "the name is not in Unicode NFC form.", name)


def _check_file_type(external_attr: int, name: str) -> None:
    kind = stat.S_IFMT(external_attr >> 16)
    if kind == stat.S_IFLNK or external_attr & _WINDOWS_REPARSE_POINT:
        raise _fail("zip.symlink", "symbolic links are not allowed.", name)
    if kind == stat.S_IFDIR or external_attr & _DOS_DIRECTORY:
        raise _fail("zip.directory", "directory entries are not allowed.", name)
    if kind not in (0, stat.S_IFREG):
        raise _fail("zip.special-file", "only regular files are allowed.", name)


def _check_coding(flags: int, method: int, name: str) -> None:
    encrypted = _FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION | _FLAG_MASKED_HEADERS
    if flags & encrypted or method == _METHOD_AES:
        raise _fail("zip.encrypted", "encrypted entries are not allowed.", name)
    if method not in (STORED, DEFLATED) or flags & _FLAG_PATCHED:
        raise _fail("zip.method", f"compression method {method} is not stored or deflate.", name)


def _zip64_values(
    extras: dict[int, bytes], wanted: list[tuple[str, int]], name: str, *, exact: bool
) -> dict[str, int]:
    """Resolve saturated header fields from the ZIP64 extra field, in APPNOTE order.

    ``wanted`` lists (field, byte width) for the fields saturated in the header.
    """
    blob = extras.get(_EXTRA_ZIP64)
    if blob is None:
        if wanted:
            raise _fail("zip.zip64", "a size or offset needs a ZIP64 field that is missing.", name)
        return {}
    need = sum(width for _, width in wanted)
    if not wanted or len(blob) < need or (exact and len(blob) != need):
        raise _fail("zip.zip64", "the ZIP64 extra field does not match its header.", name)
    values: dict[str, int] = {}
    pos = 0
    for field, width in wanted:
        values[field] = int.from_bytes(blob[pos : pos + width], "little")
        pos += width
    return values


class HardenedZip:
    """A ZIP archive validated as a whole on open; safe to read from several threads.

    Reads go through ``os.pread`` on the one descriptor opened here (or a lock where
    ``pread`` is missing), so every byte read comes from the file that was validated.
    """

    def __init__(
        self, path: Path | str, limits: ZipLimits = ZipLimits(), *, opened: int | None = None
    ) -> None:
        """Open ``path``; or, with ``opened`` (a descriptor the caller already reads the
        file through), validate that very file, whatever ``path`` names by now."""
        self.path = Path(path)
        self.limits = limits
        if opened is None:
            self._file = open(self.path, "rb", buffering=0)
        else:
            self._file = os.fdopen(os.dup(opened), "rb", buffering=0)
        self._lock = threading.Lock()
        try:
            st = os.fstat(self._file.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise _fail("zip.not-zip", "the bundle is not a regular file.")
            self._file_size = st.st_size
            self._entries: dict[str, _Entry] = {}
            self._load()
        except BaseException:
            self._file.close()
            raise

    # -- public API -----------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        """Entry names in central directory order."""
        return list(self._entries)

    def size(self, name: str) -> int:
        """Uncompressed size; reading enforces that the stream produces exactly this."""
        return self._entries[name].file_size

    def entry_span(self, name: str) -> tuple[int, int, int]:
        """``(data_offset, compressed_size, method)``: for STORED entries, the raw bytes
        ``[data_offset, data_offset + compressed_size)`` of the file are the contents."""
        e = self._entries[name]
        return e.data_offset, e.compress_size, e.method

    def read(self, name: str, max_bytes: int) -> bytes:
        e = self._entries[name]
        if e.file_size > max_bytes:
            raise _fail(
                "zip.entry-too-large",
                f"the entry is {e.file_size} bytes, over the {max_bytes}-byte cap.",
                name,
            )
        return b"".join(self.iter_chunks(name, check_crc=True))

    def iter_chunks(
        self, name: str, chunk_size: int = MiB, check_crc: bool = True
    ) -> Iterator[bytes]:
        """Stream an entry's contents in chunks of at most ``chunk_size`` bytes.

        ``check_crc=False`` skips CRC-32 (for callers that check a stronger hash); sizes
        are enforced either way.
        """
        e = self._entries[name]  # KeyError now, not at the first next()
        if chunk_size <= 0:
            raise ValueError("chunk_size must be positive")
        if e.method == STORED:
            return self._iter_stored(e, chunk_size, check_crc)
        return self._iter_deflated(e, chunk_size, check_crc)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> HardenedZip:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- raw reads -------------------------------------------------------------------------

    def _pread(self, offset: int, size: int, entry: str | None = None) -> bytes:
        if hasattr(os, "pread"):
            data = os.pread(self._file.fileno(), size, offset)
        else:  # Windows: no pread, so serialise seek+read on the shared file.
            with self._lock:
                self._file.seek(offset)
                data = self._file.read(size)
        if len(data) != size:
            raise _fail("zip.truncated", "the archive ends in the middle of a record.", entry)
        return data

    # -- streaming -------------------------------------------------------------------------

    def _iter_stored(self, e: _Entry, chunk_size: int, check_crc: bool) -> Iterator[bytes]:
        crc = 0
        pos, end = e.data_offset, e.data_offset + e.compress_size
        while pos < end:
            chunk = self._pread(pos, min(chunk_size, end - pos), e.name)
            pos += len(chunk)
            if check_crc:
                crc = zlib.crc32(chunk, crc)
            yield chunk
        if check_crc and crc != e.crc:
            raise _fail("zip.crc", "the entry's contents are damaged (CRC mismatch).", e.name)

    def _iter_deflated(self, e: _Entry, chunk_size: int, check_crc: bool) -> Iterator[bytes]:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        crc = produced = 0
        pos, end = e.data_offset, e.data_offset + e.compress_size
        pending = b""
        while not inflater.eof:
            if not pending and pos < end:
                pending = self._pread(pos, min(chunk_size, end - pos), e.name)
                pos += len(pending)
            # max_length caps what one call may allocate; +1 reveals a stream that
            # expands past its declared size (max_length=0 would mean "no cap").
            room = min(chunk_size, e.file_size - produced + 1)
            try:
                out = inflater.decompress(pending, room)
            except zlib.error:
                raise _fail("zip.corrupt", "the compressed data is damaged.", e.name) from None
            pending = inflater.unconsumed_tail
            produced += len(out)
            if produced > e.file_size:
                raise _fail(
                    "zip.entry-too-large", "the entry expands past its declared size.", e.name
                )
            if not out and not pending and pos >= end and not inflater.eof:
                raise _fail("zip.corrupt", "the compressed data stops too early.", e.name)
            if out:
                if check_crc:
                    crc = zlib.crc32(out, crc)
                yield out
        if pending or inflater.unused_data or pos < end or produced != e.file_size:
            raise _fail(
                "zip.corrupt", "the compressed data does not match its declared sizes.", e.name
            )
        if check_crc and crc != e.crc:
            raise _fail("zip.crc", "the entry's contents are damaged (CRC mismatch).", e.name)

    # -- validation on open ----------------------------------------------------------------

    def _load(self) -> None:
        count, cd_offset, cd_size = self._read_end_records()
        lim = self.limits
        if count > lim.max_entries:
            raise _fail(
                "zip.too-many-entries", f"{count} entries, over the limit of {lim.max_entries}."
            )
        if count * _CENTRAL.size > cd_size:
            raise _fail("zip.corrupt", "the central directory is too small for its entries.")
        folded: dict[str, str] = {}
        total = 0
        pos, cd_end = cd_offset, cd_offset + cd_size
        for _ in range(count):
            entry, pos = self._read_central_record(pos, cd_end, cd_offset)
            if entry.name in self._entries:
                raise _fail("zip.duplicate", "two entries have this name.", entry.name)
            key = unicodedata.normalize("NFC", entry.name.casefold())
            if key in folded:
                raise _fail(
                    "zip.case-collision",
                    f"the name differs only by case from {folded[key]!r}.",
                    entry.name,
                )
            folded[key] = entry.name
            total += entry.file_size
            if total > lim.max_total_size:
                raise _fail(
                    "zip.total-too-large",
                    f"the entries add up to more than {lim.max_total_size} bytes.",
                    entry.name,
                )
            self._entries[entry.name] = entry
        if pos != cd_end:
            raise _fail("zip.corrupt", "the central directory has trailing bytes.")
        self._check_no_overlap()

    def _read_end_records(self) -> tuple[int, int, int]:
        """Find the one end-of-central-directory record; return (count, cd_offset, cd_size)."""
        size = self._file_size
        tail_start = max(0, size - _EOCD.size - _MAX_COMMENT)
        tail = self._pread(tail_start, size - tail_start)
        candidates = []
        hit = tail.find(_EOCD_SIG_BYTES)
        while hit >= 0:
            if hit + _EOCD.size <= len(tail):
                comment_len = struct.unpack_from("<H", tail, hit + 20)[0]
                if hit + _EOCD.size + comment_len == len(tail):
                    candidates.append(hit)
            hit = tail.find(_EOCD_SIG_BYTES, hit + 1)
        if not candidates:
            if _EOCD_SIG_BYTES in tail or self._pread(0, min(4, size)) == b"PK\x03\x04":
                raise _fail("zip.truncated", "the archive is incomplete (its end is missing).")
            raise _fail("zip.not-zip", "the file is not a ZIP archive.")
        if len(candidates) > 1 or _EOCD_SIG_BYTES in tail[candidates[-1] + _EOCD.size :]:
            # Readers that scan differently would find a different archive.
            raise _fail("zip.corrupt", "the archive has more than one end record.")
        eocd_pos = tail_start + candidates[0]
        _, disk, cd_disk, on_disk, count, cd_size, cd_offset, _ = _EOCD.unpack_from(
            tail, candidates[0]
        )
        end_of_cd = eocd_pos
        locator_pos = eocd_pos - _ZIP64_LOCATOR.size
        if locator_pos >= 0 and self._pread(locator_pos, 4) == b"PK\x06\x07":
            z64_pos = self._read_zip64_locator(locator_pos)
            z64 = self._read_zip64_eocd(z64_pos, locator_pos)
            saturated = (
                (disk, _U16_MAX, 0),
                (cd_disk, _U16_MAX, 0),
                (on_disk, _U16_MAX, z64[1]),
                (count, _U16_MAX, z64[2]),
                (cd_size, _U32_MAX, z64[3]),
                (cd_offset, _U32_MAX, z64[4]),
            )
            # Each classic field must be either the real value or the "see ZIP64" marker.
            if any(value not in (marker, real) for value, marker, real in saturated):
                raise _fail("zip.zip64", "the ZIP64 end record contradicts the classic one.")
            disk, cd_disk = 0, 0
            on_disk, count, cd_size, cd_offset = z64[1:]
            if z64[0]:
                raise _fail("zip.multi-disk", "the archive spans several disks.")
            end_of_cd = z64_pos
        elif _U32_MAX in (cd_size, cd_offset) or _U16_MAX in (disk, cd_disk, on_disk, count):
            raise _fail("zip.zip64", "the end record points to a ZIP64 record that is missing.")
        if disk or cd_disk or on_disk != count:
            raise _fail("zip.multi-disk", "the archive spans several disks.")
        if cd_offset + cd_size != end_of_cd:
            raise _fail("zip.corrupt", "the central directory is not where the end record says.")
        return count, cd_offset, cd_size

    def _read_zip64_locator(self, locator_pos: int) -> int:
        _, z64_disk, z64_pos, disks = _ZIP64_LOCATOR.unpack(
            self._pread(locator_pos, _ZIP64_LOCATOR.size)
        )
        if z64_disk != 0 or disks > 1:
            raise _fail("zip.multi-disk", "the archive spans several disks.")
        if z64_pos + _ZIP64_EOCD.size != locator_pos:
            raise _fail("zip.zip64", "the ZIP64 end record is not where its locator says.")
        return z64_pos

    def _read_zip64_eocd(self, z64_pos: int, locator_pos: int) -> tuple[int, int, int, int, int]:
        """Return (disk-or-cd-disk nonzero, on_disk, count, cd_size, cd_offset)."""
        sig, rec_size, _, _, disk, cd_disk, on_disk, count, cd_size, cd_offset = _ZIP64_EOCD.unpack(
            self._pread(z64_pos, _ZIP64_EOCD.size)
        )
        if sig != _SIG_ZIP64_EOCD or rec_size != _ZIP64_EOCD.size - 12:
            raise _fail("zip.zip64", "the ZIP64 end record is malformed.")
        return int(bool(disk or cd_disk)), on_disk, count, cd_size, cd_offset

    def _read_central_record(self, pos: int, cd_end: int, cd_offset: int) -> tuple[_Entry, int]:
        if pos + _CENTRAL.size > cd_end:
            raise _fail("zip.corrupt", "the central directory is cut short.")
        (
            sig,
            _made_by,
            _needed,
            flags,
            method,
            _time,
            _date,
            crc,
            compress_size,
            file_size,
            name_len,
            extra_len,
            comment_len,
            disk_start,
            _internal_attr,
            external_attr,
            header_offset,
        ) = _CENTRAL.unpack(self._pread(pos, _CENTRAL.size))
        if sig != _SIG_CENTRAL:
            raise _fail("zip.corrupt", "a central directory record is damaged.")
        end = pos + _CENTRAL.size + name_len + extra_len + comment_len
        if end > cd_end:
            raise _fail("zip.corrupt", "a central directory record runs past its end.")
        variable = self._pread(pos + _CENTRAL.size, name_len + extra_len)
        raw_name = variable[:name_len]
        if name_len > self.limits.max_name_bytes:
            raise _fail(
                "zip.name-too-long",
                f"the name is longer than {self.limits.max_name_bytes} bytes.",
                _display(raw_name),
            )
        name = _decode_name(raw_name, flags)
        _check_name(name)
        extras = _parse_extra(variable[name_len:], name)
        _check_unicode_path(extras, name)

        wanted = [
            (field, 8)
            for field, value in (
                ("file_size", file_size),
                ("compress_size", compress_size),
                ("header_offset", header_offset),
            )
            if value == _U32_MAX
        ]
        if disk_start == _U16_MAX:
            wanted.append(("disk_start", 4))
        z64 = _zip64_values(extras, wanted, name, exact=True)
        file_size = z64.get("file_size", file_size)
        compress_size = z64.get("compress_size", compress_size)
        header_offset = z64.get("header_offset", header_offset)
        if z64.get("disk_start", disk_start):
            raise _fail("zip.multi-disk", "the entry is on another disk.", name)

        _check_file_type(external_attr, name)
        _check_coding(flags, method, name)
        self._check_sizes(method, compress_size, file_size, name)
        data_offset, span_end = self._check_local_header(
            name, raw_name, flags, method, crc, compress_size, file_size, header_offset
        )
        if span_end > cd_offset:
            raise _fail("zip.overlap", "the entry overlaps the central directory.", name)
        entry = _Entry(
            name, method, crc, compress_size, file_size, header_offset, data_offset, span_end
        )
        return entry, end

    def _check_sizes(self, method: int, compress_size: int, file_size: int, name: str) -> None:
        lim = self.limits
        if file_size > lim.max_entry_size:
            raise _fail(
                "zip.entry-too-large",
                f"the entry is {file_size} bytes, over the limit of {lim.max_entry_size}.",
                name,
            )
        if method == STORED and compress_size != file_size:
            raise _fail("zip.corrupt", "a stored entry has two different sizes.", name)
        if file_size > lim.max_ratio * max(compress_size, 1):
            raise _fail(
                "zip.ratio",
                f"the entry expands more than {lim.max_ratio} times (zip bomb).",
                name,
            )

    def _check_local_header(
        self,
        name: str,
        raw_name: bytes,
        flags: int,
        method: int,
        crc: int,
        compress_size: int,
        file_size: int,
        header_offset: int,
    ) -> tuple[int, int]:
        """Compare the local header with the central record; return (data_offset, span_end)."""
        if header_offset + _LOCAL.size > self._file_size:
            raise _fail("zip.corrupt", "the entry's local header is outside the file.", name)
        (
            sig,
            _needed,
            l_flags,
            l_method,
            _time,
            _date,
            l_crc,
            l_compress,
            l_size,
            name_len,
            extra_len,
        ) = _LOCAL.unpack(self._pread(header_offset, _LOCAL.size, name))
        if sig != _SIG_LOCAL:
            raise _fail("zip.corrupt", "the entry's local header is missing.", name)
        data_offset = header_offset + _LOCAL.size + name_len + extra_len
        if data_offset + compress_size > self._file_size:
            raise _fail("zip.truncated", "the entry's data runs past the end of the file.", name)
        tail = self._pread(header_offset + _LOCAL.size, name_len + extra_len, name)
        extras = _parse_extra(tail[name_len:], name)
        _check_coding(l_flags, l_method, name)
        mismatch = []
        if tail[:name_len] != raw_name:
            mismatch.append("name")
        _check_unicode_path(extras, name)
        if (l_flags ^ flags) & _FLAGS_THAT_MATTER:
            mismatch.append("flags")
        if l_method != method:
            mismatch.append("method")
        # Sizes after the 0xFFFFFFFF marker live in the ZIP64 field, which in a local
        # header holds both sizes (APPNOTE 4.5.3).
        has_zip64 = _EXTRA_ZIP64 in extras
        if _U32_MAX in (l_size, l_compress):
            wanted = [("file_size", 8), ("compress_size", 8)]
            z64 = _zip64_values(extras, wanted, name, exact=False)
            l_size, l_compress = z64["file_size"], z64["compress_size"]
        span_end = data_offset + compress_size
        if flags & _FLAG_DESCRIPTOR:
            span_end = self._check_descriptor(span_end, has_zip64, crc, compress_size, file_size)
            if span_end is None:
                mismatch.append("data descriptor")
                span_end = data_offset + compress_size
        elif (l_crc, l_compress, l_size) != (crc, compress_size, file_size):
            mismatch.append("CRC or sizes")
        if mismatch:
            raise _fail(
                "zip.header-mismatch",
                f"the local header disagrees with the central directory ({', '.join(mismatch)}).",
                name,
            )
        return data_offset, span_end

    def _check_descriptor(
        self, pos: int, zip64: bool, crc: int, compress_size: int, file_size: int
    ) -> int | None:
        """Match the data descriptor at ``pos`` (signature optional); return its end."""
        layout = struct.Struct("<IQQ" if zip64 else "<III")
        for with_sig in (True, False):
            start = pos + 4 if with_sig else pos
            end = start + layout.size
            if end > self._file_size:
                continue
            if with_sig and self._pread(pos, 4) != struct.pack("<I", _SIG_DESCRIPTOR):
                continue
            if layout.unpack(self._pread(start, layout.size)) == (crc, compress_size, file_size):
                return end
        return None

    def _check_no_overlap(self) -> None:
        previous: _Entry | None = None
        for e in sorted(self._entries.values(), key=lambda e: e.header_offset):
            if previous is not None and e.header_offset < previous.span_end:
                raise _fail(
                    "zip.overlap", f"the entry overlaps the entry {previous.name!r}.", e.name
                )
            previous = e
