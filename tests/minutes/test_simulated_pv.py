"""The PV of a simulated session (``jury-desk demo --headless``) checked by the tools a
reader has: poppler's pdfsig, pdfdetach and pdftotext, and ``jury-desk minutes verify``
(which accepts a simulation's PV only when told to)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from jury_desk.core.resources import resource_path
from jury_desk.minutes.model import parse_minutes
from jury_desk.minutes.pdf_canvas import MARGIN
from tests.e2e.simkit import Run, cli, files_under
from tests.minutes import poppler
from tests.minutes.tamper import (
    embedded_json_offset,
    flip,
    last_byte_range,
    minutes_of,
    with_embedded_json_edited,
)

DEMO_BUNDLE = resource_path("demo", "admission-master.jdbundle")
DEMO_KEY = resource_path("demo", "DEMO-secretariat.pub")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Run:
    """``jury-desk demo --headless OUT`` with the desk's data folder set by the environment,
    to show that the demo leaves nothing in it."""
    folder = tmp_path_factory.mktemp("demo")
    out, data = folder / "out", folder / "desk-data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JURY_DESK_DATA_DIR", str(data))
        code, stdout, stderr = cli("demo", "--headless", out)
    return Run(code, stdout, stderr, out, data)


def verify_cli(pv: Path, *extra: str) -> tuple[int, str, str]:
    return cli("minutes", "verify", pv, "--bundle", DEMO_BUNDLE, "--trusted-key", DEMO_KEY,
               *extra)  # fmt: skip


def test_demo_headless_writes_a_signed_demo_pv_of_a_simulation(demo: Run):
    assert (demo.code, demo.stderr) == (0, ""), demo.stderr
    minutes = parse_minutes(demo.minutes_json.read_bytes())
    assert minutes.session.demo and minutes.bundle.id == "demo-2026-master-admission"
    assert minutes.simulated and json.loads(demo.minutes_json.read_bytes())["simulated"] is True
    assert len(minutes.candidates) == 24
    # The simulated clock starts on the session's day, inside the bundle's validity.
    assert {a.in_at.date() for a in minutes.attendance} == {minutes.session.date}
    assert demo.summary("Session") == "temporary (removed; pass --data-dir to keep it)"
    assert files_under(demo.data) == []  # the desk's own data folder was not used


def test_minutes_verify_accepts_the_simulated_pv_only_with_allow_simulation(demo: Run):
    code, out, err = verify_cli(demo.pv, "--allow-simulation")
    assert (code, err) == (0, ""), out
    lines = out.splitlines()
    assert lines[2] == "WARNING  this PV records a SIMULATION, not a real deliberation"
    assert lines[-1] == "Result: VALID (SIMULATION)"
    code, refused, err = verify_cli(demo.pv)
    assert code == 1 and refused == out  # the same report; only the verdict's exit differs
    assert err == (
        "jury-desk: a simulated PV is not a jury's PV: it records a rehearsal (jury-desk "
        "simulate), not a deliberation. Pass --allow-simulation to accept it as such.\n"
    )


def test_every_page_carries_the_demo_and_simulation_watermarks(demo: Run):
    pages = poppler.page_texts(demo.pv)
    assert "SESSION DE DÉMONSTRATION — SANS VALEUR OFFICIELLE" in pages[0]
    assert "Simulation — aucune valeur officielle" in pages[0].splitlines()
    assert poppler.watermarks(demo.pv) == ["DÉMOSIMULATION"] * len(pages)
    for n in range(1, len(pages) + 1):
        assert poppler.tinted_pixels(demo.pv, n) > 500, f"page {n}"


def test_no_text_runs_past_the_margins(demo: Run):
    # The demo's long session title once pushed the running header off the page.
    boxes = poppler.run("pdftotext", "-bbox", demo.pv, "-")
    assert boxes.returncode == 0, boxes.stderr
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes.stdout)
    assert len(words) > 1000
    right = A4[0] - MARGIN
    outside = [(a, b) for a, b in words if float(a) < MARGIN - 0.5 or float(b) > right + 0.5]
    assert outside == []


def test_pdfsig_reports_every_signature_valid_and_exactly_three(demo: Run):
    """The demo's chair signs with a key of their own: the chair, then each institution."""
    code, sigs = poppler.signatures(demo.pv)
    assert code == 0
    assert sorted((s["Signature Field Name"], s["Signature Validation"]) for s in sigs) == [
        ("Signature-ALBERT", "Signature is Valid."),
        ("Signature-MINES", "Signature is Valid."),
        ("Signature-chair", "Signature is Valid."),
    ]
    assert "Total document signed" in sigs[-1]
    assert poppler.all_signatures_valid(demo.pv, expected=3)


