"""The unsigned PV: embedded fonts only, minutes.json attached, deterministic, every page
footed, long tables with a repeated header, DEMO and SIMULATION watermarks, atomic writes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from reportlab.platypus.doctemplate import LayoutError

from jury_desk.core.errors import MinutesError, UsageError
from jury_desk.minutes import pdf as pdf_module
from jury_desk.minutes.model import Minutes, minutes_bytes, parse_minutes
from jury_desk.minutes.pdf import render_pv, render_pv_bytes
from jury_desk.minutes.pdf_read import embedded_minutes, open_pdf
from tests.minutes import poppler
from tests.minutes.sample import DEVIATION_INDEX, make_minutes, minutes_dict

BASE14 = {"Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats"}


@pytest.fixture(scope="module")
def pv500(tmp_path_factory):
    minutes = make_minutes(500)
    path = tmp_path_factory.mktemp("pv500") / "pv.pdf"
    render_pv(minutes, path)
    return minutes, path


@pytest.mark.interop
@pytest.mark.parametrize(
    ("kind", "lang", "demo"), [("admission", "fr", False), ("graduation", "en", True)]
)
def test_every_font_is_embedded_and_none_is_base14(tmp_path, kind, lang, demo):
    path = render_pv(make_minutes(24, kind=kind, demo=demo), tmp_path / "pv.pdf", lang=lang)
    fonts = poppler.fonts(path)
    assert {f["name"].split("+")[-1] for f in fonts} == {
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
    }
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert not [f for f in fonts if any(b in f["name"] for b in BASE14)]


@pytest.mark.interop
def test_pdfdetach_lists_and_extracts_the_exact_minutes_json(tmp_path, minutes24):
    path = tmp_path / "pv.pdf"
    render_pv(minutes24, path)
    listed = poppler.run("pdfdetach", "-list", path)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1:] == ["1: minutes.json"]
    saved = poppler.run("pdfdetach", "-save", "1", "-o", tmp_path / "out.json", path)
    assert saved.returncode == 0, saved.stderr
    assert (tmp_path / "out.json").read_bytes() == minutes_bytes(minutes24)


def test_embedded_minutes_read_back_in_python_record_the_language(minutes24):
    for lang in ("fr", "en"):
        data = render_pv_bytes(minutes24, lang=lang)
        embedded = embedded_minutes(open_pdf(data, "pv.pdf"), "pv.pdf")
        parsed = parse_minutes(embedded)
        assert parsed.lang == lang
        assert parsed.model_copy(update={"lang": "fr"}) == minutes24


def test_rendering_is_deterministic_across_processes_hash_seeds_and_timezones(unsigned_pv):
    code = (
        "import hashlib, sys\n"
        "from jury_desk.minutes.pdf import render_pv_bytes\n"
        "from tests.minutes.sample import DEVIATION_INDEX, make_minutes, minutes_dict\n"
        f"m = make_minutes(24, signer_certs={_certs_of(unsigned_pv)!r})\n"
        "sys.stdout.write(hashlib.sha256(render_pv_bytes(m)).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland", "LC_ALL": "C"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == hashlib.sha256(unsigned_pv).hexdigest()
    assert render_pv_bytes(parse_minutes(_embedded(unsigned_pv))) == unsigned_pv


def _embedded(pdf: bytes) -> bytes:
    return embedded_minutes(open_pdf(pdf, "pv.pdf"), "pv.pdf")


def _certs_of(pdf: bytes) -> dict[str, str]:
    minutes = parse_minutes(_embedded(pdf))
    return {code: s.cert_sha256 for code, s in minutes.signers.items()}


@pytest.mark.interop
def test_long_table_repeats_its_header_and_every_page_has_the_footer(pv500):
    minutes, path = pv500
    pages = poppler.page_texts(path)
    assert len(pages) >= 10
    for number, text in enumerate(pages, start=1):
        assert minutes.audit_head in text, number
        assert minutes.bundle.sha256 in text, number
        assert f"Page {number} / {len(pages)}" in text
    # The decisions table spans many pages, each starting with the repeated header row.
    table_pages = [n for n, t in enumerate(pages) if "Approuvé" in t and "Candidat·e" in t]
    assert len(table_pages) >= 10
    assert table_pages == list(range(table_pages[0], table_pages[-1] + 1))
    table_text = "\n".join(pages[n] for n in table_pages)
    assert all(f"{c.id}\n" in table_text for c in minutes.candidates)


@pytest.mark.interop
def test_accents_greek_and_long_names_survive_text_extraction(tmp_path, minutes24):
    path = render_pv(minutes24, tmp_path / "pv.pdf")
    text = "\n".join(poppler.page_texts(path))
    for word in ("Lefèvre", "Παπαδόπουλος", "Ólafur", "Łukasiewicz", "Ærøskøbing", "Müller"):
        assert word in text, word
    assert "Procès-verbal de délibération du jury" in text
    assert "Le président du jury, signataire pour Mines Paris" in text
    assert "Pour Albert School" in text
    english = "\n".join(poppler.page_texts(render_pv(minutes24, tmp_path / "en.pdf", lang="en")))
    assert "Minutes of the jury deliberation" in english and "Procès-verbal" not in english


@pytest.mark.interop
def test_demo_session_is_watermarked_on_every_page_and_only_then(tmp_path):
    demo = render_pv(make_minutes(24, demo=True), tmp_path / "demo.pdf")
    pages = poppler.page_texts(demo)
    assert "SESSION DE DÉMONSTRATION" in pages[0]
    # The watermark is drawn diagonally, which text extraction skips: look at the pixels.
    tinted = [poppler.tinted_pixels(demo, n) for n in range(1, len(pages) + 1)]
    assert all(t > 500 for t in tinted), tinted
    real = render_pv(make_minutes(24), tmp_path / "real.pdf")
    assert not any("DÉMONSTRATION" in t for t in poppler.page_texts(real))
    assert [poppler.tinted_pixels(real, n) for n in range(1, len(pages) + 1)] == [0] * len(pages)


@pytest.mark.interop
@pytest.mark.parametrize(
    ("lang", "line"),
    [("fr", "Simulation — aucune valeur officielle"), ("en", "Simulation — no official value")],
)
def test_a_simulation_is_watermarked_on_every_page_and_only_then(tmp_path, lang, line):
    minutes = Minutes.model_validate({**minutes_dict(24, demo=False), "simulated": True})
    simulated = render_pv(minutes, tmp_path / "simulated.pdf", lang=lang)
    pages = poppler.page_texts(simulated)
    assert len(pages) > 1 and line in pages[0].splitlines()
    assert poppler.watermarks(simulated) == ["SIMULATION"] * len(pages)
    # A page of the striped decisions table hides part of it: still hundreds of pixels.
    assert all(poppler.tinted_pixels(simulated, n) > 200 for n in range(1, len(pages) + 1))
    real = render_pv(make_minutes(24), tmp_path / "real.pdf", lang=lang)
    assert poppler.watermarks(real) == [""] * len(poppler.page_texts(real))
    assert not any("SIMULATION" in p.upper() for p in poppler.page_texts(real))


def test_render_into_a_missing_folder_is_a_usage_error_and_writes_nothing(tmp_path, minutes24):
    with pytest.raises(UsageError):
        render_pv(minutes24, tmp_path / "missing" / "pv.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_layout_failure_keeps_the_previous_file_and_leaves_no_temporary(
    tmp_path, minutes24, monkeypatch
):
    out = tmp_path / "pv.pdf"
    out.write_bytes(b"previous PV")

    def fail(*args, **kwargs):
        raise LayoutError("Flowable too large")

    monkeypatch.setattr(pdf_module.BaseDocTemplate, "build", fail)
    with pytest.raises(MinutesError) as err:
        render_pv(minutes24, out)
    assert err.value.code == "pv.layout"
    assert out.read_bytes() == b"previous PV"
    assert [p.name for p in tmp_path.iterdir()] == ["pv.pdf"]


@pytest.mark.interop
def test_longest_texts_wrap_and_split_across_pages(tmp_path):
    data = minutes_dict(24)
    cand = data["candidates"][DEVIATION_INDEX]
    cand["name"] = ("Anne-Sophie Éléonore de La Tour d'Auvergne-Lauraguais " * 9).strip()
    cand["justification"] = ("Décision motivée, mot" + "x" * 120 + " ") * 34 + "FIN."
    cand["notes"] = [
        {"author": "m-mines-1", "at": "2026-06-15T10:00:00Z", "text": f"Note {k} " + "é" * 900}
        for k in range(12)
    ]
    data["conflicts"][0]["note"] = "Lien de tutorat détaillé. " * 190 + "FIN DU CONFLIT."
    path = render_pv(Minutes.model_validate(data), tmp_path / "pv.pdf")
    text = "\n".join(poppler.page_texts(path))
    assert "FIN." in text and "Note 11" in text and "FIN DU CONFLIT." in text
    assert "voir (1) ci-dessous" in text
    assert len(cand["justification"]) <= 5000


def test_reportlab_draws_with_its_c_accelerator():
    # pyproject asks for reportlab[accel]: ~10% off a 500-candidate PV. The accelerator
    # writes the very same bytes as ReportLab's Python fallback (checked on FR and EN PVs of
    # 24 and 500 candidates), so a PV verifies the same on a machine without it.
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str is not getattr(rl_accel, "_py_fp_str", None)
    assert rl_accel.fp_str.__module__ == "_rl_accel"
