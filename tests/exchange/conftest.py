"""A session, member keys and a room key for the exchange tests (no GUI, no service)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jury_desk.exchange.envelope import Session
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.reception import Reception
from jury_desk.exchange.verdict import MemoryLedger, Rules

SESSION = Session("ADM-2026-TEST", 3, "ab" * 32)
MEMBERS = ("mines-1", "mines-2", "albert-1", "albert-2")


@dataclass
class Jury:
    keys: dict[str, Ed25519PrivateKey]
    room_key: Ed25519PrivateKey

    def key_of(self, member: str) -> Ed25519PublicKey | None:
        key = self.keys.get(member)
        return key.public_key() if key else None

    def box(self, folder: Path, member: str) -> MemberBox:
        folder.mkdir(parents=True, exist_ok=True)
        return MemberBox(folder, SESSION, member, self.keys[member], self.room_key.public_key())

    def room(self, rules: Rules | None = None) -> tuple[Reception, MemoryLedger]:
        ledger = MemoryLedger(rules)
        return Reception(SESSION, self.key_of, ledger, self.room_key), ledger


@pytest.fixture(scope="session")
def jury() -> Jury:
    return Jury({m: Ed25519PrivateKey.generate() for m in MEMBERS}, Ed25519PrivateKey.generate())


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    d = tmp_path / "usb"
    d.mkdir()
    return d


def until(condition, timeout: float = 10.0) -> bool:
    """Wait, in small steps and never longer than ``timeout``, for ``condition()``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())
