"""The desk's preferences file: atomic, private, and never a reason to block the jury."""

from __future__ import annotations

import json

import pytest

from jury_desk.core.errors import StoreError
from jury_desk.core.preferences import preferences_path, save_language, saved_language


def test_a_saved_language_is_read_back_and_the_file_is_private(data_dir):
    assert saved_language(data_dir) is None
    save_language(data_dir, "en")
    assert saved_language(data_dir) == "en"
    path = preferences_path(data_dir)
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text()) == {"language": "en"}
    save_language(data_dir, "fr")
    assert saved_language(data_dir) == "fr"
    assert sorted(p.name for p in data_dir.iterdir()) == ["preferences.json"]  # no temp left


def test_other_preferences_survive_a_language_change(data_dir):
    preferences_path(data_dir).write_text('{"future": 1, "language": "fr"}')
    save_language(data_dir, "en")
    assert json.loads(preferences_path(data_dir).read_text()) == {"future": 1, "language": "en"}


def test_an_unknown_language_is_refused_and_nothing_is_written(data_dir):
    with pytest.raises(ValueError, match="klingon"):
        save_language(data_dir, "klingon")
    assert list(data_dir.iterdir()) == []


def test_a_failed_write_is_a_store_error_and_leaves_no_temporary_file(data_dir):
    preferences_path(data_dir).mkdir()  # fails even for root
    with pytest.raises(StoreError, match="preferences.json"):
        save_language(data_dir, "en")
    assert sorted(p.name for p in data_dir.iterdir()) == ["preferences.json"]


@pytest.mark.parametrize(
    "content", [b'{"language": "de"}', b"{oops", b"[]", b'{"language": "en", "language": "fr"}']
)
def test_a_damaged_file_reads_as_no_choice(data_dir, content):
    preferences_path(data_dir).write_bytes(content)
    assert saved_language(data_dir) is None
