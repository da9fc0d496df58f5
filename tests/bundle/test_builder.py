"""build_from_sources and `jury-desk bundle build`: sources -> manifest, every bad input named."""

from __future__ import annotations

import shutil
import unicodedata
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jury_desk.bundle.blind_fields import read_values
from jury_desk.bundle.builder import build_from_sources, prepare_bundle
from jury_desk.bundle.layout import BLIND_VALUES_PATH
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.bundle.writer import SIGNATURE_NAME, write_bundle
from jury_desk.cli import main
from jury_desk.core.errors import UsageError
from jury_desk.core.resources import resource_path
from jury_desk.rehearsal.demo_pdfs import render_pdf

EXAMPLES = resource_path("examples")
PDF = render_pdf("Relevé de notes", "C001", ["une page"])
# The example is issued at build time for 30 days: build and verify as if on the session day.
IN_WINDOW = datetime(2026, 9, 15, 12, 0, tzinfo=UTC)
HEADER = "id,name,scholarship,conflicts\n"
RECORD = """\
[[courses]]
code = "ML"
title = "Machine learning"
ects = 60
grade = 14.5
validated = true

[[business_cases]]
year = 1
title = "Pricing"
partner = "Air France"

[placement]
kind = "internship"
status = "in_progress"
"""


@pytest.fixture
def src(tmp_path) -> Path:
    """A copy of resources/examples (3 candidates C001-C003) to break in each test."""
    root = tmp_path / "src"
    shutil.copytree(EXAMPLES, root)
    return root


def build(root: Path, **kw):
    kw.setdefault("now", IN_WINDOW)
    return build_from_sources(
        root / "session.toml", root / "candidates.csv", root / "documents", **kw
    )


def usage(root: Path, **kw) -> str:
    with pytest.raises(UsageError) as info:
        build(root, **kw)
    return str(info.value)


def write_csv(root: Path, text: str, encoding: str = "utf-8") -> None:
    (root / "candidates.csv").write_bytes(text.encode(encoding))


def make_graduation(root: Path) -> None:
    toml = (root / "session.toml").read_text()
    toml = toml.replace('kind = "admission"', 'kind = "graduation"')
    toml += (
        "\n[session.graduation_rules]\nrequired_ects = 120\nprogramme_years = 2\n"
        "internship_required = true\n"
    )
    (root / "session.toml").write_text(toml)
    for cid in ("C001", "C002", "C003"):
        (root / "documents" / cid / "record.toml").write_text(RECORD)


# --------------------------------------------------------------------------- the example


def test_the_shipped_example_builds(src):
    manifest, docs = build(src)
    assert [c.id for c in manifest.candidates] == ["C001", "C002", "C003"]
    c1, c2, c3 = manifest.candidates
    assert c2.name == "Chloé O'Connor, dite «Clo»"  # comma inside quotes, accents
    assert flags(manifest, docs) == [True, False, True]
    assert [(k.member, k.category, k.note) for k in c2.conflicts] == [
        ("m-albert-2", "former_teacher", "a enseigné en L3")
    ]
    assert [(k.member, k.category) for k in c3.conflicts] == [
        ("m-mines-2", "tutor"),
        ("m-albert-1", "sponsor"),
    ]
    assert c1.documents == ["documents/C001/cv.pdf", "documents/C001/lettre-de-motivation.pdf"]
    assert set(docs) == {f.path for f in manifest.files}
    assert docs["documents/C001/cv.pdf"] == src / "documents" / "C001" / "cv.pdf"
    assert manifest.expires_at - manifest.issued_at == timedelta(days=30)
    assert manifest.session.programme == "master" and c1.programme == "master"


