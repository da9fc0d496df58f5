"""Opening a member desk: the bundle verified, then who the member is, then their key.

* A bundle that **pins** the member's key: the key file says who the member is.
* A bundle that pins **no** key for them (the demo, a jury that skipped key making): the
  member says who they are (the GUI's chooser), and their desk's key is trusted by the room
  only once they pair on the room's network with the code the room desk shows: the code
  proves the desk is in the room, and the room registers the key it then signs with
  (``exchange.server``'s pairing, ``deliberation.ledger.ServiceLedger.pair``). Their key is
  the key file they bring, or one this desk makes for them, encrypted under their passphrase
  (typed twice) in the desk's own private folder, and unlocked again at each opening.

A member the bundle pins a key for cannot be chosen without that very key: nobody opens a
desk in a pinned member's name with another key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.core.errors import JuryDeskError, KeyFileError, UsageError
from jury_desk.core.paths import private_subdir
from jury_desk.core.storage import atomic_output
from jury_desk.signing import member_key

if TYPE_CHECKING:
    from jury_desk.bundle.verify import VerifiedBundle
    from jury_desk.memberdesk.desk import MemberDesk

DESK_KEY = "member.key"  # a key this desk made, encrypted under the member's passphrase


class MemberDeskError(JuryDeskError):
    code = "member-desk"


class DeskKeyLocked(MemberDeskError):
    """The passphrase does not unlock the key this desk made for the member."""

    code = "member-desk.locked"


class PassphraseAgain(MemberDeskError):
    """The passphrase typed twice differs: no key is made."""

    code = "member-desk.again"


@dataclass(frozen=True)
class MemberChoice:
    """One member the chooser offers."""

    member_id: str
    name: str
    institution: str
    has_desk_key: bool  # this desk already made their key: the passphrase unlocks it


def desk_folder(data_dir: Path, bundle_id: str, member: str) -> Path:
    return private_subdir(data_dir, "member-desks") / f"{bundle_id}--{member}"


@dataclass
class Opening:
    """A bundle verified for a member desk, with the key file (if any) unlocked."""

    verified: VerifiedBundle
    data_dir: Path
    passphrase: str
    key: SecretKey | None  # the key file the member brought, unlocked
    member: str | None  # whom the bundle pins that key to: no choice to make

    @property
    def brought_key(self) -> bool:
        return self.key is not None

    def choices(self) -> list[MemberChoice]:
        """Who the member may say they are: the members whose key the bundle does not pin
        (or, with a pinned key file, that member alone)."""
        manifest = self.verified.manifest
        return [
            MemberChoice(m.id, m.name, m.institution, self._desk_key(m.id).exists())
            for m in manifest.session.members
            if (m.id == self.member) or (self.member is None and m.pinned_key() is None)
        ]

    def _desk_key(self, member: str) -> Path:
        return desk_folder(self.data_dir, self.verified.manifest.bundle_id, member) / DESK_KEY

    def desk(
        self,
        member: str,
        *,
        again: str | None = None,
        room_key: Ed25519PublicKey | None = None,
        cost: member_key.KeyCost = member_key.MEMBER,
    ) -> MemberDesk:
        """``member``'s desk. Without a key file, their key is this desk's (made now, with
        the passphrase typed ``again``, or unlocked)."""
        from jury_desk.memberdesk.desk import MemberDesk

        manifest = self.verified.manifest
        if self.member not in (None, member):
            raise MemberDeskError(f"This key is {self.member}'s, not {member}'s.")
        found = next((m for m in manifest.session.members if m.id == member), None)
        if found is None:
            raise UsageError(f"{member} is not a member of this jury ({manifest.bundle_id}).")
        if self.member is None and found.pinned_key() is not None:
            raise MemberDeskError(
                f"The bundle pins {found.name}'s key: open the desk with that key file."
            )
        key = self.key or self._own_key(member, again, cost)
        folder = desk_folder(self.data_dir, manifest.bundle_id, member)
        desk = MemberDesk(manifest, self.verified.fingerprint, member, key, folder, room_key)
        desk.verified = self.verified  # the documents' source (the member desk's GUI reads them)
        return desk

    def _own_key(self, member: str, again: str | None, cost: member_key.KeyCost) -> SecretKey:
        path = self._desk_key(member)
        if path.exists():
            try:
                return member_key.unlock(path.read_bytes(), self.passphrase, source=DESK_KEY)
            except KeyFileError as exc:
                raise DeskKeyLocked(str(exc)) from None
        if again != self.passphrase:
            raise PassphraseAgain(
                "Type the same passphrase twice: it protects the key this desk makes for you."
            )
        key, text = member_key.new_key(member, self.passphrase, cost)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        with atomic_output(path) as out:
            out.write(text.encode("utf-8"))
        os.chmod(path, 0o600)
        return key


def open_bundle(
    bundle: Path,
    key_file: Path | None,
    passphrase: str,
    data_dir: Path,
    trusted_keys: Sequence[PublicKey],
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Opening:
    """Verify ``bundle`` as the room desk does, then unlock the key file, if one is given."""
    from jury_desk.bundle.verify import verify_bundle

    verified = verify_bundle(
        bundle, trusted_keys=trusted_keys, data_dir=data_dir, progress=progress, cancel=cancel
    )
    if key_file is None:
        return Opening(verified, data_dir, passphrase, None, None)
    try:
        text = key_file.read_bytes()
    except OSError as exc:
        raise UsageError(f"The key file {key_file} cannot be read: {exc.strerror}.") from None
    try:
        key = member_key.unlock(text, passphrase, source=key_file.name)
    except KeyFileError as exc:
        raise MemberDeskError(str(exc)) from None
    return Opening(verified, data_dir, passphrase, key, member_for_key(verified.manifest, key))


def member_for_key(manifest: Manifest, key: SecretKey) -> str | None:
    """The member whose key the bundle pins to ``key``, if any."""
    for member in manifest.session.members:
        pinned = member.pinned_key()
        if pinned is not None and pinned.public == key.public_key().public:
            return member.id
    return None
