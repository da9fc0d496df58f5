"""Stateful property test: random sequences of every operation by random members.

After every step, whatever happened:
* a refused operation changed nothing (store and audit chain);
* no decision is final without the required approvals from each institution, given by
  distinct members of that institution who are not conflicted;
* no approval survives a change: every standing approval comes after the candidate's last
  revision, proposal, objection or withdrawal in the audit chain;
* no member receives a score they may not see (board, worklist, candidate detail), checked
  against the raw tables rather than the service's own answers;
* each viewer's board, kept between reads and rebuilt only where an act changed it
  (``board_cache``), equals the board built afresh from the file;
* the audit chain verifies; a closed session has every candidate final (or recorded as
  non délibéré — renvoyé, with the approvals of the institutions that still could);
* no dead ends: from the state reached, some sequence of allowed acts closes the session
  (``settle.close_by_allowed_acts``, played on a copy), whatever conflicts were declared
  late and whoever left.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from jury_desk.core.errors import RuleError
from jury_desk.deliberation import queries
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.room import Room
from jury_desk.deliberation.service import DeliberationService
from jury_desk.deliberation.states import (
    CANDIDATE_TRANSITIONS,
    SESSION_TRANSITIONS,
    CandidateState,
    SessionState,
    may_change,
)
from jury_desk.store.engine import open_readonly
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.jury import CHAIR, EVERYONE, SHA, Clock, passphrase, snapshot
from tests.deliberation.settle import close_by_allowed_acts
from tests.factories import make_manifest

CANDIDATES = ("C001", "C002")
CHANGES = {"sheet-revised", "proposal-made", "objected", "proposal-withdrawn"}
RENVOI = "not-deliberated"
SETTLED = ("final", RENVOI)
WAY_OUT_EVERY = 10

members = st.sampled_from(EVERYONE)
candidates = st.sampled_from(CANDIDATES)
# Mostly the right passphrase, sometimes a wrong one or none.
secrets = st.sampled_from(["right"] * 5 + ["wrong", "none"])
valid = st.sampled_from([0, 7.5, 10, 12, 13.5, 15, 18, 20])
score = st.one_of(valid, st.sampled_from([20.5, 12.25, -1]))  # some off scale or off step
sheets = st.fixed_dictionaries({"academic": valid, "motivation": valid, "project": valid})
criteria = st.sampled_from(["academic", "motivation", "project"])
partial = st.dictionaries(criteria, score)
changes = st.one_of(st.dictionaries(criteria, valid, min_size=1), partial)  # mostly valid
# Mostly a real text, sometimes an empty one.
texts = st.sampled_from(["Discuté en séance.", "Écart justifié par l'entretien.", "Vu.", "", "  "])


def _secret(member: str, which: str) -> str | None:
    return {"right": passphrase(member), "wrong": "not the right one", "none": None}[which]


class Deliberation(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="jd-stateful-"))
        self.clock = Clock()
        self.manifest = make_manifest(n_candidates=len(CANDIDATES))
        self.svc = DeliberationService.create(
            self.folder / "s.jdsession",
            self.manifest,
            SHA,
            now=self.clock,
            scrypt=FAST_FOR_TESTS,
            signed=False,
        )
        self.path = self.svc.path
        self.institution = {m.id: m.institution for m in self.manifest.session.members}
        self.turn = 0
        self.steps = 0
        self.seen: dict[str, CandidateState] = dict.fromkeys(CANDIDATES, CandidateState.SCORING)
        self.seen_session = SessionState.OPEN

    def teardown(self) -> None:
        try:
            self.close_a_copy()
        finally:
            self.svc.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- running an operation -------------------------------------------------------------
    def attempt(self, action, *args) -> bool:
        """Run one operation; if it is refused, prove that nothing changed."""
        before, head = snapshot(self.path), self.svc.audit_head()
        try:
            action(*args)
        except RuleError:
            assert self.svc.audit_head() == head
            assert snapshot(self.path) == before
            return False
        self.check_transitions(action.__name__)
        return True

    def check_transitions(self, operation: str) -> None:
        """One operation (one transaction) moves a candidate or the session only along a
        transition of the state machines in ``deliberation.states``."""
        board = self.svc.board(CHAIR)
        for row in board.rows:
            before = self.seen[row.candidate_id]
            assert may_change(CANDIDATE_TRANSITIONS, before, row.state), (
                f"{operation}: {row.candidate_id} went {before} -> {row.state}"
            )
            self.seen[row.candidate_id] = row.state
        before_session = self.seen_session
        assert may_change(SESSION_TRANSITIONS, before_session, board.session_state), operation
        self.seen_session = board.session_state

    def sql(self, query: str, *params):
        conn = open_readonly(self.path)
        try:
            return conn.execute(query, params).fetchall()
        finally:
            conn.close()

    def active_approvals(self, candidate: str) -> list[tuple[str, str]]:
        return self.sql(
            "SELECT member_id, institution FROM approval WHERE candidate_id = ? AND voided_at "
            "IS NULL",
            candidate,
        )

    # -- setting the room up ----------------------------------------------------------------
    @initialize(
        absent=st.sets(members, max_size=1),
        head_start=st.tuples(*(st.integers(0, 4) for _ in CANDIDATES)),
        scores=sheets,
    )
    def arrive(self, absent, head_start, scores) -> None:
        """The jury arrives (the quorum is met; later rules may break it), and some
        candidates already went some way down the happy path, so that random operations
        also meet proposals, approvals, final decisions and closing."""
        for member in EVERYONE:
            if member not in absent:
                self.svc.check_in(member)
                self.svc.set_passphrase(member, passphrase(member))
        for candidate, steps in zip(CANDIDATES, head_start, strict=True):
            for _ in range(steps):
                self.progress(candidate, scores)

    # -- the happy path, one step at a time -------------------------------------------------
    @rule(candidate=candidates, scores=sheets)
    def progress(self, candidate, scores):
        """The next step a jury takes for ``candidate`` (every call through the service,
        by whichever present member may do it); closes once every candidate is final, and
        reopens a closed session."""
        if self.svc.session_state() == "closed":
            self.attempt(self.svc.reopen, CHAIR, passphrase(CHAIR), "Erreur de saisie signalée.")
            return
        state = next(r.state for r in self.svc.board(CHAIR).rows if r.candidate_id == candidate)
        for member in EVERYONE:
            if (
                state not in SETTLED
                and self.svc.candidate_detail(member, candidate).cannot_deliberate
            ):
                self.attempt(
                    self.svc.record_renvoi, member, candidate, "Renvoyé.", passphrase(member)
                )
            elif state == "scoring":
                self.attempt(self.svc.save_draft, member, candidate, scores)
                self.attempt(self.svc.seal, member, candidate, passphrase(member))
            elif state == "discussion" and self.attempt(
                self.svc.add_note, member, candidate, "Écart discuté en séance."
            ):
                return
            elif state in ("revealed", "discussion") and self.attempt(
                self.svc.accept_rule_proposal, member, candidate
            ):
                return
            elif state in ("proposed", "approved-partial"):
                slot = self.institution[member]
                self.attempt(self.svc.approve, member, candidate, slot, passphrase(member))
            elif state in SETTLED:
                self.attempt(self.svc.close_session, member, passphrase(member))

    # -- every operation, by random members -------------------------------------------------
    @rule(member=members)
    def check_in(self, member):
        self.attempt(self.svc.check_in, member)

    @rule(member=members)
    def check_out(self, member):
        self.attempt(self.svc.check_out, member)

    @rule(member=members, weak=st.booleans())
    def set_passphrase(self, member, weak):
        self.attempt(self.svc.set_passphrase, member, "short" if weak else passphrase(member))

    @rule(member=members, which=secrets)
    def sign_in(self, member, which):
        self.attempt(self.svc.sign_in, member, _secret(member, which))

    @rule(seconds=st.sampled_from([1, 5, 30]))
    def wait(self, seconds):
        self.clock.advance(seconds)

    @rule(actor=members, member=members, candidate=candidates)
    def declare_conflict(self, actor, member, candidate):
        if self.attempt(self.svc.declare_conflict, actor, member, candidate, "personal", "Lien"):
            assert member not in [m for m, _ in self.active_approvals(candidate)]

    @rule(member=members, candidate=candidates, scores=partial)
    def save_draft(self, member, candidate, scores):
        self.attempt(self.svc.save_draft, member, candidate, scores)

    @rule(member=members, candidate=candidates, scores=sheets, which=secrets)
    def draft_and_seal(self, member, candidate, scores, which):
        self.attempt(self.svc.save_draft, member, candidate, scores)
        self.attempt(self.svc.seal, member, candidate, _secret(member, which))

    @rule(actor=members, candidate=candidates, which=secrets)
    def force_reveal(self, actor, candidate, which):
        if self.attempt(self.svc.force_reveal, actor, candidate, _secret(actor, which)):
            assert actor == CHAIR

    @rule(member=members, candidate=candidates, scores=changes, reason=texts, which=secrets)
    def revise(self, member, candidate, scores, reason, which):
        if self.attempt(self.svc.revise, member, candidate, scores, reason, _secret(member, which)):
            assert self.active_approvals(candidate) == []

    @rule(author=members, candidate=candidates, text=texts)
    def add_note(self, author, candidate, text):
        self.attempt(self.svc.add_note, author, candidate, text)

    @rule(
        author=members,
        candidate=candidates,
        decision=st.sampled_from(["admit", "waitlist", "reject", "award"]),
        justification=texts,
    )
    def propose(self, author, candidate, decision, justification):
        if self.attempt(self.svc.propose, author, candidate, decision, None, justification):
            assert self.active_approvals(candidate) == []

    @rule(author=members, candidate=candidates, reason=texts, which=secrets)
    def record_renvoi(self, author, candidate, reason, which):
        """Non délibéré — renvoyé: only for a candidate an institution cannot deliberate,
        exactly when the candidate's detail says the renvoi is open (what the pane offers)."""
        detail = self.svc.candidate_detail(CHAIR, candidate)
        blocked = bool(detail.cannot_deliberate)
        assert detail.renvoi_open == blocked  # no blind faults in these bundles
        if self.attempt(self.svc.record_renvoi, author, candidate, reason, _secret(author, which)):
            assert blocked and which == "right"
            assert self.active_approvals(candidate) == []

    @rule(author=members, candidate=candidates)
    def accept_rule_proposal(self, author, candidate):
        if self.attempt(self.svc.accept_rule_proposal, author, candidate):
            assert self.active_approvals(candidate) == []

    @rule(member=members, candidate=candidates, own_slot=st.booleans(), which=secrets)
    def approve(self, member, candidate, own_slot, which):
        slot = self.institution[member] if own_slot else "ALBERT"
        present = member in self.svc.present_members()
        if self.attempt(self.svc.approve, member, candidate, slot, _secret(member, which)):
            assert which == "right" and present and slot == self.institution[member]

    @rule(member=members, candidate=candidates, reason=texts, which=secrets)
    def raise_objection(self, member, candidate, reason, which):
        if self.attempt(
            self.svc.raise_objection, member, candidate, _secret(member, which), reason
        ):
            assert self.active_approvals(candidate) == []

    @rule(actor=members, which=secrets)
    def close(self, actor, which):
        self.attempt(self.svc.close_session, actor, _secret(actor, which))

    @precondition(lambda self: self.svc.session_state() == "closed")
    @rule(actor=members, which=secrets, reason=texts)
    def reopen(self, actor, which, reason):
        self.attempt(self.svc.reopen, actor, _secret(actor, which), reason)

    # -- invariants -------------------------------------------------------------------------
    def changed_after_approvals(self, candidate: str) -> bool:
        """Every standing approval of ``candidate`` was given after its last change."""
        last_change, approved_at = 0, {}
        for seq, actor, kind, payload in self.sql(
            "SELECT seq, actor, kind, payload FROM audit_event ORDER BY seq"
        ):
            body = json.loads(payload)
            if not isinstance(body, dict) or body.get("candidate") != candidate:
                continue
            if kind in CHANGES:
                last_change = seq
            elif kind == "approved":
                approved_at[actor] = seq
        return all(
            approved_at[member] > last_change for member, _ in self.active_approvals(candidate)
        )

    @invariant()
    def no_approval_survives_a_change(self):
        for candidate in CANDIDATES:
            assert self.changed_after_approvals(candidate)

    @invariant()
    def final_needs_distinct_unconflicted_approvals_from_each_institution(self):
        board = self.svc.board(CHAIR)
        conflicted = set(self.sql("SELECT member_id, candidate_id FROM conflict"))
        for row in board.rows:
            approvals = self.active_approvals(row.candidate_id)
            members_ = [m for m, _ in approvals]
            assert len(members_) == len(set(members_))
            for member, institution in approvals:
                assert self.institution[member] == institution
                assert (member, row.candidate_id) not in conflicted
            per = defaultdict(int)
            for _, institution in approvals:
                per[institution] += 1
            current = self.sql(
                "SELECT decision, approvers FROM proposal WHERE candidate_id = ? AND "
                "withdrawn_at IS NULL",
                row.candidate_id,
            )
            assert len(current) <= 1
            decision, approvers = current[0] if current else (None, None)
            # A renvoi needs the approvals it named when recorded; any other proposal the
            # bundle's, from each institution.
            needed = (
                json.loads(approvers).get
                if approvers is not None
                else lambda code: self.manifest.session.approvals_needed(code)
            )
            is_final = bool(current) and all(
                per[code] >= (needed(code) or 0) for code in ("MINES", "ALBERT")
            )
            assert (row.state in SETTLED) == is_final
            assert (row.state == RENVOI) == (is_final and decision == RENVOI)
            assert (approvers is not None) == (decision == RENVOI)
        if board.session_state == "closed":
            assert all(row.state in SETTLED for row in board.rows)

    @invariant()
    def nobody_receives_a_score_they_may_not_see(self):
        revealed = {c for (c,) in self.sql("SELECT candidate_id FROM reveal")}
        conflicted = set(self.sql("SELECT member_id, candidate_id FROM conflict"))
        own = defaultdict(dict)
        for member, candidate, criterion, value in self.sql(
            "SELECT s.member_id, s.candidate_id, k.criterion_id, k.value FROM sheet s JOIN "
            "sheet_score k ON k.sheet_id = s.id AND k.revision = s.revision"
        ):
            own[member, candidate][criterion] = value
        # Every viewer's board; the worklist and details of one viewer per step, in turn
        # (the same code paths, slower), so that each viewer's are checked along a run.
        self.turn += 1
        for viewer in EVERYONE:
            board = {r.candidate_id: r for r in self.svc.board(viewer).rows}
            for candidate in CANDIDATES:
                blocked = (viewer, candidate) in conflicted
                if candidate not in revealed or blocked:
                    row = board[candidate]
                    assert (row.reconciliation, row.scores_visible) == (None, False)
                    # A renvoi holds no score: shown before the reveal, never to the conflicted.
                    assert row.proposal is None or (row.proposal.decision == RENVOI and not blocked)
        viewer = EVERYONE[self.turn % len(EVERYONE)]
        work = {w.candidate_id: w for w in self.svc.worklist(viewer)}
        for candidate in CANDIDATES:
            blocked = (viewer, candidate) in conflicted
            mine = {} if blocked else own.get((viewer, candidate), {})
            detail = self.svc.candidate_detail(viewer, candidate)
            assert dict(work[candidate].scores) == dict(detail.own_scores) == mine
            if candidate not in revealed or blocked:
                assert (detail.sheets, detail.notes, detail.revisions) == ((), (), ())
                assert (detail.reconciliation, detail.rule_proposal) == (None, None)
                assert detail.proposal is None or (
                    detail.proposal.decision == RENVOI and not blocked
                )

    @invariant()
    def the_kept_board_is_the_board_built_afresh(self):
        for viewer in EVERYONE:
            kept = self.svc.board(viewer)
            with self.svc.desk_read() as conn:
                fresh = queries.board(Room(conn, self.manifest), viewer)
            assert kept == fresh, viewer

    @invariant()
    def there_is_always_a_way_out(self):
        """No dead ends: allowed acts close the session from here (played on a copy). Every
        few steps and at the end of each run: playing it after every step would make this
        test ten times slower, and the runs end in every kind of state anyway."""
        self.steps += 1
        if self.steps % WAY_OUT_EVERY == 0:
            self.close_a_copy()

    def close_a_copy(self) -> None:
        copy = self.folder / f"copy-{self.steps}.jdsession"
        source, target = sqlite3.connect(self.path), sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        svc = DeliberationService.resume(copy, now=self.clock, scrypt=FAST_FOR_TESTS)
        try:
            close_by_allowed_acts(svc, CHAIR, wait=self.clock.advance)
            assert svc.session_state() == "closed"
        finally:
            svc.close()
            for leftover in self.folder.glob(f"{copy.name}*"):
                leftover.unlink()

    @invariant()
    def the_audit_chain_verifies_and_the_tables_are_the_logs(self):
        report, differences = check_session_file(self.path)
        assert report.ok, report
        assert differences == [], [d.line() for d in differences]


Deliberation.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestDeliberation = Deliberation.TestCase
