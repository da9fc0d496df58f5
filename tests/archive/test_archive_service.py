"""The archive service on SQLite and on a real PostgreSQL: add, search, show, export, verify.

Every refusal says why and stores nothing; the same PV twice changes nothing; a PV that
supersedes another is linked whatever the order they are filed in.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import text

from jury_desk.archive.errors import ArchiveError
from jury_desk.archive.folding import fold, name_tokens, prefix_range
from jury_desk.archive.service import hit_dict
from jury_desk.cli import main
from jury_desk.commands.archive import _hit_line
from jury_desk.core.proposals import RENVOI

LEFEVRE = "Camille Lefèvre"


@pytest.fixture(scope="module")
def three_sessions(filer):
    """Three Camille Lefèvre in three sessions and years, told apart by their numbers."""
    out = []
    for year, number, born in ((2024, "21904417", date(2002, 3, 14)),
                               (2025, "22000001", date(2003, 1, 2)),
                               (2026, "22100002", date(2001, 11, 30))):  # fmt: skip
        out.append(
            filer.make(
                n=4,
                names=[LEFEVRE, "Chloé O'Connor", "Zoë Saldaña-Łukasiewicz", "Åsa Öberg"],
                student_ids=[number, None, f"Z{year}", None],
                birth_dates=[born, None, None, None],
                day=date(year, 6, 15),
                title=f"Jury d'admission {year}",
            )
        )
    return out


def test_fold_ignores_accents_case_and_hyphens():
    assert fold("  Zoë SALDAÑA-Łukasiewicz ") == "zoe saldana lukasiewicz"
    assert fold("Œuvré Straße") == "oeuvre strasse"
    assert name_tokens("Chloé O’Connor-Lefèvre") == {
        "chloe", "o'connor", "oconnor", "connor", "lefevre"
    }  # fmt: skip
    assert prefix_range("lef") == ("lef", "leg")


def test_add_stores_everything_and_search_finds_it(archive, filer, trusted, three_sessions):
    first = three_sessions[0]
    result = archive.add(first.pv, first.bundle, trusted)
    assert result.added and result.candidates == 4
    assert archive.count() == (1, 4)
    stored = archive.pv(result.pv_id)
    assert stored.audit_head == first.minutes.audit_head and stored.anchor == "bundle"
    assert "Result: VALID" in stored.report and "Anchor: bundle" in stored.report
    assert archive.file(result.pv_id, "pv") == first.pv.read_bytes()
    assert archive.file(result.pv_id, "receipt") == first.receipt.read_bytes()
    assert b'"audit_head"' in archive.file(result.pv_id, "minutes")
    assert archive.file(result.pv_id, "session") is None
    (hit,) = archive.search("lefevre")
    assert (hit.name, hit.student_id, hit.birth_date) == (LEFEVRE, "21904417", date(2002, 3, 14))


def test_a_renvoi_is_archived_and_found_with_no_score(archive, filer, trusted):
    """A candidate recorded as non délibéré — renvoyé is in the archive like the others,
    with no decision on the merits and no score (issue 11)."""
    filed = filer.make(n=4, student_ids=["R1", "R2", "R3", "R4"], seed=7, renvoi=True)
    (renvoye,) = filed.minutes.not_deliberated or []
    result = archive.add(filed.pv, filed.bundle, trusted)
    assert result.added
    (hit,) = archive.search(renvoye.student_id or "")
    assert (hit.candidate_id, hit.name) == (renvoye.id, renvoye.name)
    assert (hit.decision, hit.mention, hit.overall) == (RENVOI, None, None)
    assert [h.candidate_id for h in archive.search("", decision=RENVOI)] == [renvoye.id]
    assert hit_dict(hit)["overall"] is None
    line = _hit_line(hit)
    assert "Non délibéré — renvoyé" in line and "/20" not in line
    deliberated = filed.minutes.candidates[0]
    (other,) = archive.search(deliberated.student_id or "")
    assert other.overall is not None and f"{other.overall:.2f}/20" in _hit_line(other)


def test_a_renvoi_before_its_reveal_is_archived_as_not_revealed(
    archive, filer, trusted, tmp_path, capsys, db_url
):
    """Its flag sealed in the bundle, never opened: not "no holder" but "not revealed", in
    the search, the JSON (null) and the CSV."""
    filed = filer.make(n=4, student_ids=["U1", "U2", "U3", "U4"], seed=8, renvoi=True,
                       unrevealed=True)  # fmt: skip
    (renvoye,) = filed.minutes.not_deliberated or []
    assert renvoye.scholarship is None
    assert archive.add(filed.pv, filed.bundle, trusted).added
    (hit,) = archive.search(renvoye.student_id or "")
    assert hit.scholarship is None and hit_dict(hit)["scholarship"] is None
    assert "statut boursier non révélé" in _hit_line(hit)
    (other,) = archive.search(filed.minutes.candidates[0].student_id or "")
    assert other.scholarship is filed.minutes.candidates[0].scholarship
    assert "non révélé" not in _hit_line(other)
    out = tmp_path / "export.csv"
    assert main(["archive", "export", "--db", db_url, "--out", str(out)]) == 0
    text_out = out.read_text(encoding="utf-8-sig")
    rows = {r["candidate_id"]: r for r in csv.DictReader(text_out.splitlines())}
    assert rows[renvoye.id]["scholarship"] == "not revealed"
    assert rows[other.candidate_id]["scholarship"] in ("True", "False")
    capsys.readouterr()


def test_the_same_pv_twice_changes_nothing(archive, trusted, three_sessions):
    first = three_sessions[0]
    one = archive.add(first.pv, first.bundle, trusted)
    again = archive.add(first.pv, first.receipt, trusted)
    assert (one.added, again.added, one.pv_id) == (True, False, again.pv_id)
    assert archive.count() == (1, 4)


def test_search_across_years_newest_first_by_every_key(archive, trusted, three_sessions):
    for filed in three_sessions:
        archive.add(filed.pv, filed.receipt, trusted)
    found = archive.search("LEFÈVRE camille")
    assert [h.year for h in found] == [2026, 2025, 2024]
    assert [h.student_id for h in archive.search("22000001")] == ["22000001"]
    assert [h.year for h in archive.search("14/03/2002")] == [2024]
    assert [h.year for h in archive.search("2001-11-30")] == [2026]
    assert len(archive.search("c001")) == 3  # the candidate id, any case
    assert [h.name for h in archive.search("saldana lukasiewicz", year=2025)] == [
        "Zoë Saldaña-Łukasiewicz"
    ]
    assert archive.search("oberg", programme="bachelor") == []
    # Words are found from their start, whatever the order, apostrophe typed or not.
    assert len(archive.search("lefev cam")) == 3 and archive.search("fevre") == []
    assert len(archive.search("oconnor")) == len(archive.search("connor")) == 3
    assert {h.session_kind for h in archive.search("", kind="admission")} == {"admission"}
    admitted = archive.search("", decision="admit")
    assert admitted and all(h.decision == "admit" for h in admitted)


@pytest.mark.parametrize(
    "hostile",
    ["%", "_", "\\", "'; DROP TABLE archived_decision; --", "' OR '1'='1", '"', "é%_\\'"],
)
def test_sql_metacharacters_are_searched_literally(archive, trusted, three_sessions, hostile):
    archive.add(three_sessions[0].pv, three_sessions[0].bundle, trusted)
    assert archive.search(hostile) == []
    assert archive.count() == (1, 4)  # nothing dropped, nothing matched by a wildcard
    assert {h.name for h in archive.search("o")} == {"Chloé O'Connor", "Åsa Öberg"}


def test_a_superseding_pv_marks_the_old_one_in_either_order(archive, filer, trusted):
    old = filer.make(n=3, title="Jury avant réouverture")
    new = filer.make(n=3, title="Jury après réouverture", supersedes=old.minutes)
    added_new = archive.add(new.pv, new.bundle, trusted)
    assert added_new.supersedes is None and added_new.supersedes_missing
    added_old = archive.add(old.pv, old.bundle, trusted)
    assert added_old.superseded_by == added_new.pv_id
    marks = {(h.session_title, h.superseded) for h in archive.search("c001")}
    assert marks == {("Jury avant réouverture", True), ("Jury après réouverture", False)}
    again = archive.add(new.pv, new.bundle, trusted)
    assert again.supersedes == added_old.pv_id and not again.added


def test_a_pv_that_fails_verification_stores_nothing(archive, trusted, three_sessions, tmp_path):
    broken = tmp_path / "PV.pdf"
    data = bytearray(three_sessions[0].pv.read_bytes())
    data[len(data) // 2] ^= 0x01
    broken.write_bytes(bytes(data))
    with pytest.raises(ArchiveError) as info:
        archive.add(broken, three_sessions[0].bundle, trusted)
    assert info.value.code in {"archive.pv-invalid", "archive.anchor-mismatch"}
    assert str(info.value).endswith("nothing was stored.")
    assert archive.count() == (0, 0)


def test_a_receipt_that_does_not_match_the_pv_stores_nothing(archive, trusted, three_sessions):
    with pytest.raises(ArchiveError) as info:
        archive.add(three_sessions[0].pv, three_sessions[1].receipt, trusted)
    assert info.value.code == "archive.anchor-mismatch"
    assert "does not belong to bundle-receipt.jdreceipt" in str(info.value)
    assert archive.count() == (0, 0)


def test_an_untrusted_receipt_stores_nothing(archive, three_sessions, tmp_path):
    from jury_desk.bundle.minisign import SecretKey

    with pytest.raises(ArchiveError) as info:
        archive.add(three_sessions[0].pv, three_sessions[0].receipt,
                    [SecretKey.generate().public_key()])  # fmt: skip
    assert info.value.code == "archive.anchor-invalid" and "signature.unknown-key" in str(
        info.value
    )
    assert archive.count() == (0, 0)


def test_verify_all_finds_a_changed_stored_pv(archive, trusted, three_sessions):
    for filed in three_sessions[:2]:
        archive.add(filed.pv, filed.bundle, trusted)
    seen = []
    outcomes = archive.verify_all(trusted, lambda n, total, o: seen.append((n, total, o.ok)))
    assert seen == [(1, 2, True), (2, 2, True)]
    with archive.engine.begin() as con:
        con.execute(text("UPDATE archived_decision SET decision = 'admit' WHERE id = 1"))
        con.execute(
            text("UPDATE archived_file SET data = :d WHERE kind = 'pv' AND pv_id = 2"),
            {"d": b"%PDF-1.7 forged"},
        )
    outcomes = archive.verify_all(trusted)
    assert [o.ok for o in outcomes] == [True, False]
    assert "changed" in outcomes[1].message
