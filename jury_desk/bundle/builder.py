"""Build a bundle's manifest from the secretariat's sources (``jury-desk bundle build``).

Sources (see resources/examples/ for commented examples):

* ``session.toml``: ``bundle_id``, ``seq``, ``issued_at`` and ``expires_at`` or
  ``valid_days`` at the top, and a ``[session]`` table with exactly the manifest's session;
* ``candidates.csv`` (``candidates_csv.py``): UTF-8 or Windows-1252, comma or semicolon
  separated, columns ``id``, ``name``, ``scholarship`` and optionally ``conflicts``,
  ``student_id``, ``birth_date``;
* a documents folder with one sub-folder per candidate id; every file in it becomes
  ``documents/<id>/<name>`` and must be a PDF a desk can show (``documents_check.py``),
  except ``record.toml``, which holds the candidate's academic record (courses, business
  cases, placement) for graduation sessions;
* optionally the signers' certificate files (``signer_certs.py``), from which the builder
  takes the fingerprints itself.

Every problem is a ``BuildError`` (a ``UsageError`` with a ``code`` for scripts) that
names the file, the 1-based line or member, what is accepted and the fix, in one line.
What is allowed but suspicious (an ``issued_at`` in the future, a session outside the
validity window) comes back as a warning.
"""

from __future__ import annotations

import hashlib
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jury_desk.bundle.blind_fields import (
    seal_candidates,
    sealed_fields,
    unsealable,
    values_document,
)
from jury_desk.bundle.build_defaults import DEFAULT_VALID_DAYS, RECORD_FILE
from jury_desk.bundle.candidates_csv import read_candidates
from jury_desk.bundle.documents_check import (
    describe_bad_documents,
    describe_leftovers,
    is_os_leftover,
    pdf_problem,
)
from jury_desk.bundle.freshness import CLOCK_SKEW
from jury_desk.bundle.layout import BLIND_VALUES_PATH
from jury_desk.bundle.manifest import FORMAT, AcademicRecord, FileEntry, Manifest, Session
from jury_desk.bundle.member_pins import pin_member_keys, pin_reveal_key, refuse_unscoreable
from jury_desk.bundle.signer_certs import FINGERPRINT_FORMS, SignerCert, normalise_fingerprint
from jury_desk.bundle.writer import Source
from jury_desk.core.errors import BuildError

_MAX_TOML_BYTES = 1024 * 1024
_DATE_ERRORS = {"date_from_datetime_parsing", "date_parsing", "date_type", "datetime_parsing",
                "datetime_from_date_parsing", "datetime_type"}  # fmt: skip
# Where a list index in a pydantic location means "the Nth thing" to a secretariat.
_ORDINALS = {"members": "member", "institutions": "institution", "criteria": "criterion",
             "courses": "course", "business_cases": "business case"}  # fmt: skip


class Build(NamedTuple):
    manifest: Manifest
    documents: dict[str, Source]  # bundle path -> source file (or bytes)
    encoding: str  # the candidates file's encoding, in words
    warnings: list[str]
    # Flags sealed to a pinned reveal key: their values and salts, for the secretariat to
    # keep and proofread with (``bundle inspect --blind-values``); never in the bundle.
    kept_values: bytes | None = None


def _where_in(loc: tuple[Any, ...], raw: Any) -> str:
    """``("session", "members", 1, "signer_cert_sha256")`` -> ``session, member 2 (m-x):
    signer_cert_sha256``: 1-based, with the id the secretariat typed."""
    words: list[str] = []
    node = raw
    for i, part in enumerate(loc):
        parent = loc[i - 1] if i else None
        if isinstance(part, int) and parent in _ORDINALS:
            label = f"{_ORDINALS[str(parent)]} {part + 1}"
            item = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(item, dict) and isinstance(item.get("id") or item.get("code"), str):
                label += f" ({item.get('id') or item.get('code')})"
            if words and words[-1] == parent:
                words[-1] = label
            else:
                words.append(label)
        elif isinstance(part, int):
            words.append(f"item {part + 1}")
        else:
            words.append(str(part))
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return ", ".join(words)


