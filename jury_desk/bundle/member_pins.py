"""What ``bundle build`` adds for the signed log (DESIGN.md §3–§4): members' pinned keys,
and the refusal of a candidate no institution member could score.

In session.toml a member names their public key file, made with ``jury-desk member
keygen`` (a path relative to session.toml)::

    [[session.members]]
    id = "m-mines-1"
    public_key_file = "keys/m-mines-1.pub"

The builder reads it and writes the key into the manifest's member entry (``public_key``,
minisign's one-line form). A bundle pins every member's key or none (the demo: keys are
then made in the room at each member's first sign-in).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import BuildError, KeyFileError

KEY_FILE_FIELD = "public_key_file"


def pin_member_keys(session: dict[str, Any], base: Path, where: str) -> dict[str, Any]:
    """``session`` with each member's ``public_key_file`` read into ``public_key``."""
    members = session.get("members")
    if not isinstance(members, list):
        return session  # the schema says what is wrong
    pinned = []
    for index, member in enumerate(members):
        if not isinstance(member, dict) or KEY_FILE_FIELD not in member:
            pinned.append(member)
            continue
        who = f"member {index + 1} ({member.get('id', '?')})"
        entry = {k: v for k, v in member.items() if k != KEY_FILE_FIELD}
        if "public_key" in member:
            raise BuildError(
                "build.member-key",
                f"{where}: {who}: give public_key or {KEY_FILE_FIELD}, not both.",
            )
        name = member[KEY_FILE_FIELD]
        if not isinstance(name, str) or not name:
            raise BuildError(
                "build.member-key", f"{where}: {who}: {KEY_FILE_FIELD} must be a file name."
            )
        path = base / name
        try:
            entry["public_key"] = PublicKey.from_file(path).to_base64()
        except KeyFileError as exc:
            raise BuildError(
                "build.member-key",
                f"{where}: {who}: {KEY_FILE_FIELD} {name}: {exc} "
                "Ask the member for the .pub made by `jury-desk member keygen`.",
            ) from None
        pinned.append(entry)
    return {**session, "members": pinned}


def refuse_unscoreable(manifest: Manifest, where: str) -> None:
    """No dead end (DESIGN.md §3): every candidate has, in each institution, a member who
    is not conflicted on them; otherwise the first such candidate and institution are named."""
    for candidate, institution in manifest.unscoreable():
        raise BuildError(
            "build.unscoreable",
            f"{where}: candidate {candidate}: every {institution} member is conflicted, so "
            f"{institution} could never score them; remove a conflict or add a member.",
        )
