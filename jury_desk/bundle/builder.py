"""Build a bundle's manifest from the secretariat's sources (``jury-desk bundle build``).

Sources (see resources/examples/ for commented examples):

* ``session.toml``: ``bundle_id``, ``seq``, ``issued_at`` and ``expires_at`` or
  ``valid_days`` at the top, and a ``[session]`` table with exactly the manifest's session;
* ``candidates.csv``: UTF-8 (a BOM is fine), comma or semicolon separated, header row with
  the columns ``id``, ``name``, ``scholarship`` and optionally ``conflicts``
  (``m-albert-3:tutor; m-mines-2:former_teacher:note``);
* a documents folder with one sub-folder per candidate id; every file in it becomes
  ``documents/<id>/<name>``, except ``record.toml``, which holds the candidate's academic
  record (courses, business cases, placement) for graduation sessions.

Every problem is a ``UsageError`` that names the file, the line or the field, in one line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jury_desk.bundle.build_defaults import DEFAULT_VALID_DAYS, RECORD_FILE
from jury_desk.bundle.manifest import (
    FORMAT,
    AcademicRecord,
    Candidate,
    ConflictCategory,
    DeclaredConflict,
    FileEntry,
    Manifest,
    Session,
)
from jury_desk.bundle.member_pins import pin_member_keys, refuse_unscoreable
from jury_desk.core.errors import UsageError

COLUMNS_REQUIRED = ("id", "name", "scholarship")
COLUMNS_OPTIONAL = ("conflicts",)
_YES = {"oui", "yes", "true", "1"}
_NO = {"non", "no", "false", "0"}
_MAX_CSV_BYTES = 16 * 1024 * 1024
_MAX_TOML_BYTES = 1024 * 1024


def _plain(exc: ValidationError, where: str, prefix: tuple[str, ...] = ()) -> UsageError:
    """One plain line from a pydantic error: the file, the field and what is wrong."""
    first = exc.errors()[0]
    field = ".".join(str(p) for p in (*prefix, *first["loc"]))
    msg = first["msg"].removeprefix("Value error, ")
    return UsageError(f"{where}: {field + ': ' if field else ''}{msg}.")


def _read_capped(path: Path, cap: int, what: str) -> bytes:
    if not path.is_file():
        raise UsageError(f"The {what} {path} does not exist or is not a file.")
    data = path.read_bytes()
    if len(data) > cap:
        raise UsageError(f"The {what} {path} is larger than {cap // (1024 * 1024)} MiB.")
    return data


def _load_toml(path: Path, what: str) -> dict[str, Any]:
    data = _read_capped(path, _MAX_TOML_BYTES, what)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"{path.name} line {line}: not UTF-8; save it as UTF-8.") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path.name}: {exc}.") from None


# --------------------------------------------------------------------------- session.toml


class _SessionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bundle_id: str | None = None
    seq: int | None = Field(default=None, strict=True)
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    valid_days: int | None = Field(default=None, ge=1, le=3650, strict=True)
    session: dict[str, Any]


def _load_session_file(path: Path) -> _SessionFile:
    try:
        return _SessionFile.model_validate(_load_toml(path, "session file"))
    except ValidationError as exc:
        raise _plain(exc, path.name) from None


def _validity(
    src: _SessionFile, valid_days: int | None, now: datetime | None, where: str
) -> tuple[datetime, datetime]:
    issued = src.issued_at or (now or datetime.now(UTC)).replace(microsecond=0)
    if issued.tzinfo is None:
        raise UsageError(f"{where}: issued_at needs a time zone, e.g. 2026-09-01T08:00:00+02:00.")
    days = valid_days if valid_days is not None else src.valid_days
    if days is not None and not 1 <= days <= 3650:
        raise UsageError(f"{where}: valid_days must be between 1 and 3650, got {days}.")
    if src.expires_at is not None and days is not None:
        raise UsageError(f"{where}: give either expires_at or valid_days, not both.")
    if src.expires_at is not None:
        return issued, src.expires_at
    return issued, issued + timedelta(days=DEFAULT_VALID_DAYS if days is None else days)


# --------------------------------------------------------------------------- candidates.csv


def _decode_csv(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(
            f"{name} line {line}: not UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save the file as 'CSV UTF-8'."
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
    raise UsageError(f"{where}: scholarship must be oui/non, got {value.strip()!r}.")


def _conflicts(value: str, members: set[str], where: str) -> list[dict[str, str]]:
    categories = get_args(ConflictCategory)
    out: list[dict[str, str]] = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        member, _, rest = item.partition(":")
        category, _, note = rest.partition(":")
        member, category, note = member.strip(), category.strip(), note.strip()
        if member not in members:
            raise UsageError(f"{where}: conflict names unknown member {member!r}.")
        if category not in categories:
            raise UsageError(
                f"{where}: conflict category must be one of {', '.join(categories)}, "
                f"got {category!r}."
            )
        if any(c["member"] == member for c in out):
            raise UsageError(f"{where}: member {member!r} is listed twice in conflicts.")
        conflict = {"member": member, "category": category, "note": _nfc(note)}
        try:
            DeclaredConflict.model_validate(conflict)
        except ValidationError as exc:
            raise _plain(exc, where) from None
        out.append(conflict)
    return out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def read_candidates(
    path: Path, members: set[str], programme: str
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the candidates CSV as (line number, candidate fields), checked one by one."""
    text = _decode_csv(_read_capped(path, _MAX_CSV_BYTES, "candidates file"), path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n")[0]))
    try:
        header = [h.strip().casefold() for h in next(reader)]
    except StopIteration:
        raise UsageError(f"{path.name} is empty; it needs a header row.") from None
    except csv.Error as exc:
        raise UsageError(f"{path.name} line 1: {exc}.") from None
    known = COLUMNS_REQUIRED + COLUMNS_OPTIONAL
    for column in header:
        if column not in known:
            raise UsageError(
                f"{path.name} line 1: unknown column {column!r}; the columns are "
                f"{', '.join(known)}."
            )
    missing = [c for c in COLUMNS_REQUIRED if c not in header]
    if missing or len(set(header)) != len(header):
        raise UsageError(
            f"{path.name} line 1: the header needs the columns {', '.join(COLUMNS_REQUIRED)} "
            f"once each (optional: {', '.join(COLUMNS_OPTIONAL)})."
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    first_line: dict[str, int] = {}
    end = reader.line_num
    while True:
        line = end + 1  # a quoted field may span lines: report where the row starts
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise UsageError(f"{path.name} line {line}: {exc}.") from None
        end = reader.line_num
        where = f"{path.name} line {line}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise UsageError(f"{where}: expected {len(header)} fields, got {len(row)}.")
        cells = dict(zip(header, row, strict=True))
        cid = cells["id"].strip()
        if cid in first_line:
            raise UsageError(f"{where}: duplicate id {cid!r} (first on line {first_line[cid]}).")
        first_line[cid] = line
        fields = {
            "id": cid,
            "name": _nfc(cells["name"]),
            "scholarship": _scholarship(cells["scholarship"], where),
            "conflicts": _conflicts(cells.get("conflicts", ""), members, where),
            "programme": programme,
        }
        try:
            Candidate.model_validate(fields)
        except ValidationError as exc:
            raise _plain(exc, where) from None
        rows.append((line, fields))
    if not rows:
        raise UsageError(f"{path.name} has no candidate rows.")
    return rows


# --------------------------------------------------------------------------- documents folder


def _refuse_odd_entry(entry: Path, shown: str) -> None:
    if entry.name.startswith("."):
        raise UsageError(f"{shown}: hidden files are not allowed in a bundle; remove it.")
    if entry.is_symlink():
        raise UsageError(f"{shown}: symbolic links are not allowed; copy the real file instead.")


def scan_documents(documents_dir: Path, ids: list[str]) -> dict[str, dict[str, Path]]:
    """Per candidate id: bundle path -> source file (NFC names), plus ``record.toml`` if any."""
    if not documents_dir.is_dir():
        raise UsageError(f"The documents folder {documents_dir} does not exist.")
    wanted = set(ids)
    found: dict[str, dict[str, Path]] = {}
    for folder in sorted(documents_dir.iterdir()):
        shown = f"{documents_dir.name}/{folder.name}"
        _refuse_odd_entry(folder, shown)
        if not folder.is_dir():
            raise UsageError(f"{shown}: put each file in its candidate's folder (documents/<id>/).")
        cid = unicodedata.normalize("NFC", folder.name)
        if cid not in wanted:
            raise UsageError(f"{shown}: no candidate has this id in the candidates file.")
        files: dict[str, Path] = {}
        folded: dict[str, str] = {}
        for entry in sorted(folder.iterdir()):
            name = unicodedata.normalize("NFC", entry.name)
            shown_file = f"{shown}/{entry.name}"
            _refuse_odd_entry(entry, shown_file)
            if not entry.is_file():
                raise UsageError(f"{shown_file}: sub-folders are not allowed; keep files flat.")
            key = f"documents/{cid}/{name}" if name != RECORD_FILE else RECORD_FILE
            if key.casefold() in folded:
                raise UsageError(
                    f"{shown_file}: differs from {folded[key.casefold()]} only by case or "
                    "accents; rename one of them."
                )
            folded[key.casefold()] = entry.name
            files[key] = entry
        found[cid] = files
    for cid in ids:
        if cid not in found:
            raise UsageError(f"{documents_dir.name}/{cid}: candidate {cid} has no folder.")
    return found


def _read_record(path: Path, shown: str) -> dict[str, Any]:
    try:
        record = AcademicRecord.model_validate(_load_toml(path, "record file"))
    except ValidationError as exc:
        raise _plain(exc, shown) from None
    return record.model_dump(mode="json", exclude_none=True)


def _file_entry(bundle_path: str, source: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    try:
        with open(source, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise UsageError(f"Cannot read {source}: {exc.strerror or exc}.") from None
    entry = {"path": bundle_path, "size": size, "sha256": digest.hexdigest()}
    try:
        FileEntry.model_validate(entry)
    except ValidationError as exc:
        raise _plain(exc, bundle_path) from None
    return entry


# --------------------------------------------------------------------------- the manifest


def build_from_sources(
    session_toml: Path,
    candidates_csv: Path,
    documents_dir: Path,
    *,
    bundle_id: str | None = None,
    seq: int | None = None,
    valid_days: int | None = None,
    now: datetime | None = None,
) -> tuple[Manifest, dict[str, Path]]:
    """The manifest and the documents (bundle path -> source file) for ``write_bundle``.

    ``bundle_id``, ``seq`` and ``valid_days`` override session.toml; ``issued_at`` defaults
    to ``now`` (the current time) when session.toml does not fix it.
    """
    session_toml, candidates_csv = Path(session_toml), Path(candidates_csv)
    documents_dir = Path(documents_dir)
    src = _load_session_file(session_toml)
    where = session_toml.name
    raw_session = pin_member_keys(src.session, session_toml.parent, where)
    try:
        session = Session.model_validate(raw_session)
    except ValidationError as exc:
        raise _plain(exc, where, ("session",)) from None
    bundle_id = bundle_id if bundle_id is not None else src.bundle_id
    seq = seq if seq is not None else src.seq
    if bundle_id is None or seq is None:
        raise UsageError(f"{where}: set bundle_id and seq in it, or pass --bundle-id and --seq.")
    issued, expires = _validity(src, valid_days, now, where)

    rows = read_candidates(candidates_csv, {m.id for m in session.members}, session.programme)
    per_candidate = scan_documents(documents_dir, [fields["id"] for _, fields in rows])
    candidates: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    documents: dict[str, Path] = {}
    for _, fields in rows:
        found = per_candidate[fields["id"]]
        record_path = found.pop(RECORD_FILE, None)
        cand = {**fields, "documents": sorted(found)}
        if record_path is not None:
            cand["record"] = _read_record(
                record_path, f"{documents_dir.name}/{fields['id']}/{RECORD_FILE}"
            )
        elif session.kind == "graduation":
            raise UsageError(
                f"{documents_dir.name}/{fields['id']}: a graduation candidate needs a "
                f"{RECORD_FILE} with the academic record."
            )
        for bundle_path, source in sorted(found.items()):
            files.append(_file_entry(bundle_path, source))
            documents[bundle_path] = source
        candidates.append(cand)

    raw = {
        "format": FORMAT,
        "bundle_id": bundle_id,
        "seq": seq,
        "issued_at": issued,
        "expires_at": expires,
        "session": raw_session,
        "candidates": candidates,
        "files": files,
    }
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        # Rows, files and the session were checked above: what is left is top-level.
        raise _plain(exc, where) from None
    refuse_unscoreable(manifest, candidates_csv.name)
    return manifest, documents
