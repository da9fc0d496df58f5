"""The stateful property test on a signed session (log format 2): the same random
operations, each act now taking its member's passphrase, the reveal the chair's act; and
after every step, besides the invariants of ``test_stateful``:

* an event forged with no key, with a throwaway key, with another member's key, or
  replayed from earlier in the log, appended to a copy of the file, is refused by
  ``audit verify`` (the real file is untouched: the run goes on);
* no unrevealed candidate has a score, salt, total or mean in the file;
* the tables are the log's (``check_session_file``), as in format 1.
"""

from __future__ import annotations

import sqlite3

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule

from jury_desk.bundle.minisign import SecretKey
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.signing import event_log, member_key
from jury_desk.store.audit import verify_chain
from jury_desk.store.engine import open_readonly
from tests.deliberation.jury import CHAIR, EVERYONE, SHA, passphrase
from tests.deliberation.test_stateful import (
    Deliberation,
    _secret,
    candidates,
    members,
    secrets,
    sheets,
    texts,
)

FORGERIES = ("no key", "throwaway key", "another member's key", "replayed")


class SignedDeliberation(Deliberation):
    def __init__(self) -> None:
        super().__init__()
        self.svc.close()
        self.path.unlink()
        self.svc = DeliberationService.create(
            self.path, self.manifest, SHA, now=self.clock, scrypt=FAST_FOR_TESTS, signed=True
        )

    @initialize(
        absent=st.sets(members, max_size=1),
        head_start=st.tuples(*(st.integers(0, 4) for _ in ("C001", "C002"))),
        scores=sheets,
    )
    def arrive(self, absent, head_start, scores) -> None:
        """Each member registers their key (the chair's makes the reveal key), and the
        jury checks in, each with their passphrase."""
        for member in EVERYONE:
            self.svc.register_key(member, passphrase(member))
            if member not in absent:
                self.svc.check_in(member, passphrase=passphrase(member))
        for candidate, steps in zip(("C001", "C002"), head_start, strict=True):
            for _ in range(steps):
                self.progress(candidate, scores)

    @rule(candidate=candidates, scores=sheets)
    def progress(self, candidate, scores):
        """The next step, every act with its member's passphrase; the chair opens the
        sheets once they are all sealed."""
        if self.svc.session_state() == "closed":
            self.attempt(self.svc.reopen, CHAIR, passphrase(CHAIR), "Erreur de saisie signalée.")
            return
        state = next(r.state for r in self.svc.board(CHAIR).rows if r.candidate_id == candidate)
        for member in EVERYONE:  # non délibéré — renvoyé, when an institution cannot
            if state not in ("final", "not-deliberated") and (
                self.svc.candidate_detail(member, candidate).cannot_deliberate
            ):
                self.attempt(
                    self.svc.record_renvoi, member, candidate, "Renvoyé.", passphrase(member)
                )
                return
        if state == "scoring":
            for member in EVERYONE:
                self.attempt(self.svc.save_draft, member, candidate, scores)
                self.attempt(self.svc.seal, member, candidate, passphrase(member))
            self.opens_what_the_board_says(CHAIR, passphrase(CHAIR))
            return
        for member in EVERYONE:
            pw = passphrase(member)
            if state == "discussion" and self.attempt(
                lambda m=member, p=pw: self.svc.add_note(m, candidate, "Discuté.", passphrase=p)
            ):
                return
            if state in ("revealed", "discussion") and self.attempt(
                lambda m=member, p=pw: self.svc.accept_rule_proposal(m, candidate, passphrase=p)
            ):
                return
            if state in ("proposed", "approved-partial"):
                slot = self.institution[member]
                self.attempt(self.svc.approve, member, candidate, slot, pw)
            elif state in ("final", "not-deliberated"):
                self.attempt(self.svc.close_session, member, pw)

    # -- the acts that take a passphrase only in a signed session --------------------------
    @rule(member=members, which=secrets)
    def check_in(self, member, which):
        self.attempt(lambda: self.svc.check_in(member, passphrase=_secret(member, which)))

    @rule(member=members, which=secrets)
    def check_out(self, member, which):
        self.attempt(lambda: self.svc.check_out(member, passphrase=_secret(member, which)))

    @rule(member=members, weak=st.booleans())
    def set_passphrase(self, member, weak):
        self.attempt(self.svc.register_key, member, "short" if weak else passphrase(member))

    @rule(actor=members, member=members, candidate=candidates, which=secrets)
    def declare_conflict(self, actor, member, candidate, which):
        secret = _secret(actor, which)
        if self.attempt(
            lambda: self.svc.declare_conflict(
                actor, member, candidate, "personal", "Lien", passphrase=secret
            )
        ):
            assert member not in [m for m, _ in self.active_approvals(candidate)]

    @rule(author=members, candidate=candidates, text=texts, which=secrets)
    def add_note(self, author, candidate, text, which):
        secret = _secret(author, which)
        self.attempt(lambda: self.svc.add_note(author, candidate, text, passphrase=secret))

    @rule(
        author=members,
        candidate=candidates,
        decision=st.sampled_from(["admit", "waitlist", "reject"]),
        justification=texts,
        which=secrets,
    )
    def propose(self, author, candidate, decision, justification, which):
        secret = _secret(author, which)
        if self.attempt(
            lambda: self.svc.propose(
                author, candidate, decision, None, justification, passphrase=secret
            )
        ):
            assert self.active_approvals(candidate) == []

    @rule(author=members, candidate=candidates, which=secrets)
    def accept_rule_proposal(self, author, candidate, which):
        secret = _secret(author, which)
        if self.attempt(
            lambda: self.svc.accept_rule_proposal(author, candidate, passphrase=secret)
        ):
            assert self.active_approvals(candidate) == []

    @rule(actor=members, which=secrets)
    def open_ready(self, actor, which):
        if self.opens_what_the_board_says(actor, _secret(actor, which)):
            assert actor == CHAIR and which == "right"

    def opens_what_the_board_says(self, actor, secret) -> bool:
        """The board's ``ready_to_open`` (what the chair's button offers) is exactly what
        the act opens; an act that opens nothing is refused, so an empty list never opens."""
        ready = self.svc.board(CHAIR).ready_to_open
        opened: list[str] = []

        def open_ready():
            opened.extend(self.svc.open_ready(actor, secret))

        if not self.attempt(open_ready):
            return False
        assert tuple(opened) == ready
        return True

    # -- forgeries, on a copy --------------------------------------------------------------
    @rule(how=st.sampled_from(FORGERIES), forger=members, victim=members)
    def forge(self, how, forger, victim):
        copy = self.folder / "forged.jdsession"
        source = open_readonly(self.path)
        conn = sqlite3.connect(copy)
        source.backup(conn)  # the file and its WAL, as one consistent copy
        source.close()
        try:
            rows = conn.execute(
                "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature "
                "FROM audit_event ORDER BY seq"
            ).fetchall()
            last = event_log.event_from_row(rows[-1], rows[0][6])
            payload = {"candidate": "C001", "text": "Ajouté sans clé."}
            if how == "replayed":
                seq, at, actor, kind, text, _, digest, signature = rows[-1]
                row = (seq + 1, at, actor, kind, text, digest, digest, signature)
            else:
                key = {
                    "no key": None,
                    "throwaway key": SecretKey.generate(),
                    "another member's key": self.key_of(forger),
                }[how]
                if how == "another member's key" and forger == victim:
                    return
                event = event_log.make_event(last, last.at, victim, "note-added", payload, key)
                row = event.row()
            conn.execute("INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            conn.commit()
        finally:
            conn.close()
        report = verify_chain(copy)
        copy.unlink()
        assert (report.ok, report.first_bad_seq) == (False, len(rows) + 1), (how, report)

    def key_of(self, member: str) -> SecretKey:
        conn = sqlite3.connect(self.path)
        try:
            (text,) = conn.execute(
                "SELECT secret_key FROM member_key WHERE member_id = ?", (member,)
            ).fetchone()
        finally:
            conn.close()
        return member_key.unlock(text, passphrase(member))

    # -- blind at rest ---------------------------------------------------------------------
    @invariant()
    def no_unrevealed_score_total_or_mean_in_the_file(self):
        # Never revealed: a candidate sent back to scoring keeps its revealed sheets open.
        unrevealed = (
            "candidate_id NOT IN (SELECT json_extract(payload, '$.candidate') FROM audit_event "
            "WHERE kind = 'candidate-revealed')"
        )
        assert self.sql(
            "SELECT count(*) FROM sheet_score WHERE sheet_id IN "
            f"(SELECT id FROM sheet WHERE {unrevealed})"
        ) == [(0,)]
        assert self.sql(
            f"SELECT count(*) FROM sheet WHERE {unrevealed} AND "
            "(salt IS NOT NULL OR total IS NOT NULL)"
        ) == [(0,)]
        assert self.sql(
            f"SELECT count(*) FROM tally WHERE {unrevealed} AND overall IS NOT NULL"
        ) == [(0,)]


SignedDeliberation.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSignedDeliberation = SignedDeliberation.TestCase
