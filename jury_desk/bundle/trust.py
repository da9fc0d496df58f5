"""The desk's trust store: the secretariat keys it pins (DESIGN.md §2, "Signature").

Two slots so keys can be rotated without a gap: the secretariat announces its next key,
the desk pins it in ``next`` while ``primary`` still verifies today's bundles, and
``promote()`` moves it to ``primary`` when the old key retires. Persisted atomically in
``<data_dir>/trust.json`` (0600) with the key text, its id and its fingerprint; the id and
fingerprint are re-derived on load, so a hand-edited or damaged file is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import KeyFileError, StoreError, UsageError
from jury_desk.core.storage import atomic_output
from jury_desk.core.strict_json import StrictJSONError, dumps_pretty, loads_strict

TRUST_NAME = "trust.json"
FORMAT = "jury-desk-trust/1"
SLOTS = ("primary", "next")
Slot = Literal["primary", "next"]
_MAX_BYTES = 64 * 1024


class _PinnedKey(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    public_key: str
    key_id: str
    fingerprint: str
    added_at: datetime


class _TrustFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["jury-desk-trust/1"]
    slots: dict[Slot, _PinnedKey]


class TrustStore:
    """Pinned secretariat keys in two slots, ``primary`` and ``next``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / TRUST_NAME

    def _damaged(self, why: str) -> StoreError:
        return StoreError(
            f"The trust store {self.path} is damaged ({why}). Remove it and add the "
            "secretariat's keys again, checking their fingerprints."
        )

    def _load(self) -> dict[str, _PinnedKey]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StoreError(f"Cannot read the trust store {self.path}: {exc.strerror}.") from None
        try:
            trust = _TrustFile.model_validate(loads_strict(data, max_bytes=_MAX_BYTES))
            return dict(trust.slots.items())
        except (StrictJSONError, ValidationError) as exc:
            raise self._damaged(str(exc).splitlines()[0]) from None

    def slots(self) -> dict[str, PublicKey]:
        """The pinned keys by slot, each re-derived from its text and cross-checked."""
        out: dict[str, PublicKey] = {}
        for slot, pinned in self._load().items():
            try:
                key = PublicKey.from_text(pinned.public_key, source=f"The {slot} key")
            except KeyFileError as exc:
                raise self._damaged(str(exc)) from None
            if (key.key_id_hex, key.fingerprint) != (pinned.key_id, pinned.fingerprint):
                raise self._damaged(f"the {slot} key does not match its recorded id")
            out[slot] = key
        return out

    def get(self, slot: str) -> PublicKey | None:
        _check_slot(slot)
        return self.slots().get(slot)

    def keys(self) -> list[PublicKey]:
        """The keys to verify bundles with, ``primary`` first."""
        current = self.slots()
        return [current[s] for s in SLOTS if s in current]

    def add(self, slot: str, key: PublicKey) -> None:
        _check_slot(slot)
        current = self._load()
        if slot in current:
            raise UsageError(f"The {slot} slot already holds a key; remove it first.")
        for other, pinned in current.items():
            if pinned.fingerprint == key.fingerprint:
                raise UsageError(f"This key is already trusted, in the {other} slot.")
        current[slot] = _PinnedKey(
            public_key=key.to_text(),
            key_id=key.key_id_hex,
            fingerprint=key.fingerprint,
            added_at=datetime.now(UTC).replace(microsecond=0),
        )
        self._save(current)

    def remove(self, slot: str) -> None:
        _check_slot(slot)
        current = self._load()
        if slot not in current:
            raise UsageError(f"The {slot} slot is already empty.")
        del current[slot]
        self._save(current)

    def promote(self) -> None:
        """Rotation: the ``next`` key becomes ``primary``; the old primary is dropped."""
        current = self._load()
        if "next" not in current:
            raise UsageError("There is no key in the next slot to promote.")
        self._save({"primary": current["next"]})

    def _save(self, slots: dict[str, _PinnedKey]) -> None:
        ordered = {s: slots[s].model_dump(mode="json") for s in SLOTS if s in slots}
        with atomic_output(self.path) as fh:
            fh.write(dumps_pretty({"format": FORMAT, "slots": ordered}))


def _check_slot(slot: str) -> None:
    if slot not in SLOTS:
        raise UsageError(f"Unknown trust slot {slot!r}; use 'primary' or 'next'.")
