"""Every refusal of ``bundle build`` has its own stable code (``BuildError.code``).

The message is for a person (plain words, the file, the line, the fix); the code is for a
script or the GUI, and does not change when the words do. One case per code below: each
refusal kind is made as a secretariat would make it, refused with its code, and every
code the builder can give is both tested here and listed in the README.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jury_desk.bundle.signer_certs import load_signer_cert, parse_signer_option
from jury_desk.cli import main
from jury_desk.core.errors import BuildError, UsageError
from tests.bundle.test_build_inputs import (
    EXAMPLES,
    MINES_TYPED,
    _drop_typed,
    _set_top,
    prepare,
    write_cert,
)

ROOT = Path(__file__).resolve().parents[2]
BUILDER_MODULES = ("builder.py", "candidates_csv.py", "signer_certs.py", "member_pins.py")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def csv_rows(src: Path, *rows: str, header: str = "id,name,scholarship,conflicts") -> None:
    (src / "candidates.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def cert(tmp: Path, *, end: datetime = datetime(2030, 1, 1, tzinfo=UTC)):
    path = tmp / "mines.crt"
    write_cert(path, start=datetime(2025, 1, 1, tzinfo=UTC), end=end)
    return load_signer_cert("MINES", path)


def unreadable(src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = src / "documents" / "C001" / "cv.pdf"
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == target:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def graduation_without_record(src: Path) -> None:
    edit(src / "session.toml", 'kind = "admission"', 'kind = "graduation"')
    edit(src / "session.toml", "# [session.graduation_rules]", "[session.graduation_rules]")
    for line in ("required_ects = 120", "business_cases_per_year = 8", "programme_years = 2",
                 "internship_required = true"):  # fmt: skip
        edit(src / "session.toml", f"# {line}", line)


Case = Callable[[Path, Path, pytest.MonkeyPatch], object]
SESSION = "session.toml"
CASES: dict[str, Case] = {
    "build.no-file": lambda src, tmp, mp: (src / SESSION).unlink(),
    "build.too-large": lambda src, tmp, mp: (src / SESSION).write_text("#" * (1 << 20 + 1)),
    "build.not-utf8": lambda src, tmp, mp: (src / SESSION).write_bytes(
        (src / SESSION).read_bytes() + b"# caf\xe9\n"
    ),
    "build.toml-syntax": lambda src, tmp, mp: edit(src / SESSION, "seq = 1", "seq = = 1"),
    "build.invalid-value": lambda src, tmp, mp: edit(src / SESSION, "seq = 1", 'seq = "un"'),
    "build.date": lambda src, tmp, mp: edit(
        src / SESSION, "date = 2026-09-15", 'date = "15/09/2026"'
    ),  # fmt: skip
    "build.signer-fingerprint": lambda src, tmp, mp: edit(src / SESSION, MINES_TYPED, "5b4f0c"),
    "build.no-time-zone": lambda src, tmp, mp: _set_top(src, "issued_at = 2026-09-01T08:00:00"),
    "build.valid-days": lambda src, tmp, mp: {"valid_days": 5000},
    "build.expiry-twice": lambda src, tmp, mp: _set_top(
        src, "expires_at = 2026-10-01T08:00:00+02:00"
    ),
    "build.already-expired": lambda src, tmp, mp: _set_top(
        src, "issued_at = 2026-01-01T08:00:00+01:00"
    ),
    "build.chair-cert": lambda src, tmp, mp: _drop_typed(
        src,
        "3e8a1c5f7b9d2e4a6c8f0b1d3e5a7c9f2b4d6e8a0c1f3b5d7e9a2c4f6b8d0e17",  # the chair's
    ),
    "build.signer-cert-twice": lambda src, tmp, mp: {"signer_certs": [cert(tmp), cert(tmp)]},
    "build.signer-cert-institution": lambda src, tmp, mp: {
        "signer_certs": [load_signer_cert("NASA", Path(cert(tmp).path))]
    },
    "build.signer-fingerprint-mismatch": lambda src, tmp, mp: {"signer_certs": [cert(tmp)]},
    "build.signer-cert-dates": lambda src, tmp, mp: (
        _drop_typed(src, MINES_TYPED),
        {"signer_certs": [cert(tmp, end=datetime(2026, 6, 1, tzinfo=UTC))]},
    )[1],
    "build.hidden-file": lambda src, tmp, mp: (src / "documents/C001/.brouillon.pdf").write_bytes(
        b"%PDF-"
    ),
    "build.symlink": lambda src, tmp, mp: (src / "documents/C001/lien.pdf").symlink_to(
        src / "documents/C001/cv.pdf"
    ),
    "build.os-leftovers": lambda src, tmp, mp: (src / "documents/C001/Thumbs.db").write_bytes(b""),
    "build.no-documents-folder": lambda src, tmp, mp: shutil.rmtree(src / "documents"),
    "build.loose-file": lambda src, tmp, mp: (src / "documents/cv.pdf").write_bytes(b"%PDF-"),
    "build.unknown-candidate-folder": lambda src, tmp, mp: (src / "documents/C999").mkdir(),
    "build.sub-folder": lambda src, tmp, mp: (src / "documents/C001/scans").mkdir(),
    "build.name-clash": lambda src, tmp, mp: shutil.copy(
        src / "documents/C001/cv.pdf", src / "documents/C001/CV.pdf"
    ),
    "build.candidate-without-folder": lambda src, tmp, mp: shutil.rmtree(src / "documents/C003"),
    "build.unreadable": lambda src, tmp, mp: unreadable(src, mp),
    "build.no-bundle-id": lambda src, tmp, mp: edit(
        src / SESSION, 'bundle_id = "example-2026-master-admission"', ""
    ),
    "build.no-record": lambda src, tmp, mp: graduation_without_record(src),
    "build.not-pdf": lambda src, tmp, mp: (src / "documents/C001/lettre.docx").write_bytes(
        b"PK\x03\x04"
    ),
    "build.member-key": lambda src, tmp, mp: edit(
        src / SESSION, 'name = "Julie Bernard"', 'name = "Julie Bernard"\npublic_key_file = "x.pub"'
    ),
    "build.reveal-key": lambda src, tmp, mp: edit(
        src / SESSION, "[session]\n", '[session]\nreveal_key_file = "x.reveal.pub"\n'
    ),
    "build.blind-fields": lambda src, tmp, mp: (
        edit(src / "candidates.csv", "C001,", "blind-fields.json,"),
        (src / "documents/C001").rename(src / "documents/blind-fields.json"),
    ),
    "build.blind-unsealable": lambda src, tmp, mp: edit(
        src / SESSION, 'blind_fields = ["scholarship"]', 'blind_fields = ["scholarship", "record"]'
    ),
    "build.unscoreable": lambda src, tmp, mp: edit(
        src / "candidates.csv", "Lefèvre,oui,", "Lefèvre,oui,m-mines-1:other; m-mines-2:other"
    ),
    "build.csv-encoding": lambda src, tmp, mp: (src / "candidates.csv").write_bytes(
        b"id,name,scholarship\nC001,Camille\x81,oui\n"
    ),
    "build.csv-scholarship": lambda src, tmp, mp: csv_rows(src, "C001,Camille,peut-être,"),
    "build.csv-conflict": lambda src, tmp, mp: csv_rows(src, "C001,Camille,oui,m-nasa-1:tutor"),
    "build.csv-header": lambda src, tmp, mp: csv_rows(src, header="id,nom,scholarship"),
    "build.csv-syntax": lambda src, tmp, mp: csv_rows(src, f"C001,{'A' * 200_000},oui,"),
    "build.csv-cells": lambda src, tmp, mp: csv_rows(src, "C001,Lefèvre,Camille,oui,"),
    "build.csv-duplicate-id": lambda src, tmp, mp: csv_rows(src, "C001,A,oui,", "C001,B,non,"),
    "build.csv-duplicate-student": lambda src, tmp, mp: csv_rows(
        src, "C001,A,oui,1", "C002,B,non,1", header="id,name,scholarship,student_id"
    ),
    "build.csv-empty": lambda src, tmp, mp: csv_rows(src),
}
# Refused before a build starts: the --signer-cert option and the certificate file itself.
OPTION_CASES: dict[str, Callable[[Path], object]] = {
    "build.signer-cert-option": lambda tmp: parse_signer_option("MINES"),
    "build.signer-cert-unreadable": lambda tmp: load_signer_cert(
        "MINES", Path(shutil.copy(EXAMPLES / "session.toml", tmp / "mines.crt"))
    ),
}


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(EXAMPLES, root)
    return root


@pytest.mark.parametrize("code", CASES)
def test_each_refusal_kind_has_its_code(code, src, tmp_path, monkeypatch):
    options = CASES[code](src, tmp_path, monkeypatch)
    with pytest.raises(BuildError) as info:
        prepare(src, **(options if isinstance(options, dict) else {}))
    assert info.value.code == code, str(info.value)
    assert isinstance(info.value, UsageError) and info.value.exit_code == 2
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("code", OPTION_CASES)
def test_a_bad_signer_certificate_option_has_its_code(code, tmp_path):
    with pytest.raises(BuildError) as info:
        OPTION_CASES[code](tmp_path)
    assert info.value.code == code


def builder_codes() -> set[str]:
    found: set[str] = set()
    for name in BUILDER_MODULES:
        text = (ROOT / "jury_desk" / "bundle" / name).read_text(encoding="utf-8")
        found |= set(re.findall(r'BuildError\(\s*"(build\.[a-z0-9-]+)"', text))
        found |= set(re.findall(r'"(build\.[a-z0-9-]+)"', text))
    return found


def test_every_code_is_tested_and_listed_in_the_readme():
    codes = builder_codes()
    assert len(codes) > 30
    assert codes == set(CASES) | set(OPTION_CASES)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {c for c in codes if f"`{c}`" not in readme} == set()


def test_the_command_line_ends_the_refusal_with_its_code(src, tmp_path, capsys):
    (src / "documents" / "C001" / "lettre.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "b.jdbundle"
    code = main(["bundle", "build", "--session", str(src / SESSION), "--candidates",
                 str(src / "candidates.csv"), "--documents", str(src / "documents"),
                 "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and not out.exists()
    assert err.startswith("jury-desk: 1 document is not a readable PDF (documents/C001/")
    assert err.endswith("and build again. [build.not-pdf]\n")