def test_two_builds_are_byte_identical(src, tmp_path):
    """The same sources give the same bytes, but for the sealed flags' random salts (fixed
    here): each build commits to the flags afresh."""
    key = SecretKey.generate()
    outs, manifests = [], []
    for name in ("a", "b"):
        manifest, docs = build(src, blind_salt=lambda cid: cid.encode().ljust(16, b"."))
        outs.append(write_bundle(manifest, docs, key, tmp_path / f"{name}.jdbundle"))
        manifests.append(build(src)[0])
    assert outs[0].read_bytes() == outs[1].read_bytes()
    fresh = [[c.blind.commitment for c in m.candidates] for m in manifests]  # type: ignore[union-attr]
    assert fresh[0] != fresh[1] and all(f != g for f, g in zip(*fresh, strict=True))


def flags(manifest, docs) -> list[bool]:
    """The scholarship flags a built bundle seals (no reveal key pinned: blind-fields.json)."""
    assert all(c.scholarship is None and c.blind is not None for c in manifest.candidates)
    values = read_values(manifest, docs[BLIND_VALUES_PATH])
    return [values[c.id]["scholarship"][0] for c in manifest.candidates]


def test_zero_validity_is_refused_not_defaulted(src):
    assert usage(src, valid_days=0) == (
        "session.toml: valid_days must be between 1 and 3650, got 0."
    )


def test_overrides_replace_session_toml_values(src):
    manifest, _ = build(src, bundle_id="other-id", seq=7, valid_days=3)
    assert (manifest.bundle_id, manifest.seq) == ("other-id", 7)
    assert manifest.expires_at - manifest.issued_at == timedelta(days=3)


# --------------------------------------------------------------------------- candidates.csv


def test_bom_crlf_semicolons_and_yes_no_spellings(src):
    write_csv(
        src,
        "\ufeffid;name;scholarship\r\nC001;Camille Lefèvre;YES\r\nC002;Chloé, O'Connor;false\r\n"
        "C003;Zoé;1\r\n",
    )
    manifest, docs = build(src)
    assert flags(manifest, docs) == [True, False, True]
    assert manifest.candidates[1].name == "Chloé, O'Connor"


def test_names_are_nfc_normalised(src):
    nfd = unicodedata.normalize("NFD", "Zoé Lefèvre")
    write_csv(src, f"{HEADER}C001,{nfd},non,\nC002,B,non,\nC003,C,non,\n")
    manifest, _ = build(src)
    assert manifest.candidates[0].name == unicodedata.normalize("NFC", "Zoé Lefèvre")


def test_windows_1252_is_read_and_said(src):
    write_csv(src, f"{HEADER}C001,A,oui,\nC002,Chloé Œuvré,non,\nC003,C,non,\n", "cp1252")
    built = prepare_bundle(
        src / "session.toml", src / "candidates.csv", src / "documents", now=IN_WINDOW
    )
    assert built.manifest.candidates[1].name == "Chloé Œuvré"
    assert built.encoding == "Windows-1252 (Excel's default CSV)"


@pytest.mark.parametrize(
    ("data", "said"),
    [(b"\xef\xbb\xbf", "UTF-8 with BOM"), (b"", "UTF-8")],
)
def test_utf8_with_and_without_bom_is_said(src, data, said):
    (src / "candidates.csv").write_bytes(data + f"{HEADER}C001,Zoé,oui,\n".encode())
    (src / "documents" / "C002").rename(src / "C002")
    (src / "documents" / "C003").rename(src / "C003")
    built = prepare_bundle(
        src / "session.toml", src / "candidates.csv", src / "documents", now=IN_WINDOW
    )
    assert built.encoding == said and built.manifest.candidates[0].name == "Zoé"


def test_neither_utf8_nor_windows_1252_names_the_line(src):
    (src / "candidates.csv").write_bytes(f"{HEADER}C001,A,oui,\n".encode() + b"C002,\x81,non,\n")
    assert usage(src) == (
        "candidates.csv line 3: byte 0x81 is neither UTF-8 nor Windows-1252; save the file "
        "from Excel as 'CSV UTF-8'."
    )


def test_a_broken_utf8_bom_file_is_refused(src):
    (src / "candidates.csv").write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + b"C001,\xe9,oui,\n")
    assert usage(src).startswith("candidates.csv line 2: the file says it is UTF-8 (BOM)")


