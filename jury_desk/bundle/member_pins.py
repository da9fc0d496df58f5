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

With the members' keys pinned, the secretariat may pin the chair's reveal key too (made by
``jury-desk member keygen --role chair``), so that members can seal before the chair signs
in, at home or in the room (``signing/reveal_pin.py``)::

    [session]
    reveal_key_file = "keys/m-chair.reveal.pub"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import BuildError, KeyFileError
from jury_desk.signing import reveal_pin

KEY_FILE_FIELD = "public_key_file"
REVEAL_FILE_FIELD = "reveal_key_file"


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


def pin_reveal_key(session: dict[str, Any], base: Path, where: str) -> dict[str, Any]:
    """``session`` with its ``reveal_key_file`` read into ``reveal_key``, once it is known to
    be signed by the chair's pinned key (``build.reveal-key`` otherwise, naming why)."""
    if REVEAL_FILE_FIELD not in session:
        return session
    name = session[REVEAL_FILE_FIELD]
    out = {k: v for k, v in session.items() if k != REVEAL_FILE_FIELD}

    def refused(why: str) -> BuildError:
        return BuildError("build.reveal-key", f"{where}: {REVEAL_FILE_FIELD} {name}: {why}")

    if "reveal_key" in session:
        raise refused(f"give reveal_key or {REVEAL_FILE_FIELD}, not both.")
    if not isinstance(name, str) or not name:
        raise refused("it must be a file name.")
    try:
        pin = reveal_pin.read_file(base / name)
    except KeyFileError as exc:
        raise refused(f"{exc} Ask the chair for the {reveal_pin.SUFFIX} file made by "
                      "`jury-desk member keygen --role chair`.") from None  # fmt: skip
    members = session.get("members")
    chairs = [
        m for m in members if isinstance(m, dict) and "chair" in (m.get("roles") or [])
    ] if isinstance(members, list) else []  # fmt: skip
    public = chairs[0].get("public_key") if len(chairs) == 1 else None
    if not isinstance(public, str):
        raise refused(
            "the chair's own key must be pinned too (public_key_file in the chair's entry): "
            "only a reveal key signed by it is pinned."
        )
    try:
        chair = PublicKey.from_base64(public)
    except KeyFileError:
        raise refused("the chair's pinned public key is not valid.") from None
    if not pin.made_by(chair):
        raise refused(
            "it was not made with the chair's pinned key. Ask the chair for the "
            f"{reveal_pin.SUFFIX} made with the same key as their .pub."
        )
    out["reveal_key"] = pin.fields()
    return out


def refuse_unscoreable(manifest: Manifest, where: str) -> None:
    """No dead end (DESIGN.md §3): every candidate has, in each institution, a member who
    is not conflicted on them; otherwise the first such candidate and institution are named."""
    for candidate, institution in manifest.unscoreable():
        raise BuildError(
            "build.unscoreable",
            f"{where}: candidate {candidate}: every {institution} member is conflicted, so "
            f"{institution} could never score them; remove a conflict or add a member.",
        )
