"""The hardened ZIP reader: what it accepts, and one test per thing it must refuse."""

from __future__ import annotations

import base64
import io
import os
import stat
import struct
import threading
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jury_desk.bundle.zipreader import CHECKS, HardenedZip, ZipLimits
from jury_desk.core.errors import BundleError
from tests.bundle.zipcraft import (
    DEFLATED,
    FLAG_UTF8,
    STORED,
    Member,
    craft_zip,
    deflate,
    extra_field,
)

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 8
MANIFEST = b'{"format": "jury-desk-bundle/1", "files": []}\n' * 4


def good_members() -> list[Member]:
    return [
        Member("manifest.json", MANIFEST, method=DEFLATED),
        Member("documents/c001/dossier.pdf", PDF),
    ]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def open_fds() -> int:
    return len(os.listdir("/dev/fd"))


def assert_rejected(
    tmp_path: Path,
    data: bytes,
    check: str,
    entry: str | None,
    *,
    limits: ZipLimits | None = None,
    stream: bool = False,
) -> BundleError:
    """Open (and if ``stream``, read every entry of) ``data``; it must fail with exactly
    ``check`` and ``entry``, write nothing, leave the input untouched and leak no fd."""
    path = tmp_path / "bundle.jdbundle"
    path.write_bytes(data)
    before, fds = snapshot(tmp_path), open_fds()
    with pytest.raises(BundleError) as info:
        with HardenedZip(path, limits or ZipLimits()) as hz:
            for name in hz.names if stream else ():
                for _ in hz.iter_chunks(name):
                    pass
    assert (info.value.code, info.value.entry) == (check, entry), str(info.value)
    assert info.value.code in CHECKS
    assert snapshot(tmp_path) == before
    assert open_fds() == fds
    return info.value


def write_with_zipfile(path: Path, files: dict[str, tuple[bytes, int]]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, (data, method) in files.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=method)


# --------------------------------------------------------------------------- accepted


def test_round_trip_of_a_zipfile_archive_stored_and_deflated(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    files = {
        "manifest.json": (MANIFEST, zipfile.ZIP_DEFLATED),
        "documents/c001/dossier.pdf": (PDF, zipfile.ZIP_STORED),
        "documents/c002/relevé.pdf": (os.urandom(70_000), zipfile.ZIP_DEFLATED),
        "documents/empty.txt": (b"", zipfile.ZIP_STORED),
    }
    write_with_zipfile(path, files)
    raw = path.read_bytes()
    with HardenedZip(path) as hz:
        assert hz.names == list(files)
        for name, (data, method) in files.items():
            assert hz.size(name) == len(data)
            assert hz.read(name, max_bytes=len(data)) == data
            for chunk_size in (1, 4096, 1 << 20):
                chunks = list(hz.iter_chunks(name, chunk_size=chunk_size))
                assert all(0 < len(c) <= chunk_size for c in chunks)
                assert b"".join(chunks) == data
            assert b"".join(hz.iter_chunks(name, check_crc=False)) == data
            offset, compressed, got_method = hz.entry_span(name)
            assert got_method == method
            if method == zipfile.ZIP_STORED:
                assert raw[offset : offset + compressed] == data


def test_accepts_prefix_gaps_zip64_and_data_descriptors(tmp_path: Path) -> None:
    members = [
        Member("manifest.json", MANIFEST, method=DEFLATED, data_descriptor=True),
        Member("documents/a.pdf", PDF, zip64=True, gap_before=b"padding between entries"),
        Member("documents/b.pdf", PDF[:100], zip64=True, data_descriptor=True),
        Member(
            "documents/c.pdf",
            b"unsigned descriptor",
            data_descriptor=True,
            descriptor_signature=False,
        ),
    ]
    path = tmp_path / "b.zip"
    path.write_bytes(craft_zip(members, prefix=b"data before the first entry", zip64=True))
    with HardenedZip(path) as hz:
        assert hz.names == [str(m.name) for m in members]
        assert [hz.read(n, 1 << 20) for n in hz.names] == [m.data for m in members]
    with zipfile.ZipFile(path) as zf:  # an independent reader agrees
        assert [zf.read(n) for n in zf.namelist()] == [m.data for m in members]


def test_accepts_zipfile_streaming_output_with_data_descriptors(tmp_path: Path) -> None:
    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b) -> int:  # type: ignore[no-untyped-def, override]
            self.buffer += b
            return len(b)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("manifest.json", "w") as f:
            f.write(MANIFEST)
        with zf.open("documents/a.pdf", "w", force_zip64=True) as f:
            f.write(PDF)
    path = tmp_path / "streamed.zip"
    path.write_bytes(bytes(sink.buffer))
    assert all(i.flag_bits & 0x08 for i in zipfile.ZipFile(path).infolist())
    with HardenedZip(path) as hz:
        assert [hz.read(n, 1 << 20) for n in hz.names] == [MANIFEST, PDF]