def test_bad_scholarship_names_the_line_and_value(src):
    write_csv(
        src,
        f"{HEADER}C001,A,oui,\nC002,B,non,\nC003,C,peut-être,\n",
    )
    assert usage(src) == (
        "candidates.csv line 4: scholarship must be oui or non (also yes/no, true/false, 1/0), "
        "got 'peut-être'."
    )


def test_line_numbers_count_multi_line_quoted_fields(src):
    write_csv(src, f'{HEADER}C001,"Anne\nMarie",oui,\n\nC002,B,non,\nC003,C,nope,\n')
    assert usage(src).startswith("candidates.csv line 6: scholarship must be oui or non")


def test_duplicate_id_names_both_lines(src):
    write_csv(src, f"{HEADER}C001,A,oui,\nC002,B,non,\nC001,C,non,\n")
    assert usage(src) == "candidates.csv line 4: duplicate id 'C001' (first on line 2)."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "candidates.csv is empty; it needs a header row."),
        (HEADER, "candidates.csv has no candidate rows."),
        (
            "id,name,scholarship,email\n",
            "candidates.csv line 1: unknown column 'email'; the columns are "
            "id, name, scholarship, conflicts, student_id, birth_date.",
        ),
        (
            "id,name\n",
            "candidates.csv line 1: the header needs the columns id, name, scholarship "
            "once each (optional: conflicts, student_id, birth_date).",
        ),
        (
            f"{HEADER}C001,A,oui\n",
            "candidates.csv line 2: expected 4 cells (id, name, scholarship, conflicts), got 3; "
            "a cell that contains the separator ',' must be in double quotes",
        ),
        (
            f"{HEADER}C001,A,oui,m-nobody:tutor\n",
            "candidates.csv line 2: conflict names unknown member 'm-nobody'; the members are "
            "m-albert-1, m-albert-2, m-mines-1, m-mines-2.",
        ),
        (
            f"{HEADER}C001,A,oui,m-mines-2:enemy\n",
            "candidates.csv line 2: conflict category must be one of tutor, sponsor, "
            "personal, former_teacher, other, got 'enemy' (write member:category[:note]).",
        ),
        (
            f"{HEADER}C001,A,oui,m-mines-2:tutor;m-mines-2:other\n",
            "candidates.csv line 2: member 'm-mines-2' is listed twice in conflicts.",
        ),
        (
            f"{HEADER}C 001,A,oui,\n",
            "candidates.csv line 2: id: identifiers are 1-64 characters: letters, digits, "
            "'_', '.', '-'.",
        ),
        (f"{HEADER}C001,,oui,\n", "candidates.csv line 2: name: String should have at least 1"),
    ],
)
def test_bad_candidates_file(src, text, message):
    write_csv(src, text)
    assert usage(src).startswith(message)


# --------------------------------------------------------------------------- documents folder


def test_folder_without_candidate_is_refused(src):
    (src / "documents" / "C999").mkdir()
    assert usage(src) == "documents/C999: no candidate has this id in the candidates file."


def test_candidate_without_folder_is_refused(src):
    shutil.rmtree(src / "documents" / "C002")
    assert usage(src) == "documents/C002: candidate C002 has no folder."


def test_hidden_file_is_refused(src):
    (src / "documents" / "C001" / ".notes.pdf").write_bytes(PDF)
    assert usage(src) == (
        "documents/C001/.notes.pdf: hidden files are not allowed in a bundle; remove it."
    )


def test_symlink_is_refused(src, tmp_path):
    (tmp_path / "elsewhere.pdf").write_bytes(b"%PDF")
    (src / "documents" / "C003" / "link.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    assert usage(src) == (
        "documents/C003/link.pdf: symbolic links are not allowed; copy the real file instead."
    )


def test_sub_folder_and_loose_file_are_refused(src):
    (src / "documents" / "C001" / "annexes").mkdir()
    assert usage(src).startswith("documents/C001/annexes: sub-folders are not allowed")
    (src / "documents" / "C001" / "annexes").rmdir()
    (src / "documents" / "readme.txt").write_text("x")
    assert usage(src).startswith("documents/readme.txt: put each file in its candidate's folder")


