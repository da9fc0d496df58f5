"""``candidates.csv`` as a French secretariat has it: read, checked row by row, explained.

One header row, comma or semicolon separated. The file may be UTF-8 (with or without the
BOM Excel's "CSV UTF-8" adds) or Windows-1252, which is what French Excel's default "CSV
(séparateur: point-virgule)" writes; the reader says which one it read, so a wrong guess
shows. Columns: ``id``, ``name``, ``scholarship`` and optionally ``conflicts``,
``student_id`` (numéro étudiant / INE) and ``birth_date`` (2001-03-14 or 14/03/2001).
Every problem names the file and the 1-based line, says what is accepted and the fix.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from jury_desk.bundle.manifest import Candidate, ConflictCategory, DeclaredConflict
from jury_desk.core.errors import BuildError

COLUMNS_REQUIRED = ("id", "name", "scholarship")
COLUMNS_OPTIONAL = ("conflicts", "student_id", "birth_date")
_YES = {"oui", "yes", "true", "1"}
_NO = {"non", "no", "false", "0"}
MAX_CSV_BYTES = 16 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def plain_validation(exc: ValidationError, where: str) -> BuildError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    msg = first["msg"].removeprefix("Value error, ")
    return BuildError("build.invalid-value", f"{where}: {field + ': ' if field else ''}{msg}.")


def decode_csv(data: bytes, name: str) -> tuple[str, str]:
    """The text and, in words, the encoding it was read in."""
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start + len(UTF8_BOM)) + 1
            raise BuildError(
                "build.csv-encoding",
                f"{name} line {line}: the file says it is UTF-8 (BOM) but is not; save it "
                "again as 'CSV UTF-8' or 'CSV (séparateur: point-virgule)'.",
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Excel's default CSV)"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildError(
            "build.csv-encoding",
            f"{name} line {line}: byte 0x{data[exc.start]:02x} is neither UTF-8 nor "
            "Windows-1252; save the file from Excel as 'CSV UTF-8'.",
        ) from None


def _delimiter(header_line: str) -> str:
    # French spreadsheets save CSV with ';'; a header has no quoted commas in practice.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _scholarship(value: str, where: str) -> bool:
    folded = value.strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise BuildError(
        "build.csv-scholarship",
        f"{where}: scholarship must be oui or non (also yes/no, true/false, 1/0), "
        f"got {value.strip()!r}.",
    )


def parse_day(value: str) -> date | None:
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _birth_date(value: str, where: str) -> str | None:
    if not value.strip():
        return None
    day = parse_day(value)
    if day is None:
        raise BuildError(
            "build.date",
            f"{where}: birth_date {value.strip()!r} is not a date; write it as 2001-03-14 "
            "or 14/03/2001.",
        )
    return day.isoformat()


def _conflicts(value: str, members: set[str], where: str) -> list[dict[str, str]]:
    categories = get_args(ConflictCategory)
    out: list[dict[str, str]] = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        member, _, rest = item.partition(":")
        category, _, note = rest.partition(":")
        member, category, note = member.strip(), category.strip(), note.strip()
        if member not in members:
            raise BuildError(
                "build.csv-conflict",
                f"{where}: conflict names unknown member {member!r}; the members are "
                f"{', '.join(sorted(members))}.",
            )
        if category not in categories:
            raise BuildError(
                "build.csv-conflict",
                f"{where}: conflict category must be one of {', '.join(categories)}, "
                f"got {category!r} (write member:category[:note]).",
            )
        if any(c["member"] == member for c in out):
            raise BuildError(
                "build.csv-conflict", f"{where}: member {member!r} is listed twice in conflicts."
            )
        conflict = {"member": member, "category": category, "note": nfc(note)}
        try:
            DeclaredConflict.model_validate(conflict)
        except ValidationError as exc:
            raise plain_validation(exc, where) from None
        out.append(conflict)
    return out


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _header(reader: Any, name: str) -> list[str]:
    try:
        header = [h.strip().casefold() for h in next(reader)]
    except StopIteration:
        raise BuildError("build.csv-header", f"{name} is empty; it needs a header row.") from None
    except csv.Error as exc:
        raise BuildError("build.csv-syntax", f"{name} line 1: {exc}.") from None
    known = COLUMNS_REQUIRED + COLUMNS_OPTIONAL
    for column in header:
        if column not in known:
            raise BuildError(
                "build.csv-header",
                f"{name} line 1: unknown column {column!r}; the columns are {', '.join(known)}.",
            )
    missing = [c for c in COLUMNS_REQUIRED if c not in header]
    if missing or len(set(header)) != len(header):
        raise BuildError(
            "build.csv-header",
            f"{name} line 1: the header needs the columns {', '.join(COLUMNS_REQUIRED)} "
            f"once each (optional: {', '.join(COLUMNS_OPTIONAL)}).",
        )
    return header


def read_candidates(
    path: Path, members: set[str], programme: str
) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Rows as (line number, candidate fields), checked one by one, and the encoding read."""
    if not path.is_file():
        raise BuildError(
            "build.no-file", f"The candidates file {path} does not exist or is not a file."
        )
    data = path.read_bytes()
    if len(data) > MAX_CSV_BYTES:
        raise BuildError("build.too-large", f"The candidates file {path} is larger than 16 MiB.")
    text, encoding = decode_csv(data, path.name)
    delimiter = _delimiter(text.split("\n")[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _header(reader, path.name)
    rows: list[tuple[int, dict[str, Any]]] = []
    first_line: dict[str, int] = {}
    student_line: dict[str, int] = {}
    end = reader.line_num
    while True:
        line = end + 1  # a quoted field may span lines: report where the row starts
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise BuildError("build.csv-syntax", f"{path.name} line {line}: {exc}.") from None
        end = reader.line_num
        where = f"{path.name} line {line}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise BuildError(
                "build.csv-cells",
                f"{where}: expected {len(header)} cells ({', '.join(header)}), got {len(row)}; "
                f"a cell that contains the separator {delimiter!r} must be in double quotes, "
                f'e.g. "m-albert-3:tutor{delimiter} m-mines-2:other".',
            )
        cells = dict(zip(header, row, strict=True))
        cid = cells["id"].strip()
        if cid in first_line:
            raise BuildError(
                "build.csv-duplicate-id",
                f"{where}: duplicate id {cid!r} (first on line {first_line[cid]}).",
            )
        first_line[cid] = line
        fields: dict[str, Any] = {
            "id": cid,
            "name": nfc(cells["name"]),
            "scholarship": _scholarship(cells["scholarship"], where),
            "conflicts": _conflicts(cells.get("conflicts", ""), members, where),
            "programme": programme,
        }
        student = nfc(cells.get("student_id", ""))
        if student:
            if student in student_line:
                raise BuildError(
                    "build.csv-duplicate-student",
                    f"{where}: student_id {student!r} is already on line "
                    f"{student_line[student]}; each candidate has their own number.",
                )
            student_line[student] = line
            fields["student_id"] = student
        birth = _birth_date(cells.get("birth_date", ""), where)
        if birth is not None:
            fields["birth_date"] = birth
        try:
            Candidate.model_validate(fields)
        except ValidationError as exc:
            raise plain_validation(exc, where) from None
        rows.append((line, fields))
    if not rows:
        raise BuildError("build.csv-empty", f"{path.name} has no candidate rows.")
    return rows, encoding