def _plain(
    exc: ValidationError, where: str, prefix: tuple[str, ...] = (), raw: Any = None
) -> BuildError:
    """One plain line from a pydantic error: the file, the field, what is wrong, the fix."""
    first = exc.errors()[0]
    loc = (*prefix, *first["loc"])
    field = _where_in(loc, {prefix[0]: raw} if prefix and raw is not None else raw)
    msg, code = first["msg"].removeprefix("Value error, "), "build.invalid-value"
    if first["type"] in _DATE_ERRORS:
        msg = (
            f"{first.get('input')!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-15 "
            "(a date and time: 2026-12-15T09:00:00+01:00)"
        )
        code = "build.date"
    elif loc and loc[-1] == "signer_cert_sha256":
        msg = f"{msg}; accepted: {FINGERPRINT_FORMS}, or give --signer-cert CODE=FILE"
        code = "build.signer-fingerprint"
    return BuildError(code, f"{where}: {field + ': ' if field else ''}{msg}.")


def _read_capped(path: Path, cap: int, what: str) -> bytes:
    if not path.is_file():
        raise BuildError("build.no-file", f"The {what} {path} does not exist or is not a file.")
    data = path.read_bytes()
    if len(data) > cap:
        raise BuildError(
            "build.too-large", f"The {what} {path} is larger than {cap // (1024 * 1024)} MiB."
        )
    return data


def _load_toml(path: Path, what: str) -> dict[str, Any]:
    data = _read_capped(path, _MAX_TOML_BYTES, what)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildError(
            "build.not-utf8", f"{path.name} line {line}: not UTF-8; save it as UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError("build.toml-syntax", f"{path.name}: {exc}.") from None


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
    src: _SessionFile, valid_days: int | None, now: datetime, where: str
) -> tuple[datetime, datetime]:
    issued = src.issued_at or now.replace(microsecond=0)
    if issued.tzinfo is None:
        raise BuildError(
            "build.no-time-zone",
            f"{where}: issued_at needs a time zone, e.g. 2026-09-01T08:00:00+02:00.",
        )
    days = valid_days if valid_days is not None else src.valid_days
    if days is not None and not 1 <= days <= 3650:
        raise BuildError(
            "build.valid-days", f"{where}: valid_days must be between 1 and 3650, got {days}."
        )
    if src.expires_at is not None and days is not None:
        raise BuildError(
            "build.expiry-twice", f"{where}: give either expires_at or valid_days, not both."
        )
    if src.expires_at is not None:
        if src.expires_at.tzinfo is None:
            raise BuildError(
                "build.no-time-zone",
                f"{where}: expires_at needs a time zone, e.g. 2026-10-01T08:00:00+02:00.",
            )
        expires = src.expires_at
    else:
        expires = issued + timedelta(days=DEFAULT_VALID_DAYS if days is None else days)
    if expires <= now:
        raise BuildError(
            "build.already-expired",
            f"{where}: the bundle would already be expired ({expires.isoformat()}, before "
            "now): no desk would open it. Remove issued_at (the build time is used), or "
            "move expires_at / raise valid_days.",
        )
    return issued, expires


def _date_warnings(
    session: Session, issued: datetime, expires: datetime, now: datetime
) -> list[str]:
    out = []
    if issued > now + CLOCK_SKEW:
        out.append(
            f"issued_at {issued.isoformat()} is in the future: desks refuse the bundle "
            "until then. Check the date, or omit issued_at to use the build time."
        )
    if not issued.date() <= session.date <= expires.date():
        out.append(
            f"the session date {session.date.isoformat()} is outside the bundle's validity "
            f"({issued.date().isoformat()} to {expires.date().isoformat()}): the jury "
            "could not open it that day. Check session.date, issued_at and valid_days."
        )
    return out


# --------------------------------------------------------------------------- signers