# Written by Info-ZIP `zip -D -9` 3.0 (stored + deflated, with its UT and ux extra fields).
# Embedded rather than produced at test time: CI does not install `zip`.
INFO_ZIP_ARCHIVE = base64.b64decode(
    """
UEsDBBQAAgAIAABgwVgLT/ChTgAAACcBAAANABwAbWFuaWZlc3QuanNvblVUCQADQA1bZkANW2Z1eAsAAQQAAAAA
BAAAAACrVkrLL8pNLFGyUlDKKi2q1E1JLc7WTSrNS8lJ1TdU0lFQSsvMSS0GSkdzKShUKxUklmSA1KbkJ5fmpuaV
FOsn6hWkpCnV6gxf6dhaLgBQSwMECgACAAAAAGDBWBGBOI0PAAAADwAAAA8AHABkb2N1bWVudHMvYS5wZGZVVAkA
A0ANW2ZADVtmdXgLAAEEAAAAAAQAAAAAJVBERi0xLjcKJSVFT0YKUEsBAh4DFAACAAgAAGDBWAtP8KFOAAAAJwEA
AA0AGAAAAAAAAQAAAKSBAAAAAG1hbmlmZXN0Lmpzb25VVAUAA0ANW2Z1eAsAAQQAAAAABAAAAABQSwECHgMKAAIA
AAAAYMFYEYE4jQ8AAAAPAAAADwAYAAAAAAABAAAApIGVAAAAZG9jdW1lbnRzL2EucGRmVVQFAANADVtmdXgLAAEE
AAAAAAQAAAAAUEsFBgAAAAACAAIAqAAAAO0AAAAAAA==
"""
)


def test_accepts_an_info_zip_archive(tmp_path: Path) -> None:
    manifest = (
        '{"format": "jury-desk-bundle/1", "files": [\n'
        + '  {"path": "documents/a.pdf"},\n' * 8
        + "]}\n"
    ).encode()
    path = tmp_path / "info-zip.zip"
    path.write_bytes(INFO_ZIP_ARCHIVE)
    with HardenedZip(path) as hz:
        assert hz.names == ["manifest.json", "documents/a.pdf"]
        assert [hz.entry_span(n)[2] for n in hz.names] == [DEFLATED, STORED]
        assert hz.read("manifest.json", 1 << 20) == manifest
        assert hz.read("documents/a.pdf", 1 << 20) == b"%PDF-1.7\n%%EOF\n"


