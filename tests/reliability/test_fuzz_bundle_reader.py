"""Fuzzing the bundle reader: 10,000 mutated archives in CI, and no exception but a
``BundleError`` with a known check code.

This is the hardened reader's own property (tests/bundle/test_zipreader.py, reused as is):
valid archives as zipfile writes them and as other tools do (ZIP64, data descriptors), then
bits flipped, bytes deleted, slices spliced, the end cut off; an archive the reader accepts
must stream exactly what it declares. Here it runs 10,000 examples instead of the
profile's 300, without the example database so every CI run explores afresh.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bundle import test_zipreader as reader_tests

#: The CI profile (tests/conftest.py) runs 300 examples per property; this fuzz runs 10,000.
EXAMPLES = 10_000 if settings.default.max_examples >= 300 else 1_000
_PROPERTY = reader_tests.test_mutated_archives_fail_cleanly_or_yield_what_they_declare


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "archive.zip"


test_mutated_archives_are_refused_cleanly_or_read_as_declared = pytest.mark.slow(
    settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], database=None)(
        given(
            archive=reader_tests.archives(),
            ops=st.lists(reader_tests.MUTATION, min_size=1, max_size=4),
            chunk_size=st.integers(1, 5000),
        )(_PROPERTY.hypothesis.inner_test)
    )
)
