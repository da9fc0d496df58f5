"""The archive's fixtures: the same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jury_desk.archive.service import ArchiveService
from jury_desk.bundle.minisign import PublicKey
from tests.archive.archivekit import Filer
from tests.minutes.conftest import keys  # noqa: F401  (the signer keys, made once)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite'}"
    return request.getfixturevalue("pg").new_database()


@pytest.fixture
def archive(db_url) -> Iterator[ArchiveService]:
    with ArchiveService.open(db_url) as service:
        yield service


@pytest.fixture(scope="session")
def filer(tmp_path_factory, keys) -> Filer:  # noqa: F811
    return Filer(tmp_path_factory.mktemp("filed"), keys)


@pytest.fixture(scope="session")
def trusted(filer) -> list[PublicKey]:
    return [PublicKey.from_file(filer.public_key)]