def test_file_names_are_nfc_in_the_bundle(src):
    nfd = unicodedata.normalize("NFD", "relevé.pdf")
    (src / "documents" / "C001" / nfd).write_bytes(PDF)
    manifest, docs = build(src)
    path = "documents/C001/" + unicodedata.normalize("NFC", "relevé.pdf")
    assert path in manifest.candidates[0].documents
    assert docs[path].name == nfd


def test_names_differing_only_by_case_are_refused(src):
    (src / "documents" / "C001" / "CV.pdf").write_bytes(PDF)
    assert usage(src).startswith("documents/C001/cv.pdf: differs from CV.pdf only by case")


# --------------------------------------------------------------------------- graduation records


def test_graduation_records_come_from_record_toml(src):
    make_graduation(src)
    manifest, docs = build(src)
    record = manifest.candidates[0].record
    assert record is not None and record.courses[0].ects == 60
    assert record.business_cases[0].partner == "Air France"
    assert record.placement is not None and record.placement.status == "in_progress"
    assert not any(p.endswith("record.toml") for p in docs)


def test_graduation_candidate_without_record_is_refused(src):
    make_graduation(src)
    (src / "documents" / "C002" / "record.toml").unlink()
    assert usage(src) == (
        "documents/C002: a graduation candidate needs a record.toml with the academic record."
    )


def test_bad_record_names_the_file_and_field(src):
    make_graduation(src)
    (src / "documents" / "C003" / "record.toml").write_text(
        RECORD.replace("ects = 60", "ects = 99")
    )
    assert usage(src) == (
        "documents/C003/record.toml: course 1, ects: Input should be less than or equal to 60."
    )


# --------------------------------------------------------------------------- session.toml


def _edit_session(root: Path, old: str, new: str) -> None:
    text = (root / "session.toml").read_text()
    assert old in text
    (root / "session.toml").write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("seq = 1 ", "sequence = 1 ", "session.toml: sequence: Extra inputs are not permitted."),
        (
            'roles = ["chair", "member"]',
            'roles = ["boss"]',
            "session.toml: session, member 1 (m-mines-1), roles, item 1: Input should be",
        ),
        ('bundle_id = "example', '# bundle_id = "', "session.toml: set bundle_id and seq"),
        (
            "valid_days = 30",
            "valid_days = 30\nexpires_at = 2027-01-01T00:00:00Z",
            "session.toml: give either",
        ),
        (
            "# issued_at = 2026-09-01T08:00:00+02:00",
            "issued_at = 2026-09-01T08:00:00",
            "session.toml: issued_at needs a time zone",
        ),
        ("seq = 1 ", "seq = = 1", "session.toml: "),
    ],
)
def test_bad_session_file(src, old, new, message):
    _edit_session(src, old, new)
    assert usage(src).startswith(message)


def test_quorum_message_is_plain(src):
    _edit_session(src, "MINES = 2\nALBERT = 2", "MINES = 9\nALBERT = 2")
    assert usage(src) == "session.toml: session: quorum for MINES exceeds its 2 members."


# --------------------------------------------------------------------------- the CLI


def _cli_args(root: Path, out: Path, *extra: str) -> list[str]:
    # The CLI builds at the real time: move the example's session to today.
    if (root / "session.toml").is_file():
        text = (root / "session.toml").read_text()
        today = datetime.now(UTC).date().isoformat()
        (root / "session.toml").write_text(text.replace("date = 2026-09-15", f"date = {today}"))
    return [
        "bundle",
        "build",
        "--session",
        str(root / "session.toml"),
        "--candidates",
        str(root / "candidates.csv"),
        "--documents",
        str(root / "documents"),
        "--out",
        str(out),
        *extra,
    ]


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.endswith("\n"), err
    return err.strip()