def test_two_threads_stream_different_entries(tmp_path: Path) -> None:
    blobs = {f"documents/{i}.pdf": os.urandom(300_000) for i in range(4)}
    path = tmp_path / "b.zip"
    write_with_zipfile(
        path,
        {
            n: (d, [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED][i % 2])
            for i, (n, d) in enumerate(blobs.items())
        },
    )
    results: dict[str, bytes] = {}
    with HardenedZip(path) as hz:

        def work(names: list[str]) -> None:
            for _ in range(5):
                for name in names:
                    results[name] = b"".join(hz.iter_chunks(name, chunk_size=4096))

        names = list(blobs)
        threads = [threading.Thread(target=work, args=(names[i::2],)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results == blobs


def test_check_crc_false_skips_only_the_crc(tmp_path: Path) -> None:
    data = craft_zip([Member("a.pdf", PDF, central={"crc": 1}, local={"crc": 1})])
    path = tmp_path / "b.zip"
    path.write_bytes(data)
    with HardenedZip(path) as hz:
        assert b"".join(hz.iter_chunks("a.pdf", check_crc=False)) == PDF
        with pytest.raises(BundleError) as info:
            hz.read("a.pdf", 1 << 20)
    assert (info.value.code, info.value.entry) == ("zip.crc", "a.pdf")


def test_read_refuses_an_entry_over_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(craft_zip(good_members()))
    with HardenedZip(path) as hz:
        assert hz.read("manifest.json", len(MANIFEST)) == MANIFEST
        with pytest.raises(BundleError) as info:
            hz.read("manifest.json", len(MANIFEST) - 1)
    assert (info.value.code, info.value.entry) == ("zip.entry-too-large", "manifest.json")


def test_unknown_name_and_bad_chunk_size_fail_at_call_time(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(craft_zip(good_members()))
    with HardenedZip(path) as hz:
        with pytest.raises(KeyError):
            hz.iter_chunks("missing.pdf")
        with pytest.raises(ValueError, match="chunk_size"):
            hz.iter_chunks("manifest.json", chunk_size=0)


def test_a_lying_deflate_stream_never_allocates_past_the_cap(tmp_path: Path) -> None:
    bomb = bytes(16 * 1024 * 1024)  # inflates to 16 MiB, declares 1000 bytes
    lie = {"file_size": 1000}
    member = Member("documents/a.pdf", bomb, method=DEFLATED, central=lie, local=lie)
    assert len(member.stored_bytes) * 200 > 1000  # the declared ratio looks harmless
    path = tmp_path / "b.zip"
    path.write_bytes(craft_zip([member]))
    with HardenedZip(path) as hz:
        tracemalloc.start()
        try:
            with pytest.raises(BundleError) as info:
                for _ in hz.iter_chunks("documents/a.pdf", chunk_size=64 * 1024):
                    pass
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert (info.value.code, info.value.entry) == ("zip.entry-too-large", "documents/a.pdf")
    assert peak < 1024 * 1024


# --------------------------------------------------------------------------- refused

Case = tuple[str, Callable[[], bytes], str, "str | None"]


def with_member(**kwargs: object) -> Callable[[], bytes]:
    """A good archive plus one extra entry built from ``kwargs``."""
    kwargs.setdefault("name", "documents/x.pdf")
    kwargs.setdefault("data", PDF)
    return lambda: craft_zip([*good_members(), Member(**kwargs)])  # type: ignore[arg-type]


def nested_overlap() -> bytes:
    inner = Member("documents/inner.pdf", PDF[:50])
    outer = Member("documents/outer.pdf", inner.local_record() + PDF[:10])
    inner.write_local = False
    inner.central["header_offset"] = outer.local_header_length
    return craft_zip([outer, inner])


def partial_overlap() -> bytes:
    # The first entry declares 20 more bytes than it holds: its span eats the next header.
    long = {"file_size": 120, "compress_size": 120, "crc": zlib.crc32(PDF[:120])}
    return craft_zip(
        [Member("a.pdf", PDF[:100], central=long, local=long), Member("b.pdf", PDF[:100])]
    )


def into_central_directory() -> bytes:
    long = {"file_size": 60, "compress_size": 60}
    return craft_zip([Member("a.pdf", PDF[:10], central=long, local=long)])


def eocd_in_comment() -> bytes:
    fake_end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0, 0, 0, 0, 0)
    return craft_zip(good_members(), comment=b"note " + fake_end)


REFUSED: list[Case] = [
    # not a ZIP, truncated, corrupt
    ("not-zip", lambda: b"%PDF-1.7 this is not a zip" * 10, "zip.not-zip", None),
    ("empty-file", lambda: b"", "zip.not-zip", None),
    ("cut-in-end-record", lambda: craft_zip(good_members())[:-10], "zip.truncated", None),
    ("cut-in-half", lambda: craft_zip(good_members())[:300], "zip.truncated", None),
    ("two-end-records", eocd_in_comment, "zip.corrupt", None),
    ("bad-central-signature", with_member(central={"signature": 0x02014B51}), "zip.corrupt", None),
    (
        "cd-offset-lies",
        lambda: craft_zip(good_members(), eocd={"cd_offset": 5}),
        "zip.corrupt",
        None,
    ),
    ("bad-local-signature", with_member(local={"signature": 0}), "zip.corrupt", "documents/x.pdf"),
    (
        "stored-sizes-differ",
        with_member(central={"compress_size": 10}),
        "zip.corrupt",
        "documents/x.pdf",
    ),
    ("extra-field-cut", with_member(extra=b"\x01\x02\x03"), "zip.corrupt", "documents/x.pdf"),
    (
        "extra-field-twice",
        with_member(extra=extra_field(0x5455, b"\x00") * 2),
        "zip.corrupt",
        "documents/x.pdf",
    ),
    # ZIP64 and multi-disk
    (
        "zip64-end-contradicts",
        lambda: craft_zip(good_members(), zip64=True, eocd={"count": 5}),
        "zip.zip64",
        None,
    ),
    (
        "zip64-locator-misplaced",
        lambda: craft_zip(good_members(), zip64=True, locator={"offset": 3}),
        "zip.zip64",
        None,
    ),
    (
        "zip64-record-size",
        lambda: craft_zip(good_members(), zip64=True, zip64_eocd={"record_size": 99}),
        "zip.zip64",
        None,
    ),
    (
        "zip64-end-missing",
        lambda: craft_zip(good_members(), eocd={"cd_size": 0xFFFFFFFF}),
        "zip.zip64",
        None,
    ),
    (
        "zip64-field-missing",
        with_member(central={"file_size": 0xFFFFFFFF}),
        "zip.zip64",
        "documents/x.pdf",
    ),
    (
        "zip64-field-unasked",
        with_member(extra=extra_field(1, struct.pack("<Q", len(PDF)))),
        "zip.zip64",
        "documents/x.pdf",
    ),
    ("multi-disk-end", lambda: craft_zip(good_members(), eocd={"disk": 1}), "zip.multi-disk", None),
    (
        "multi-disk-count",
        lambda: craft_zip(good_members(), eocd={"on_disk": 1}),
        "zip.multi-disk",
        None,
    ),
    (
        "multi-disk-zip64",
        lambda: craft_zip(good_members(), zip64=True, locator={"disks": 2}),
        "zip.multi-disk",
        None,
    ),
    (
        "multi-disk-entry",
        with_member(central={"disk_start": 1}),
        "zip.multi-disk",
        "documents/x.pdf",
    ),
    # sizes
    (
        "entry-too-large-actual",
        with_member(
            method=DEFLATED, data=PDF * 4, central={"file_size": 100}, local={"file_size": 100}
        ),
        "zip.entry-too-large",
        "documents/x.pdf",
    ),
    ("ratio", with_member(method=DEFLATED, data=bytes(100_000)), "zip.ratio", "documents/x.pdf"),
    (
        "deflate-garbage",
        with_member(method=DEFLATED, payload=b"\xff" * 40),
        "zip.corrupt",
        "documents/x.pdf",
    ),
    (
        "deflate-cut-short",
        with_member(method=DEFLATED, payload=deflate(PDF)[:-5]),
        "zip.corrupt",
        "documents/x.pdf",
    ),
    (
        "deflate-trailing-bytes",
        with_member(method=DEFLATED, payload=deflate(PDF) + b"tail"),
        "zip.corrupt",
        "documents/x.pdf",
    ),
    (
        "deflate-ends-early",
        with_member(
            method=DEFLATED, data=PDF[:100], central={"file_size": 200}, local={"file_size": 200}
        ),
        "zip.corrupt",
        "documents/x.pdf",
    ),
    ("crc", with_member(central={"crc": 7}, local={"crc": 7}), "zip.crc", "documents/x.pdf"),
    # names
    (
        "path-traversal",
        with_member(name="documents/../../etc/x.pdf"),
        "zip.path-traversal",
        "documents/../../etc/x.pdf",
    ),
    ("absolute-path", with_member(name="/etc/passwd"), "zip.absolute-path", "/etc/passwd"),
    ("drive-letter", with_member(name="C:/x.pdf"), "zip.absolute-path", "C:/x.pdf"),
    ("drive-relative", with_member(name="c:x.pdf"), "zip.absolute-path", "c:x.pdf"),
    ("backslash", with_member(name="documents\\x.pdf"), "zip.backslash", "documents\\x.pdf"),
    ("nul", with_member(name=b"documents/x.pdf\x00.exe"), "zip.nul", "documents/x.pdf\\x00.exe"),
    (
        "control-char",
        with_member(name="documents/x\n.pdf"),
        "zip.control-char",
        "documents/x\\x0a.pdf",
    ),
    (
        "non-nfc",
        with_member(name="documents/rele\u0301ve.pdf"),
        "zip.non-nfc",
        "documents/rele\u0301ve.pdf",
    ),
    (
        "non-ascii-without-utf8-flag",
        with_member(name=b"documents/relev\xe9.pdf", flags=0),
        "zip.name-encoding",
        "documents/relev\\xe9.pdf",
    ),
    (
        "utf8-flag-but-not-utf8",
        with_member(name=b"documents/\xff.pdf", flags=FLAG_UTF8),
        "zip.name-encoding",
        "documents/\\xff.pdf",
    ),
    (
        "unicode-path-field-disagrees",
        with_member(extra=extra_field(0x7075, b"\x01\x00\x00\x00\x00other.pdf")),
        "zip.name-encoding",
        "documents/x.pdf",
    ),
    (
        "empty-segment",
        with_member(name="documents//x.pdf"),
        "zip.empty-segment",
        "documents//x.pdf",
    ),
    ("dot-segment", with_member(name="documents/./x.pdf"), "zip.dot-segment", "documents/./x.pdf"),
    (
        "name-too-long",
        with_member(name="documents/" + "x" * 250),
        "zip.name-too-long",
        "documents/" + "x" * 250,
    ),
    ("directory-name", with_member(name="documents/", data=b""), "zip.directory", "documents/"),
    (
        "directory-unix-mode",
        with_member(external_attr=(stat.S_IFDIR | 0o755) << 16),
        "zip.directory",
        "documents/x.pdf",
    ),
    (
        "directory-dos-attribute",
        with_member(external_attr=0x10),
        "zip.directory",
        "documents/x.pdf",
    ),
    ("duplicate", with_member(name="manifest.json"), "zip.duplicate", "manifest.json"),
    ("case-collision", with_member(name="Manifest.JSON"), "zip.case-collision", "Manifest.JSON"),
    (
        "case-collision-casefold",
        lambda: craft_zip([Member("Straße.pdf"), Member("STRASSE.pdf")]),
        "zip.case-collision",
        "STRASSE.pdf",
    ),
    # file types
    (
        "symlink",
        with_member(data=b"/etc/passwd", external_attr=(stat.S_IFLNK | 0o777) << 16),
        "zip.symlink",
        "documents/x.pdf",
    ),
    ("reparse-point", with_member(external_attr=0x400), "zip.symlink", "documents/x.pdf"),
    (
        "fifo",
        with_member(external_attr=(stat.S_IFIFO | 0o644) << 16),
        "zip.special-file",
        "documents/x.pdf",
    ),
    # encryption and methods
    ("encrypted", with_member(flags=0x1), "zip.encrypted", "documents/x.pdf"),
    ("strong-encryption", with_member(flags=0x41), "zip.encrypted", "documents/x.pdf"),
    ("aes", with_member(method=99), "zip.encrypted", "documents/x.pdf"),
    ("encrypted-local-only", with_member(local={"flags": 0x1}), "zip.encrypted", "documents/x.pdf"),
    ("lzma", with_member(method=14), "zip.method", "documents/x.pdf"),
    ("bzip2", with_member(method=12), "zip.method", "documents/x.pdf"),
    ("patched-data", with_member(flags=0x20), "zip.method", "documents/x.pdf"),
    # overlap and header agreement
    ("overlap-nested", nested_overlap, "zip.overlap", "documents/inner.pdf"),
    ("overlap-partial", partial_overlap, "zip.overlap", "b.pdf"),
    ("overlap-central-directory", into_central_directory, "zip.overlap", "a.pdf"),
    (
        "local-name",
        with_member(local={"name": b"documents/y.pdf"}),
        "zip.header-mismatch",
        "documents/x.pdf",
    ),
    (
        "local-method",
        with_member(local={"method": DEFLATED}),
        "zip.header-mismatch",
        "documents/x.pdf",
    ),
    ("local-crc", with_member(local={"crc": 0}), "zip.header-mismatch", "documents/x.pdf"),
    ("local-size", with_member(local={"file_size": 1}), "zip.header-mismatch", "documents/x.pdf"),
    (
        "local-flags",
        with_member(local={"flags": FLAG_UTF8}),
        "zip.header-mismatch",
        "documents/x.pdf",
    ),
    (
        "descriptor-disagrees",
        with_member(data_descriptor=True, central={"crc": 5}),
        "zip.header-mismatch",
        "documents/x.pdf",
    ),
]


@pytest.mark.parametrize(
    ("check_id", "build", "check", "entry"), REFUSED, ids=[c[0] for c in REFUSED]
)
def test_refuses(
    tmp_path: Path, check_id: str, build: Callable[[], bytes], check: str, entry: str | None
) -> None:
    assert_rejected(tmp_path, build(), check, entry, stream=True)


@pytest.mark.parametrize(
    ("limits", "check", "entry"),
    [
        (ZipLimits(max_entries=2), "zip.too-many-entries", None),
        (ZipLimits(max_entry_size=len(PDF) - 1), "zip.entry-too-large", "documents/b.pdf"),
        (ZipLimits(max_total_size=2 * len(PDF) - 2), "zip.total-too-large", "documents/b.pdf"),
    ],
    ids=["too-many-entries", "entry-too-large-declared", "total-too-large"],
)
def test_refuses_over_limits(
    tmp_path: Path, limits: ZipLimits, check: str, entry: str | None
) -> None:
    members = [
        Member("documents/a.pdf", PDF[:-1]),
        Member("documents/b.pdf", PDF),
        Member("documents/c.pdf", PDF[:10]),
    ]
    assert_rejected(tmp_path, craft_zip(members), check, entry, limits=limits)


def test_every_check_code_is_exercised() -> None:
    tested = {c[2] for c in REFUSED} | {
        "zip.too-many-entries",
        "zip.entry-too-large",
        "zip.total-too-large",
    }
    assert tested == set(CHECKS)


# --------------------------------------------------------------------------- properties

NAMES = st.text(alphabet="abcdefghij0123456789-_é", min_size=1, max_size=12)


@st.composite
def archives(draw: st.DrawFn) -> tuple[bytes, dict[str, bytes]]:
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique_by=str.casefold))
    files = {f"documents/{n}.pdf": draw(st.binary(max_size=3000)) for n in names}
    methods = st.sampled_from([STORED, DEFLATED])
    if draw(st.booleans()):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for name, data in files.items():
                zf.writestr(name, data, compress_type=draw(methods))
        return out.getvalue(), files
    # Layouts zipfile does not write on a seekable file: ZIP64 records, data descriptors.
    members = [
        Member(
            name,
            data,
            method=draw(methods),
            zip64=draw(st.booleans()),
            data_descriptor=draw(st.booleans()),
            descriptor_signature=draw(st.booleans()),
        )
        for name, data in files.items()
    ]
    return craft_zip(members, zip64=draw(st.booleans())), files


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("zip") / "archive.zip"


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(archive=archives(), chunk_size=st.integers(1, 5000))
def test_valid_archives_round_trip(
    scratch: Path, archive: tuple[bytes, dict[str, bytes]], chunk_size: int
) -> None:
    data, files = archive
    scratch.write_bytes(data)
    with HardenedZip(scratch, ZipLimits(max_ratio=1 << 20)) as hz:
        assert hz.names == list(files)
        for name, content in files.items():
            assert hz.size(name) == len(content)
            assert b"".join(hz.iter_chunks(name, chunk_size=chunk_size)) == content


MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 16), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 1 << 16), st.just(0)),
    st.tuples(st.just("splice"), st.integers(0, 1 << 16), st.integers(0, 1 << 16)),
    st.tuples(st.just("delete"), st.integers(0, 1 << 16), st.integers(1, 64)),
)


def mutate(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, a, b in ops:
        if not buf:
            break
        at = a % len(buf)
        if kind == "flip":
            buf[at] ^= b
        elif kind == "truncate":
            del buf[at:]
        elif kind == "splice":  # copy a slice of the archive over another place
            src = b % len(buf)
            buf[at : at + 30] = buf[src : src + 30]
        else:
            del buf[at : at + b]
    return bytes(buf)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    archive=archives(),
    ops=st.lists(MUTATION, min_size=1, max_size=4),
    chunk_size=st.integers(1, 5000),
)
def test_mutated_archives_fail_cleanly_or_yield_what_they_declare(
    scratch: Path,
    archive: tuple[bytes, dict[str, bytes]],
    ops: list[tuple[str, int, int]],
    chunk_size: int,
) -> None:
    scratch.write_bytes(mutate(archive[0], ops))
    try:
        with HardenedZip(scratch) as hz:
            for name in hz.names:
                streamed = b"".join(hz.iter_chunks(name, chunk_size=chunk_size))
                assert len(streamed) == hz.size(name)
                assert zlib.crc32(streamed) == zlib.crc32(hz.read(name, hz.size(name)))
    except BundleError as err:
        assert err.code in CHECKS