def _apply_signers(
    raw_session: dict[str, Any], certs: list[SignerCert], where: str
) -> dict[str, Any]:
    """The session table with each signer's fingerprint normalised, or taken from their
    certificate file; a typed fingerprint that differs from the file is refused."""
    session = dict(raw_session)
    members = session.get("members")
    if not isinstance(members, list):
        return session
    members = [dict(m) if isinstance(m, dict) else m for m in members]
    session["members"] = members
    for member in members:
        if not isinstance(member, dict):
            continue
        typed = member.get("signer_cert_sha256")
        if isinstance(typed, str):
            member["signer_cert_sha256"] = normalise_fingerprint(typed) or typed
    by_code = {c.institution: c for c in certs}
    if len(by_code) != len(certs):
        raise BuildError(
            "build.signer-cert-twice", "--signer-cert: give each institution's certificate once."
        )
    for code, cert in by_code.items():
        chair = code.casefold() == "chair"  # chair=FILE: the jury chair's certificate
        signers = [
            (n, m)
            for n, m in enumerate(members, start=1)
            if isinstance(m, dict)
            and (chair or m.get("institution") == code)
            and ("chair" if chair else "signer") in (m.get("roles") or [])
        ]
        if len(signers) != 1:
            raise BuildError(
                "build.signer-cert-institution",
                f"--signer-cert {code}={cert.path}: {where} has "
                f"{'no' if not signers else len(signers)} "
                f"{'chair' if chair else f'signer for institution {code!r}'}; "
                "give chair=FILE for the jury chair, or the code of an institution with one "
                "member whose roles include signer.",
            )
        number, member = signers[0]
        typed = member.get("signer_cert_sha256")
        if typed is not None and typed != cert.fingerprint:
            raise BuildError(
                "build.signer-fingerprint-mismatch",
                f"{where}: member {number} ({member.get('id')}): signer_cert_sha256 "
                f"{str(typed)[:16]}… is not the fingerprint of {cert.path.name} "
                f"({cert.fingerprint[:16]}…): one of them is wrong. Remove the typed one to "
                "use the certificate's.",
            )
        member["signer_cert_sha256"] = cert.fingerprint
    return session


def _require_chair_certificate(session: Session, where: str) -> None:
    """The chair signs the PV (DESIGN.md §5). The manifest's schema lets a chair without a
    certificate through only so that bundles signed before that rule still verify."""
    chair = session.chair()
    if chair.signer_cert_sha256 is None:
        raise BuildError(
            "build.chair-cert",
            f"{where}: the jury chair ({chair.id}) signs the PV too and needs signer_cert_sha256"
            f"; accepted: {FINGERPRINT_FORMS}, or give --signer-cert chair=FILE.",
        )


def _check_cert_dates(session: Session, certs: list[SignerCert]) -> None:
    for cert in certs:
        problem = cert.validity_problem(session.date)
        if problem:
            raise BuildError(
                "build.signer-cert-dates",
                f"--signer-cert {cert.institution}={cert.path}: this certificate cannot sign "
                f"the PV: {problem}.",
            )


# --------------------------------------------------------------------------- documents folder


def _refuse_odd_entry(entry: Path, shown: str) -> None:
    if entry.name.startswith("."):
        raise BuildError(
            "build.hidden-file", f"{shown}: hidden files are not allowed in a bundle; remove it."
        )
    if entry.is_symlink():
        raise BuildError(
            "build.symlink", f"{shown}: symbolic links are not allowed; copy the real file instead."
        )


def _refuse_leftovers(documents_dir: Path) -> None:
    """Every OS leftover in the folder, listed at once: one fix for all of them."""
    found = []
    for entry in sorted(documents_dir.iterdir()):
        if is_os_leftover(entry.name):
            found.append(f"{documents_dir.name}/{entry.name}")
        elif entry.is_dir() and not entry.is_symlink():
            found += [
                f"{documents_dir.name}/{entry.name}/{inner.name}"
                for inner in sorted(entry.iterdir())
                if is_os_leftover(inner.name)
            ]
    if found:
        raise BuildError("build.os-leftovers", describe_leftovers(found))


