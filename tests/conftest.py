import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import keyring
import pytest
from hypothesis import HealthCheck, settings
from keyring.backends import SecretService

if TYPE_CHECKING:
    from tests.archive.pgserver import PgServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh private desk data folder, also exported as JURY_DESK_DATA_DIR."""
    d = tmp_path / "desk-data"
    d.mkdir(mode=0o700)
    monkeypatch.setenv("JURY_DESK_DATA_DIR", str(d))
    return d


@pytest.fixture(scope="session")
def pg() -> Iterator["PgServer"]:
    """A throwaway PostgreSQL server for the session (the archive's, the frozen app's)."""
    from tests.archive.pgserver import postgres_server

    with postgres_server() as server:
        yield server


@pytest.fixture
def system_keyring(monkeypatch) -> dict[tuple[str, str], str]:
    """An allow-listed backend (the genuine Secret Service class) whose D-Bus calls are a
    dict: the room desk keeps its secret there and nowhere else."""
    store: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(SecretService.Keyring, "get_password",
                        lambda self, s, u: store.get((s, u)))  # fmt: skip
    monkeypatch.setattr(SecretService.Keyring, "set_password",
                        lambda self, s, u, p: store.__setitem__((s, u), p))  # fmt: skip
    monkeypatch.setattr(SecretService.Keyring, "delete_password",
                        lambda self, s, u: store.pop((s, u)))  # fmt: skip
    backend = SecretService.Keyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    return store
