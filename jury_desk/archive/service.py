"""The archive service: add, search, show, export and re-verify filed PVs (DESIGN.md §10).

Every face (``jury-desk archive``, the GUI's Archives page) goes through this class.
``add`` verifies everything first (``checks.check_pv``) and then writes the PV, its files
and its decisions in ONE transaction: either all of it is stored or nothing. Adding the
same PV again (same bytes) changes nothing, also when two processes add it at the same
moment (the unique SHA-256 decides; the loser reports "already archived").
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Select, exists, func, or_, select, union
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from jury_desk.archive.checks import Filing, check_pv, sha256
from jury_desk.archive.db import archive_url, database_error, open_engine, shown, writing
from jury_desk.archive.errors import ArchiveError
from jury_desk.archive.folding import fold, prefix_range
from jury_desk.archive.models import ArchivedDecision, ArchivedFile, ArchivedNameToken, ArchivedPV
from jury_desk.archive.writes import insert_filing
from jury_desk.bundle.candidates_csv import parse_day
from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.proposals import RENVOI

SEARCH_LIMIT = 200
# Core columns: queries select plain columns (no ORM objects per row: a search stays fast).
PV = ArchivedPV.__table__.c  # type: ignore[attr-defined]
DEC = ArchivedDecision.__table__.c  # type: ignore[attr-defined]
FILE = ArchivedFile.__table__.c  # type: ignore[attr-defined]
TOK = ArchivedNameToken.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class AddResult:
    pv_id: int
    added: bool  # False: this exact PV was already archived; nothing changed
    session_title: str
    candidates: int
    supersedes: int | None  # the archived PV this one replaces, if archived
    supersedes_missing: bool  # it says it replaces a PV that is not in the archive
    superseded_by: int | None  # an archived PV already replaces this one


@dataclass(frozen=True)
class Hit:
    pv_id: int
    candidate_id: str
    name: str
    student_id: str | None
    birth_date: date | None
    decision: str
    mention: str | None
    overall: float | None  # None: not deliberated (a renvoi)
    scholarship: bool | None  # None: not revealed (renvoyé before its reveal)
    year: int
    session_date: date
    programme: str
    session_kind: str
    session_title: str
    bundle_id: str
    superseded: bool


@dataclass(frozen=True)
class VerifyOutcome:
    pv_id: int
    session_title: str
    ok: bool
    message: str


# What an AddResult is made from.
_ADDED = (PV.id, PV.session_title, PV.candidates, PV.audit_head, PV.supersedes_head)
# Made once: building a table alias costs about as much as a small query.
_NEWER = ArchivedPV.__table__.alias("newer")  # type: ignore[attr-defined]
_WORDS = [ArchivedNameToken.__table__.alias(f"w{i}") for i in range(8)]  # type: ignore[attr-defined]


def _by_name_words(words: list[str]) -> Select[tuple[int]]:
    """Decision ids with a name word starting with each of ``words`` (the first 8): one
    token table alias per word, joined on the decision (one plain SELECT: SQLite refuses a
    nested compound such as an INTERSECT inside the UNION)."""
    aliases = _WORDS[: len(words)]
    first = aliases[0]
    query = select(first.c.decision_id)
    for other in aliases[1:]:
        query = query.join_from(first, other, other.c.decision_id == first.c.decision_id)
    for alias, (low, high) in zip(aliases, map(prefix_range, words), strict=False):
        query = query.where(alias.c.token >= low, alias.c.token < high)
    return query


class ArchiveService:
    def __init__(self, url: URL) -> None:
        self.url = url
        self.engine: Engine = open_engine(url)

    @classmethod
    def open(cls, db: str | None = None, data_dir: str | Path | None = None) -> ArchiveService:
        return cls(archive_url(db, data_dir))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ArchiveService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def where(self) -> str:
        return shown(self.url)

    # ------------------------------------------------------------------ add

    def add(
        self,
        pv: Path,
        anchor: Path,
        trusted_keys: list[PublicKey],
        session: Path | None = None,
    ) -> AddResult:
        filing = check_pv(Path(pv), Path(anchor), trusted_keys, session)
        try:
            return self._store(filing)
        except IntegrityError:
            # Another process stored the same PV between our check and our insert.
            existing = self._existing(filing.pv_sha256)
            if existing is None:
                raise
            return existing
        except DBAPIError as exc:  # unreachable, read-only, no INSERT right…
            raise database_error(exc, self.url) from None

    def _existing(self, pv_sha256: str) -> AddResult | None:
        with self.engine.connect() as con:
            row = con.execute(select(*_ADDED).where(PV.pv_sha256 == pv_sha256)).first()
            return None if row is None else self._result(con, row._asdict(), added=False)

    def _result(self, con: Connection, pv: dict[str, Any], *, added: bool) -> AddResult:
        older = None
        if pv["supersedes_head"]:
            older = con.execute(
                select(PV.id).where(PV.audit_head == pv["supersedes_head"]).order_by(PV.id)
            ).first()
        newer = con.execute(
            select(PV.id).where(PV.supersedes_head == pv["audit_head"]).order_by(PV.id)
        ).first()
        return AddResult(
            pv_id=pv["id"],
            added=added,
            session_title=pv["session_title"],
            candidates=pv["candidates"],
            supersedes=older[0] if older else None,
            supersedes_missing=bool(pv["supersedes_head"]) and older is None,
            superseded_by=newer[0] if newer else None,
        )

    def _store(self, filing: Filing) -> AddResult:
        existing = self._existing(filing.pv_sha256)
        if existing is not None:
            return existing
        with writing(self.engine).begin() as con:
            row = insert_filing(con, filing)
            return self._result(con, row, added=True)

    # ------------------------------------------------------------------ search

    def search(
        self,
        text: str = "",
        *,
        year: int | None = None,
        programme: str | None = None,
        kind: str | None = None,
        decision: str | None = None,
        limit: int = SEARCH_LIMIT,
    ) -> list[Hit]:
        """Decisions whose name has a word starting with each word of ``text`` (accents
        and case ignored: "lefev cam" finds Camille Lefèvre), or whose student number,
        candidate id or birth date is ``text``; newest session first, superseded marked.
        Every branch is an index lookup (name tokens, keys, birth date)."""
        conditions: list[ColumnElement[bool]] = []
        wanted = text.strip()
        if wanted:
            key = wanted.lower()
            found = [select(DEC.id).where(DEC.student_key == key),
                     select(DEC.id).where(DEC.candidate_key == key)]  # fmt: skip
            words = fold(wanted).split()[: len(_WORDS)]
            if words:
                found.append(_by_name_words(words))
            day = parse_day(wanted)
            if day is not None:
                found.append(select(DEC.id).where(DEC.birth_date == day))
            conditions.append(DEC.id.in_(union(*found)))
        for column, value in ((DEC.year, year), (DEC.programme, programme),
                              (DEC.session_kind, kind), (DEC.decision, decision)):  # fmt: skip
            if value is not None:
                conditions.append(column == value)
        return self._hits(conditions, limit)

    def _hits(self, conditions: Sequence[ColumnElement[bool]], limit: int | None) -> list[Hit]:
        superseded = exists().where(_NEWER.c.supersedes_head == PV.audit_head)
        query = (
            select(
                DEC.pv_id,
                DEC.candidate_id,
                DEC.name,
                DEC.student_id,
                DEC.birth_date,
                DEC.decision,
                DEC.mention,
                DEC.overall,
                DEC.scholarship,
                DEC.year,
                DEC.session_date,
                DEC.programme,
                DEC.session_kind,
                PV.session_title,
                PV.bundle_id,
                superseded.label("superseded"),
            )  # fmt: skip
            .join_from(ArchivedDecision.__table__, ArchivedPV.__table__, PV.id == DEC.pv_id)  # type: ignore[attr-defined]
            .where(*conditions)
            .order_by(DEC.session_date.desc(), PV.generated_at.desc(), DEC.candidate_id)
        )
        if limit is not None:
            query = query.limit(limit)
        try:
            with self.engine.connect() as con:
                rows = con.execute(query).all()
        except DBAPIError as exc:
            raise database_error(exc, self.url) from None
        return [_hit(row._mapping) for row in rows]

    # ------------------------------------------------------------------ show / export

    def sessions(self, text: str = "") -> list[ArchivedPV]:
        """Filed PVs whose id, bundle id or title matches ``text`` (all when empty)."""
        query = select(ArchivedPV).order_by(PV.session_date.desc(), PV.generated_at.desc())
        wanted = text.strip()
        if wanted:
            conditions: list[ColumnElement[bool]] = [
                func.lower(PV.bundle_id) == wanted.lower(),
                PV.pv_sha256 == wanted.lower(),
            ]
            if wanted.isdigit():
                conditions.append(PV.id == int(wanted))
            query = query.where(or_(*conditions))
        with Session(self.engine) as s:
            return list(s.scalars(query).all())

    def decisions_of(self, pv_id: int) -> list[Hit]:
        return self._hits([DEC.pv_id == pv_id], None)

    def pv(self, pv_id: int) -> ArchivedPV:
        with Session(self.engine) as s:
            found = s.get(ArchivedPV, pv_id)
        if found is None:
            raise ArchiveError("archive.not-found", f"No archived PV has the number {pv_id}.")
        return found

    def file(self, pv_id: int, kind: str) -> bytes | None:
        with self.engine.connect() as con:
            data = con.execute(
                select(FILE.data).where(FILE.pv_id == pv_id, FILE.kind == kind)
            ).scalar()
        return bytes(data) if data is not None else None

    def export(self, *, year: int | None = None, batch: int = 1000) -> Iterator[Hit]:
        """Every archived decision (of ``year``), newest first, read in batches."""
        conditions = [DEC.year == year] if year is not None else []
        yield from self._hits(conditions, None)

    def count(self) -> tuple[int, int]:
        with Session(self.engine) as s:
            pvs = s.execute(select(func.count()).select_from(ArchivedPV)).scalar_one()
            decisions = s.execute(select(func.count()).select_from(ArchivedDecision)).scalar_one()
        return pvs, decisions

    # ------------------------------------------------------------------ verify --all

    def verify_all(
        self,
        trusted_keys: list[PublicKey],
        progress: Callable[[int, int, VerifyOutcome], None] | None = None,
    ) -> list[VerifyOutcome]:
        """Re-verify every filed PV from its stored bytes (the yearly check)."""
        ids = [pv.id for pv in self.sessions() if pv.id is not None]
        outcomes = []
        for number, pv_id in enumerate(sorted(ids), start=1):
            pv = self.pv(pv_id)
            outcome = self._verify_one(pv, trusted_keys)
            outcomes.append(outcome)
            if progress is not None:
                progress(number, len(ids), outcome)
        return outcomes

    def _verify_one(self, pv: ArchivedPV, keys: list[PublicKey]) -> VerifyOutcome:
        assert pv.id is not None
        pv_bytes = self.file(pv.id, "pv")
        receipt = self.file(pv.id, "receipt")
        title = f"{pv.session_title} ({pv.session_date.isoformat()})"
        if pv_bytes is None or receipt is None or sha256(pv_bytes) != pv.pv_sha256:
            return VerifyOutcome(pv.id, title, False, "the stored PV bytes are missing or changed")
        with tempfile.TemporaryDirectory(prefix="jury-desk-reverify-") as scratch:
            pv_path = Path(scratch) / "PV.pdf"
            receipt_path = Path(scratch) / "receipt.jdreceipt"
            pv_path.write_bytes(pv_bytes)
            receipt_path.write_bytes(receipt)
            try:
                filing = check_pv(pv_path, receipt_path, keys)
            except ArchiveError as exc:
                return VerifyOutcome(
                    pv.id, title, False, str(exc).replace("; nothing was stored", "")
                )
        if filing.minutes.audit_head != pv.audit_head:
            return VerifyOutcome(pv.id, title, False, "the archive's record differs from the PV")
        return VerifyOutcome(pv.id, title, True, "valid")


def decisions_json(hits: Sequence[Hit]) -> str:
    return json.dumps([hit_dict(h) for h in hits], ensure_ascii=False, indent=2)


def _hit(row: Mapping[Any, Any]) -> Hit:
    # A renvoi's row holds 0 for its score (the column predates renvois): it has none.
    overall = None if row["decision"] == RENVOI else row["overall"]
    return Hit(**{**row, "overall": overall, "superseded": bool(row["superseded"])})


def hit_dict(h: Hit) -> dict[str, object]:
    return {
        "pv": h.pv_id,
        "year": h.year,
        "session_date": h.session_date.isoformat(),
        "session_title": h.session_title,
        "kind": h.session_kind,
        "programme": h.programme,
        "bundle_id": h.bundle_id,
        "candidate_id": h.candidate_id,
        "name": h.name,
        "student_id": h.student_id,
        "birth_date": h.birth_date.isoformat() if h.birth_date else None,
        "scholarship": h.scholarship,
        "decision": h.decision,
        "mention": h.mention,
        "overall": h.overall,
        "superseded": h.superseded,
    }
