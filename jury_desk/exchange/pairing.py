"""Pairing a member desk with the room desk, once, with a short code (DESIGN.md §9).

The room desk shows its address, a pairing code of 8 digits and the short form of its
certificate's fingerprint (and a QR code carrying all of them with the whole fingerprint).
The member desk connects over TLS 1.3, then sends, bound to *both* desks' keys::

    context = canonical_json({"pair": "jury-desk/1", "session", "room": <room cert SHA-256>,
                              "member", "member_key": <Ed25519 public key>})
    proof   = HMAC-SHA256(code, "member" || context)      signature = member key over context

The room desk checks the code (constant time, a few tries then a new code), the signature,
and that the key is the member's pinned key (or registers it, when the bundle pins none);
it answers ``HMAC-SHA256(code, "room" || context)``, and the member desk pins the room's
certificate. A machine in the middle shows another certificate, so its context differs
and neither proof passes through it. With the QR code the member desk checks the whole
fingerprint; typed, the code alone protects the first connection, so the member desk also
shows the short fingerprint for the member to compare with the projected one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlparse

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from jury_desk.core.strict_json import dumps_canonical
from jury_desk.exchange.envelope import ExchangeError, Session

CODE_DIGITS = 8
MAX_WRONG = 5  # wrong codes before the code is replaced by a new one
CODE_LIFETIME_S = 15 * 60
URI_SCHEME = "jurydesk"


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def display_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}"


def normalise_code(typed: str) -> str:
    digits = "".join(ch for ch in typed if not ch.isspace() and ch != "-")
    if len(digits) != CODE_DIGITS or not digits.isdigit():
        raise ExchangeError(
            "pair.code-format", f"a pairing code is {CODE_DIGITS} digits, e.g. 1234 5678"
        )
    return digits


def raw_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def bound(purpose: str, session: Session, room_fp: str, member: str, **extra: bytes) -> bytes:
    """What a member desk signs or MACs: bound to the session, the room's certificate and the
    member, so it cannot be relayed to another room or replayed for another purpose."""
    fields = {k: base64.b64encode(v).decode() for k, v in extra.items()}
    return dumps_canonical(
        {
            purpose: "jury-desk/1",
            "session": session.as_json(),
            "room": room_fp,
            "member": member,
            **fields,
        }
    )


def context(session: Session, room_fp: str, member: str, member_key: Ed25519PublicKey) -> bytes:
    return bound("pair", session, room_fp, member, member_key=raw_key(member_key))


def proof(code: str, side: str, ctx: bytes) -> str:
    return hmac.new(code.encode(), side.encode() + b"\x00" + ctx, hashlib.sha256).hexdigest()


@dataclass
class PairingWindow:
    """The code the room desk shows; replaced after MAX_WRONG wrong tries or its lifetime."""

    code: str = field(default_factory=new_code)
    opened: float = field(default_factory=time.monotonic)
    wrong: int = 0

    def renew(self) -> None:
        self.code, self.opened, self.wrong = new_code(), time.monotonic(), 0

    def check(self, side_proof: str, ctx: bytes) -> str:
        """The room's answer if ``side_proof`` shows the code; ExchangeError otherwise."""
        if time.monotonic() - self.opened > CODE_LIFETIME_S:
            self.renew()
            raise ExchangeError(
                "pair.expired", "the pairing code has expired: type the new code the room shows"
            )
        if not hmac.compare_digest(proof(self.code, "member", ctx), side_proof):
            self.wrong += 1
            if self.wrong >= MAX_WRONG:
                self.renew()
            raise ExchangeError(
                "pair.wrong-code",
                "wrong pairing code (or not the room desk you see on the screen): "
                "type the code the room desk shows",
            )
        return proof(self.code, "room", ctx)


def pairing_uri(host: str, port: int, code: str, room_fp: str) -> str:
    """What the QR code carries: address, code and the whole certificate fingerprint."""
    return f"{URI_SCHEME}://pair?" + urlencode({"h": host, "p": port, "c": code, "fp": room_fp})


@dataclass(frozen=True)
class PairingInfo:
    host: str
    port: int
    code: str
    room_fp: str | None  # from the QR code; None when typed


def parse_pairing_uri(uri: str) -> PairingInfo:
    parsed = urlparse(uri)
    query = parse_qs(parsed.query)
    try:
        if parsed.scheme != URI_SCHEME or parsed.netloc != "pair":
            raise ValueError
        (host,), (port,), (code,), (fp,) = query["h"], query["p"], query["c"], query["fp"]
        if len(fp) != 64 or int(fp, 16) < 0:
            raise ValueError
        return PairingInfo(host, int(port), normalise_code(code), fp.lower())
    except (KeyError, ValueError):
        raise ExchangeError("pair.uri", "this is not a jury-desk pairing code") from None


def pairing_qr_svg(uri: str) -> bytes:
    """The pairing QR code as SVG bytes (segno, pure Python)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=6, border=2)
    return out.getvalue()
