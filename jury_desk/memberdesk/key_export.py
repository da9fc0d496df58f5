""" "Exporter ma clé…": the key a member desk made, carried to the room desk (issue 12).

A member who registered from their desk (a bundle that pins no key: the desk made their
key and the room learnt its public half by pairing) cannot act on the room desk, which
holds no secret for them. This writes the key file the desk made, byte for byte: still
encrypted under the member's passphrase (it is never decrypted to be written), owner-only,
to a folder the member picks (a USB key). The room desk takes it back only if its public
key is exactly the registered one and the passphrase opens it
(``deliberation.member_keys.MemberKeys.bring_key``).
"""

from __future__ import annotations

from pathlib import Path

from jury_desk.bundle.minisign import is_encrypted
from jury_desk.core.errors import KeyFileError, UsageError
from jury_desk.core.storage import atomic_output
from jury_desk.memberdesk.opening import DESK_KEY, MemberDeskError


class KeyBrought(MemberDeskError):
    """The desk signs with a key file the member brought: that file is the one to carry."""

    code = "member-desk.key-brought"


class KeyFileThere(MemberDeskError):
    """Another file of that name is in the chosen folder: nothing is overwritten."""

    code = "member-desk.key-exists"


def made_key(desk_folder: Path) -> Path | None:
    """The key file this desk made for its member, if it made one."""
    path = desk_folder / DESK_KEY
    return path if path.is_file() else None


def file_name(member: str) -> str:
    return f"{member}.key"


def export_key(desk_folder: Path, member: str, to: Path) -> Path:
    """Write the key this desk made for ``member`` into folder ``to``; its path. Writing it
    again where the same file already is changes nothing."""
    made = made_key(desk_folder)
    if made is None:
        raise KeyBrought(
            "This desk signs with the key file you opened it with and keeps no copy of it: "
            "bring that file to the room desk."
        )
    if not to.is_dir():
        raise UsageError(f"The folder {to} does not exist; choose another.")
    data = made.read_bytes()
    if not is_encrypted(data, DESK_KEY):  # never carried in clear, whatever is on disk
        raise KeyFileError(f"{made} is not protected by a passphrase: it is not exported.")
    out = to / file_name(member)
    if out.exists():
        if out.is_file() and out.read_bytes() == data:
            return out
        raise KeyFileThere(f"{out} already exists: choose another folder, or remove that file.")
    with atomic_output(out) as fh:  # owner-only (0600) from its first byte
        fh.write(data)
    return out
