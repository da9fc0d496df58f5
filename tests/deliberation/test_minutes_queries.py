"""The minutes of a closed session are read with a fixed number of queries, whatever the
number of candidates (a query per candidate made a 500-candidate PV wait ~1.5 s)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from jury_desk.minutes.model import Minutes
from tests.deliberation.jury import CHAIR, open_room, passphrase, sheet

REVISER = "m-mines-2"


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Every SQL statement any engine runs inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def closed_minutes(folder, n_candidates: int) -> tuple[Minutes, int]:
    """A closed session where every candidate has sheets, a revision, a note, a proposal and
    approvals (so every per-candidate table has rows): its minutes and their query count."""
    folder.mkdir()
    room = open_room(folder, n_candidates=n_candidates)
    try:
        for candidate in room.manifest.candidates:
            room.seal_all(candidate.id, sheet(15))
            room.svc.revise(REVISER, candidate.id, {"academic": 14}, "Relecture",
                            passphrase(REVISER))  # fmt: skip
            room.svc.add_note(CHAIR, candidate.id, f"Dossier {candidate.id} discuté.")
            room.finalise(candidate.id)
        room.svc.close_session(CHAIR, passphrase(CHAIR))
        with counting_queries() as statements:
            minutes = room.svc.minutes_data()
        return minutes, len(statements)
    finally:
        room.svc.close()


def test_the_minutes_query_count_does_not_grow_with_the_candidates(tmp_path):
    small, small_count = closed_minutes(tmp_path / "small", 3)
    large, large_count = closed_minutes(tmp_path / "large", 12)
    for minutes, n in ((small, 3), (large, 12)):
        assert len(minutes.candidates) == n
        for c in minutes.candidates:  # every per-candidate fact is really there
            assert [r.member for r in c.revisions] == [REVISER]
            assert [n.text for n in c.notes] == [f"Dossier {c.id} discuté."]
            assert {a.institution for a in c.approvals} == {"MINES", "ALBERT"}
            assert REVISER in [t.member for t in c.totals["MINES"]]
    assert small_count == large_count, (small_count, large_count)