def test_cli_builds_a_signed_bundle_the_verifier_accepts(
    src, tmp_path, data_dir, capsys, monkeypatch
):
    key = SecretKey.generate()
    key_file = tmp_path / "k.key"
    key_file.write_text(key.to_text(b"s3cret", opslimit=1 << 15, memlimit=1 << 24))
    monkeypatch.setenv("JURY_DESK_KEY_PASSPHRASE", "s3cret")
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out, "--key", str(key_file), "--seq", "4")) == 0
    read, line = capsys.readouterr().out.splitlines()
    assert read == "Read candidates.csv as UTF-8."
    assert line.startswith(f"Built {out}: bundle example-2026-master-admission seq 4, ")
    assert "3 candidates, 7 files (11" in line and "bytes of documents; the bundle file is" in line
    assert f"signed with key {key.key_id_hex}, verified (not recorded)" in line
    assert not (data_dir / "ledger.sqlite").exists()  # the builder's check recorded nothing
    vb = verify_bundle(out, trusted_keys=[key.public_key()], data_dir=data_dir)
    assert vb.manifest.seq == 4 and vb.fingerprint in line


def test_cli_unsigned_then_bundle_sign_fits(src, tmp_path, data_dir, capsys):
    key = SecretKey.generate()
    key_file = tmp_path / "k.key"
    key_file.write_text(key.to_text(None))
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out)) == 0
    assert "UNSIGNED: run `jury-desk bundle sign" in capsys.readouterr().out.splitlines()[-1]
    with zipfile.ZipFile(out) as zf:
        assert SIGNATURE_NAME not in zf.namelist()
    assert main(["bundle", "sign", str(out), "--key", str(key_file)]) == 0
    vb = verify_bundle(out, trusted_keys=[key.public_key()], data_dir=data_dir)
    assert vb.manifest.bundle_id == "example-2026-master-admission"


def test_cli_bad_row_exits_2_with_one_line_and_writes_nothing(src, tmp_path, capsys):
    write_csv(src, f"{HEADER}C001,A,oui,\nC002,B,peut-être,\nC003,C,non,\n")
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out)) == 2
    assert _one_line(capsys.readouterr().err) == (
        "jury-desk: candidates.csv line 3: scholarship must be oui or non (also yes/no, "
        "true/false, 1/0), got 'peut-être'. [build.csv-scholarship]"
    )
    assert not out.exists()


def test_cli_wrong_passphrase_exits_1_and_writes_nothing(src, tmp_path, capsys, monkeypatch):
    key_file = tmp_path / "k.key"
    key_file.write_text(SecretKey.generate().to_text(b"right", opslimit=1 << 15, memlimit=1 << 24))
    monkeypatch.setenv("JURY_DESK_KEY_PASSPHRASE", "wrong")
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out, "--key", str(key_file))) == 1
    assert _one_line(capsys.readouterr().err) == f"jury-desk: Wrong passphrase for {key_file}."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.key", "src"]


def test_cli_refuses_to_overwrite_without_force(src, tmp_path, capsys):
    out = tmp_path / "b.jdbundle"
    out.write_bytes(b"old")
    assert main(_cli_args(src, out)) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"jury-desk: {out} already exists; add --force to replace it."
    )
    assert out.read_bytes() == b"old"
    assert main(_cli_args(src, out, "--force")) == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("extra", [["--seq", "-1"], ["--seq", "x"], ["--bogus"]])
def test_cli_usage_errors_exit_2(src, tmp_path, capsys, extra):
    with pytest.raises(SystemExit) as info:
        main(_cli_args(src, tmp_path / "b.jdbundle", *extra))
    assert info.value.code == 2
    assert "error:" in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "b.jdbundle").exists()


def test_cli_missing_source_file_exits_2(src, tmp_path, capsys):
    (src / "session.toml").unlink()
    assert main(_cli_args(src, tmp_path / "b.jdbundle")) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"jury-desk: The session file {src / 'session.toml'} does not exist or is not a file. "
        "[build.no-file]"
    )
    assert not (tmp_path / "b.jdbundle").exists()
