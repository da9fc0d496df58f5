"""Attack 3 of issue 13: hostile files. Every one ends with exit 1 and one clear line on
stderr, quickly and in bounded memory: a reference loop, 200,000 nested arrays, a PV
followed by 1 GiB of padding (a sparse file: the cap is read before a byte is parsed)."""

from __future__ import annotations

import sys
import zlib

import pytest

from jury_desk.cli import main
from jury_desk.minutes.pdf_read import MAX_PV_BYTES
from jury_desk.minutes.verify import verify_pv
from tests.tooling import measure_command

LOOP = (
    b"%PDF-1.7\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names 3 0 R >>\nendobj\n"
    b"2 0 obj\n4 0 R\nendobj\n"
    b"3 0 obj\n5 0 R\nendobj\n"
    b"4 0 obj\n2 0 R\nendobj\n"
    b"5 0 obj\n3 0 R\nendobj\n"
)


def _with_xref(body: bytes, count: int) -> bytes:
    offsets, at = [], 0
    for n in range(1, count + 1):
        at = body.index(f"\n{n} 0 obj".encode(), at) + 1
        offsets.append(at)
    xref = len(body)
    table = b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return (
        body
        + b"xref\n0 %d\n0000000000 65535 f \n" % (count + 1)
        + table
        + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count + 1, xref)
    )


def reference_loop() -> bytes:
    return _with_xref(LOOP, 5)


def nested_arrays(depth: int = 200_000) -> bytes:
    body = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names "
        + b"[" * depth
        + b"]" * depth
        + b" >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    )
    return _with_xref(body, 2)


CASES = {
    "reference loop": reference_loop,
    "nested arrays": nested_arrays,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_pdf_gets_one_line_and_exit_1(case, tmp_path, capsys):
    pv = tmp_path / "hostile.pdf"
    pv.write_bytes(CASES[case]())
    code = main(["minutes", "verify", str(pv)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert err.startswith("jury-desk: ") and err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err and "recursion" not in err
    assert out.splitlines()[-1] == "Result: NOT VALID"
    report = verify_pv(pv)
    assert not report.ok and report.failure is not None


def test_a_pv_padded_to_1_gib_is_refused_at_once_in_bounded_memory(tmp_path, signed_pv):
    """In a fresh process, so that its peak memory is its own; the file is sparse."""
    pv = tmp_path / "padded.pdf"
    pv.write_bytes(signed_pv)
    with pv.open("r+b") as fh:
        fh.truncate(len(signed_pv) + 2**30)
    assert pv.stat().st_size > MAX_PV_BYTES
    _, peak_mib, code, err = measure_command(
        [sys.executable, "-m", "jury_desk", "minutes", "verify", str(pv)]
    )
    assert code == 1, err
    assert err.count("\n") == 1 and "at most 64 MiB" in err, err
    assert 0 < peak_mib < 300


def _deflated_zeros(size: int) -> bytes:
    """``size`` zero bytes deflated, made a MiB at a time (never ``size`` bytes in memory)."""
    packer, chunk = zlib.compressobj(9), bytes(2**20)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + packer.flush()


def decompression_bomb(inflated: int = 2**30 + 2**20) -> bytes:
    """A small PDF (a few kB) whose embedded minutes.json inflates to more than 1 GiB: the
    zeros deflated twice, under two stacked /FlateDecode filters."""
    bomb = zlib.compress(_deflated_zeros(inflated), 9)
    body = (
        b"%PDF-1.7\n"
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names 3 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"3 0 obj\n<< /EmbeddedFiles << /Names [(minutes.json) 4 0 R] >> >>\nendobj\n"
        b"4 0 obj\n<< /Type /Filespec /F (minutes.json) /EF << /F 5 0 R >> >>\nendobj\n"
        b"5 0 obj\n<< /Type /EmbeddedFile /Filter [/FlateDecode /FlateDecode] /Length "
        + str(len(bomb)).encode()
        + b" >>\nstream\n"
        + bomb
        + b"\nendstream\nendobj\n"
    )
    return _with_xref(body, 5)


def test_a_decompression_bomb_under_the_size_cap_is_refused_in_bounded_memory(tmp_path):
    """Issue 13 §5: a file far under 64 MiB whose stream inflates past 1 GiB. In a fresh
    process, so that its peak memory is its own."""
    pv = tmp_path / "bomb.pdf"
    pv.write_bytes(decompression_bomb())
    assert pv.stat().st_size < 64 * 1024
    _, peak_mib, code, err = measure_command(
        [sys.executable, "-m", "jury_desk", "minutes", "verify", str(pv)]
    )
    assert code == 1, err
    assert err.count("\n") == 1 and "decompression bomb" in err, err
    assert "[pdf.decompression]" in err and "minutes.missing" not in err, err
    assert 0 < peak_mib < 300
