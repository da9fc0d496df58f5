"""Craft ZIP archives byte by byte, including malformed and malicious ones.

``zipfile`` refuses to write most of what a hostile archive contains (NUL in names,
overlaps, lying sizes), so tests that check a reader's defences build archives here.

    craft_zip([Member("a.pdf", b"data"), Member("m.json", b"{}", method=DEFLATED)])

Every header field can be overridden after layout: ``Member(..., central={"file_size": 9})``
or ``local={"name": b"other"}``; ``craft_zip(..., eocd={"disk": 1})``. Field names are
those of the ``*_FIELDS`` tuples below; an unknown name raises ``KeyError``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

STORED = 0
DEFLATED = 8
FLAG_DESCRIPTOR = 0x0008
FLAG_UTF8 = 0x0800
REGULAR_FILE = 0o100644 << 16  # external_attr of a plain Unix file
MADE_BY_UNIX = (3 << 8) | 20
DOS_DATE = 1 << 5 | 1  # 1980-01-01, the earliest DOS date

# Header fields in on-disk order (lengths of name/extra/comment are derived, not listed).
_SHARED_FIELDS = (
    "version",
    "flags",
    "method",
    "time",
    "date",
    "crc",
    "compress_size",
    "file_size",
    "name",
    "extra",
)
LOCAL_FIELDS = ("signature", *_SHARED_FIELDS)
CENTRAL_FIELDS = (
    "signature",
    "made_by",
    *_SHARED_FIELDS,
    "comment",
    "disk_start",
    "internal_attr",
    "external_attr",
    "header_offset",
)
EOCD_FIELDS = ("signature", "disk", "cd_disk", "on_disk", "count", "cd_size", "cd_offset")
ZIP64_EOCD_FIELDS = (
    "signature",
    "record_size",
    "made_by",
    "version",
    "disk",
    "cd_disk",
    "on_disk",
    "count",
    "cd_size",
    "cd_offset",
)
LOCATOR_FIELDS = ("signature", "disk", "offset", "disks")


def _apply(fields: dict[str, object], overrides: Mapping[str, object], allowed: tuple) -> None:
    unknown = set(overrides) - set(allowed)
    if unknown:
        raise KeyError(f"unknown header field(s): {sorted(unknown)}")
    fields.update(overrides)


def _packed(
    layout: str,
    fields: dict[str, object],
    overrides: Mapping[str, object] | None,
    allowed: tuple,
    *trailing: int,
) -> bytes:
    _apply(fields, overrides or {}, allowed)
    return struct.pack(layout, *fields.values(), *trailing)


def extra_field(tag: int, payload: bytes) -> bytes:
    """One extra-field block: tag, length, payload."""
    return struct.pack("<HH", tag, len(payload)) + payload


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@dataclass
class Member:
    """One entry. ``data`` is the uncompressed contents; ``payload`` (if given) replaces
    the bytes actually stored after the local header."""

    name: str | bytes
    data: bytes = b""
    method: int = STORED
    flags: int | None = None  # default: UTF-8 flag iff the name is non-ASCII
    external_attr: int = REGULAR_FILE
    extra: bytes = b""  # written in both headers (after any ZIP64 field)
    zip64: bool = False  # write sizes (and offset) through ZIP64 extra fields
    data_descriptor: bool = False
    descriptor_signature: bool = True
    write_local: bool = True  # False: central record only (point it anywhere)
    gap_before: bytes = b""  # junk bytes written before this entry's local header
    payload: bytes | None = None
    local: dict[str, object] = field(default_factory=dict)
    central: dict[str, object] = field(default_factory=dict)

    @property
    def raw_name(self) -> bytes:
        return self.name.encode("utf-8") if isinstance(self.name, str) else self.name

    @property
    def stored_bytes(self) -> bytes:
        if self.payload is not None:
            return self.payload
        return deflate(self.data) if self.method == DEFLATED else self.data

    @property
    def general_flags(self) -> int:
        if self.flags is not None:
            return self.flags
        utf8 = FLAG_UTF8 if not self.raw_name.isascii() else 0
        return utf8 | (FLAG_DESCRIPTOR if self.data_descriptor else 0)

    def local_record(self) -> bytes:
        """Local header + stored bytes (+ data descriptor), as written in the archive."""
        body = self.stored_bytes
        crc, size, csize = zlib.crc32(self.data), len(self.data), len(body)
        extra = self.extra
        fields: dict[str, object] = {
            "signature": 0x04034B50,
            "version": 45 if self.zip64 else 20,
            "flags": self.general_flags,
            "method": self.method,
            "time": 0,
            "date": DOS_DATE,
            "crc": crc,
            "compress_size": csize,
            "file_size": size,
        }
        if self.data_descriptor:
            fields.update(crc=0, compress_size=0, file_size=0)
        if self.zip64:
            sizes = (0, 0) if self.data_descriptor else (size, csize)
            extra = extra_field(0x0001, struct.pack("<QQ", *sizes)) + extra
            fields.update(compress_size=0xFFFFFFFF, file_size=0xFFFFFFFF)
        fields.update(name=self.raw_name, extra=extra)
        _apply(fields, self.local, LOCAL_FIELDS)
        name, extra = fields.pop("name"), fields.pop("extra")
        assert isinstance(name, bytes) and isinstance(extra, bytes)
        header = struct.pack("<IHHHHHIIIHH", *fields.values(), len(name), len(extra))
        record = header + name + extra + body
        if self.data_descriptor:
            sig = struct.pack("<I", 0x08074B50) if self.descriptor_signature else b""
            layout = "<IQQ" if self.zip64 else "<III"
            record += sig + struct.pack(layout, crc, csize, size)
        return record

    @property
    def local_header_length(self) -> int:
        """Bytes from the local header's start to the first byte of stored data."""
        return len(self.local_record()) - len(self.stored_bytes) - self._descriptor_length

    @property
    def _descriptor_length(self) -> int:
        if not self.data_descriptor:
            return 0
        return (4 if self.descriptor_signature else 0) + (20 if self.zip64 else 12)

    def central_record(self, header_offset: int) -> bytes:
        body = self.stored_bytes
        fields: dict[str, object] = {
            "signature": 0x02014B50,
            "made_by": MADE_BY_UNIX,
            "version": 45 if self.zip64 else 20,
            "flags": self.general_flags,
            "method": self.method,
            "time": 0,
            "date": DOS_DATE,
            "crc": zlib.crc32(self.data),
            "compress_size": len(body),
            "file_size": len(self.data),
            "name": self.raw_name,
            "extra": self.extra,
            "comment": b"",
            "disk_start": 0,
            "internal_attr": 0,
            "external_attr": self.external_attr,
            "header_offset": header_offset,
        }
        if self.zip64:
            values = struct.pack("<QQQ", len(self.data), len(body), header_offset)
            fields["extra"] = extra_field(0x0001, values) + self.extra
            fields.update(file_size=0xFFFFFFFF, compress_size=0xFFFFFFFF, header_offset=0xFFFFFFFF)
        _apply(fields, self.central, CENTRAL_FIELDS)
        name, extra, comment = fields.pop("name"), fields.pop("extra"), fields.pop("comment")
        assert isinstance(name, bytes) and isinstance(extra, bytes)
        assert isinstance(comment, bytes)
        values_out = list(fields.values())
        # Field order of the struct: lengths sit between file_size and disk_start.
        head, tail = values_out[:10], values_out[10:]
        header = struct.pack(
            "<IHHHHHHIIIHHHHHII", *head, len(name), len(extra), len(comment), *tail
        )
        return header + name + extra + comment