def scan_documents(documents_dir: Path, ids: list[str]) -> dict[str, dict[str, Path]]:
    """Per candidate id: bundle path -> source file (NFC names), plus ``record.toml`` if any."""
    if not documents_dir.is_dir():
        raise BuildError(
            "build.no-documents-folder", f"The documents folder {documents_dir} does not exist."
        )
    _refuse_leftovers(documents_dir)
    wanted = set(ids)
    found: dict[str, dict[str, Path]] = {}
    for folder in sorted(documents_dir.iterdir()):
        shown = f"{documents_dir.name}/{folder.name}"
        _refuse_odd_entry(folder, shown)
        if not folder.is_dir():
            raise BuildError(
                "build.loose-file",
                f"{shown}: put each file in its candidate's folder (documents/<id>/).",
            )
        cid = unicodedata.normalize("NFC", folder.name)
        if cid not in wanted:
            raise BuildError(
                "build.unknown-candidate-folder",
                f"{shown}: no candidate has this id in the candidates file.",
            )
        files: dict[str, Path] = {}
        folded: dict[str, str] = {}
        for entry in sorted(folder.iterdir()):
            name = unicodedata.normalize("NFC", entry.name)
            shown_file = f"{shown}/{entry.name}"
            _refuse_odd_entry(entry, shown_file)
            if not entry.is_file():
                raise BuildError(
                    "build.sub-folder",
                    f"{shown_file}: sub-folders are not allowed; keep files flat.",
                )
            key = f"documents/{cid}/{name}" if name != RECORD_FILE else RECORD_FILE
            if key.casefold() in folded:
                raise BuildError(
                    "build.name-clash",
                    f"{shown_file}: differs from {folded[key.casefold()]} only by case or "
                    "accents; rename one of them.",
                )
            folded[key.casefold()] = entry.name
            files[key] = entry
        found[cid] = files
    for cid in ids:
        if cid not in found:
            raise BuildError(
                "build.candidate-without-folder",
                f"{documents_dir.name}/{cid}: candidate {cid} has no folder.",
            )
    return found


def _read_record(path: Path, shown: str) -> dict[str, Any]:
    try:
        record = AcademicRecord.model_validate(_load_toml(path, "record file"))
    except ValidationError as exc:
        raise _plain(exc, shown) from None
    return record.model_dump(mode="json", exclude_none=True)


