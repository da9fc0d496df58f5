"""Build-time input checks (issue 14 §1): what used to pass and then fail in the jury room.

Documents that are not PDFs a desk can show, OS leftovers, signers' certificates instead of
typed fingerprints, validity windows, Excel's Windows-1252 CSV, student numbers and birth
dates. Every refusal is one plain line naming the file and the fix, and writes nothing.
"""

from __future__ import annotations

import io
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pypdf import PdfWriter

from jury_desk.bundle.builder import prepare_bundle
from jury_desk.bundle.signer_certs import load_signer_cert, normalise_fingerprint
from jury_desk.cli import main
from jury_desk.core.errors import UsageError
from jury_desk.core.resources import resource_path
from jury_desk.minutes.signer_keys import create_signer_p12
from jury_desk.rehearsal.demo_pdfs import render_pdf

EXAMPLES = resource_path("examples")
IN_WINDOW = datetime(2026, 9, 15, 12, 0, tzinfo=UTC)
MINES_TYPED = "5b4f0c3c1e9f2d0a7a8e6c4b2f1d3e5a7c9b1d3f5e7a9c1b3d5f7e9a1c3b5d70"


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(EXAMPLES, root)
    return root


def prepare(root: Path, **kw):
    kw.setdefault("now", IN_WINDOW)
    csv = kw.pop("csv", "candidates.csv")
    return prepare_bundle(root / "session.toml", root / csv, root / "documents", **kw)


def refusal(root: Path, **kw) -> str:
    with pytest.raises(UsageError) as info:
        prepare(root, **kw)
    return str(info.value)


def _pdf_with(writer: PdfWriter) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    return _pdf_with(writer)


# --------------------------------------------------------------------------- documents


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("lettre.docx", b"PK\x03\x04" + b"\0" * 40, "it is a ZIP or Office file"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 40, "it is a JPEG image, not a PDF"),
        ("vide.pdf", b"", "the file is empty (0 bytes)"),
        ("notes.pdf", b"Ceci n'est pas un PDF\n", "it is not a PDF (no %PDF header)"),
        ("protégé.pdf", None, "it is protected by a password (encrypted)"),
        ("cassé.pdf", b"%PDF-1.7\n1 0 obj <</Type /Catalog", "it is damaged"),
        ("sans-page.pdf", _pdf_with(PdfWriter()), "it has no page"),
    ],
)
def test_a_document_that_is_not_a_usable_pdf_is_refused_by_name(src, name, data, why):
    (src / "documents" / "C002" / name).write_bytes(encrypted_pdf() if data is None else data)
    message = refusal(src)
    assert message.startswith(f"1 document is not a readable PDF (documents/C002/{name}: {why}")
    assert message.endswith("export or print it as PDF (without a password) and build again.")


def test_every_bad_document_is_listed_at_once(src):
    (src / "documents" / "C001" / "a.docx").write_bytes(b"PK\x03\x04")
    (src / "documents" / "C003" / "b.pdf").write_bytes(b"")
    message = refusal(src)
    assert message.startswith("2 documents are not readable PDFs (")
    assert "documents/C001/a.docx" in message and "documents/C003/b.pdf" in message


def test_os_leftovers_are_listed_together_with_one_hint(src):
    for where, name in [
        ("C001", "Thumbs.db"),
        ("C002", "~$lettre.docx"),
        ("C003", "desktop.ini"),
        ("C003", ".DS_Store"),
    ]:
        (src / "documents" / where / name).write_bytes(b"x")
    (src / "documents" / "Thumbs.db").write_bytes(b"x")
    assert refusal(src) == (
        "5 leftover files (documents/C001/Thumbs.db, documents/C002/~$lettre.docx, "
        "documents/C003/.DS_Store, documents/C003/desktop.ini, documents/Thumbs.db): they "
        "are files Windows, macOS or Office leave in folders, not documents: delete them "
        "(show hidden files in the file manager) and build again."
    )


def test_a_real_multi_page_pdf_passes(src):
    (src / "documents" / "C001" / "relevé.pdf").write_bytes(
        render_pdf("Relevé", "C001", [f"ligne {i}" for i in range(200)])
    )
    built = prepare(src)
    assert "documents/C001/relevé.pdf" in built.manifest.candidate("C001").documents