def test_pdfdetach_lists_and_extracts_the_written_minutes_json(demo: Run, tmp_path):
    listed = poppler.run("pdfdetach", "-list", demo.pv)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["1 embedded files", "1: minutes.json"]
    saved = poppler.run("pdfdetach", "-save", "1", "-o", tmp_path / "extracted.json", demo.pv)
    assert saved.returncode == 0, saved.stderr
    assert (tmp_path / "extracted.json").read_bytes() == demo.minutes_json.read_bytes()


def _positions(data: bytes) -> dict[str, int]:
    """Offsets inside signed ranges: the original PV (its start, a page, the embedded JSON),
    MINES's incremental update and ALBERT's."""
    ranges = [
        tuple(int(x) for x in m)
        for m in re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    ]
    assert len(ranges) == 3  # the chair, MINES, ALBERT
    (_, _, mines_after, _), (_, _, albert_after, albert_len) = ranges[1], last_byte_range(data)
    contents = re.search(rb"/Contents (\d+) 0 R", data)  # the first page's content stream
    assert contents is not None
    page = data.index(b"\n" + contents.group(1) + b" 0 obj")
    first_page = data.index(b"stream", page) + 60
    return {
        "header": 20,
        "first page": first_page,
        "embedded json": embedded_json_offset(data),
        "after MINES's signature": mines_after + 40,
        "ALBERT's update": albert_after + albert_len // 2,
    }


def test_a_single_flipped_byte_is_caught_by_pdfsig_and_minutes_verify(demo: Run, tmp_path):
    data = demo.pv.read_bytes()
    for where, pos in _positions(data).items():
        tampered = tmp_path / f"{where.replace(' ', '-')}.pdf"
        tampered.write_bytes(flip(data, pos))
        assert not poppler.all_signatures_valid(tampered, expected=3), where
        code, out, err = verify_cli(tampered, "--allow-simulation")
        assert code == 1 and err.startswith("jury-desk: PV not valid: "), (where, out)
        assert "Result: NOT VALID" in out, where


def test_the_demo_minutes_show_the_jurys_work(demo: Run):
    data = json.loads(demo.minutes_json.read_bytes())
    flagged = [c for c in data["candidates"] if c["flags"]]
    assert flagged and all(c["notes"] for c in flagged)
    assert any(c["decision_source"] == "jury" and c["justification"] for c in data["candidates"])
    assert data["statistics"]["scholarship"]["target"] == 0.3


def test_unmarking_the_simulation_in_the_embedded_json_breaks_the_signatures(demo: Run, tmp_path):
    pv = tmp_path / "unmarked.pdf"
    pv.write_bytes(
        with_embedded_json_edited(
            demo.pv.read_bytes(),
            lambda raw: raw.replace(b'"simulated": true', b'"simulated":false'),
        )
    )
    assert not minutes_of(pv.read_bytes()).simulated  # the forged JSON reads as a real PV
    assert not poppler.all_signatures_valid(pv, expected=3)
    code, out, err = verify_cli(pv, "--allow-simulation")
    lines = out.splitlines()
    assert code == 1 and err.startswith("jury-desk: PV not valid: "), out
    assert lines[-1] == "Result: NOT VALID"
    failed = [line for line in lines if line.startswith("FAIL")]
    assert len(failed) == 4, out
    assert all("the signed bytes were changed" in line for line in failed[:3])
    assert failed[3].startswith("FAIL the pages differ from minutes.json")
