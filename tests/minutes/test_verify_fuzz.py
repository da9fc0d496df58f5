"""Fuzz the verifier with mutated real PVs (as was done for the ZIP reader): whatever the
bytes, verify_pv returns a report (never raises, never hangs), and a changed PV is never
valid, unless the change lies in a signature's own /Contents padding, which no signature
covers (pdfsig accepts those too) and which changes nothing the PV says."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jury_desk.minutes.verify import verify_pv

Mutation = tuple[str, int, bytes]


def _signature_gaps(data: bytes) -> list[tuple[int, int]]:
    found = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    return [(int(a) + int(b), int(c)) for a, b, c, _ in found]


def _apply(data: bytes, mutation: Mutation) -> tuple[bytes, tuple[int, int]]:
    kind, pos, chunk = mutation
    pos %= len(data)
    if kind == "flip":
        bit = chunk[0] if chunk and chunk[0] else 1
        return data[:pos] + bytes([data[pos] ^ bit]) + data[pos + 1 :], (pos, pos + 1)
    if kind == "overwrite":
        return data[:pos] + chunk + data[pos + len(chunk) :], (pos, pos + max(len(chunk), 1))
    if kind == "insert":
        return data[:pos] + chunk + data[pos:], (pos, len(data) + len(chunk))
    if kind == "truncate":
        return data[:pos], (pos, len(data))
    # "repeat": a slice of the PV appended again, as a crafted incremental update would
    return data + data[pos : pos + 4096], (len(data), len(data) + 4096)


mutations = st.tuples(
    st.sampled_from(["flip", "overwrite", "insert", "truncate", "repeat"]),
    st.integers(min_value=0, max_value=2**31),
    st.binary(min_size=0, max_size=64),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(mutation=mutations)
def test_a_mutated_pv_is_reported_never_crashes_and_is_never_valid(tmp_path, signed_pv, mutation):
    mutated, (start, end) = _apply(signed_pv, mutation)
    pv = tmp_path / "mutated.pdf"
    pv.write_bytes(mutated)
    report = verify_pv(pv)  # no exception, whatever the bytes
    assert report.lines()[-1].startswith("Result: ")
    if mutated == signed_pv or not report.ok:
        return
    in_padding = any(a <= start and end <= b for a, b in _signature_gaps(signed_pv))
    assert in_padding, (mutation, report.lines())
    assert report.minutes is not None
