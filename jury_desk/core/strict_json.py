"""Strict JSON: UTF-8 only, no duplicate keys, no NaN/Infinity, size-capped.

Python's ``json`` silently keeps the last of duplicate keys and accepts ``NaN``; both are
ways to make two readers see two different documents, so both are refused here.
"""

from __future__ import annotations

import json
from typing import Any


class StrictJSONError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise StrictJSONError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise StrictJSONError(f"non-finite number {name} is not allowed")


# One encoder and one decoder for the process: ``json.dumps``/``json.loads`` given options
# build a new one at every call, which was a fifth of the cost of a small document (a desk
# import makes ten per message). Both are stateless between calls, so shared across threads.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def loads_strict(data: bytes, *, max_bytes: int) -> Any:
    if len(data) > max_bytes:
        raise StrictJSONError(f"document is {len(data)} bytes, over the {max_bytes}-byte cap")
    if data.startswith(b"\xef\xbb\xbf"):
        raise StrictJSONError("a UTF-8 byte-order mark is not allowed")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise StrictJSONError(f"not valid UTF-8 at byte {exc.start}") from None
    try:
        return _DECODER.decode(text)
    except StrictJSONError:
        raise
    except (json.JSONDecodeError, RecursionError) as exc:
        raise StrictJSONError(f"not valid JSON: {exc}") from None


def dumps_canonical(obj: Any) -> bytes:
    """Canonical bytes for hashing: sorted keys, no spaces, UTF-8, no NaN."""
    return _CANONICAL.encode(obj).encode("utf-8")


def dumps_pretty(obj: Any) -> bytes:
    """Stable human-readable bytes (for manifest.json and minutes.json)."""
    return (
        json.dumps(obj, sort_keys=False, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    ).encode("utf-8")
