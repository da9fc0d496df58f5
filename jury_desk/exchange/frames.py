"""The room network's frames: one canonical JSON object per line, inside TLS 1.3.

``{"t": "pair" | "paired" | "hello" | "challenge" | "auth" | "welcome" | "msg" | "reply" |
"error", ...}``; a message or a reply travels as its envelope record (``"rec"``), the very
line an outbox file holds, so both transports carry the same bytes.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.exchange.envelope import MAX_RECORD_BYTES, ExchangeError, Session
from jury_desk.exchange.pairing import bound

MAX_FRAME_BYTES = 2 * MAX_RECORD_BYTES + 4096  # a record, escaped, with its frame around it
CLOCK_TOLERANCE_S = 5 * 60


def frame(kind: str, **fields: Any) -> bytes:
    return dumps_canonical({"t": kind, **fields}) + b"\n"


def parse_frame(line: bytes, *expected: str) -> dict[str, Any]:
    try:
        obj = loads_strict(line.rstrip(b"\n"), max_bytes=MAX_FRAME_BYTES)
    except StrictJSONError as exc:
        raise ExchangeError(
            "net.frame", f"the other desk sent something unreadable ({exc})"
        ) from None
    if not isinstance(obj, dict) or not isinstance(obj.get("t"), str):
        raise ExchangeError("net.frame", "the other desk sent something that is not a frame")
    if obj["t"] == "error" and "error" not in expected:
        raise ExchangeError(str(obj.get("reason", "net.refused")), str(obj.get("message", "")))
    if expected and obj["t"] not in expected:
        raise ExchangeError("net.frame", f"expected {' or '.join(expected)}, got {obj['t']!r}")
    return obj


def text(obj: dict[str, Any], name: str) -> str:
    value = obj.get(name)
    if not isinstance(value, str) or not value:
        raise ExchangeError("net.frame", f"a frame lacks its {name!r}")
    return value


def b64(obj: dict[str, Any], name: str) -> bytes:
    try:
        return base64.b64decode(text(obj, name), validate=True)
    except binascii.Error:
        raise ExchangeError("net.frame", f"a frame's {name!r} is not base64") from None


def auth_context(session: Session, room_fp: str, member: str, nonce: bytes) -> bytes:
    """What a member desk signs to show, on each connection, that it holds the member's key."""
    return bound("auth", session, room_fp, member, nonce=nonce)