def _file_entry(bundle_path: str, source: Path, check: bool) -> tuple[dict[str, Any], str | None]:
    """The manifest entry of a document and, when ``check``, why it is not a usable PDF.

    The file is read once for both: hashing and opening it is the build's whole cost."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise BuildError(
            "build.unreadable", f"Cannot read {source}: {exc.strerror or exc}."
        ) from None
    entry = {"path": bundle_path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    try:
        FileEntry.model_validate(entry)
    except ValidationError as exc:
        raise _plain(exc, bundle_path) from None
    return entry, pdf_problem(data) if check else None


# --------------------------------------------------------------------------- the manifest


def prepare_bundle(
    session_toml: Path,
    candidates_csv: Path,
    documents_dir: Path,
    *,
    bundle_id: str | None = None,
    seq: int | None = None,
    valid_days: int | None = None,
    now: datetime | None = None,
    signer_certs: Sequence[SignerCert] = (),
    check_documents: bool = True,
    blind_salt: Callable[[str], bytes] | None = None,
) -> Build:
    """Everything ``write_bundle`` needs, every source checked (see the module docstring).

    ``bundle_id``, ``seq`` and ``valid_days`` override session.toml; ``issued_at`` defaults
    to ``now`` (the current time) when session.toml does not fix it. ``check_documents=False``
    skips opening the PDFs (for the benchmark's baseline only). The scholarship flags are
    sealed with random salts, so two builds differ there; ``blind_salt`` (a candidate id ->
    16 bytes) fixes them, for tests that compare builds.
    """
    now = now or datetime.now(UTC)
    session_toml, candidates_csv = Path(session_toml), Path(candidates_csv)
    documents_dir = Path(documents_dir)
    src = _load_session_file(session_toml)
    where = session_toml.name
    certs = list(signer_certs)
    raw_session = _apply_signers(src.session, certs, where)
    raw_session = pin_member_keys(raw_session, session_toml.parent, where)
    raw_session = pin_reveal_key(raw_session, session_toml.parent, where)
    try:
        session = Session.model_validate(raw_session)
    except ValidationError as exc:
        raise _plain(exc, where, ("session",), raw_session) from None
    _require_chair_certificate(session, where)
    _check_cert_dates(session, certs)
    _refuse_unsealable(session, where)
    bundle_id = bundle_id if bundle_id is not None else src.bundle_id
    seq = seq if seq is not None else src.seq
    if bundle_id is None or seq is None:
        raise BuildError(
            "build.no-bundle-id",
            f"{where}: set bundle_id and seq in it, or pass --bundle-id and --seq.",
        )
    issued, expires = _validity(src, valid_days, now, where)
    warnings = _date_warnings(session, issued, expires, now)

    rows, encoding = read_candidates(
        candidates_csv, {m.id for m in session.members}, session.programme
    )
    per_candidate = scan_documents(documents_dir, [fields["id"] for _, fields in rows])
    candidates: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    documents: dict[str, Path] = {}
    unusable: list[tuple[str, str]] = []
    for _, fields in rows:
        found = per_candidate[fields["id"]]
        record_path = found.pop(RECORD_FILE, None)
        cand = {**fields, "documents": sorted(found)}
        if record_path is not None:
            cand["record"] = _read_record(
                record_path, f"{documents_dir.name}/{fields['id']}/{RECORD_FILE}"
            )
        elif session.kind == "graduation":
            raise BuildError(
                "build.no-record",
                f"{documents_dir.name}/{fields['id']}: a graduation candidate needs a "
                f"{RECORD_FILE} with the academic record.",
            )
        for bundle_path, source in sorted(found.items()):
            entry, problem = _file_entry(bundle_path, source, check_documents)
            if problem:
                unusable.append((f"{documents_dir.name}/{fields['id']}/{source.name}", problem))
            files.append(entry)
            documents[bundle_path] = source
        candidates.append(cand)
    if unusable:
        raise BuildError("build.not-pdf", describe_bad_documents(unusable))
    sources: dict[str, Source] = dict(documents)
    kept = None
    if sealed_fields(session):
        kept = _seal_blind_fields(
            bundle_id, session, candidates, files, sources, candidates_csv.name, blind_salt
        )

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
    return Build(manifest, sources, encoding, warnings, kept)


def _refuse_unsealable(session: Session, where: str) -> None:
    """``record`` and ``documents`` cannot be blind at rest: the members read the documents
    to score, and the graduation rules compute from the record."""
    listed = unsealable(session)
    if listed:
        raise BuildError(
            "build.blind-unsealable",
            f"{where}: {' and '.join(listed)} cannot be blind fields (the members read the "
            "documents to score, the rules compute from the record, so the session file "
            "would hold them in clear): remove them from blind_fields, and anonymize the "
            "documents themselves if they must not name the candidate.",
        )


def _seal_blind_fields(
    bundle_id: str,
    session: Session,
    candidates: list[dict[str, Any]],
    files: list[dict[str, Any]],
    sources: dict[str, Source],
    shown: str,
    salt: Callable[[str], bytes] | None,
) -> bytes | None:
    """The blind fields (scholarship flags, names), unreadable before the reveal
    (``bundle/blind_fields.py``): a salted commitment each in the manifest, their values
    sealed to the pinned reveal key, or, with none pinned, in ``blind-fields.json`` (the
    bundle copy then holds them). Returns, when pinned, the values and salts for the
    secretariat to keep (``Build.kept_values``)."""
    clash = next((c["id"] for c in candidates if f"documents/{c['id']}" == BLIND_VALUES_PATH),
                 None)  # fmt: skip
    if clash is not None:
        raise BuildError(
            "build.blind-fields",
            f"{shown}: candidate id {clash} is the name of the bundle's blind-fields file; "
            "rename that candidate.",
        )
    pin = session.reveal_pin()
    public = None if pin is None else pin.public
    kept: dict[str, dict[str, Any]] = {}
    values = seal_candidates(bundle_id, candidates, public, salt, sealed_fields(session), kept)
    if values is None:  # sealed to the pinned key: the secretariat's own proof copy
        return values_document(kept)
    files.append(
        {
            "path": BLIND_VALUES_PATH,
            "size": len(values),
            "sha256": hashlib.sha256(values).hexdigest(),
        }
    )
    sources[BLIND_VALUES_PATH] = values
    return None


def build_from_sources(
    session_toml: Path, candidates_csv: Path, documents_dir: Path, **options: Any
) -> tuple[Manifest, dict[str, Source]]:
    """The manifest and the documents (bundle path -> source file) for ``write_bundle``."""
    build = prepare_bundle(session_toml, candidates_csv, documents_dir, **options)
    return build.manifest, build.documents
