"""Attack 1 of issue 13: a signer changes what a page shows inside its own signature
revision (which its signature covers). The next signer refuses to sign, and verification
fails, naming the revision and what it changed."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from jury_desk.core.errors import MinutesError
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.verify import verify_pv
from tests.minutes.tamper import (
    add_free_text,
    add_open_action,
    force_sign,
    move_own_box_over_page_one,
    sign_with_edit,
    swap_attachment,
    unlock_signer,
    white_out_and_write,
)

EDITS = {
    "page content": (white_out_and_write, "changes page content (page 1)"),
    "annotation": (add_free_text, "changes annotations (page 1)"),
    "attachment": (swap_attachment, "changes the attachment (minutes.json)"),
    "catalog": (add_open_action, "changes the catalog"),
    "own box moved": (move_own_box_over_page_one, "revision 1 (signature Signature-MINES)"),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_a_signer_editing_pages_in_its_own_revision_is_caught(case, tmp_path, keys, unsigned_pv):
    edit, said = EDITS[case]
    bent = sign_with_edit(unsigned_pv, keys.MINES, "Signature-MINES", edit)
    (tmp_path / "bent.pdf").write_bytes(bent)

    with pytest.raises(MinutesError) as refused:
        sign_pv(tmp_path / "bent.pdf", tmp_path / "out.pdf", keys.ALBERT.path,
                keys.ALBERT.passphrase, institution="ALBERT")  # fmt: skip
    assert refused.value.code == "sign.pv-altered"
    assert said in str(refused.value)
    assert not (tmp_path / "out.pdf").exists()

    # Countersigned anyway (with a tool that does not check): verification fails, naming it.
    (tmp_path / "both.pdf").write_bytes(force_sign(bent, keys.ALBERT, "Signature-ALBERT"))
    report = verify_pv(tmp_path / "both.pdf")
    assert not report.ok
    failed = [c for c in report.checks if c.ok is False]
    assert failed[0].code == "signature.coverage"
    assert said in failed[0].message
    assert report.lines()[-1] == "Result: NOT VALID"


def test_a_signature_drawn_outside_the_boxes_the_pv_laid_out_is_caught(tmp_path, keys, unsigned_pv):
    """A new signature field (not one the rendered PV laid out), its widget over page 1."""
    writer = IncrementalPdfFileWriter(io.BytesIO(unsigned_pv))
    meta = signers.PdfSignatureMetadata(field_name="Stamp", md_algorithm="sha256")
    spec = fields.SigFieldSpec("Stamp", on_page=0, box=(60, 300, 400, 420))
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=unlock_signer(keys.MINES.path, keys.MINES.passphrase).pades,
                      new_field_spec=spec).sign_pdf(writer, output=out)  # fmt: skip
    (tmp_path / "stamped.pdf").write_bytes(out.getvalue())
    with pytest.raises(MinutesError) as refused:
        sign_pv(tmp_path / "stamped.pdf", tmp_path / "out.pdf", keys.ALBERT.path,
                keys.ALBERT.passphrase, institution="ALBERT")  # fmt: skip
    assert refused.value.code == "sign.pv-altered"
    assert "Stamp" in str(refused.value)