def craft_zip(
    members: Sequence[Member],
    *,
    prefix: bytes = b"",
    comment: bytes = b"",
    zip64: bool = False,
    eocd: Mapping[str, object] | None = None,
    zip64_eocd: Mapping[str, object] | None = None,
    locator: Mapping[str, object] | None = None,
) -> bytes:
    """Lay out ``members`` then the central directory and end records.

    ``zip64=True`` writes the ZIP64 end record and locator and saturates the classic
    end record's fields, as ``zipfile`` does for large archives.
    """
    out = bytearray(prefix)
    offsets = []
    for member in members:
        out += member.gap_before
        offsets.append(len(out))
        if member.write_local:
            out += member.local_record()
    cd_offset = len(out)
    for member, offset in zip(members, offsets, strict=True):
        if not member.write_local and "header_offset" not in member.central:
            raise ValueError(f"{member.name!r} has no local record: set central header_offset")
        out += member.central_record(offset)
    cd_size = len(out) - cd_offset
    count = len(members)
    # Where the central directory is: the same fields in the classic and ZIP64 end records.
    directory: dict[str, object] = {
        "disk": 0,
        "cd_disk": 0,
        "on_disk": count,
        "count": count,
        "cd_size": cd_size,
        "cd_offset": cd_offset,
    }
    end: dict[str, object] = {"signature": 0x06054B50, **directory}
    if zip64:
        z64_offset = len(out)
        record = {
            "signature": 0x06064B50,
            "record_size": 44,
            "made_by": MADE_BY_UNIX,
            "version": 45,
            **directory,
        }
        out += _packed("<IQHHIIQQQQ", record, zip64_eocd, ZIP64_EOCD_FIELDS)
        loc = {"signature": 0x07064B50, "disk": 0, "offset": z64_offset, "disks": 1}
        out += _packed("<IIQI", loc, locator, LOCATOR_FIELDS)
        end.update(on_disk=0xFFFF, count=0xFFFF, cd_size=0xFFFFFFFF, cd_offset=0xFFFFFFFF)
    out += _packed("<IHHHHIIH", end, eocd, EOCD_FIELDS, len(comment)) + comment
    return bytes(out)
