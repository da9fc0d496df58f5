"""Strict JSON through the process's shared encoder and decoder (``core/strict_json.py``):
the same canonical bytes as ``json.dumps`` with the same options, the same refusals, also
after a refused document and from several threads."""

from __future__ import annotations

import json
import threading

import pytest

from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict

SAMPLES = [
    {"b": 1, "a": [1.5, None, True], "é": "ü"},
    [],
    {"nested": {"z": {"y": [{"x": 0}]}}},
    "texte",
    12,
]


@pytest.mark.parametrize("obj", SAMPLES)
def test_canonical_bytes_are_those_of_json_dumps_and_read_back(obj):
    expected = json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
    assert dumps_canonical(obj) == expected
    assert loads_strict(expected, max_bytes=1000) == obj


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"a":1,"a":2}', "duplicate key 'a'"),
        (b'{"a":NaN}', "non-finite number NaN"),
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b'{"a":', "not valid JSON"),
        (b'"\xff"', "not valid UTF-8"),
    ],
)
def test_bad_documents_are_refused_and_the_next_one_reads(data, words):
    with pytest.raises(StrictJSONError, match=words):
        loads_strict(data, max_bytes=1000)
    assert loads_strict(b'{"b":[1,{"c":2}]}', max_bytes=1000) == {"b": [1, {"c": 2}]}


def test_nan_is_refused_when_writing():
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps_canonical({"a": float("nan")})


def test_threads_share_the_encoder_and_decoder():
    wrong: list[object] = []

    def work(i: int) -> None:
        for j in range(300):
            obj = {"i": i, "j": j, "l": list(range(j % 7))}
            if loads_strict(dumps_canonical(obj), max_bytes=10_000) != obj:
                wrong.append(obj)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads) and wrong == []