def test_cli_bad_document_exits_2_and_writes_nothing(src, tmp_path, capsys):
    (src / "documents" / "C001" / "lettre.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "b.jdbundle"
    code = main(["bundle", "build", "--session", str(src / "session.toml"), "--candidates",
                 str(src / "candidates.csv"), "--documents", str(src / "documents"),
                 "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "documents/C001/lettre.docx: it is a ZIP or Office file" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["src"]


# --------------------------------------------------------------------------- signers


def write_cert(path: Path, *, start: datetime, end: datetime, pem: bool = True) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Pierre-Yves Martin")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    encoding = serialization.Encoding.PEM if pem else serialization.Encoding.DER
    path.write_bytes(cert.public_bytes(encoding))
    return load_signer_cert("MINES", path).fingerprint


def _drop_typed(root: Path, fingerprint: str) -> None:
    text = (root / "session.toml").read_text()
    (root / "session.toml").write_text(text.replace(f'signer_cert_sha256 = "{fingerprint}"', ""))


@pytest.mark.parametrize("pem", [True, False])
def test_the_fingerprint_comes_from_the_certificate_file(src, tmp_path, pem):
    crt = tmp_path / ("mines.crt" if pem else "mines.der")
    fp = write_cert(
        crt, start=IN_WINDOW - timedelta(days=30), end=IN_WINDOW + timedelta(days=900), pem=pem
    )
    _drop_typed(src, MINES_TYPED)
    built = prepare(src, signer_certs=[load_signer_cert("MINES", crt)])
    assert built.manifest.session.member("m-mines-2").signer_cert_sha256 == fp


def test_a_typed_fingerprint_that_differs_from_the_file_is_refused(src, tmp_path):
    crt = tmp_path / "mines.crt"
    write_cert(crt, start=IN_WINDOW - timedelta(days=1), end=IN_WINDOW + timedelta(days=9))
    message = refusal(src, signer_certs=[load_signer_cert("MINES", crt)])
    assert message.startswith(
        "session.toml: member 2 (m-mines-2): signer_cert_sha256 5b4f0c3c1e9f2d0a… is not the "
        "fingerprint of mines.crt"
    )
    assert message.endswith("one of them is wrong. Remove the typed one to use the certificate's.")


def test_a_one_digit_typo_against_the_file_is_caught(src, tmp_path):
    crt = tmp_path / "mines.crt"
    fp = write_cert(crt, start=IN_WINDOW - timedelta(days=1), end=IN_WINDOW + timedelta(days=9))
    typo = ("0" if fp[10] != "0" else "1").join((fp[:10], fp[11:]))
    text = (src / "session.toml").read_text().replace(MINES_TYPED, typo)
    (src / "session.toml").write_text(text)
    assert "is not the fingerprint of mines.crt" in refusal(
        src, signer_certs=[load_signer_cert("MINES", crt)]
    )


def test_openssl_colon_form_is_accepted(src):
    colon = "SHA256 Fingerprint=" + ":".join(
        MINES_TYPED[i : i + 2].upper() for i in range(0, 64, 2)
    )
    (src / "session.toml").write_text(
        (src / "session.toml").read_text().replace(MINES_TYPED, colon)
    )
    built = prepare(src)
    assert built.manifest.session.member("m-mines-2").signer_cert_sha256 == MINES_TYPED
    assert normalise_fingerprint("AB:cd") is None


def test_a_bad_fingerprint_names_the_member_one_based_and_the_forms(src):
    text = (src / "session.toml").read_text().replace(MINES_TYPED, "5b4f0c")
    (src / "session.toml").write_text(text)
    message = refusal(src)
    assert message.startswith(
        "session.toml: session, member 2 (m-mines-2), signer_cert_sha256: must be 64 "
    )
    assert "openssl's form AB:CD:…:EF" in message and "--signer-cert CODE=FILE" in message


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (
            datetime(2020, 1, 1, tzinfo=UTC),
            datetime(2026, 9, 1, tzinfo=UTC),
            "it expired on 2026-09-01",
        ),
        (
            datetime(2026, 10, 1, tzinfo=UTC),
            datetime(2030, 1, 1, tzinfo=UTC),
            "valid only from 2026-10-01",
        ),
    ],
)
def test_a_certificate_not_valid_on_the_session_date_is_refused(src, tmp_path, start, end, said):
    crt = tmp_path / "mines.crt"
    write_cert(crt, start=start, end=end)
    _drop_typed(src, MINES_TYPED)
    message = refusal(src, signer_certs=[load_signer_cert("MINES", crt)])
    assert message.startswith(f"--signer-cert MINES={crt}: this certificate cannot sign the PV")
    assert said in message


def test_cli_signer_cert_from_a_p12_and_bad_options(src, tmp_path, capsys, monkeypatch):
    p12 = tmp_path / "mines.p12"
    fp = create_signer_p12("Pierre-Yves Martin", "MINES", b"pw", p12)
    _drop_typed(src, MINES_TYPED)
    text = (src / "session.toml").read_text()
    today = datetime.now(UTC).date().isoformat()
    (src / "session.toml").write_text(text.replace("date = 2026-09-15", f"date = {today}"))
    base = ["bundle", "build", "--session", str(src / "session.toml"), "--candidates",
            str(src / "candidates.csv"), "--documents", str(src / "documents")]  # fmt: skip
    monkeypatch.setenv("JURY_DESK_KEY_PASSPHRASE", "wrong")
    out = tmp_path / "b.jdbundle"
    assert main([*base, "--out", str(out), "--signer-cert", f"MINES={p12}"]) == 2
    assert "wrong passphrase or not a PKCS#12 file" in capsys.readouterr().err
    assert main([*base, "--out", str(out), "--signer-cert", "MINES"]) == 2
    assert "write it as INSTITUTION=FILE" in capsys.readouterr().err
    monkeypatch.setenv("JURY_DESK_KEY_PASSPHRASE", "pw")
    assert main([*base, "--out", str(out), "--signer-cert", f"NASA={p12}"]) == 2
    assert "has no signer for institution 'NASA'" in capsys.readouterr().err
    assert not out.exists()
    assert main([*base, "--out", str(out), "--signer-cert", f"MINES={p12}"]) == 0
    assert out.exists() and capsys.readouterr().err == ""
    built = prepare(src, signer_certs=[load_signer_cert("MINES", p12, b"pw")], now=None)
    assert built.manifest.session.member("m-mines-2").signer_cert_sha256 == fp


# --------------------------------------------------------------------------- dates


def _set_top(root: Path, line: str) -> None:
    text = (root / "session.toml").read_text()
    (root / "session.toml").write_text(
        text.replace("valid_days = 30 ", f"{line}\nvalid_days = 30 ")
    )


def test_an_already_expired_window_is_refused(src):
    _set_top(src, "issued_at = 2026-01-01T08:00:00+01:00")
    assert refusal(src).startswith(
        "session.toml: the bundle would already be expired (2026-01-31T08:00:00+01:00, before "
        "now): no desk would open it."
    )


def test_a_future_issue_date_and_a_session_outside_the_window_are_warned(src):
    _set_top(src, "issued_at = 2026-11-01T08:00:00+01:00")
    built = prepare(src)
    assert len(built.warnings) == 2
    assert built.warnings[0].startswith("issued_at 2026-11-01T08:00:00+01:00 is in the future")
    assert built.warnings[1].startswith(
        "the session date 2026-09-15 is outside the bundle's validity (2026-11-01 to 2026-12-01)"
    )
    assert not prepare(src, now=datetime(2026, 11, 2, tzinfo=UTC)).warnings[0].startswith("issued")


@pytest.mark.parametrize("typed", ['"15/12/2026"', '"2026-13-45"'])
def test_a_date_in_the_wrong_form_says_the_right_one(src, typed):
    text = (src / "session.toml").read_text().replace("date = 2026-09-15", f"date = {typed}")
    (src / "session.toml").write_text(text)
    assert refusal(src) == (
        f"session.toml: session, date: {typed.replace(chr(34), chr(39))} is not a date; write "
        "it as YYYY-MM-DD, e.g. 2026-12-15 (a date and time: 2026-12-15T09:00:00+01:00)."
    )


# --------------------------------------------------------------------------- candidates


def test_the_excel_example_is_read_as_windows_1252_with_student_numbers(src):
    built = prepare(src, csv="candidates-excel.csv")
    assert built.encoding == "Windows-1252 (Excel's default CSV)"
    c1, c2, c3 = built.manifest.candidates
    assert (c1.name, c1.student_id, c1.birth_date) == (
        "Camille Lefèvre",
        "21904417",
        date(2002, 3, 14),
    )
    assert c2.name == "Chloé O'Connor, dite «Clo»" and c3.birth_date == date(2000, 2, 29)
    assert [k.member for k in c3.conflicts] == ["m-mines-2", "m-albert-1"]
    assert (src / "candidates-excel.csv").read_bytes().count(b"\r\n") == 4


def test_student_columns_are_optional_per_row(src):
    (src / "candidates.csv").write_text(
        "id,name,scholarship,student_id,birth_date\nC001,A,oui,,\nC002,B,non,X1,2001-03-14\n"
        "C003,C,non,,\n"
    )
    c1, c2, _ = prepare(src).manifest.candidates
    assert (c1.student_id, c1.birth_date) == (None, None)
    assert (c2.student_id, c2.birth_date) == ("X1", date(2001, 3, 14))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "C001,A,oui,42,\nC002,B,non,42,\n",
            "candidates.csv line 3: student_id '42' is already on line 2; each candidate has "
            "their own number.",
        ),
        (
            "C001,A,oui,,31/02/2001\n",
            "candidates.csv line 2: birth_date '31/02/2001' is not a date; write it as "
            "2001-03-14 or 14/03/2001.",
        ),
    ],
)
def test_bad_student_columns(src, rows, message):
    (src / "candidates.csv").write_text(f"id,name,scholarship,student_id,birth_date\n{rows}")
    assert refusal(src) == message
