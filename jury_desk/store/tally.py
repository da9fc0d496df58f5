"""Each candidate's reconciliation, kept in the ``tally`` table (schema v2).

Refreshed inside the transaction that changes what counts (a seal, a revision, a conflict),
so reading the board is one query, not a reconciliation per candidate per refresh. The
maths is ``core.reconcile``; a sheet counts when it is sealed and its member is not
conflicted on the candidate.
"""

from __future__ import annotations

from sqlalchemy import Connection

from jury_desk.bundle.manifest import Manifest
from jury_desk.core.reconcile import Reconciliation, reconcile
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.store.records import driver

_COUNTED = (
    "SELECT s.member_id, s.total FROM sheet s WHERE s.candidate_id = :c AND s.status = 'sealed' "
    "AND NOT EXISTS (SELECT 1 FROM conflict k WHERE k.candidate_id = s.candidate_id "
    "AND k.member_id = s.member_id) ORDER BY s.member_id"
)

_UPSERT = (
    "INSERT INTO tally (candidate_id, sealed_members, means, overall, gap, spread, flags) "
    "VALUES (:c, :members, :means, :overall, :gap, :spread, :flags) "
    "ON CONFLICT (candidate_id) DO UPDATE SET sealed_members = excluded.sealed_members, "
    "means = excluded.means, overall = excluded.overall, gap = excluded.gap, "
    "spread = excluded.spread, flags = excluded.flags"
)


def reconcile_totals(manifest: Manifest, totals: dict[str, float]) -> Reconciliation:
    """Reconcile ``{member_id: total}`` grouped by each member's institution."""
    session = manifest.session
    by_institution: dict[str, list[float]] = {code: [] for code in session.institution_codes()}
    for member_id, total in totals.items():
        by_institution[session.member(member_id).institution].append(total)
    return reconcile(by_institution, session.institution_codes(), session.thresholds)


def refresh_tally(conn: Connection, manifest: Manifest, candidate_id: str) -> Reconciliation:
    """A signed session's unrevealed candidate has sealed sheets without totals (envelopes,
    blind at rest): its tally then says only whose sheets count, as the seal events do."""
    db = driver(conn)  # at every seal, and for every seal of a signed log's replay
    rows = db.execute(_COUNTED, {"c": candidate_id}).fetchall()
    members = sorted(str(member) for member, _ in rows)
    blind = any(total is None for _, total in rows)
    totals = {} if blind else {str(member): float(total) for member, total in rows}
    rec = reconcile_totals(manifest, totals)
    db.execute(
        _UPSERT,
        {
            "c": candidate_id,
            "members": dumps_canonical(members).decode(),
            "means": dumps_canonical(rec.institution_means).decode(),
            "overall": rec.overall,
            "gap": rec.gap,
            "spread": rec.spread,
            "flags": dumps_canonical(list(rec.flags)).decode(),
        },
    )
    return rec
