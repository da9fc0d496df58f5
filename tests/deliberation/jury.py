"""A jury in a room, for the service tests: a controllable clock, passphrases, shortcuts,
and ``refused`` — the assertion that a misuse is refused with its exact rule and that
NOTHING changed (every table but the passphrase-failure counters, and the audit chain).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from jury_desk.bundle.manifest import Manifest
from jury_desk.core.errors import RuleError
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.store.engine import open_readonly
from tests.factories import make_manifest

MINES = ("m-mines-1", "m-mines-2", "m-mines-3")  # m-mines-1 is the chair
ALBERT = ("m-albert-1", "m-albert-2", "m-albert-3")
EVERYONE = MINES + ALBERT
CHAIR = "m-mines-1"
CONFLICTED_ON_C001 = "m-albert-3"  # the factory's bundle conflict (tutor)
SHA = "ab" * 32
START = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def passphrase(member_id: str) -> str:
    return f"correct horse {member_id}"


class Clock:
    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def sheet(academic: float, motivation: float | None = None, project: float | None = None):
    """A full sheet; one number gives the same score on every criterion."""
    return {
        "academic": academic,
        "motivation": academic if motivation is None else motivation,
        "project": academic if project is None else project,
    }


@dataclass
class JuryRoom:
    svc: DeliberationService
    clock: Clock
    manifest: Manifest

    def seal(self, member: str, candidate: str, scores: Mapping[str, float]) -> Any:
        self.svc.save_draft(member, candidate, scores)
        return self.svc.seal(member, candidate, passphrase(member))

    def seal_all(self, candidate: str, scores: Mapping[str, float]) -> None:
        """Every present, non-conflicted member seals the same ``scores``."""
        self.seal_each(candidate, {m: scores for m in self.eligible(candidate)})

    def seal_each(self, candidate: str, scores: Mapping[str, Mapping[str, float]]) -> None:
        for member, mine in scores.items():
            self.seal(member, candidate, mine)

    def eligible(self, candidate: str) -> list[str]:
        present = self.svc.present_members()
        conflicted = {c.member_id for c in self.svc.candidate_detail(CHAIR, candidate).conflicts}
        return [m for m in EVERYONE if m in present and m not in conflicted]

    def approve_both(self, candidate: str, mines: str = "m-mines-2", albert: str = "m-albert-1"):
        self.svc.approve(mines, candidate, "MINES", passphrase(mines))
        return self.svc.approve(albert, candidate, "ALBERT", passphrase(albert))

    def finalise(self, candidate: str, scores: Mapping[str, float] | None = None) -> None:
        if self.svc.board(CHAIR).rows[self.index(candidate)].state == "scoring":
            self.seal_all(candidate, scores or sheet(15))
            if self.svc.signed:  # the reveal is the chair's act
                self.svc.open_ready(CHAIR, passphrase(CHAIR))
        self.svc.accept_rule_proposal(CHAIR, candidate, passphrase=passphrase(CHAIR))
        assert self.approve_both(candidate) is True

    def index(self, candidate: str) -> int:
        return [c.id for c in self.manifest.candidates].index(candidate)


def open_room(
    folder: Path,
    *,
    kind: str = "admission",
    n_candidates: int = 3,
    present: Iterable[str] = EVERYONE,
    manifest: Manifest | None = None,
    **manifest_kw: Any,
) -> JuryRoom:
    manifest = manifest or make_manifest(kind, n_candidates=n_candidates, **manifest_kw)
    clock = Clock()
    svc = DeliberationService.create(
        folder / "room.jdsession", manifest, SHA, now=clock, scrypt=FAST_FOR_TESTS, signed=False
    )
    for member in present:
        svc.check_in(member)
        svc.set_passphrase(member, passphrase(member))
    return JuryRoom(svc, clock, manifest)


def open_signed_room(
    folder: Path,
    *,
    present: Iterable[str] = EVERYONE,
    manifest: Manifest | None = None,
    n_candidates: int = 3,
    secret_keys: Mapping[str, str] | None = None,
) -> JuryRoom:
    """A signed session (log format 2): each member registers their key (made in the room,
    or the bundle's pinned key brought as ``secret_keys[member]``), then checks in with it."""
    manifest = manifest or make_manifest("admission", n_candidates=n_candidates)
    clock = Clock()
    svc = DeliberationService.create(
        folder / "room.jdsession", manifest, SHA, now=clock, scrypt=FAST_FOR_TESTS, signed=True
    )
    for member in present:
        brought = None if secret_keys is None else secret_keys[member]
        svc.register_key(member, passphrase(member), brought)
        svc.check_in(member, passphrase=passphrase(member))
    return JuryRoom(svc, clock, manifest)


# -- "nothing changed" -------------------------------------------------------------------
def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, except the passphrase-failure counters (which a wrong
    passphrase does update, outside the audit chain)."""
    conn = open_readonly(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {}
        for table in sorted(tables):
            columns = {
                "credential": "member_id, salt, digest, n, r, p, set_at",
                "member_key": "member_id, secret_key, public_key, pinned, registered_at",
            }.get(table, "*")
            out[table] = sorted(conn.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        conn.close()


def refused(
    svc: DeliberationService, rule: str, action: Callable[..., Any], *args: Any, **kw: Any
) -> RuleError:
    """Assert ``action`` is refused with ``rule`` and that the store and chain are unchanged."""
    before = snapshot(svc.path)
    head_before = svc.audit_head()
    with pytest.raises(RuleError) as info:
        action(*args, **kw)
    assert info.value.code == rule, f"{info.value.code}: {info.value}"
    assert svc.audit_head() == head_before, "a refused action moved the audit chain"
    assert snapshot(svc.path) == before, "a refused action changed the store"
    return info.value


def events(path: Path, kind: str | None = None) -> list[tuple[str, str, str]]:
    """(actor, kind, payload) of the chain's events, optionally of one kind."""
    conn = open_readonly(path)
    try:
        rows = conn.execute("SELECT actor, kind, payload FROM audit_event ORDER BY seq").fetchall()
    finally:
        conn.close()
    return [r for r in rows if kind is None or r[1] == kind]
